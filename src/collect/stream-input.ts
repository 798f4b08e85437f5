/**
 * Reading a large input record by record: the file stays one Buffer, each client is parsed on its
 * own and handed on, so a caller that evaluates and drops it never holds the whole account as objects.
 * Anything this scanner does not understand falls back to the whole-file reader (input.ts), which gives
 * the exact error; so the two always agree on what is valid.
 */
import { InputError, OauthlintError } from '../errors.js';
import type { OAuthClient } from '../types.js';
import { cannotRead, checkComplete, clientsFromJson, parseInput, readInputBuffer, refusePage, repeatedKeyError, secretsDropped, withoutSecret, type ReadClients } from './input.js';
import { countKeys, keyColons, repeatedKeyIn } from './repeated-keys.js';
import { checkUtf8 } from './utf8.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class Unsure extends Error {}
/** The scan reached the end of the bytes read so far, before the end of the file. */
class NeedMore extends Error {}

/** Set while scanning a window of a file that continues past it (sync use only). */
let partial = false;
const ranOut = (): never => {
  throw partial ? new NeedMore() : new Unsure();
};

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(buf: Buffer, i: number): number {
  while (isSpace(buf[i])) i++;
  return i;
}

/** End (exclusive) of the string starting at `i` (a quote). */
function stringEnd(buf: Buffer, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, j);
    if (q === -1) ranOut();
    let backslashes = 0;
    for (let k = q - 1; buf[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** End (exclusive) of the JSON value starting at `i`; structure only, JSON.parse judges the rest. */
function valueEnd(buf: Buffer, i: number): number {
  const c = buf[i];
  if (c === QUOTE) return stringEnd(buf, i);
  if (c !== 0x7b && c !== 0x5b) {
    let j = i;
    while (j < buf.length && buf[j] !== 0x2c && buf[j] !== 0x7d && buf[j] !== 0x5d && !isSpace(buf[j])) j++;
    if (j === buf.length) ranOut();
    if (j === i) throw new Unsure();
    return j;
  }
  let depth = 0;
  let j = i;
  while (j < buf.length) {
    const b = buf[j];
    if (b === QUOTE) {
      j = stringEnd(buf, j);
      continue;
    }
    if (b === 0x7b || b === 0x5b) depth++;
    else if (b === 0x7d || b === 0x5d) {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return ranOut();
}

/** Element ranges of the array starting at `i`, and its end. */
function arrayElements(buf: Buffer, i: number): { starts: number[]; ends: number[]; end: number } {
  const starts: number[] = [];
  const ends: number[] = [];
  let j = skipSpace(buf, i + 1);
  if (buf[j] === 0x5d) return { starts, ends, end: j + 1 };
  for (;;) {
    const end = valueEnd(buf, j);
    starts.push(j);
    ends.push(end);
    j = skipSpace(buf, end);
    if (buf[j] === 0x5d) return { starts, ends, end: j + 1 };
    if (buf[j] !== 0x2c) throw new Unsure();
    j = skipSpace(buf, j + 1);
  }
}

/**
 * The shape and header of an input from its text with the list of clients emptied. A snapshot's
 * clientCount is set aside (the empty list would contradict it) and checked by `checkComplete`.
 */
function shapeOfHeader(text: string, location: string): ReadClients {
  const header = JSON.parse(text) as unknown;
  // A key twice in the header (`meta.total_results`, say): the whole-file reader refuses it and says where.
  if (repeatedKeyIn(text, countKeys(header)) !== undefined) throw new Unsure();
  const count = header !== null && typeof header === 'object' && !Array.isArray(header) ? (header as Record<string, unknown>).clientCount : undefined;
  if (count !== undefined) delete (header as Record<string, unknown>).clientCount;
  const shape = clientsFromJson(header, location);
  if (shape.snapshot && count !== undefined) shape.snapshot.clientCount = count as number;
  return shape;
}

/** Hands records on with their secrets dropped, counting them and noting whether any held a secret. */
class Delivery {
  delivered = 0;
  secrets = false;
  constructor(
    private readonly onRecord: (client: OAuthClient) => void,
    private readonly location: string,
  ) {}
  /** Keys of the records taken, at every depth (see repeated-keys.ts). */
  readonly tally = { keys: 0 };
  take(record: unknown): void {
    refusePage(record, this.delivered, this.location);
    const clean = withoutSecret(record, this.tally);
    if (clean !== record) this.secrets = true;
    this.delivered++;
    this.onRecord(clean);
  }
}

/**
 * Read `buf` as one of the input shapes. `begin` is called once with the shape and header (before any
 * client, so a snapshot's fetchedAt can set the time), and returns what takes each client (secrets
 * dropped), in order. Returns what the whole-file reader returns, with `clients` empty.
 */
export function streamClients(buf: Buffer, location: string, begin: (shape: ReadClients) => (client: OAuthClient) => void): ReadClients {
  checkUtf8(buf, location);
  let taken: Delivery | undefined;
  let begun = false;
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  try {
    const start = skipSpace(buf, bom);
    let list: { starts: number[]; ends: number[]; end: number } | undefined;
    let listStart = -1;
    if (buf[start] === 0x5b) {
      listStart = start;
      list = arrayElements(buf, start);
      if (skipSpace(buf, list.end) !== buf.length) throw new Unsure();
    } else if (buf[start] === 0x7b) {
      // The top-level keys; the list of clients is the value of "clients" (snapshot) or "data".
      const lists = new Map<string, { at: number; list: ReturnType<typeof arrayElements> }>();
      let j = skipSpace(buf, start + 1);
      let snapshot = false;
      if (buf[j] !== 0x7d) {
        for (;;) {
          if (buf[j] !== QUOTE) throw new Unsure();
          const keyEnd = stringEnd(buf, j);
          const key = JSON.parse(buf.toString('utf8', j, keyEnd)) as string;
          j = skipSpace(buf, keyEnd);
          if (buf[j] !== 0x3a) throw new Unsure();
          j = skipSpace(buf, j + 1);
          if (key === 'oauthlintSnapshot') snapshot = true;
          if ((key === 'clients' || key === 'data') && buf[j] === 0x5b) {
            const found = arrayElements(buf, j);
            lists.set(key, { at: j, list: found });
            j = found.end;
          } else {
            j = valueEnd(buf, j);
          }
          j = skipSpace(buf, j);
          if (buf[j] === 0x7d) break;
          if (buf[j] !== 0x2c) throw new Unsure();
          j = skipSpace(buf, j + 1);
        }
      }
      if (skipSpace(buf, j + 1) !== buf.length) throw new Unsure();
      const chosen = lists.get(snapshot ? 'clients' : 'data');
      if (chosen === undefined) throw new Unsure(); // no list where one belongs: let the full reader say so
      list = chosen.list;
      listStart = chosen.at;
    } else {
      throw new Unsure();
    }
    // The header (everything but the list) decides the shape, exactly as the whole-file reader does.
    const shape = shapeOfHeader(`${buf.toString('utf8', bom, listStart)}[]${buf.toString('utf8', list.end)}`, location);
    begun = true;
    const delivery = new Delivery(begin(shape), location);
    taken = delivery;
    const { starts, ends } = list;
    for (let k = 0; k < starts.length; k++) {
      const text = buf.toString('utf8', starts[k], ends[k]);
      const record = JSON.parse(text) as unknown;
      const before = delivery.tally.keys;
      delivery.take(record);
      // A key twice in a record (`client_type` public, then confidential): refused, saying where.
      if (repeatedKeyIn(text, delivery.tally.keys - before) !== undefined) throw repeatedKeyError(buf.toString('utf8', bom), location) ?? new Error(`${location}: a key repeats in a record but not in the file (please report this)`);
    }
    checkComplete(shape, starts.length, location);
    if (delivery.secrets) shape.warnings.push(secretsDropped(location));
    return shape;
  } catch (error) {
    if (error instanceof InputError) throw error;
    // Not a shape this scanner reads, or malformed: the whole-file reader gives the precise error
    // (it must throw here, since it is stricter than the scanner only in what it rejects).
    const read = parseInput(buf.toString('utf8'), location);
    if ((taken?.delivered ?? 0) > 0 || begun) throw new Error(`${location}: the record scanner and JSON.parse disagree about this file (please report this)`);
    const onRecord = begin({ ...read, clients: [] });
    for (const client of read.clients) onRecord(client);
    return { ...read, clients: [] };
  }
}

/**
 * Bytes of a file read in windows; `buf` holds what is not consumed yet, from file offset `base`.
 * The same two buffers serve the whole file: `buf` is a view of `store`, and each piece is read into
 * `chunk` (the next one while the current window is parsed, once the last is copied out). A new
 * megabyte for each read and for each window was 115 MB of buffers for a 57 MB file. Nothing keeps a
 * view of a window past the next `more` (what is parsed is decoded into strings first).
 */
class Window {
  buf = Buffer.alloc(0);
  eof = false;
  /** The next piece, read while the current one is parsed. */
  private ahead: Promise<Buffer> | undefined;
  /** File offset of `buf[0]`. */
  private base = 0;
  private store = Buffer.alloc(0);
  private readonly chunk: Buffer;
  constructor(
    private readonly file: import('node:fs/promises').FileHandle,
    private readonly size: number,
    private readonly location: string,
  ) {
    this.chunk = Buffer.allocUnsafe(size);
  }
  /** The bytes not dropped yet are UTF-8 (see checkUtf8); what `more` drops is checked as it goes. */
  checkRest(): void {
    checkUtf8(this.buf, this.location, this.base);
  }
  private read(): Promise<Buffer> {
    const chunk = this.chunk;
    const piece = this.file.read(chunk, 0, chunk.length, null).then(({ bytesRead }) => chunk.subarray(0, bytesRead));
    // Awaited by the next `more`; if the reader stops first, its failure is nobody's to report.
    piece.catch(() => undefined);
    return piece;
  }
  /** Drop bytes before `keep` and read the next piece; false at the end of the file. */
  async more(keep: number): Promise<boolean> {
    if (this.eof) return false;
    // `keep` is between tokens, never inside a character: what lies before it is whole.
    checkUtf8(this.buf.subarray(0, keep), this.location, this.base);
    this.base += keep;
    const piece = await (this.ahead ?? this.read());
    const rest = this.buf.length - keep;
    if (rest + piece.length > this.store.length) {
      // The first window, or a record longer than one: a larger store, the kept bytes copied over.
      const larger = Buffer.allocUnsafe(Math.max(2 * this.store.length, rest + piece.length, 2 * this.size));
      this.buf.copy(larger, 0, keep);
      this.store = larger;
    } else if (rest > 0) {
      // `buf` is `store` from 0: move what is kept to the front (copy allows the overlap).
      this.store.copy(this.store, 0, keep, keep + rest);
    }
    piece.copy(this.store, rest);
    // The piece is copied out: the next read may fill its buffer while this window is parsed.
    this.ahead = piece.length > 0 ? this.read() : undefined;
    if (piece.length === 0) this.eof = true;
    this.buf = this.store.subarray(0, rest + piece.length);
    return piece.length > 0;
  }
}

/** Run a scan over the window, reading more (from `keep` on, telling `shift` how far positions move) while it runs out. */
async function scan<T>(win: Window, keep: () => number, fn: () => T, shift: (by: number) => void): Promise<T> {
  for (;;) {
    partial = !win.eof;
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof NeedMore)) throw error;
    } finally {
      partial = false;
    }
    const before = keep();
    await win.more(before);
    shift(before);
  }
}

/**
 * `[` + the text of `buf[start, end)` + `]`, decoded from the buffer in one piece: the two bytes around
 * the records (white space or a comma, which JSON.parse would never see) are lent to the brackets and
 * given back. A template string would make a second, joined copy of a megabyte for JSON.parse to flatten.
 */
export function bracketed(buf: Buffer, start: number, end: number): string {
  if (start === 0 || end >= buf.length) return `[${buf.toString('utf8', start, end)}]`;
  const before = buf[start - 1] as number;
  const after = buf[end] as number;
  buf[start - 1] = 0x5b;
  buf[end] = 0x5d;
  try {
    return buf.toString('utf8', start - 1, end + 1);
  } finally {
    buf[start - 1] = before;
    buf[end] = after;
  }
}

/**
 * The records from `pos` (before a record, or before the comma after one) up to the last place in
 * `buf` that looks like the end of a record (`}` `,` `{`), parsed with one JSON.parse. That place may
 * lie inside a string or a nested value, but then the text cannot parse as a list of values (the
 * parser would end inside that string or value): so a successful parse proves the cut is between two
 * records, and the values are exactly those a parse of the whole file gives. Undefined when there is
 * no such place or the text does not parse; the caller then goes one record at a time.
 */
function recordBatch(buf: Buffer, pos: number, first: boolean): { records: unknown[]; stop: number; text: string; keys: number } | undefined {
  let j = skipSpace(buf, pos);
  if (!first) {
    if (buf[j] !== 0x2c) return undefined;
    j = skipSpace(buf, j + 1);
  }
  if (buf[j] !== 0x7b) return undefined;
  let open = buf.lastIndexOf(0x7b, buf.length - 1);
  for (let tries = 0; open > j && tries < 16; tries++) {
    let c = open - 1;
    while (isSpace(buf[c])) c--;
    if (buf[c] === 0x2c) {
      let brace = c - 1;
      while (isSpace(buf[brace])) brace--;
      if (buf[brace] === 0x7d && brace > j) {
        let records: unknown;
        const text = bracketed(buf, j, brace + 1);
        try {
          records = JSON.parse(text);
        } catch {
          return undefined;
        }
        return Array.isArray(records) && records.length > 0 ? { records, stop: brace + 1, text, keys: keyColons(text) } : undefined;
      }
    }
    open = buf.lastIndexOf(0x7b, open - 1);
  }
  return undefined;
}

/**
 * Like `streamClients`, but reading the file a window at a time, so not even its bytes are held
 * whole. Handles the shapes in the order oauthlint and Telnyx write them (list response: "data"
 * first; snapshot: the header before "clients"); any other order or anything unclear falls back to
 * reading the whole file with `streamClients`, starting over with a fresh `begin`.
 */
export async function streamFile(path: string, location: string, begin: (shape: ReadClients) => (client: OAuthClient) => void, windowSize = 1 << 20): Promise<ReadClients> {
  const { open, readFile } = await import('node:fs/promises');
  const whole = async (): Promise<ReadClients> => streamClients(await readFile(path), location, begin);
  const file = await open(path, 'r');
  // Positions into the window; when it drops consumed bytes, both move back with it.
  const at = { pos: 0, from: 0 };
  try {
    const win = new Window(file, windowSize, location);
    const shift = (by: number): void => {
      at.pos -= by;
      at.from -= by;
    };
    await win.more(0);
    const b = () => win.buf;
    at.pos = b()[0] === 0xef && b()[1] === 0xbb && b()[2] === 0xbf ? 3 : 0;
    at.pos = await scan(win, () => at.pos, () => (skipSpace(b(), at.pos) === b().length ? ranOut() : skipSpace(b(), at.pos)), shift);
    let prefix = '';
    let expected: 'array' | 'list-response' | 'snapshot';
    if (b()[at.pos] === 0x5b) {
      expected = 'array';
    } else if (b()[at.pos] === 0x7b) {
      // Keys up to the list, kept as text for the header.
      let snapshot = false;
      at.from = at.pos;
      at.pos += 1;
      for (;;) {
        const step = await scan(win, () => at.from, () => {
          let j = skipSpace(b(), at.pos);
          if (j >= b().length) ranOut();
          if (b()[j] !== QUOTE) throw new Unsure();
          const keyEnd = stringEnd(b(), j);
          const key = JSON.parse(b().toString('utf8', j, keyEnd)) as string;
          j = skipSpace(b(), keyEnd);
          if (j >= b().length) ranOut();
          if (b()[j] !== 0x3a) throw new Unsure();
          j = skipSpace(b(), j + 1);
          if (j >= b().length) ranOut();
          if (b()[j] === 0x5b && (key === 'data' || key === 'clients')) return { key, list: j };
          const end = valueEnd(b(), j);
          let k = skipSpace(b(), end);
          if (k >= b().length) ranOut();
          if (b()[k] !== 0x2c) throw new Unsure(); // the object ends before any list: not ours to stream
          k += 1;
          return { key, next: k };
        }, shift);
        if (step.key === 'oauthlintSnapshot') snapshot = true;
        if ('list' in step && step.list !== undefined) {
          if (step.key !== (snapshot ? 'clients' : 'data')) throw new Unsure();
          prefix += b().toString('utf8', at.from, step.list);
          at.pos = step.list;
          break;
        }
        prefix += b().toString('utf8', at.from, step.next);
        at.pos = step.next as number;
        at.from = at.pos;
      }
      expected = snapshot ? 'snapshot' : 'list-response';
    } else {
      throw new Unsure();
    }
    // The header so far, closed, tells the shape (and a snapshot's time) before the first client.
    const headOf = (text: string): ReadClients => shapeOfHeader(text, location);
    const tentative = expected === 'array' ? headOf('[]') : headOf(`${prefix.replace(/^\ufeff/, '')}[]}`);
    if (tentative.source.shape !== expected) throw new Unsure();
    const delivery = new Delivery(begin(tentative), location);
    at.pos += 1; // past "["
    let first = true;
    let noBatch: Buffer | undefined;
    for (;;) {
      // Most of a window at once when it splits cleanly; otherwise one record at a time below.
      // A window that did not split is not tried again until more of the file is read (else the
      // records after a false cut would each re-parse the rest of the window).
      const batch = b() === noBatch ? undefined : recordBatch(b(), at.pos, first);
      if (batch === undefined) noBatch = b();
      else {
        const before = delivery.tally.keys;
        for (const record of batch.records) delivery.take(record);
        // A key twice in a record: start over with the whole-file reader, which refuses it and says where.
        if (repeatedKeyIn(batch.text, delivery.tally.keys - before, batch.keys) !== undefined) throw new Restart();
        first = false;
        at.pos = batch.stop;
        continue;
      }
      const step = await scan(win, () => at.pos, () => {
        let j = skipSpace(b(), at.pos);
        if (j >= b().length) ranOut();
        if (b()[j] === 0x5d) return { end: j + 1 };
        if (!first) {
          if (b()[j] !== 0x2c) throw new Unsure();
          j = skipSpace(b(), j + 1);
          if (j >= b().length) ranOut();
        }
        const end = valueEnd(b(), j);
        return { start: j, stop: end };
      }, shift);
      if ('end' in step && step.end !== undefined) {
        at.pos = step.end;
        break;
      }
      const text = b().toString('utf8', step.start, step.stop);
      const record = JSON.parse(text) as unknown;
      const before = delivery.tally.keys;
      delivery.take(record);
      if (repeatedKeyIn(text, delivery.tally.keys - before) !== undefined) throw new Restart();
      first = false;
      at.pos = step.stop as number;
    }
    // The rest of the file: the header's other keys.
    // Kept whole until the end (a piece boundary may fall inside a character), then checked and decoded.
    while (!win.eof) {
      await win.more(at.pos);
      shift(at.pos);
    }
    win.checkRest();
    const suffix = b().toString('utf8', at.pos);
    const header = `${prefix.replace(/^\ufeff/, '')}[]${suffix}`;
    const final = expected === 'array' ? (suffix.trim() === '' ? tentative : undefined) : headOf(header);
    if (final === undefined || final.source.shape !== expected || final.snapshot?.fetchedAt !== tentative.snapshot?.fetchedAt) {
      throw new Restart();
    }
    // A key twice at the top level (a second "data" after the list, say) is a count headOf finds short:
    // the whole-file reader refuses it and says where.
    checkComplete(final, delivery.delivered, location);
    if (delivery.secrets) final.warnings.push(secretsDropped(location));
    return final;
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (!(error instanceof Unsure) && !(error instanceof Restart) && !(error instanceof SyntaxError)) throw error;
    // Not the usual order, or malformed: read the whole file, which starts over (a fresh `begin`)
    // and, for a malformed file, gives the precise error.
    return whole();
  } finally {
    await file.close();
  }
}

class Restart extends Error {}

/**
 * Read the clients of a path, or of stdin when the path is `-`, one at a time (see `streamClients` for
 * `begin`): a regular file through the windowed reader, which may start over; stdin, pipes and devices
 * whole (`beforeWhole` is called first). A file that cannot be read is an input error naming it.
 */
export async function streamInput(path: string, stdin: NodeJS.ReadableStream, begin: (shape: ReadClients) => (client: OAuthClient) => void, beforeWhole?: () => void): Promise<ReadClients> {
  const { stat } = await import('node:fs/promises');
  const regular = path !== '-' && (await stat(path).then((st) => st.isFile(), () => true));
  if (!regular) {
    beforeWhole?.();
    const { buf, location } = await readInputBuffer(path, stdin);
    return streamClients(buf, location, begin);
  }
  try {
    return await streamFile(path, path, begin);
  } catch (error) {
    // A file that cannot be read is an input problem; anything else thrown in here is a bug, not the file's.
    if (error instanceof OauthlintError || typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw cannotRead(path, error);
  }
}

/**
 * Read all the clients of a path, or of stdin when the path is `-`, into memory (for a snapshot to
 * write or an inventory to compare), as `streamInput` reads them.
 */
export async function readClients(path: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<ReadClients> {
  let clients: OAuthClient[] = [];
  const read = await streamInput(path, stdin, () => {
    clients = [];
    return (client) => clients.push(client);
  });
  return { ...read, clients };
}
