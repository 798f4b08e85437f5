/**
 * The command line: parse with yargs, call run, return the exit code. `cli.ts` runs it as a process.
 */
import { ConfigError, EXIT, OauthlintError, UsageError, exitCodeOf, type ExitCode } from './errors.js';
import { runLint, type LintOptions, type OutputPlan, type RunIo } from './run.js';
import { runDiff, runInit, runRules } from './commands.js';
import { DEFAULT_SARIF_CATEGORY } from './report/sarif.js';
import { FILTERS } from './collect/filters.js';
import { OUTPUT_FORMATS } from './report/index.js';
import type { FailOn, OutputFormat } from './types.js';
import { VERSION } from './version.js';
import { DEFAULT_BASE_URL } from './collect/base-url.js';
import { didYouMean } from './did-you-mean.js';
import { plural } from './plural.js';
import { isoTime } from './engine/functions.js';
import { rememberedSecrets } from './secrets.js';
import { defuseWorkflowCommands } from './report/escape.js';

const FAIL_ON: FailOn[] = ['error', 'warning', 'note', 'none'];

/** Remove secrets from text bound for a terminal or log: the last line of defence, not the only one. */
export function redact(text: string, env: RunIo['env']): string {
  let out = text;
  for (const secret of [env.TELNYX_API_KEY, env.TELNYX_API_KEY?.trim(), ...rememberedSecrets()]) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

function describeError(error: unknown): string {
  if (error instanceof ConfigError) {
    const count = error.issues.length;
    return `Invalid ${error.subject} (${plural(count, 'problem')}):\n${error.message
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n')}`;
  }
  if (error instanceof OauthlintError) return error.message;
  // Not one of ours: a bug. Say so, without a stack that might carry data.
  return `internal error: ${error instanceof Error ? error.message : String(error)} (please report this)`;
}

/**
 * Which report goes where: `--output FILE` with one format, `--output.<format> FILE` per format (a
 * format named only there is produced too); whatever has no file goes to stdout, at most one.
 */
export function planOutputs(formats: OutputFormat[] | undefined, output: unknown): OutputPlan[] {
  const files = new Map<OutputFormat, string>();
  const wanted: OutputFormat[] = [...new Set(formats ?? [])];
  if (Array.isArray(output)) throw new UsageError('Use either --output FILE (with one --format) or --output.<format> FILE, not both, and each once.');
  if (typeof output === 'string') {
    if (wanted.length > 1) throw new UsageError(`--output FILE applies when there is one --format; with ${wanted.join(', ')} use --output.<format> FILE for each.`);
    files.set(wanted[0] ?? 'text', output);
    if (wanted.length === 0) wanted.push('text');
  } else if (output !== null && typeof output === 'object') {
    for (const [format, file] of Object.entries(output)) {
      if (!(OUTPUT_FORMATS as string[]).includes(format)) throw new UsageError(`--output.${format}: unknown format (expected one of ${OUTPUT_FORMATS.join(', ')})`);
      if (typeof file !== 'string' || file === '') throw new UsageError(`--output.${format} needs exactly one FILE`);
      files.set(format as OutputFormat, file);
      if (!wanted.includes(format as OutputFormat)) wanted.push(format as OutputFormat);
    }
    if (formats === undefined && !wanted.includes('text')) wanted.unshift('text');
  } else if (output !== undefined) {
    throw new UsageError('--output needs a FILE');
  }
  if (wanted.length === 0) wanted.push('text');
  const plans = wanted.map((format) => {
    const file = files.get(format);
    return file === undefined || file === '-' ? { format } : { format, file };
  });
  const toStdout = plans.filter((plan) => plan.file === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`Only one report can go to stdout, but ${toStdout.map((p) => p.format).join(' and ')} have no file: give the others --output.<format> FILE.`);
  }
  const paths = plans.map((plan) => plan.file).filter((file): file is string => file !== undefined);
  const twice = paths.find((file, i) => paths.indexOf(file) !== i);
  if (twice !== undefined) throw new UsageError(`Two reports would be written to ${twice}.`);
  return plans;
}

