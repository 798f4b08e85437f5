/**
 * The command line: parse with yargs, call run, return the exit code. `cli.ts` runs it as a process.
 */
import yargs from 'yargs';
import { ConfigError, EXIT, OauthlintError, UsageError, exitCodeOf, type ExitCode } from './errors.js';
import { runLint, type LintOptions, type RunIo } from './run.js';
import { OUTPUT_FORMATS } from './report/index.js';
import type { FailOn, OutputFormat } from './types.js';
import { VERSION } from './version.js';

const FAIL_ON: FailOn[] = ['error', 'warning', 'note', 'none'];

/** Remove secrets from text bound for a terminal or log: the last line of defence, not the only one. */
export function redact(text: string, env: RunIo['env']): string {
  const key = env.TELNYX_API_KEY;
  return key !== undefined && key.length >= 4 ? text.split(key).join('[redacted]') : text;
}

function describeError(error: unknown): string {
  if (error instanceof ConfigError) {
    const count = error.issues.length;
    return `Invalid configuration (${count} problem${count === 1 ? '' : 's'}):\n${error.message
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n')}`;
  }
  if (error instanceof OauthlintError) return error.message;
  // Not one of ours: a bug. Say so, without a stack that might carry data.
  return `internal error: ${error instanceof Error ? error.message : String(error)} (please report this)`;
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

/** Run the CLI with `argv` (without node and script); returns the exit code. */
export async function main(rawArgv: string[], io: RunIo): Promise<ExitCode> {
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
          .option('format', { alias: 'f', choices: OUTPUT_FORMATS, default: 'text' as OutputFormat, describe: 'Report format' })
          .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'Write the report to FILE (atomically) instead of stdout' })
          .option('fail-on', { choices: FAIL_ON, describe: 'Lowest severity that fails the run (exit 1); overrides failOn in the config [default: error]' })
          .option('color', { type: 'boolean', describe: 'Force colour on or off (--no-color); default: on a terminal, honouring NO_COLOR and FORCE_COLOR' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Show errors only' }),
      async (args) => {
        const options: LintOptions = {
          input: args.input,
          config: args.config,
          failOn: args['fail-on'] as FailOn | undefined,
          format: args.format as OutputFormat,
          output: args.output,
          color: args.color,
          quiet: args.quiet,
        };
        exitCode = await runLint(options, io);
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
      throw new UsageError(`${message ?? error?.message ?? 'invalid usage'}\nRun "oauthlint --help" for usage.`);
    });
  try {
    let helpOrVersion = '';
    await parser.parseAsync(argv, {}, (error, _argv, output) => {
      if (!error && output) helpOrVersion = output;
    });
    if (helpOrVersion) io.stdout.write(`${helpOrVersion}\n`);
  } catch (error) {
    io.stderr.write(`${redact(`oauthlint: ${describeError(error)}`, io.env)}\n`);
    return exitCodeOf(error);
  }
  return exitCode;
}

