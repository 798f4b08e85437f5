/**
 * The shell: config → collect → evaluate → report → write. The only place that sequences I/O.
 */
import { statSync } from 'node:fs';
import { ConfigError, EXIT, systemErrorWords, OauthlintError, UsageError, type ExitCode } from './errors.js';
import { baselineProblems, compareToBaseline, makeBaseline, type BaselineV1 } from './engine/baseline.js';
import { diffInventory, idSet, repeatedIdsWarning } from './engine/inventory.js';
import { loadBuiltinRules } from './config/load-rules.js';
import { loadConfig, parseJsonFile, resolveConfig } from './config/load.js';
import { keyScrubber, type ReadClients } from './collect/input.js';
import { chooseBaseUrl } from './collect/base-url.js';
import { chooseProxy } from './collect/proxy.js';
import { collectedFilters, differentParts } from './collect/filters.js';
import type { Progress } from './collect/collect.js';
import { formatSnapshot } from './collect/snapshot.js';
import { createEvaluator, stringField, type Evaluation, type Evaluator } from './engine/evaluate.js';
import { readClients, streamInput } from './collect/stream-input.js';
import type { ResolvedConfig } from './config/load.js';
import { applyExceptions } from './engine/exceptions.js';
import { FORMATTERS, fails } from './report/index.js';
import { formatJsonChunks } from './report/json.js';
import { formatTextChunks } from './report/text.js';
import { formatMarkdownChunks } from './report/markdown.js';
import { defaultSarifCategory } from './report/sarif.js';
import { defuseWorkflowCommands, escapeControl } from './report/escape.js';
import type { ClientSource, FailOn, LintResult, OAuthClient, OutputFormat, SnapshotV1 } from './types.js';
import { VERSION } from './version.js';
import { plural } from './plural.js';
import { writeFileAtomic } from './write.js';
import { MAX_BASELINE_BYTES, MAX_KEY_FILE_BYTES, readTextSync } from './read.js';
import { rememberSecret } from './secrets.js';

/** Where a run reads and writes; the CLI passes the process's, tests their own. */
export interface RunIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  cwd: string;
  now: () => Date;
}

/** How to reach the Telnyx API (without --input). */
export interface ApiOptions {
  baseUrl?: string;
  apiKeyFile?: string;
  pageSize: number;
  concurrency: number;
  retries: number;
  /** Seconds. */
  timeout: number;
  /** Filters by wire name. */
  filters: Record<string, string>;
}

/** One report to produce: a format, and the file it goes to (stdout when none). */
export interface OutputPlan {
  format: OutputFormat;
  file?: string;
}

export interface LintOptions {
  /** A file of clients, or `-` for stdin. Without it the clients are collected from the API. */
  input?: string;
  config?: string;
  failOn?: FailOn;
  /** At most one of them without a file (it goes to stdout). */
  outputs: OutputPlan[];
  sarifCategory?: string;
  /** true/false from --color/--no-color; undefined: decide from the environment and the terminal. */
  color?: boolean;
  quiet: boolean;
  api: ApiOptions;
  saveSnapshot?: string;
  /** The time to lint as of; default: a snapshot's fetchedAt, else the current time. */
  now?: Date;
  /** Compare with this baseline: findings are new or unchanged, the gate counts only new ones. */
  baseline?: string;
  /** Write the baseline of this run here. */
  writeBaseline?: string;
  /** A previous snapshot: report inventory changes since it. */
  previous?: string;
}

/** Read and check a baseline file; a malformed or foreign one is a configuration error (exit 2), never an empty baseline. */
export async function readBaseline(file: string): Promise<BaselineV1> {
  let text: string;
  try {
    text = readTextSync(file, MAX_BASELINE_BYTES);
  } catch (error) {
    throw new ConfigError([{ file, keyPath: '', message: `cannot read the baseline: ${systemErrorWords(error)}` }], { cause: error, subject: 'baseline' });
  }
  let data: unknown;
  try {
    data = parseJsonFile(text, file, 'the baseline is');
  } catch (error) {
    throw error instanceof ConfigError ? new ConfigError(error.issues, { cause: error.cause, subject: 'baseline' }) : error;
  }
  const problems = baselineProblems(data);
  if (problems.length > 0) throw new ConfigError(problems.map((message) => ({ file, keyPath: '', message })), { subject: 'baseline' });
  return data as BaselineV1;
}

