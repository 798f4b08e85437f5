/**
 * Reading clients from a file or stdin: a Telnyx list response, a bare array, or an oauthlint snapshot.
 * Parsing is strict (malformed JSON says where); records are never dropped; secrets are removed here,
 * at the boundary, so nothing downstream can print them.
 */
import { open } from 'node:fs/promises';
import { systemErrorWords, InputError } from '../errors.js';
import { countKeys, describePlace, repeatedKey, repeatedKeyIn } from './repeated-keys.js';
import { findJsonSyntaxError, formatJsonPath } from './json-error.js';
import { encodingHint } from './utf8.js';
import { counted, plural } from '../plural.js';
import { isDateTime } from '../engine/record-schema.js';
import type { ClientSource, OAuthClient, SnapshotV1 } from '../types.js';
import { withoutClientSecrets } from './secret-text.js';

export interface ReadClients {
  clients: OAuthClient[];
  source: ClientSource;
  /** The snapshot header when the input was a snapshot. */
  snapshot?: Omit<SnapshotV1, 'clients'>;
  /** The `meta` of a Telnyx list response (pagination), when it had one. */
  listMeta?: Record<string, unknown>;
  warnings: string[];
}

/** A header value for a message: a string quoted (and cut), anything else by its type. */
function described(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

const count = (value: unknown): number | undefined => (Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined);

/**
 * The input holds every client it says it has, and a snapshot a header it can be linted by (a real
 * fetchedAt, a clientCount that is a count): a snapshot its clientCount, a list response all of its
 * pages (`meta`: one page of several, or a total_results other than the records, is part of an
 * account, and linting it would pass the gate on partial data). `delivered` is how many records it held.
 */
export function checkComplete(shape: ReadClients, delivered: number, location: string): void {
  const snapshot = shape.snapshot;
  // A snapshot's header says when the clients were collected (the time it is linted as of) and how
  // many there are: a header that cannot say so was edited or damaged, and is not guessed around.
  if (snapshot !== undefined && (typeof snapshot.fetchedAt !== 'string' || !isDateTime(snapshot.fetchedAt))) {
    throw new InputError(`${location}: snapshot "fetchedAt" is ${described(snapshot.fetchedAt)}, not an ISO 8601 date-time (it is the time the clients were collected, and the snapshot is linted as of it)`, location);
  }
  const clientCount = snapshot?.clientCount as unknown;
  if (clientCount !== undefined && count(clientCount) === undefined) {
    throw new InputError(`${location}: snapshot "clientCount" is ${described(clientCount)}, not a count of clients`, location);
  }
  if (typeof clientCount === 'number' && clientCount !== delivered) {
    throw new InputError(`${location}: snapshot says clientCount ${clientCount} but holds ${plural(delivered, 'client')}: the file is truncated or was edited`, location);
  }
  // What the API said there were when the snapshot was collected: fewer here is a partial collection
  // (as an oauthlint before 2026-12-03 could save, with only a warning), not the account.
  const announced = (snapshot?.source as { totalResults?: unknown } | undefined)?.totalResults;
  if (announced !== undefined && announced !== null && count(announced) === undefined) {
    throw new InputError(`${location}: snapshot "source.totalResults" is ${described(announced)}, not a count of clients`, location);
  }
  if (typeof announced === 'number' && delivered < announced) {
    throw new InputError(`${location}: snapshot holds ${plural(delivered, 'client')}, but the API reported ${counted(announced)} (source.totalResults) when it was collected: the collection was partial, and cannot stand for the account (collect it again, or use another snapshot)`, location);
  }
  const meta = shape.listMeta;
  if (meta === undefined) return;
  const fix = 'lint the account itself (without --input every page is fetched), or a snapshot saved with --save-snapshot';
  // A pagination field that is there but not a count ("5", 3.5, -1) cannot say the file is whole,
  // and the checks below would pass it over: refused, not guessed around. null says nothing, as absent does.
  for (const field of ['total_pages', 'page_number', 'total_results'] as const) {
    const value = meta[field];
    if (value !== undefined && value !== null && count(value) === undefined) {
      throw new InputError(`${location}: list response "meta.${field}" is ${described(value)}, not a count: it cannot tell whether the file holds every client; ${fix}`, location);
    }
  }
  const pages = count(meta.total_pages);
  const page = count(meta.page_number);
  const total = count(meta.total_results);
  if ((pages !== undefined && pages > 1) || (page !== undefined && page > 1)) {
    const of = `page ${page ?? '?'} of ${pages ?? '?'}${total === undefined ? '' : ` (${plural(total, 'client')} in all, ${delivered} here)`}`;
    throw new InputError(`${location}: this list response is ${of}: ${fix}`, location);
  }
  if (total !== undefined && total !== delivered) {
    throw new InputError(`${location}: list response says total_results ${total} but holds ${plural(delivered, 'client')}: ${fix}`, location);
  }
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function describeJsonError(text: string): string {
  const problem = findJsonSyntaxError(text);
  if (problem === null) return 'the JSON parser rejected the input';
  const { line, column } = lineColumn(text, problem.offset);
  const inside = problem.path.length === 0 ? '' : `, in ${formatJsonPath(problem.path)}`;
  return `${problem.message} at line ${line}, column ${column} (byte offset ${Buffer.byteLength(text.slice(0, problem.offset))})${inside}`;
}

/**
 * The error for input with a key twice in one object (`{"data": [...], "data": [...]}`, or a record
 * saying `client_type` twice): JSON parsers differ on which one counts (JSON.parse takes the last, a
 * streaming reader meets the first), so what the input holds is a guess. Undefined when none repeats.
 */
export function repeatedKeyError(text: string, location: string, repeated = repeatedKey(text)): InputError | undefined {
  if (repeated === undefined) return undefined;
  const { line, column } = lineColumn(text, repeated.offset);
  return new InputError(
    `${location}: the key ${JSON.stringify(repeated.key)} appears twice ${describePlace(repeated.path)} (again at line ${line}, column ${column}); JSON readers disagree on which one counts, so keep one`,
    location,
  );
}

/** Refuse `text` when `parsed` (its JSON.parse) holds a key twice in some object. */
function checkNoRepeatedKeys(text: string, parsed: unknown, location: string): void {
  const repeated = repeatedKeyIn(text, countKeys(parsed));
  if (repeated !== undefined) throw repeatedKeyError(text, location, repeated) as InputError;
}

/** The warning when records came with secrets. */
export function secretsDropped(location: string): string {
  return `${location}: client_secret values were present and have been dropped (has_client_secret stands in for them)`;
}

/**
 * Replace every `client_secret` below the top level of a record (in a nested object, or in an object
 * inside a record that is not one) with "[redacted]", in place: the records are parsed here and held
 * by nobody else. True when there was one. Walks without recursion (a record may be nested deeply).
 */
function redactNestedSecrets(record: object, tally: { keys: number } | undefined): boolean {
  let keys = 0;
  // Most records hold nothing but strings, numbers and lists of strings: look at the first two levels
  // without allocating, and keep a stack only for what lies deeper.
  let stack: object[] | undefined;
  const deeper = (list: readonly unknown[]): void => {
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (item !== null && typeof item === 'object') (stack ??= []).push(item);
    }
  };
  if (Array.isArray(record)) deeper(record);
  else {
    for (const key in record) {
      keys++;
      const value = (record as Record<string, unknown>)[key];
      if (value === null || typeof value !== 'object') continue;
      if (Array.isArray(value)) deeper(value);
      else (stack ??= []).push(value);
    }
  }
  let found = false;
  while (stack !== undefined && stack.length > 0) {
    const item = stack.pop() as object;
    if (Array.isArray(item)) {
      deeper(item);
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(item, 'client_secret')) {
      (item as Record<string, unknown>).client_secret = '[redacted]';
      found = true;
    }
    for (const key in item) {
      keys++;
      const value = (item as Record<string, unknown>)[key];
      if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  if (tally !== undefined) tally.keys += keys;
  return found;
}

/**
 * What stands in for the API key where a record held it: letters and a hyphen only, which are allowed
 * anywhere in a URI, so a redirect URI that held the key is judged as it was ("[redacted]" in a query
 * made it invalid).
 */
export const KEY_PLACEHOLDER = 'REDACTED-API-KEY';

/**
 * Replace `secret` by KEY_PLACEHOLDER wherever a string of `record` holds it, at any depth (objects and
 * lists in place; a record that is itself a string is returned replaced), and say where: paths such as
 * "redirect_uris[0]", "" for the record itself. An API key pasted into a client's metadata would
 * otherwise be printed in every report and kept in the snapshot. An object key that holds it is
 * renamed the same way, in its place among the others (` (2)` after it should two names meet), and
 * paths name it renamed. Walks without recursion, and builds a path only for a place found (a record
 * may be nested deeply).
 */
export function scrubSecret(record: unknown, secret: string): { record: unknown; places: string[] } {
  const places: string[] = [];
  if (typeof record === 'string') {
    if (!record.includes(secret)) return { record, places };
    return { record: record.split(secret).join(KEY_PLACEHOLDER), places: [''] };
  }
  if (record === null || typeof record !== 'object') return { record, places };
  type Frame = { value: object; key: string | number; parent: Frame | undefined };
  const pathOf = (frame: Frame | undefined, key: string | number): string => {
    const path: (string | number)[] = [key];
    for (let at = frame; at?.parent !== undefined; at = at.parent) path.push(at.key);
    return formatJsonPath(path.reverse());
  };
  const stack: Frame[] = [{ value: record, key: '', parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const holder = frame.value as Record<string | number, unknown>;
    if (!Array.isArray(holder)) {
      for (const renamed of renameKeys(holder, secret)) places.push(pathOf(frame, renamed));
    }
    for (const key of Array.isArray(holder) ? holder.keys() : Object.keys(holder)) {
      const item = holder[key];
      if (typeof item === 'string') {
        if (!item.includes(secret)) continue;
        holder[key] = item.split(secret).join(KEY_PLACEHOLDER);
        places.push(pathOf(frame, key));
      } else if (item !== null && typeof item === 'object') stack.push({ value: item, key, parent: frame });
    }
  }
  return { record, places };
}

/** Rename, in place and in order, the keys of `holder` that hold `secret`; gives their new names. */
function renameKeys(holder: Record<string, unknown>, secret: string): string[] {
  const keys = Object.keys(holder);
  if (!keys.some((key) => key.includes(secret))) return [];
  const entries = keys.map((key) => [key, holder[key]] as const);
  for (const key of keys) delete holder[key];
  const renamed: string[] = [];
  // A name a key keeps is taken first, so a renamed one never displaces it.
  const taken = new Set(keys.filter((key) => !key.includes(secret)));
  for (const [key, value] of entries) {
    let name = key;
    if (key.includes(secret)) {
      const base = key.split(secret).join(KEY_PLACEHOLDER);
      name = base;
      for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
      taken.add(name);
      renamed.push(name);
    }
    // Defined, not assigned: a "__proto__" key of the JSON must stay a key, not become the prototype.
    Object.defineProperty(holder, name, { value, writable: true, enumerable: true, configurable: true });
  }
  return renamed;
}

/**
 * Takes the API key out of records as they are read (scrubSecret), and says once where it was found:
 * `scrub` each record with its position (`index` in the input, or on `page`), which names a record
 * without a client_id and orders the warning. Nothing is built for a record that does not hold the key.
 * A key shorter than 4 characters (which no real key is) would blank out ordinary text: none is taken.
 */
export function keyScrubber(key: string | undefined): { scrub(record: unknown, index: number, page?: number): unknown; warnings(from?: string): string[] } {
  const found: { page: number; index: number; text: string }[] = [];
  return {
    scrub(record, index, page) {
      if (key === undefined || key.length < 4) return record;
      const scrubbed = scrubSecret(record, key);
      if (scrubbed.places.length === 0) return record;
      const id = (scrubbed.record as { client_id?: unknown } | null)?.client_id;
      const label = typeof id === 'string' ? id : `record ${index + 1}${page === undefined ? '' : ` of page ${page}`}`;
      found.push({ page: page ?? 0, index, text: `${label} (${scrubbed.places.map((place) => place || 'the record').join(', ')})` });
      return scrubbed.record;
    },
    /** The warning, if the key was found, as a list of none or one; `from` names the file it was in. */
    warnings(from) {
      const count = found.length;
      if (count === 0) return [];
      const shown = found.sort((a, b) => a.page - b.page || a.index - b.index).slice(0, 5).map((place) => place.text);
      return [`${from === undefined ? '' : `${from}: `}the API key was in the data of ${plural(count, 'client')}, ${shown.join(', ')}${count > 5 ? ', …' : ''}, and is shown as ${KEY_PLACEHOLDER} there: anyone who can list the account's OAuth clients can read it, so rotate the key and remove it from ${count === 1 ? 'that client' : 'those clients'}`];
    },
  };
}

/**
 * Drop `client_secret` from a record, leaving `has_client_secret` in its place; one found deeper (a
 * record shaped like no OAuthClient) is replaced by "[redacted]". A record without either is returned
 * as it is, so a caller can tell whether a secret was there by identity.
 */
export function withoutSecret(record: unknown, tally?: { keys: number }): OAuthClient {
  if (record === null || typeof record !== 'object') return record as OAuthClient;
  const nested = redactNestedSecrets(record, tally);
  if (Array.isArray(record) || !Object.prototype.hasOwnProperty.call(record, 'client_secret')) {
    return (nested ? (Array.isArray(record) ? [...record] : { ...record }) : record) as OAuthClient;
  }
  const { client_secret: secret, ...rest } = record as Record<string, unknown>;
  return { ...rest, has_client_secret: typeof secret === 'string' ? secret.length > 0 : secret !== null && secret !== undefined };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * What an entry of an API `errors` list says: its code, title and detail, each once, those that are
 * text, with any client secret they quote blanked.
 */
export function errorWords(entry: unknown): string[] {
  if (!isObject(entry)) return [];
  const words = [entry.code, entry.title, entry.detail].filter((word): word is string => typeof word === 'string' && word !== '');
  return [...new Set(words.map(withoutClientSecrets))];
}

/**
 * A saved error response (`{"errors": [{"code", "title", "detail"}]}`, the spec's ErrorResponse) is not
 * an account with no clients, even with a `data` beside it (JSON:API forbids the pair): say what it says.
 */
function errorResponse(data: Record<string, unknown>, location: string): InputError {
  const quoted = errorWords((data.errors as unknown[])[0]).map((word) => JSON.stringify(word.length > 200 ? `${word.slice(0, 200)}…` : word));
  const said = quoted.length > 0 ? `: ${quoted.join(', ')}` : '';
  return new InputError(`${location}: this is an API error response ("errors"${said}), not a list of clients: save the response of a request that succeeded, or lint the account itself`, location);
}

/**
 * Refuse a record that is itself a list response (`{"data": [...], "meta": {...}}`, no client_id):
 * pages gathered in one array (`jq -s . page-1.json page-2.json`) were read as that many "clients",
 * each a heap of schema findings, and nothing said whether every page was there.
 */
export function refusePage(record: unknown, index: number, location: string): void {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return;
  const fields = record as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(fields, 'data') || !Array.isArray(fields.data) || Object.prototype.hasOwnProperty.call(fields, 'client_id')) return;
  throw new InputError(
    `${location}: record ${index + 1} is a page of a list response ({"data": [...], "meta": {...}}), not a client: pages gathered into one file are not read, since nothing there shows that every page is. ` +
      "Lint the account itself (and keep it with --save-snapshot), or, once you have checked that every page is there, lint their clients as one list (jq '[.[].data[]]').",
    location,
  );
}

/** Decide the shape of parsed input and take its records. Pure. Whether they are all there is `checkComplete`'s to say. */
export function clientsFromJson(data: unknown, location: string): ReadClients {
  const warnings: string[] = [];
  const sanitize = (records: unknown[]): OAuthClient[] => {
    let secrets = false;
    const out = records.map((record, i) => {
      refusePage(record, i, location);
      const clean = withoutSecret(record);
      if (clean !== record) secrets = true;
      return clean;
    });
    if (secrets) warnings.push(secretsDropped(location));
    return out;
  };
  if (Array.isArray(data)) {
    return { clients: sanitize(data), source: { kind: 'file', location, shape: 'array' }, warnings };
  }
  if (isObject(data) && 'oauthlintSnapshot' in data) {
    if (data.oauthlintSnapshot !== 1) {
      throw new InputError(`${location}: unsupported snapshot version ${JSON.stringify(data.oauthlintSnapshot)} (this oauthlint reads version 1)`, location);
    }
    if (!Array.isArray(data.clients)) {
      throw new InputError(`${location}: snapshot has no "clients" list (got ${data.clients === undefined ? 'nothing' : typeof data.clients})`, location);
    }
    const { clients, ...header } = data as unknown as SnapshotV1;
    // What the collection noted is said again: the snapshot is the same account, as of then.
    const noted = header.warnings as unknown;
    if (noted !== undefined && (!Array.isArray(noted) || !noted.every((warning) => typeof warning === 'string'))) {
      throw new InputError(`${location}: snapshot "warnings" is ${described(noted)}, not a list of texts (what was noted when the clients were collected)`, location);
    }
    for (const warning of (noted as string[] | undefined) ?? []) warnings.push(`${location}: when it was collected: ${warning}`);
    return { clients: sanitize(clients), source: { kind: 'file', location, shape: 'snapshot' }, snapshot: header, warnings };
  }
  if (isObject(data) && Array.isArray(data.errors) && data.errors.length > 0) throw errorResponse(data, location);
  if (isObject(data) && 'data' in data) {
    if (!Array.isArray(data.data)) {
      // GET /oauth_clients/{id} answers {"data": {client}}: one client, not a list.
      const single = looksLikeClient(data.data) ? ': it looks like one client (the response of GET /oauth_clients/{id}); lint it as {"data": [ … ]}' : '';
      throw new InputError(`${location}: "data" is not a list of clients (got ${data.data === null ? 'null' : typeof data.data})${single}`, location);
    }
    if (data.meta !== undefined && data.meta !== null && !isObject(data.meta)) {
      // The pagination (which page of how many) lives in "meta": a meta that is not an object hides it.
      throw new InputError(`${location}: list response "meta" is ${described(data.meta)}, not an object: it cannot tell whether the file holds every client`, location);
    }
    return { clients: sanitize(data.data), source: { kind: 'file', location, shape: 'list-response' }, ...(isObject(data.meta) ? { listMeta: data.meta } : {}), warnings };
  }
  const got = Array.isArray(data) ? 'array' : data === null ? 'null' : typeof data;
  const keys = isObject(data) ? ` with keys ${Object.keys(data).slice(0, 5).map((k) => JSON.stringify(k)).join(', ') || '(none)'}` : '';
  const single = looksLikeClient(data) ? '; it looks like one client record: put it in a list, [ {…} ]' : '';
  throw new InputError(
    `${location}: unknown input shape (${got}${keys}); expected a Telnyx list response {"data": [...]}, a JSON array of clients, or an oauthlint snapshot${single}`,
    location,
  );
}

/** An object with the marks of an OAuthClient record (its record_type, or a client_id). */
function looksLikeClient(value: unknown): boolean {
  return isObject(value) && (value.record_type === 'oauth_client' || typeof value.client_id === 'string');
}

/** Parse input text as JSON; a syntax error says where. */
export function parseInput(text: string, location: string): ReadClients {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new InputError(`${location}: the input is empty`, location);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    // UTF-16 of ASCII is valid UTF-8 (zero bytes are characters too): say what it is, not where a NUL is.
    const hint = encodingHint(body);
    throw new InputError(`${location}: ${hint === undefined ? `malformed JSON: ${describeJsonError(body)}` : `not JSON: ${hint}`}`, location, { cause: error });
  }
  checkNoRepeatedKeys(body, data, location);
  const read = clientsFromJson(data, location);
  checkComplete(read, read.clients.length, location);
  return read;
}

/**
 * The most oauthlint reads from stdin, a pipe or a device (1 GiB; a million clients, ten thousand full
 * pages, are about 0.6 GB). Without a limit `--input /dev/zero` or an endless pipe filled memory until
 * the process died.
 */
export const MAX_UNSIZED_INPUT = 1 << 30;

async function readAll(stream: AsyncIterable<unknown>, location: string, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > limit) {
      const gib = limit >= 1 << 30 ? `${limit / (1 << 30)} GiB` : `${limit} bytes`;
      throw new InputError(`${location}: more than ${gib} and still coming: oauthlint stops reading there (an account of a million clients is about 0.6 GB; a larger input can be a regular file)`, location);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size);
}

/**
 * The bytes of the input: a path, or `stdin` when the path is `-`. The name to show is `location`.
 * A regular file is read whole; anything else (stdin, a pipe, a device) up to `limit` bytes.
 */
export async function readInputBuffer(path: string, stdin: NodeJS.ReadableStream = process.stdin, limit = MAX_UNSIZED_INPUT): Promise<{ buf: Buffer; location: string }> {
  const location = path === '-' ? 'stdin' : path;
  try {
    if (path === '-') return { buf: await readAll(stdin, location, limit), location };
    const file = await open(path, 'r');
    try {
      const regular = (await file.stat()).isFile();
      return { buf: regular ? await file.readFile() : await readAll(file.createReadStream({ autoClose: false }), location, limit), location };
    } finally {
      await file.close();
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw cannotRead(path, error);
  }
}

/** The InputError for a file that cannot be opened or read. */
export function cannotRead(path: string, error: unknown): InputError {
  return new InputError(`${path === '-' ? 'stdin' : path}: cannot read the input: ${systemErrorWords(error)}`, path, { cause: error });
}
