/**
 * The shell: config → collect → evaluate → report → write. The only place that sequences I/O.
 */
import { EXIT, UsageError, type ExitCode } from './errors.js';
import { loadBuiltinRules } from './config/load-rules.js';
import { loadConfig, resolveConfig } from './config/load.js';
import { readClients, type ReadClients } from './collect/input.js';
import { evaluate } from './engine/evaluate.js';
import { FORMATTERS, fails } from './report/index.js';
import type { FailOn, LintResult, OutputFormat } from './types.js';
import { VERSION } from './version.js';
import { writeFileAtomic } from './write.js';

/** Where a run reads and writes; the CLI passes the process's, tests their own. */
export interface RunIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  cwd: string;
  now: () => Date;
}

export interface LintOptions {
  /** A file of clients, or `-` for stdin. Without it the clients are collected from the API. */
  input?: string;
  config?: string;
  failOn?: FailOn;
  format: OutputFormat;
  output?: string;
  /** true/false from --color/--no-color; undefined: decide from the environment and the terminal. */
  color?: boolean;
  quiet: boolean;
}

/** Colour only on a terminal, unless NO_COLOR or FORCE_COLOR say otherwise (https://no-color.org). */
export function useColor(flag: boolean | undefined, env: RunIo['env'], stream: { isTTY?: boolean }): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true;
}

async function collect(options: LintOptions, io: RunIo): Promise<ReadClients> {
  if (options.input !== undefined) return readClients(options.input, io.stdin);
  if (!io.env.TELNYX_API_KEY) {
    throw new UsageError('No clients to lint: pass --input FILE (or - for stdin), or set TELNYX_API_KEY to collect them from the Telnyx API.');
  }
  throw new UsageError('Collecting from the Telnyx API is not available in this build; pass --input FILE.');
}

/** Lint and report; returns the exit code. Throws OauthlintError for usage, config and input failures. */
export async function runLint(options: LintOptions, io: RunIo): Promise<ExitCode> {
  const catalog = loadBuiltinRules();
  const config = resolveConfig(loadConfig(options.config, io.cwd), catalog, { failOn: options.failOn });
  const collected = await collect(options, io);
  const findings = evaluate(collected.clients, config.rules, { now: io.now() });
  const result: LintResult = {
    clientCount: collected.clients.length,
    findings,
    rules: config.rules.map((rule) => ({ definition: rule.definition, severity: rule.severity })),
    source: collected.source,
    warnings: collected.warnings,
  };
  const toFile = options.output !== undefined && options.output !== '-';
  const text = FORMATTERS[options.format](result, {
    toolVersion: VERSION,
    failOn: config.failOn,
    color: options.format === 'text' && !toFile && useColor(options.color, io.env, io.stdout),
    quiet: options.quiet,
  });
  if (toFile) await writeFileAtomic(options.output as string, text);
  else io.stdout.write(text);
  return fails(findings, config.failOn) ? EXIT.FINDINGS : EXIT.OK;
}