/**
 * Colour only on a terminal that can show it (not TERM=dumb: Emacs shells, some CI logs), unless
 * NO_COLOR or FORCE_COLOR say otherwise (https://no-color.org).
 */
export function useColor(flag: boolean | undefined, env: RunIo['env'], stream: { isTTY?: boolean }): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return drawsEscapes(stream, env);
}

/** A terminal that shows escape sequences (colour, the progress line's redraws); TERM=dumb prints them as text. */
function drawsEscapes(stream: { isTTY?: boolean }, env: RunIo['env']): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export interface Gathered {
  /** For a snapshot: when it was collected. */
  asOf?: Date;
  clients: OAuthClient[];
  source: ClientSource;
  warnings: string[];
  snapshotSource: SnapshotV1['source'];
  fetchedAt: string;
  summary?: string;
}

/** The API key: --api-key-file wins over TELNYX_API_KEY. Never echoed anywhere. */
export function readApiKey(api: ApiOptions, env: RunIo['env']): string {
  let key: string | undefined;
  let from: string;
  if (api.apiKeyFile !== undefined) {
    from = `--api-key-file ${api.apiKeyFile}`;
    try {
      key = readTextSync(api.apiKeyFile, MAX_KEY_FILE_BYTES).trim();
    } catch (error) {
      throw new UsageError(`Cannot read the API key file ${api.apiKeyFile}: ${systemErrorWords(error)}`);
    }
  } else {
    from = 'TELNYX_API_KEY';
    key = env.TELNYX_API_KEY?.trim();
  }
  if (!key) {
    throw new UsageError(
      api.apiKeyFile !== undefined
        ? `The API key file ${api.apiKeyFile} is empty.`
        : env.TELNYX_API_KEY !== undefined && env.TELNYX_API_KEY !== ''
          ? 'TELNYX_API_KEY is set but holds only white space: set it to the API key, or pass --input FILE (or - for stdin).'
          : 'No clients to lint: pass --input FILE (or - for stdin), or set TELNYX_API_KEY (or --api-key-file FILE) to collect them from the Telnyx API.',
    );
  }
  rememberSecret(key);
  // A key with white space or control characters inside would corrupt the Authorization header; one
  // with other characters than printable ASCII cannot go into a header at all (fetch refuses it, and
  // that read as a network error). Neither message shows the key, nor where in it the fault is.
  // A key copied from a curl line (`Authorization: Bearer KEY…`): say what to drop, not just "white space".
  const header = /^(?:authorization:\s*)?bearer\s+/i.exec(key)?.[0];
  if (header !== undefined) throw new UsageError(`The API key from ${from} starts with "${header.trim().replace(/\s+/g, ' ')}": set the key alone (oauthlint sends it as a Bearer token).`);
  if (/[\s\u0000-\u001f\u007f]/.test(key)) throw new UsageError(`The API key from ${from} contains white space or control characters.`);
  if (/[^\u0021-\u007e]/.test(key)) throw new UsageError(`The API key from ${from} contains characters other than printable ASCII (a Telnyx API key has none): was it copied with typographic quotes or dashes?`);
  return key;
}

function progressLine(io: RunIo, enabled: boolean): { update(progress: Progress): void; done(): void } {
  if (!enabled) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.pagesDone !== p.pagesTotal) return;
      last = now;
      shown = true;
      const total = p.pagesTotal === null ? '?' : String(p.pagesTotal);
      const retries = p.retriesWaiting > 0 ? `, ${p.retriesWaiting} retr${p.retriesWaiting === 1 ? 'y' : 'ies'} waiting` : '';
      const again = p.reading > 1 ? `, reading ${p.reading} (the listing changed)` : '';
      io.stderr.write(`\r\u001b[2Kcollecting: page ${p.pagesDone}/${total}, ${plural(p.clients, 'client')}${retries}${again}`);
    },
    done() {
      if (shown) io.stderr.write('\r\u001b[2K');
    },
  };
}