function parseNow(text: unknown): Date | undefined {
  if (text === undefined) return undefined;
  // Not Date.parse: it rolls 2026-02-30 over into March, and reads a time without an offset as local.
  const time = typeof text === 'string' ? isoTime(text) : Number.NaN;
  if (Number.isNaN(time)) throw new UsageError(`--now must be an ISO 8601 date or date-time such as 2026-12-01T00:00:00Z, got ${JSON.stringify(text)}`);
  return new Date(time);
}

/** What a number flag was given, for a message: yargs makes `50abc` NaN (which JSON writes as null). */
function givenNumber(value: unknown): string {
  return typeof value === 'number' && Number.isNaN(value) ? 'something that is not a number' : JSON.stringify(value);
}

function integerIn(value: unknown, min: number, max: number, flag: string): void {
  if (value === undefined) return; // yargs applies the default
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got ${givenNumber(value)}`);
  }
}

/** The filter flags, by the wire names the spec and the official SDK use. */
export function filtersOf(args: Record<string, unknown>): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [flag, name] of FILTERS) {
    const value = args[flag];
    if (value !== undefined) filters[name] = String(value);
  }
  return filters;
}

/** yargs reads a lone `-` as a positional; `--input -` means stdin, so join it to its flag. */
function joinDashValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if ((arg === '--input' || arg === '-i' || arg === '--output' || arg === '-o') && argv[i + 1] === '-') {
      out.push(`${arg}=-`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

const COMMANDS = ['rules', 'diff', 'init'];
/** The positional arguments of the commands (see their definitions below). */
export const POSITIONALS = ['id', 'old', 'new'];
/**
 * The flags of each command (`lint` is `oauthlint` itself); --help and --version are everyone's. A
 * flag given to a command that does not have it is said to belong where it does (`oauthlint rules
 * --input x`, `oauthlint --force init`). A test holds this to the --help texts.
 */
export const COMMAND_FLAGS: Readonly<Record<'lint' | 'rules' | 'diff' | 'init', readonly string[]>> = {
  lint: [
    'input', 'config', 'format', 'output', 'sarif-category', 'fail-on', 'color', 'quiet', 'now', 'baseline', 'write-baseline', 'previous',
    'save-snapshot', 'base-url', 'api-key-file', 'page-size', 'concurrency', 'retries', 'timeout', 'client-type', 'verified', 'grant-type', 'name',
    'name-contains', 'client-id',
  ],
  rules: ['format', 'config', 'test'],
  diff: ['format', 'output', 'config', 'now', 'quiet', 'base-url', 'api-key-file'],
  init: ['force'],
};
/** The one-letter forms, the same in every command that has the flag. */
export const SHORT_FLAGS: Readonly<Record<string, string>> = { i: 'input', c: 'config', f: 'format', o: 'output', q: 'quiet' };

/** Where a flag the running command does not have belongs: "an option of the init command: oauthlint init --force". */
function flagHome(flag: string, typed: string): string | undefined {
  const long = Object.prototype.hasOwnProperty.call(SHORT_FLAGS, flag) ? (SHORT_FLAGS[flag] as string) : flag;
  const homes = Object.entries(COMMAND_FLAGS).filter(([, flags]) => flags.includes(long)).map(([command]) => (command === 'lint' ? 'oauthlint' : `oauthlint ${command}`));
  if (homes.length === 0) return undefined;
  if (homes.length > 1) return `an option of ${homes.slice(0, -1).join(', ')} and ${homes.at(-1)}, not of this command`;
  const home = homes[0] as string;
  return `an option of ${home === 'oauthlint' ? 'the lint' : `the ${home.slice('oauthlint '.length)} command`}: ${home} ${typed}${VALUE_FLAGS.includes(long) ? ' …' : ''}`;
}

export const BOOLEAN_FLAGS = ['quiet', 'color', 'verified', 'force', 'help', 'version'];

/** The options of every command that take a value (a test holds this to the --help texts). */
export const VALUE_FLAGS = [
  'input', 'config', 'format', 'output', 'sarif-category', 'fail-on', 'now', 'baseline', 'write-baseline', 'previous', 'save-snapshot',
  'base-url', 'api-key-file', 'page-size', 'concurrency', 'retries', 'timeout', 'client-type', 'grant-type', 'name', 'name-contains', 'client-id', 'test',
];

/**
 * yargs reads any value given to a boolean flag other than `true` as false: `--verified=yes` sent
 * filter[verified]=false, the opposite of what was asked, and `--quiet=maybe` was not quiet. Such a
 * value is a usage error; `--flag=true` and `--flag=false` are what yargs means them to be. So is the
 * `verified` filter asked for both ways (`--color --no-color` may stay: the last one wins, harmlessly),
 * and the `--no-` form of an option that is not a yes/no flag.
 */
export function booleanValueProblem(argv: readonly string[]): string | undefined {
  for (const arg of argv) {
    if (arg === '--') return undefined;
    const match = /^(?:--(no-)?([a-z-]+)|-(q))=(.*)$/.exec(arg);
    if (match === null) continue;
    const [, no, long, short, value] = match;
    const name = long ?? 'quiet';
    if (!BOOLEAN_FLAGS.includes(name)) continue;
    const flag = short !== undefined ? '-q' : `--${no ?? ''}${name}`;
    if (no === undefined && (value === 'true' || value === 'false')) continue;
    const how = no === undefined ? `--${name} for true, --no-${name} for false` : `--no-${name} alone is --${name}=false`;
    return `${flag} takes no value (${how}), got ${JSON.stringify(arg)}`;
  }
  // yargs negates any option: `--no-input` was input=false, read as a file named "false" (exit 3),
  // `--no-config` an internal error, `--no-sarif-category` a category of false. Only yes/no flags have it.
  for (const arg of argv) {
    if (arg === '--') break;
    const negated = /^--no-([a-zA-Z][a-zA-Z-]*)(?:=|$)/.exec(arg)?.[1]?.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (negated !== undefined && VALUE_FLAGS.includes(negated)) return `${arg} is not an option: --${negated} takes a value, so it has no --no- form (leave it out)`;
  }
  // A filter asked for both ways collected what the last one said (the first was silently dropped).
  const end = argv.indexOf('--');
  const flags = end === -1 ? argv : argv.slice(0, end);
  if (flags.some((arg) => arg === '--verified' || arg === '--verified=true') && flags.some((arg) => arg === '--no-verified' || arg === '--verified=false')) {
    return '--verified and --no-verified were both given: keep the one you mean';
  }
  return undefined;
}

/**
 * yargs's "Unknown arguments: inputt, formt" with the likely meaning of each, from the options of the
 * command being run (`known`) and the command names: "inputt (did you mean --input?)".
 */
export function withSuggestions(message: string, known: readonly string[], argv: readonly string[] = []): string {
  const match = /^(Unknown arguments?: )(.+)$/.exec(message);
  if (match === null) return message;
  // yargs names `--fail-onn` twice, as fail-onn and failOnn: keep the one that was typed.
  const all = (match[2] as string).split(', ');
  const names = all.filter((name) => !/[A-Z]/.test(name) || !all.includes(name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)));
  const typed = (flag: string): boolean => argv.some((arg) => arg === flag || arg.startsWith(`${flag}=`));
  const explained = names.map((typedName) => {
    // yargs reads `--no-colour` as colour negated, and names it "colour": say what was typed.
    const negated = typed(`--no-${typedName}`) && !typed(`--${typedName}`);
    const bare = negated ? `no-${typedName}` : typedName;
    // As it was typed, dashes and all (`--bogus`, `-x`), where it was typed as a flag.
    const name = typed(`--${bare}`) ? `--${bare}` : typed(`-${bare}`) ? `-${bare}` : bare;
    // A word with no dash (`rules a b`) is an extra argument, not a mistyped flag: no -c for "b".
    if (argv.includes(typedName) && !typed(`--${typedName}`) && !typed(`-${typedName}`)) {
      const command = didYouMean(typedName, COMMANDS);
      return command === undefined ? `${name} (an argument too many)` : `${name} (did you mean the ${command} command?)`;
    }
    // A flag of another command (`rules -i x` had "did you mean -c?", `rules --input` "the init command?").
    const home = known.includes(typedName) || name === bare ? undefined : flagHome(typedName, name);
    if (home !== undefined) return `${name} (${home})`;
    const option = didYouMean(typedName, known);
    if (option !== undefined) return `${name} (did you mean ${option.length === 1 ? '-' : '--'}${negated ? 'no-' : ''}${option}?)`;
    // Typed as a flag: a near miss of another command's flag, never a command (`diff --inptu` is not "init").
    if (name !== bare) {
      const elsewhere = didYouMean(typedName, [...new Set(Object.values(COMMAND_FLAGS).flat())]);
      const flag = `--${negated ? 'no-' : ''}${elsewhere}`;
      return elsewhere === undefined ? name : `${name} (did you mean ${flag}? ${flagHome(elsewhere, flag)})`;
    }
    if (negated) return name;
    const command = didYouMean(bare, COMMANDS);
    return command === undefined ? name : `${name} (did you mean the ${command} command?)`;
  });
  return `${names.length === 1 ? 'Unknown argument: ' : match[1]}${explained.join(', ')}`;
}

/** What main knows of the options of the command being parsed, to say what a refused value should be. */
export interface OptionFacts {
  /** Long name → its one-letter aliases. */
  aliases: Readonly<Record<string, readonly string[]>>;
  /** Long name → the values it takes. */
  choices: Readonly<Record<string, readonly string[]>>;
}

/**
 * yargs's "Not enough arguments following: f" and "Invalid values: Argument: format, Given: "jsn",
 * Choices: …" in words, with the likely value: `--format: expected one of "text", "json", …, got "jsn"
 * (did you mean "json"?)`. Other messages are returned as they are.
 */
export function explainValues(message: string, facts: OptionFacts): string {
  const longName = (name: string): string => Object.keys(facts.aliases).find((long) => facts.aliases[long]?.includes(name)) ?? name;
  const flag = (name: string): string => {
    const long = longName(name);
    return long === name ? `--${name}` : `-${name} (--${long})`;
  };
  const listed = (values: readonly string[]): string => values.map((value) => JSON.stringify(value)).join(', ');
  const missing = /^Not enough arguments following: (\S+)$/.exec(message);
  if (missing !== null) {
    const name = missing[1] as string;
    const choices = facts.choices[longName(name)];
    return `${flag(name)} needs a value${choices ? `: one of ${listed(choices)}` : ''}`;
  }
  if (!message.startsWith('Invalid values:\n')) return message;
  const explained = message
    .split('\n')
    .slice(1)
    .map((line) => {
      const parts = /^\s*Argument: ([^,]+), Given: (.*)$/.exec(line);
      const name = parts?.[1];
      const choices = name === undefined ? undefined : facts.choices[name];
      if (name === undefined || choices === undefined) return line.trim();
      const rest = parts?.[2] as string;
      const given = rest.slice(0, rest.lastIndexOf(', Choices: ') >>> 0);
      const typed = /^"([^"]*)"$/.exec(given)?.[1];
      const values = typed?.split(',') ?? [];
      // `--format json,sarif`: several values, one flag. The flag takes one value each time it is given.
      if (values.length > 1 && values.every((value) => choices.includes(value.trim()))) {
        return `--${name}: expected one of ${listed(choices)}, got ${given} (give --${name} once for each: ${values.map((value) => `--${name} ${value.trim()}`).join(' ')})`;
      }
      const guess = typed === undefined ? undefined : didYouMean(typed, choices);
      return `--${name}: expected one of ${listed(choices)}, got ${given}${guess ? ` (did you mean "${guess}"?)` : ''}`;
    });
  return explained.length === 1 ? (explained[0] as string) : `Invalid values:\n${explained.map((line) => `  ${line}`).join('\n')}`;
}

/**
 * `--input ''` (an unset shell variable, say) names no file, and read as one it said "cannot read : no
 * such file" after the fact, or (`--config ''`) read the directory. Flags in `flags`, positionals in
 * `positionals` (shown in capitals), must not be empty strings.
 */
function noEmptyValues(args: Record<string, unknown>, flags: readonly string[], positionals: readonly string[] = []): true {
  for (const name of positionals) if (args[name] === '') throw new UsageError(`${name.toUpperCase()} needs a file name, got an empty string`);
  for (const flag of flags) if (args[flag] === '') throw new UsageError(`--${flag} needs ${flag === 'output' ? 'a file name' : 'a value'}, got an empty string`);
  return true;
}

/**
 * A flag that takes one value, given twice: yargs keeps both, and the last one quietly won for some
 * (`--fail-on error --fail-on none` passed the gate). Refused instead, for every such flag.
 */
function givenOnce(args: Record<string, unknown>, flags: readonly string[]): true {
  for (const flag of flags) if (Array.isArray(args[flag])) throw new UsageError(`--${flag} was given more than once`);
  return true;
}

/** The checks yargs cannot express for the lint command's arguments (also run for the fast path below). */
function checkLintArgs(args: Record<string, unknown>): true {
  givenOnce(args, ['page-size', 'concurrency', 'retries', 'timeout', 'fail-on', 'client-type', 'grant-type']);
  integerIn(args['page-size'], 1, 100, '--page-size');
  integerIn(args.concurrency, 1, 32, '--concurrency');
  integerIn(args.retries, 0, 10, '--retries');
  // At least a millisecond: timers count whole ones (`--timeout 1e-9` ended in an internal error).
  if (args.timeout !== undefined && !(typeof args.timeout === 'number' && args.timeout >= 0.001 && args.timeout <= 600)) {
    throw new UsageError(`--timeout must be a number of seconds from 0.001 to 600, got ${givenNumber(args.timeout)}`);
  }
  for (const flag of ['input', 'config', 'sarif-category', 'now', 'baseline', 'write-baseline', 'previous', 'save-snapshot', 'base-url', 'api-key-file', 'name', 'name-contains', 'client-id'] as const) {
    givenOnce(args, [flag]);
    noEmptyValues(args, [flag]);
  }
  const output = args.output;
  for (const [key, value] of typeof output === 'object' && output !== null ? Object.entries(output) : [['', output]]) {
    if (value === '') throw new UsageError(`--output${key === '' ? '' : `.${key}`} needs a file name, got an empty string`);
  }
  if (args.input !== undefined) {
    const apiOnly = ['base-url', 'api-key-file', 'client-type', 'verified', 'grant-type', 'name', 'name-contains', 'client-id'].filter((flag) => args[flag] !== undefined);
    if (apiOnly.length > 0) throw new UsageError(`--${apiOnly[0]} applies when collecting from the API, not with --input`);
  }
  return true;
}

/** The lint command's arguments, as yargs gives them, as the options of a run. */
function lintOptionsFrom(args: Record<string, unknown>): LintOptions {
  return {
    input: args.input as string | undefined,
    config: args.config as string | undefined,
    failOn: args['fail-on'] as FailOn | undefined,
    outputs: planOutputs(args.format as OutputFormat[] | undefined, args.output),
    sarifCategory: args['sarif-category'] as string | undefined,
    color: args.color as boolean | undefined,
    quiet: args.quiet as boolean,
    saveSnapshot: args['save-snapshot'] as string | undefined,
    now: parseNow(args.now),
    baseline: args.baseline as string | undefined,
    writeBaseline: args['write-baseline'] as string | undefined,
    previous: args.previous as string | undefined,
    api: {
      baseUrl: args['base-url'] as string | undefined,
      apiKeyFile: args['api-key-file'] as string | undefined,
      pageSize: args['page-size'] as number,
      concurrency: args.concurrency as number,
      retries: args.retries as number,
      timeout: args.timeout as number,
      filters: filtersOf(args),
    },
  };
}

const FAST_VALUE_FLAGS: Readonly<Record<string, string>> = {
  '--input': 'input', '-i': 'input', '--config': 'config', '-c': 'config', '--output': 'output', '-o': 'output', '--format': 'format', '-f': 'format',
  '--fail-on': 'fail-on', '--now': 'now', '--sarif-category': 'sarif-category', '--baseline': 'baseline', '--write-baseline': 'write-baseline',
  '--previous': 'previous', '--save-snapshot': 'save-snapshot',
};
const FAST_BOOLEAN_FLAGS: Readonly<Record<string, [string, boolean]>> = { '--quiet': ['quiet', true], '-q': ['quiet', true], '--color': ['color', true], '--no-color': ['color', false] };

/**
 * The plain lint command line (`--input FILE --format json -o report.json …`) read without yargs, whose
 * loading is most of oauthlint's start-up: the arguments exactly as yargs gives them, defaults
 * included, or undefined for anything else — another command, help, an unknown or repeated flag, a
 * value yargs would read differently (a number, a flag-like value, a choice it refuses) — which then
 * goes to yargs, errors and all. A test holds the two to the same options on a corpus of command lines.
 */
export function fastLintArgs(argv: readonly string[]): Record<string, unknown> | undefined {
  const args: Record<string, unknown> = { quiet: false, 'page-size': 100, concurrency: 8, retries: 4, timeout: 30 };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const boolean = FAST_BOOLEAN_FLAGS[arg];
    if (boolean !== undefined && Object.prototype.hasOwnProperty.call(FAST_BOOLEAN_FLAGS, arg)) {
      if (seen.has(boolean[0])) return undefined;
      seen.add(boolean[0]);
      args[boolean[0]] = boolean[1];
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const key = Object.prototype.hasOwnProperty.call(FAST_VALUE_FLAGS, flag) ? FAST_VALUE_FLAGS[flag] : undefined;
    if (key === undefined) return undefined;
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    // yargs reads a `-x`-like value as a flag, a lone `-` as stdin only after --input and --output (see
    // joinDashValues), and a number-like one as a number where no type is set (--output).
    if (value === undefined || value === '' || (value.startsWith('-') && !(value === '-' && (key === 'input' || key === 'output')))) return undefined;
    if (key === 'output' && /^(?:[+-]?(?:\d|\.\d)|0x)/i.test(value)) return undefined;
    if (key === 'format') {
      if (!(OUTPUT_FORMATS as string[]).includes(value)) return undefined;
      args.format = [...((args.format as string[] | undefined) ?? []), value];
      continue;
    }
    if (seen.has(key)) return undefined;
    if (key === 'fail-on' && !(FAIL_ON as string[]).includes(value)) return undefined;
    seen.add(key);
    args[key] = value;
  }
  return args;
}

/** What main runs; tests put their own in to see what a command line asks for. */
export interface MainDeps {
  runLint: typeof runLint;
  /** Parse every command line with yargs, even a plain lint one. */
  noFastPath?: boolean;
}

/** Run the CLI with `argv` (without node and script); returns the exit code. */
export async function main(rawArgv: string[], io: RunIo, deps: MainDeps = { runLint }): Promise<ExitCode> {
  // Refuse a key on the command line before yargs sees it: its errors would echo the value, and
  // command lines show in `ps` and shell history. The value is never repeated.
  if (rawArgv.some((arg) => arg === '--api-key' || arg.startsWith('--api-key=') || arg === '--apiKey' || arg.startsWith('--apiKey='))) {
    io.stderr.write('oauthlint: there is no --api-key flag: a key on the command line shows in `ps` and shell history. Set TELNYX_API_KEY, or use --api-key-file FILE.\n');
    return EXIT.USAGE;
  }
  const failed = (error: unknown): ExitCode => {
    // An error may quote what the API answered: no workflow command gets through in it either.
    io.stderr.write(`${defuseWorkflowCommands(redact(`oauthlint: ${describeError(error)}`, io.env))}\n`);
    return exitCodeOf(error);
  };
  const badBoolean = booleanValueProblem(rawArgv);
  if (badBoolean !== undefined) return failed(new UsageError(badBoolean));
  const fast = deps.noFastPath ? undefined : fastLintArgs(rawArgv);
  if (fast !== undefined) {
    try {
      checkLintArgs(fast);
      return await deps.runLint(lintOptionsFrom(fast), io);
    } catch (error) {
      return failed(error);
    }
  }
  const { default: yargs } = await import('yargs');
  const argv = joinDashValues(rawArgv);
  let exitCode: ExitCode = EXIT.OK;
  const parser = yargs(argv)
    .scriptName('oauthlint')
    .usage('$0 [options]\n\nLint the OAuth clients of a Telnyx account against the OAuth RFCs.')
    .command(
      '$0',
      'Lint OAuth clients (from --input, or from the Telnyx API with TELNYX_API_KEY)',
      (y) =>
        y
          .option('input', { alias: 'i', type: 'string', requiresArg: true, describe: 'Read clients from FILE (a Telnyx list response, a JSON array, or a snapshot); - for stdin' })
          .option('config', { alias: 'c', type: 'string', requiresArg: true, describe: 'Config file (default: .oauthlintrc.yml/.yaml/.json, searched upward)' })
          .option('format', { alias: 'f', type: 'array', requiresArg: true, choices: OUTPUT_FORMATS, describe: 'Report format; repeat for several (text in the log, SARIF on disk) [default: text]' })
          .option('output', { alias: 'o', requiresArg: true, describe: 'Write the report to FILE (atomically) instead of stdout; with several formats use --output.<format> FILE' })
          .option('sarif-category', { type: 'string', requiresArg: true, describe: `SARIF automationDetails.id, to upload several accounts or schedules side by side [default: ${DEFAULT_SARIF_CATEGORY}, with the API filters after it]` })
          .option('fail-on', { choices: FAIL_ON, requiresArg: true, describe: 'Lowest severity that fails the run (exit 1); overrides failOn in the config [default: error]' })
          .option('color', { type: 'boolean', describe: 'Force colour on or off (--no-color); default: on a terminal, honouring NO_COLOR and FORCE_COLOR' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Show errors only (no warnings, no progress line)' })
          .option('now', { type: 'string', requiresArg: true, describe: 'Lint as of this ISO 8601 time (rules about age, exception expiry) [default: the snapshot\'s fetchedAt for a snapshot, else the current time]' })
          .option('baseline', { type: 'string', requiresArg: true, describe: 'Compare with a baseline FILE: findings are new or unchanged, fixed ones are listed, and the gate counts only new ones' })
          .option('write-baseline', { type: 'string', requiresArg: true, describe: 'Write the baseline of this run (findings by fingerprint) to FILE' })
          .option('previous', { type: 'string', requiresArg: true, describe: 'A previous snapshot FILE: report clients added, removed and changed since it' })
          .option('save-snapshot', { type: 'string', requiresArg: true, describe: 'Also write what was collected (without secrets) to FILE, for later --input, diffs and audits' })
          .group(['base-url', 'api-key-file', 'page-size', 'concurrency', 'retries', 'timeout'], 'Collecting from the Telnyx API (without --input; the key comes from TELNYX_API_KEY; HTTPS_PROXY and NO_PROXY are read as curl reads them):')
          .option('base-url', { type: 'string', requiresArg: true, describe: `API base URL (or TELNYX_BASE_URL); https only, except to loopback [default: ${DEFAULT_BASE_URL}]` })
          .option('api-key-file', { type: 'string', requiresArg: true, describe: 'Read the API key from FILE instead of TELNYX_API_KEY' })
          .option('page-size', { type: 'number', requiresArg: true, default: 100, describe: 'Clients per page, 1..100 (page[size])' })
          .option('concurrency', { type: 'number', requiresArg: true, default: 8, describe: 'Requests to the API at once, 1..32' })
          .option('retries', { type: 'number', requiresArg: true, default: 4, describe: 'Retries per page for 408, 409, 429, 5xx, network errors and timeouts, 0..10' })
          .option('timeout', { type: 'number', requiresArg: true, default: 30, describe: 'Seconds per request' })
          .group(['client-type', 'verified', 'grant-type', 'name', 'name-contains', 'client-id'], 'Filters (sent to the API):')
          .option('client-type', { requiresArg: true, choices: ['public', 'confidential'], describe: 'filter[client_type]' })
          .option('verified', { type: 'boolean', describe: 'filter[verified] (--no-verified for false)' })
          .option('grant-type', { requiresArg: true, choices: ['client_credentials', 'authorization_code', 'refresh_token'], describe: 'filter[allowed_grant_types][contains]' })
          .option('name', { type: 'string', requiresArg: true, describe: 'filter[name] (exact)' })
          .option('name-contains', { type: 'string', requiresArg: true, describe: 'filter[name][contains]' })
          .option('client-id', { type: 'string', requiresArg: true, describe: 'filter[client_id]' })
          .check((args) => checkLintArgs(args)),
      async (args) => {
        exitCode = await deps.runLint(lintOptionsFrom(args), io);
      },
    )
    .command(
      'rules [id]',
      'List the rules with their severity under the config, show one in full, or run their own tests',
      (y) =>
        y
          .positional('id', { type: 'string', describe: 'A rule id: show it in full (rationale, references, options, examples)' })
          .option('format', { alias: 'f', choices: ['text', 'json', 'markdown'], requiresArg: true, default: 'text', describe: 'Output format' })
          .option('config', { alias: 'c', type: 'string', requiresArg: true, describe: 'Config file (default: searched upward)' })
          .option('test', { type: 'string', describe: "Run the rules' own valid/invalid cases: the configured rules, or the rule files in DIR" })
          .check((args) => givenOnce(args, ['format', 'config', 'test']) && noEmptyValues(args, ['config'])),
      async (args) => {
        exitCode = await runRules(
          {
            id: args.id,
            format: args.format as 'text' | 'json' | 'markdown',
            config: args.config,
            ...(args.test !== undefined ? { test: args.test === '' ? true : args.test } : {}),
          },
          io,
        );
      },
    )
    .command(
      'diff <old> [new]',
      'Compare two snapshots (or a snapshot and the live account): clients added, removed and changed, findings introduced and resolved',
      (y) =>
        y
          .positional('old', { type: 'string', describe: 'The earlier snapshot (or any input file)' })
          .positional('new', { type: 'string', describe: 'The later one; without it, the live account (TELNYX_API_KEY)' })
          .option('format', { alias: 'f', choices: ['text', 'json', 'markdown'], requiresArg: true, default: 'text', describe: 'Output format' })
          .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'Write to FILE instead of stdout' })
          .option('config', { alias: 'c', type: 'string', requiresArg: true, describe: 'Config file (rules used for the findings)' })
          .option('now', { type: 'string', requiresArg: true, describe: "Lint both as of this time [default: each snapshot's fetchedAt]" })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress line, and no warnings on stderr' })
          .option('base-url', { type: 'string', requiresArg: true, describe: 'API base URL, for the live account' })
          .option('api-key-file', { type: 'string', requiresArg: true, describe: 'Read the API key from FILE' })
          .check((args) => givenOnce(args, ['format', 'output', 'config', 'now', 'base-url', 'api-key-file']) && noEmptyValues(args, ['output', 'config', 'now', 'base-url', 'api-key-file'], ['old', 'new'])),
      async (args) => {
        exitCode = await runDiff(
          {
            old: args.old as string,
            new: args.new,
            format: args.format as 'text' | 'json' | 'markdown',
            config: args.config,
            output: args.output,
            now: parseNow(args.now),
            quiet: args.quiet,
            api: { baseUrl: args['base-url'], apiKeyFile: args['api-key-file'], pageSize: 100, concurrency: 8, retries: 4, timeout: 30, filters: {} },
          },
          io,
        );
      },
    )
    .command(
      'init',
      'Write a commented .oauthlintrc.yml here (refuses to overwrite without --force)',
      (y) => y.option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing .oauthlintrc.yml' }),
      async (args) => {
        exitCode = await runInit({ force: args.force }, io);
      },
    )
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .strict()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .epilogue('Exit codes: 0 pass, 1 findings at or above --fail-on, 2 usage or config error, 3 clients could not be collected or read.')
    .fail((message, error) => {
      if (error instanceof OauthlintError) throw error;
      // yargs has getOptions() (the options of the command being parsed) but does not type it.
      const options = (parser as unknown as { getOptions?: () => { key?: Record<string, unknown>; alias?: Record<string, string[]>; choices?: Record<string, string[]> } }).getOptions?.() ?? {};
      // Positional arguments (rules [id], diff <old> [new]) are no flags to suggest (`--nwe`: not --new).
      const known = Object.keys(options.key ?? {}).filter((key) => !/[A-Z]/.test(key) && !POSITIONALS.includes(key));
      const said = explainValues(withSuggestions(message ?? error?.message ?? 'invalid usage', known, argv), { aliases: options.alias ?? {}, choices: options.choices ?? {} });
      throw new UsageError(`${said}\nRun "oauthlint --help" for usage.`);
    });
  try {
    let helpOrVersion = '';
    await parser.parseAsync(argv, {}, (error, _argv, output) => {
      if (!error && output) helpOrVersion = output;
    });
    if (helpOrVersion) io.stdout.write(`${helpOrVersion}\n`);
  } catch (error) {
    return failed(error);
  }
  return exitCode;
}