/** When a snapshot was collected: the time it is linted as of. */
function asOfSnapshot(read: ReadClients): Date | undefined {
  const time = read.snapshot?.fetchedAt === undefined ? Number.NaN : Date.parse(read.snapshot.fetchedAt);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/**
 * `--input -` with a terminal for stdin waits for typed JSON, which looks like a hang: say so (on
 * stderr, so a report on stdout is not touched).
 */
function noteTerminalStdin(input: string, io: RunIo, quiet: boolean | undefined): void {
  if (input === '-' && (io.stdin as { isTTY?: boolean }).isTTY === true && quiet !== true) {
    io.stderr.write('oauthlint: reading the clients from the terminal: paste the JSON and end with Ctrl-D, or pass --input FILE\n');
  }
}

/**
 * TELNYX_API_KEY, taken out of records read from a file as the collector takes it out of pages: a
 * list response saved with curl in a job that has the key would otherwise put it in every report.
 */
function envKeyScrubber(env: RunIo['env']): ReturnType<typeof keyScrubber> {
  const key = env.TELNYX_API_KEY?.trim();
  return keyScrubber(key === '' ? undefined : key);
}

/** readClients, with the API key of the environment taken out of the records. */
async function readFileClients(input: string, io: RunIo): Promise<ReadClients> {
  const read = await readClients(input, io.stdin);
  const keys = envKeyScrubber(io.env);
  for (let i = 0; i < read.clients.length; i++) read.clients[i] = keys.scrub(read.clients[i], i) as OAuthClient;
  return { ...read, warnings: [...read.warnings, ...keys.warnings(read.source.location)] };
}

/** Read the clients from --input, or collect them from the API. */
export async function gather(options: Pick<LintOptions, 'input' | 'api' | 'quiet'>, io: RunIo): Promise<Gathered> {
  if (options.input !== undefined) {
    noteTerminalStdin(options.input, io, options.quiet);
    const read = await readFileClients(options.input, io);
    const asOf = asOfSnapshot(read);
    return {
      ...read,
      ...(asOf ? { asOf } : {}),
      snapshotSource: read.snapshot?.source ?? { kind: 'file', location: read.source.location },
      fetchedAt: read.snapshot?.fetchedAt ?? io.now().toISOString(),
    };
  }
  const baseUrl = chooseBaseUrl(options.api.baseUrl, io.env);
  const apiKey = readApiKey(options.api, io.env);
  // HTTPS_PROXY and NO_PROXY, as curl reads them (Node 20's fetch reads neither).
  const proxy = chooseProxy(baseUrl, io.env);
  // Redrawn in place with \r and an erase-line escape.
  const progress = progressLine(io, drawsEscapes(io.stderr, io.env) && !options.quiet);
  const retryBase = Number(io.env.OAUTHLINT_RETRY_BASE_MS ?? 500);
  // The HTTP client (ky, fetch) is loaded only when the API is used.
  const { collectClients } = await import('./collect/collect.js');
  try {
    const collected = await collectClients(
      {
        baseUrl,
        apiKey,
        userAgent: `oauthlint/${VERSION}`,
        pageSize: options.api.pageSize,
        concurrency: options.api.concurrency,
        retries: options.api.retries,
        timeoutMs: Math.max(1, Math.round(options.api.timeout * 1000)),
        retryBaseMs: Number.isFinite(retryBase) && retryBase >= 0 ? retryBase : 500,
        maxWaitMs: 60_000,
        filters: options.api.filters,
        ...(proxy ? { proxy } : {}),
        onProgress: (p) => progress.update(p),
      },
      io.now,
    );
    const location = `${baseUrl.origin}${baseUrl.pathname}`;
    return {
      clients: collected.clients,
      source: { kind: 'api', location, pages: collected.pages, retries: collected.retries, totalResults: collected.totalResults },
      warnings: collected.warnings,
      fetchedAt: collected.fetchedAt,
      snapshotSource: { kind: 'api', baseUrl: location, filters: options.api.filters, pages: collected.pages, totalResults: collected.totalResults },
      summary: `Collected ${plural(collected.clients.length, 'client')} from ${plural(collected.pages, 'page')} of ${location}${collected.retries > 0 ? ` (${plural(collected.retries, 'request')} retried)` : ''}.`,
    };
  } finally {
    progress.done();
  }
}

/**
 * Warnings on stderr, for a run whose stdout has no text report to show them: with JSON, SARIF or
 * Markdown (or every report in a file), a key found in the data or a listing read twice would
 * otherwise go unread in the log.
 */
export function sayWarnings(warnings: readonly string[], io: Pick<RunIo, 'stderr'>): void {
  for (const warning of warnings) io.stderr.write(`${defuseWorkflowCommands(`oauthlint: warning: ${escapeControl(warning)}`)}\n`);
}

/** What a lint of the clients gives, however they were read. */
interface Linted {
  evaluation: Evaluation;
  now: Date;
  source: ClientSource;
  warnings: string[];
  summary?: string;
  /** The records, when they were held (API, --save-snapshot, --previous); not when streamed. */
  clients?: OAuthClient[];
  /** Where they came from, as a snapshot of them says (with the filters of a collection). */
  snapshotSource?: SnapshotV1['source'];
}

/**
 * Read and evaluate. A file is streamed record by record (each is evaluated and dropped), unless the
 * records themselves are needed afterwards (a snapshot to write, an inventory to compare).
 */
async function lintClients(options: LintOptions, io: RunIo, rules: ResolvedConfig['rules']): Promise<Linted> {
  if (options.input !== undefined && options.saveSnapshot === undefined && options.previous === undefined) {
    let evaluator: Evaluator | undefined;
    let now = options.now ?? io.now();
    // A reader that starts over calls `begin` again: what the first pass found is dropped with it.
    let keys = envKeyScrubber(io.env);
    const begin = (shape: ReadClients) => {
      now = options.now ?? asOfSnapshot(shape) ?? now;
      const started = createEvaluator(rules, { now });
      evaluator = started;
      const scrubber = envKeyScrubber(io.env);
      keys = scrubber;
      let index = 0;
      return (client: OAuthClient) => {
        started.add(scrubber.scrub(client, index) as OAuthClient);
        index++;
      };
    };
    const input = options.input;
    const read = await streamInput(input, io.stdin, begin, () => noteTerminalStdin(input, io, options.quiet));
    const evaluation = (evaluator ?? createEvaluator(rules, { now })).finish();
    return { evaluation, now, source: read.source, warnings: [...read.warnings, ...keys.warnings(read.source.location)], snapshotSource: read.snapshot?.source };
  }
  const gathered = await gather(options, io);
  // Only a complete collection gets this far: a failed one threw, and nothing below is written.
  if (options.saveSnapshot !== undefined) {
    await writeFileAtomic(options.saveSnapshot, defuseWorkflowCommands(formatSnapshot({ fetchedAt: gathered.fetchedAt, source: gathered.snapshotSource, clients: gathered.clients, warnings: gathered.warnings }), false));
  }
  const now = options.now ?? gathered.asOf ?? io.now();
  const evaluator = createEvaluator(rules, { now });
  for (const client of gathered.clients) evaluator.add(client);
  return { evaluation: evaluator.finish(), now, source: gathered.source, warnings: gathered.warnings, summary: gathered.summary, clients: gathered.clients, snapshotSource: gathered.snapshotSource };
}

/**
 * What reading one side of an inventory comparison noted (secrets dropped, pages that changed), and a
 * client_id given to two records, of which the inventory (matching by id) compares only the last: each
 * naming the file, which a reader's own warnings may already start with. `ids` are the records'
 * client_ids; `set` is `idSet(ids)`, made here when not given (see repeatedIdsWarning).
 */
export function inventoryWarnings(location: string, read: readonly string[], ids: readonly (string | null)[], set?: ReadonlySet<string>): string[] {
  const repeated = repeatedIdsWarning(ids, set);
  const all = [...read, ...(repeated === null ? [] : [`${repeated}; the inventory compares the last record of each`])];
  return all.map((warning) => (warning.startsWith(`${location}: `) ? warning : `${location}: ${warning}`));
}

/** The same existing regular file (by device and inode, so another spelling or a link counts too). */
function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.isFile() && x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/**
 * Refuse, before anything is read, a run that would write over one of its own inputs: `-i clients.json
 * -o clients.json` replaced the account's data with the report. (--write-baseline may be --baseline:
 * updating a baseline in place is what it is for.)
 */
function checkNoOverwrite(options: LintOptions): void {
  const reads: [string, string | undefined][] = [
    ['--input', options.input],
    ['--previous', options.previous],
    ['--baseline', options.baseline],
    ['--config', options.config],
  ];
  const writes: [string, string | undefined][] = [
    ...options.outputs.map((plan): [string, string | undefined] => [`--output${options.outputs.length > 1 ? `.${plan.format}` : ''}`, plan.file]),
    ['--write-baseline', options.writeBaseline],
    ['--save-snapshot', options.saveSnapshot],
  ];
  refuseOverwrites(writes, reads, (writeFlag, readFlag) => writeFlag === '--write-baseline' && readFlag === '--baseline');
}

/** Throw a UsageError when a file to be written (flag, path) is one to be read, unless `allowed`. */
export function refuseOverwrites(writes: [string, string | undefined][], reads: [string, string | undefined][], allowed: (writeFlag: string, readFlag: string) => boolean = () => false): void {
  for (const [writeFlag, written] of writes) {
    if (written === undefined || written === '-') continue;
    for (const [readFlag, read] of reads) {
      if (read === undefined || read === '-' || allowed(writeFlag, readFlag)) continue;
      if (sameFile(written, read)) throw new UsageError(`${writeFlag} ${written} is the file given to ${readFlag} (${read}): writing there would replace it. Write to another file.`);
    }
  }
}

/** JSON in pieces, each kept from issuing workflow commands (no piece ends inside a string). */
function* defusedJson(pieces: Iterable<string>): Generator<string> {
  for (const piece of pieces) yield defuseWorkflowCommands(piece, false);
}

/** The text report in pieces of whole lines, each kept from issuing workflow commands. */
function* defusedText(pieces: Iterable<string>): Generator<string> {
  for (const piece of pieces) yield defuseWorkflowCommands(piece, true);
}

/** Lint and report; returns the exit code. Throws OauthlintError for usage, config and collection failures. */
export async function runLint(options: LintOptions, io: RunIo): Promise<ExitCode> {
  checkNoOverwrite(options);
  const catalog = loadBuiltinRules();
  const config = resolveConfig(loadConfig(options.config, io.cwd), catalog, { failOn: options.failOn });
  const linted = await lintClients(options, io, config.rules);
  const { now, evaluation } = linted;
  const findings = evaluation.findings;
  // The ids read, as a set once: for a client_id in two records, and for the exceptions to look up.
  const readIds = idSet(evaluation.ids);
  const repeated = repeatedIdsWarning(evaluation.ids, readIds);
  const exceptions = applyExceptions(findings, config.exceptions, now, { enabledRules: new Set(config.rules.map((rule) => rule.definition.id)), clientIds: evaluation.ids, clientNames: evaluation.names, knownIds: readIds });
  const baseline = options.baseline === undefined ? undefined : { file: options.baseline, ...compareToBaseline(findings, await readBaseline(options.baseline)) };
  const previous = options.previous === undefined ? undefined : await readFileClients(options.previous, io);
  const inventory = previous === undefined ? undefined : { file: options.previous as string, diff: diffInventory(previous.clients, linted.clients ?? []) };
  const result: LintResult = {
    clientCount: evaluation.clientCount,
    findings,
    rules: config.rules.map((rule) => ({ definition: rule.definition, severity: rule.severity })),
    source: linted.source,
    warnings: [
      ...linted.warnings,
      ...(repeated === null ? [] : [`${repeated}; every record is linted, so that client's findings count twice`]),
      ...(previous === undefined ? [] : inventoryWarnings(options.previous as string, previous.warnings, previous.clients.map((client) => stringField(client, 'client_id')))),
      ...(previous === undefined ? [] : differentParts({ source: previous.snapshot?.source, location: options.previous as string }, { source: linted.snapshotSource, location: linted.source.location })),
      ...exceptions.warnings,
    ],
    collectionSummary: linted.summary,
    // Only the Markdown report lists the clients that passed; 100,000 small objects are not free.
    ...(options.outputs.some((plan) => plan.format === 'markdown')
      ? { clientNames: evaluation.ids.map((id, i) => ({ id, name: evaluation.names[i] ?? null })) }
      : {}),
    ...(baseline ? { baseline } : {}),
    ...(inventory ? { inventory } : {}),
    expiringExceptions: exceptions.expiringSoon.map(({ exception, days }) => ({ rule: exception.rule, clients: exception.clients, reason: exception.reason, expires: exception.expires, days })),
  };
  // The records are not needed past this point; let them go before the reports are built.
  linted.clients = undefined;
  // Every report is made before any is written: one that cannot be made (a SARIF over GitHub's
  // limits) leaves no other behind either. JSON, text and Markdown cannot fail, so they are produced in
  // pieces while they are written: a large report is never one string in memory.
  // The part of the account linted: what the API was asked for, or what a snapshot was collected with.
  const sarifCategory = options.sarifCategory ?? defaultSarifCategory(collectedFilters(linted.snapshotSource, linted.source.location) ?? {});
  const formatOptions = (plan: OutputPlan) => ({
    toolVersion: VERSION,
    failOn: config.failOn,
    sarifCategory,
    color: plan.format === 'text' && plan.file === undefined && useColor(options.color, io.env, io.stdout),
    quiet: options.quiet,
  });
  // What carries data is kept from issuing GitHub workflow commands wherever it is printed (escape.ts);
  // the Markdown report's own escaping already leaves none.
  const reports: { plan: OutputPlan; content: () => string | Iterable<string> }[] = options.outputs.map((plan) => {
    if (plan.format === 'json') return { plan, content: () => defusedJson(formatJsonChunks(result, formatOptions(plan))) };
    if (plan.format === 'text') return { plan, content: () => defusedText(formatTextChunks(result, formatOptions(plan))) };
    if (plan.format === 'markdown') return { plan, content: () => formatMarkdownChunks(result, formatOptions(plan)) };
    // SARIF is JSON: its lines never begin with "::".
    const text = defuseWorkflowCommands(FORMATTERS[plan.format](result, formatOptions(plan)), false);
    return { plan, content: () => text };
  });
  if (options.writeBaseline !== undefined) {
    const made = makeBaseline(findings, { createdAt: now.toISOString(), toolVersion: VERSION, source: linted.source.location });
    reports.push({ plan: { format: 'json', file: options.writeBaseline }, content: () => defuseWorkflowCommands(`${JSON.stringify(made, null, 2)}\n`, false) });
  }
  for (const { plan, content } of reports) if (plan.file !== undefined) await writeFileAtomic(plan.file, content());
  for (const { plan, content } of reports) {
    if (plan.file !== undefined) continue;
    const out = content();
    for (const piece of typeof out === 'string' ? [out] : out) io.stdout.write(piece);
  }
  if (!options.quiet && !options.outputs.some((plan) => plan.format === 'text' && plan.file === undefined)) sayWarnings(result.warnings, io);
  return fails(findings, config.failOn) ? EXIT.FINDINGS : EXIT.OK;
}
