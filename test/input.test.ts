import { Readable } from 'node:stream';
import { join } from 'node:path';
import { InputError } from '../src/errors.js';
import { checkComplete, clientsFromJson, lineColumn, parseInput, readInputBuffer, withoutSecret } from '../src/collect/input.js';
import { findJsonSyntaxError } from '../src/collect/json-error.js';
import { isUtf8 } from 'node:buffer';
import { firstBadUtf8 } from '../src/collect/utf8.js';
import { readClients, streamClients, streamFile } from '../src/collect/stream-input.js';
import { existsSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cleanClient, seededRandom, tempDir } from './helpers.js';

async function inputErrorOf(promise: Promise<unknown> | (() => unknown)): Promise<InputError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('reading stdin, pipes and devices', () => {
  it('stops at the limit with an input error, instead of filling memory (/dev/zero, an endless pipe)', async () => {
    const endless = Readable.from((function* () {
      for (;;) yield Buffer.alloc(4096, 0x20);
    })());
    const message = 'more than 65536 bytes and still coming: oauthlint stops reading there';
    expect((await inputErrorOf(readInputBuffer('-', endless, 65536))).message).toMatch(new RegExp(`^stdin: ${message}`));
    if (existsSync('/dev/zero')) expect((await inputErrorOf(readInputBuffer('/dev/zero', process.stdin, 65536))).message).toMatch(new RegExp(`^/dev/zero: ${message}`));
  });
  it('reads up to the limit, and a regular file whatever its size', async () => {
    const text = JSON.stringify([cleanClient()]);
    expect((await readInputBuffer('-', Readable.from([Buffer.from(text)]), text.length)).buf.toString()).toBe(text);
    const dir = tempDir({ 'c.json': text });
    expect((await readInputBuffer(join(dir, 'c.json'), process.stdin, 10)).buf.toString()).toBe(text);
  });
});

describe('a key twice at the top level', () => {
  it('is refused, saying which key and where the second one is', async () => {
    const error = await inputErrorOf(() => parseInput('{\n  "data": [{"client_id": "a"}],\n  "data": []\n}', 'in.json'));
    expect(error.message).toBe('in.json: the key "data" appears twice at the top level (again at line 3, column 3); JSON readers disagree on which one counts, so keep one');
    expect(error.exitCode).toBe(3);
  });

  it('is found however the text spells the keys, and never inside records or strings (3,000 generated objects)', () => {
    // Held to what the generator wrote: keys spelled plainly, with \\u escapes and with \\/, and
    // key-like text in nested values and in strings (with escaped quotes) that must not count.
    const random = seededRandom(20261202);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const names = ['data', 'meta', 'links', 'a/b', 'ü'];
    const spell = (key: string): string => {
      const r = random();
      if (r < 0.6) return JSON.stringify(key);
      if (r < 0.8) return `"${[...key].map((ch, i) => (i === 0 ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch)).join('')}"`;
      return JSON.stringify(key).replace('/', '\\/');
    };
    const values = ['[]', '[{"data": 1, "meta": {"data": []}}]', '{"data": [], "links": {}}', '"\\"data\\": [], \\"meta\\":"', '{"s": "}, \\"data\\": ["}', '1', 'null'];
    const wrong: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const keys = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(names));
      const repeats = new Set(keys).size !== keys.length;
      // The list response needs a "data" list to be read at all; without one, any error but the repeat is fine.
      const members = keys.map((key) => `${spell(key)}: ${key === 'data' ? '[]' : pick(values)}`);
      const text = `{${members.join(random() < 0.5 ? ', ' : ',\n ')}}`;
      let message = 'no error';
      try {
        parseInput(text, 'in.json');
      } catch (error) {
        message = (error as Error).message;
      }
      if (/appears twice/.test(message) !== repeats) wrong.push(`${text}: ${message}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});

describe('a key twice in a record or deeper', () => {
  it('is refused, naming the key, the record and where the second one is', async () => {
    const text = '{"data": [\n  {"client_id": "a"},\n  {"client_id": "b", "client_type": "public", "client_type": "confidential"}\n]}';
    const error = await inputErrorOf(() => parseInput(text, 'in.json'));
    expect(error.message).toBe('in.json: the key "client_type" appears twice in client record 2 (data[1]) (again at line 3, column 47); JSON readers disagree on which one counts, so keep one');
    expect(error.exitCode).toBe(3);
    const deep = '[{"x": {"y": [{"k": 1}, {"k": 1, "k": 2}]}}]';
    expect((await inputErrorOf(() => parseInput(deep, 'in.json'))).message).toMatch(/^in\.json: the key "k" appears twice in client record 1 \(\[0\]\.x\.y\[1\]\) \(again at line 1, column 34\)/);
    const meta = '{"data": [], "meta": {"a b": {"total_results": 0, "total_results": 0}}}';
    expect((await inputErrorOf(() => parseInput(meta, 'in.json'))).message).toMatch(/the key "total_results" appears twice in meta\["a b"\] /);
  });

  it('is told apart from text that only looks like keys, however the JSON is spaced (2,000 generated values)', async () => {
    const { countKeys, keyColons, repeatedKey } = await import('../src/collect/repeated-keys.js');
    const random = seededRandom(20261203);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const strings = ['a', 'k', 'a:b', '" :', '\\', '\\":', 'x\\', ': "', '{"k": 1}', 'ü:😀', '', ' '];
    const space = (): string => pick(['', '', ' ', '\n  ', '\t', '\r\n']);
    // A value and its text, written by hand (with odd spacing, and sometimes a key twice in one object).
    const made: { repeatedAt?: { key: string; path: (string | number)[] } } = {};
    const write = (depth: number, path: (string | number)[]): [unknown, string] => {
      const r = random();
      if (depth > 4 || r < 0.3) {
        const value = pick<unknown>([1, -2.5e3, true, null, ...strings]);
        return [value, JSON.stringify(value)];
      }
      if (r < 0.55) {
        const items = Array.from({ length: Math.floor(random() * 4) }, (_, i) => write(depth + 1, [...path, i]));
        return [items.map(([v]) => v), `[${space()}${items.map(([, t]) => t).join(`${space()},${space()}`)}${space()}]`];
      }
      const keys = [...new Set(Array.from({ length: Math.floor(random() * 4) }, () => pick(strings)))];
      const object: Record<string, unknown> = {};
      const members: string[] = [];
      for (const key of keys) {
        const [value, text] = write(depth + 1, [...path, key]);
        object[key] = value;
        members.push(`${JSON.stringify(key)}${space()}:${space()}${text}`);
      }
      if (made.repeatedAt === undefined && keys.length > 0 && random() < 0.15) {
        const key = pick(keys);
        made.repeatedAt = { key, path };
        members.push(`${JSON.stringify(key)}${space()}:${space()}0`);
      }
      return [object, `{${space()}${members.join(`${space()},${space()}`)}${space()}}`];
    };
    const wrong: string[] = [];
    let repeats = 0;
    for (let n = 0; n < 2000; n++) {
      delete made.repeatedAt;
      const [, text] = write(0, []);
      const repeatedAt = made.repeatedAt as { key: string; path: (string | number)[] } | undefined;
      const found = repeatedKey(text);
      // The cheap count may run high (a string that begins with a colon) but never misses a repeat.
      const counted = keyColons(text) !== countKeys(JSON.parse(text));
      if (repeatedAt !== undefined) repeats++;
      const expected = repeatedAt === undefined ? undefined : { key: repeatedAt.key, path: repeatedAt.path };
      const got = found === undefined ? undefined : { key: found.key, path: found.path };
      if (JSON.stringify(got) !== JSON.stringify(expected) || (repeatedAt !== undefined && !counted)) wrong.push(`${text}: found ${JSON.stringify(got)}, counted ${counted}`);
      if (keyColons(text) < countKeys(JSON.parse(text))) wrong.push(`${text}: counted fewer keys than parsed`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(repeats).toBeGreaterThan(100);
  });
});

describe('input shapes', () => {
  const client = cleanClient();
  it('reads a Telnyx list response', () => {
    const read = clientsFromJson({ data: [client], meta: { total_pages: 1 } }, 'f.json');
    expect(read.clients).toEqual([client]);
    expect(read.source).toEqual({ kind: 'file', location: 'f.json', shape: 'list-response' });
  });
  it('reads a bare array', () => {
    expect(clientsFromJson([client, client], 'f.json').clients).toHaveLength(2);
  });
  it('reads a snapshot', () => {
    const snapshot = { oauthlintSnapshot: 1, fetchedAt: '2026-01-01T00:00:00Z', source: { kind: 'api', baseUrl: 'https://api.telnyx.com/v2' }, clientCount: 1, clients: [client] };
    const read = clientsFromJson(snapshot, 's.json');
    expect(read.source.shape).toBe('snapshot');
    expect(read.clients).toEqual([client]);
    expect(read.snapshot?.fetchedAt).toBe('2026-01-01T00:00:00Z');
  });
  it('reads a list response whose meta, or a pagination field of it, is null (it says nothing, as absent does)', () => {
    for (const meta of [null, { total_results: null, total_pages: null, page_number: null }, { page_size: 'x', total_results: 1 }]) {
      expect(parseInput(JSON.stringify({ data: [client], meta }), 'f.json').clients).toEqual([client]);
    }
  });
  it('reads a snapshot with as many clients as the API reported, or more, or without a count', () => {
    for (const totalResults of [2, 1, null, undefined]) {
      const read = clientsFromJson({ oauthlintSnapshot: 1, fetchedAt: '2026-01-01T00:00:00Z', source: { kind: 'api', totalResults }, clients: [client, client] }, 'f.json');
      expect(() => checkComplete(read, 2, 'f.json')).not.toThrow();
    }
  });
  it('reads a list response with an empty "errors" beside "data"', () => {
    expect(clientsFromJson({ data: [client], errors: [] }, 'f.json').clients).toEqual([client]);
  });
  it('keeps records that are not objects, so they are reported, not dropped', () => {
    expect(clientsFromJson([null, 'x', 3, client], 'f.json').clients).toEqual([null, 'x', 3, client]);
  });
  it.each([
    [{ items: [] }, /unknown input shape \(object with keys "items"\)/],
    ['just a string', /unknown input shape \(string\)/],
    [null, /unknown input shape \(null\)/],
    [{ data: { a: 1 } }, /"data" is not a list of clients \(got object\)$/],
    // One client where a list belongs (a GET /oauth_clients/{id} response, or a record alone) says how to lint it.
    [{ data: { record_type: 'oauth_client', client_id: 'x' } }, /"data" is not a list of clients \(got object\): it looks like one client \(the response of GET \/oauth_clients\/\{id\}\); lint it as \{"data": \[ … \]\}$/],
    [{ client_id: 'x', name: 'n' }, /unknown input shape \(object with keys "client_id", "name"\); .*; it looks like one client record: put it in a list, \[ \{…\} \]$/],
    // Pages gathered into one array (jq -s . page-1.json page-2.json) were two "clients" of schema findings.
    [
      [{ data: [client], meta: { page_number: 1, total_pages: 2 } }, { data: [client], meta: { page_number: 2, total_pages: 2 } }],
      /^in\.json: record 1 is a page of a list response \(\{"data": \[\.\.\.\], "meta": \{\.\.\.\}\}\), not a client: pages gathered into one file are not read, since nothing there shows that every page is\. Lint the account itself \(and keep it with --save-snapshot\), or, once you have checked that every page is there, lint their clients as one list \(jq '\[\.\[\]\.data\[\]\]'\)\.$/,
    ],
    [{ data: [client, { data: [] }] }, /^in\.json: record 2 is a page of a list response/],
    [{ oauthlintSnapshot: 2, clients: [] }, /unsupported snapshot version 2/],
    [{ oauthlintSnapshot: 1 }, /snapshot has no "clients" list/],
    [{ oauthlintSnapshot: 1, fetchedAt: '2026-01-01T00:00:00.000Z', clientCount: 3, clients: [{}] }, /clientCount 3 but holds 1 client: the file is truncated/],
    // The header says when (the time the snapshot is linted as of) and how many: not guessed around.
    [{ oauthlintSnapshot: 1, clients: [] }, /^in\.json: snapshot "fetchedAt" is missing, not an ISO 8601 date-time/],
    [{ oauthlintSnapshot: 1, fetchedAt: 'yesterday', clients: [] }, /snapshot "fetchedAt" is "yesterday", not an ISO 8601 date-time/],
    [{ oauthlintSnapshot: 1, fetchedAt: '2026-02-30T00:00:00Z', clients: [] }, /snapshot "fetchedAt" is "2026-02-30T00:00:00Z", not/],
    [{ oauthlintSnapshot: 1, fetchedAt: 1767225600000, clients: [] }, /snapshot "fetchedAt" is 1767225600000, not/],
    [{ oauthlintSnapshot: 1, fetchedAt: '2026-01-01T00:00:00Z', clientCount: 1.5, clients: [{}] }, /snapshot "clientCount" is 1\.5, not a count of clients/],
    [{ oauthlintSnapshot: 1, fetchedAt: '2026-01-01T00:00:00Z', clientCount: null, clients: [] }, /snapshot "clientCount" is null, not a count/],
    // A snapshot of a partial collection (fewer clients than the API reported) is not the account.
    [
      { oauthlintSnapshot: 1, fetchedAt: '2026-01-01T00:00:00Z', source: { kind: 'api', totalResults: 3 }, clientCount: 2, clients: [{}, {}] },
      /^in\.json: snapshot holds 2 clients, but the API reported 3 \(source\.totalResults\) when it was collected: the collection was partial, and cannot stand for the account \(collect it again, or use another snapshot\)$/,
    ],
    // Both counts are written alike, with thousands separators.
    [
      { oauthlintSnapshot: 1, fetchedAt: '2026-01-01T00:00:00Z', source: { kind: 'api', totalResults: 12345 }, clients: [{}] },
      /^in\.json: snapshot holds 1 client, but the API reported 12,345 \(source\.totalResults\)/,
    ],
    [{ oauthlintSnapshot: 1, fetchedAt: '2026-01-01T00:00:00Z', source: { kind: 'api', totalResults: '3' }, clients: [{}] }, /snapshot "source\.totalResults" is "3", not a count of clients/],
    // One page of an account is part of it: linting it would pass the gate on partial data.
    [{ data: [{}], meta: { page_number: 1, page_size: 1, total_pages: 13, total_results: 13 } }, /this list response is page 1 of 13 \(13 clients in all, 1 here\): lint the account itself/],
    [{ data: [{}], meta: { page_number: 2, page_size: 1 } }, /this list response is page 2 of \?/],
    [{ data: [{}, {}], meta: { page_number: 1, total_pages: 1, total_results: 3 } }, /list response says total_results 3 but holds 2 clients/],
    [{ data: [], meta: { total_results: 1 } }, /total_results 1 but holds 0 clients/],
    [{ data: [{}], meta: { total_results: 2 } }, /total_results 2 but holds 1 client: lint the account itself/],
    [{ data: [{}], meta: { page_number: 2, total_pages: 2, total_results: 1 } }, /this list response is page 2 of 2 \(1 client in all, 1 here\)/],
    // A pagination field that is not a count cannot say the file is whole: "5" of one client passed.
    [{ data: [{}], meta: { total_results: '5' } }, /^in\.json: list response "meta\.total_results" is "5", not a count: it cannot tell whether the file holds every client; lint the account itself/],
    [{ data: [{}], meta: { page_number: 1, total_pages: '3' } }, /"meta\.total_pages" is "3", not a count/],
    [{ data: [{}], meta: { total_pages: 1.5 } }, /"meta\.total_pages" is 1\.5, not a count/],
    [{ data: [{}], meta: { page_number: -1 } }, /"meta\.page_number" is -1, not a count/],
    [{ data: [{}], meta: { total_results: true } }, /"meta\.total_results" is true, not a count/],
    [{ data: [{}], meta: [] }, /list response "meta" is a list, not an object: it cannot tell whether the file holds every client/],
    [{ data: [{}], meta: 'page 1 of 3' }, /list response "meta" is "page 1 of 3", not an object/],
    // A saved error response is not an account without clients, even with a "data" beside it.
    [{ errors: [{ code: '10009', title: 'Authentication failed', detail: 'bad key' }] }, /^in\.json: this is an API error response \("errors": "10009", "Authentication failed", "bad key"\), not a list of clients/],
    [{ data: [], errors: [{ code: '10009', title: 'Authentication failed' }] }, /this is an API error response \("errors": "10009", "Authentication failed"\)/],
    [{ data: [], errors: [{ title: 'Red \u001b[31m', detail: 'Red \u001b[31m' }] }, /\("errors": "Red \\u001b\[31m"\), not a list/],
    [{ errors: ['?'] }, /this is an API error response \("errors"\), not a list/],
    // An error that quotes a client secret (a request body echoed back): its words are shown without it.
    [{ errors: [{ title: 'Invalid request', detail: 'client_secret=sk_live_ECHOED&grant_type=x' }] }, /\("errors": "Invalid request", "client_secret=\[redacted\]&grant_type=x"\)/],
    [{ errors: [{ detail: 'got {"client_secret": "sk_live_ECHOED"}' }] }, /\("errors": "got \{\\"client_secret\\": \\"\[redacted\]\\"\}"\)/],
  ])('refuses %j', async (data, message) => {
    const error = await inputErrorOf(() => parseInput(JSON.stringify(data), 'in.json'));
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^in\.json: /);
    expect(error.exitCode).toBe(3);
    expect(error.message).not.toContain('ECHOED');
  });
});

describe('secrets', () => {
  it('drops client_secret and says a secret was there', () => {
    const read = clientsFromJson({ data: [cleanClient({ client_secret: 'sk_live_DO_NOT_PRINT' }), cleanClient({ client_secret: null })] }, 'f.json');
    expect(JSON.stringify(read)).not.toContain('sk_live_DO_NOT_PRINT');
    expect(read.clients[0]?.has_client_secret).toBe(true);
    expect(read.clients[1]?.has_client_secret).toBe(false);
    expect(read.warnings[0]).toMatch(/client_secret values were present and have been dropped/);
  });
  it('redacts a client_secret found deeper, in a record shaped like no OAuthClient', () => {
    const read = clientsFromJson([[{ client_secret: 'sk_live_1' }], { extra: { a: [{ client_secret: 'sk_live_2' }] } }, { client_id: 'x', client_secret: { client_secret: 'sk_live_3' } }], 'f.json');
    expect(JSON.stringify(read)).not.toMatch(/sk_live/);
    expect(read.clients[0]).toEqual([{ client_secret: '[redacted]' }]);
    expect(read.clients[1]).toEqual({ extra: { a: [{ client_secret: '[redacted]' }] } });
    expect(read.clients[2]).toEqual({ client_id: 'x', has_client_secret: true });
    expect(read.warnings[0]).toMatch(/client_secret values were present/);
  });
  it('finds a client_secret key spelled with an escape, which a text search for the name would miss', () => {
    const text = '[{"extra": {"client\\u005fsecret": "sk_live_4"}}]';
    expect(text).not.toContain('client_secret');
    expect(JSON.stringify(parseInput(text, 'f.json'))).not.toMatch(/sk_live/);
  });
  it('leaves records without a secret untouched', () => {
    const client = cleanClient();
    expect(withoutSecret(client)).toBe(client);
  });
});

describe('malformed JSON', () => {
  it.each([
    ['{"data": [}', 1, 11, /expected a value, found "}"/],
    ['{\n  "data": [\n    {"a": 1,}\n  ]\n}', 3, 13, /expected a property name/],
    ['{"data": [1, 2]', 1, 16, /expected "," or "}", found the end of the input/],
    ['[1, 2,]', 1, 7, /expected a value/],
    ['{"a": "unterminated', 1, 20, /unterminated string/],
    ['{"a": 1} trailing', 1, 10, /expected the end of the input/],
    ['{"a": "tab\there"}', 1, 11, /control character/],
    ["{'a': 1}", 1, 2, /property name in double quotes/],
    ['{"a": tru}', 1, 7, /expected a value/],
  ])('%j: line %i, column %i', async (text, line, column, message) => {
    const error = await inputErrorOf(() => parseInput(text, 'bad.json'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(`at line ${line}, column ${column}`);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^bad\.json: malformed JSON: /);
  });
  it.each([
    ['{"data": [{"client_id": "a"}, {"client_id" "b"}]}', ', in data[1].client_id'],
    ['[{"a": 1}, {"b": 2}, {"c": [1, 2, tru]}]', ', in [2].c[2]'],
    ['{"data": [{"odd key!": }]}', ', in data[0]["odd key!"]'],
    ['{"data": [{"k', ', in data[0]'],
    ['{"a": 1} trailing', ''],
  ])('%j names where in the document it went wrong (a 57 MB input is one line: a column alone says little)', async (text, inside) => {
    const error = await inputErrorOf(() => parseInput(text, 'bad.json'));
    expect(error.message).toMatch(new RegExp(`\\(byte offset \\d+\\)${inside.replace(/[[\]().!]/g, '\\$&')}$`));
  });
  it.each([
    '{"data": [{"client_id": "a", "client_secret": Xsk_live_1}]}',
    '{"data": [{"client_id": "a", "client_secret": {"v": Xsk_live_1}}]}',
    '{"data": [{"client_id": "a", "client_secret": "sk_live_1" Xsk_live_2}]}',
  ])('%j: shows no character of a client_secret, not even the one at fault', async (text) => {
    for (const read of [(t: string) => parseInput(t, 'bad.json'), (t: string) => streamClients(Buffer.from(t), 'bad.json', () => () => {})]) {
      const error = await inputErrorOf(() => read(text));
      expect(error.message).toMatch(/found a character not shown \(it is in a client_secret\) at line 1, column \d+ \(byte offset \d+\), in data\[0\]\.client_secret/);
      expect(error.message).not.toMatch(/"X"|sk_live/);
    }
  });
  it('agrees with JSON.parse on valid documents', () => {
    for (const text of ['{}', '[]', '[{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}]', ' 1 ', '"s"']) {
      expect(JSON.parse(text)).toBeDefined();
      expect(findJsonSyntaxError(text)).toBeNull();
    }
  });
  it('never quotes the surrounding input, which may hold a secret', async () => {
    const text = '{"data": [{"client_secret": "sk_live_SECRET" "name": 1}]}';
    const error = await inputErrorOf(() => parseInput(text, 'bad.json'));
    expect(error.message).not.toContain('sk_live_SECRET');
    expect(error.message).toMatch(/, in data\[0\]\.client_secret$/);
  });
  it('refuses an empty input', async () => {
    expect((await inputErrorOf(() => parseInput('  \n', 'e.json'))).message).toBe('e.json: the input is empty');
  });
  it('accepts a byte order mark', () => {
    expect(parseInput('\ufeff[]', 'bom.json').clients).toEqual([]);
  });
  it('computes line and column', () => {
    expect(lineColumn('ab\ncd\nef', 7)).toEqual({ line: 3, column: 2 });
    expect(lineColumn('ab', 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('reading files and stdin', () => {
  it('reads a file', async () => {
    const dir = tempDir({ 'c.json': JSON.stringify([cleanClient()]) });
    expect((await readClients(join(dir, 'c.json'))).clients).toHaveLength(1);
  });
  it('reads stdin for -', async () => {
    const read = await readClients('-', Readable.from([Buffer.from('{"data": '), Buffer.from('[{"client_id": "x"}]}')]));
    expect(read.clients).toEqual([{ client_id: 'x' }]);
    expect(read.source.location).toBe('stdin');
  });
  it('reads a file of many windows whole, in every shape, as JSON.parse does, and refuses a key twice far into it', async () => {
    const clients = Array.from({ length: 6000 }, (_, i) => cleanClient({ client_id: `c${i}`, name: `n${i} ${'é'.repeat(i % 200)}` }));
    const shapes = {
      'a.json': clients,
      'l.json': { data: clients, meta: { total_results: clients.length } },
      's.json': { oauthlintSnapshot: 1, fetchedAt: '2026-01-01T00:00:00Z', clientCount: clients.length, clients },
    };
    const dir = tempDir(Object.fromEntries(Object.entries(shapes).map(([name, doc]) => [name, JSON.stringify(doc, null, 1)])));
    for (const name of Object.keys(shapes)) expect((await readClients(join(dir, name))).clients).toEqual(clients);
    const text = JSON.stringify(clients).replace('"client_id":"c5000",', '"client_id":"c5000","name":"twice",');
    writeFileSync(join(dir, 'twice.json'), text);
    expect((await inputErrorOf(readClients(join(dir, 'twice.json')))).message).toMatch(/twice\.json: the key "name" appears twice in client record 5001 \(\[5000\]\)/);
  });
  it('says why a file cannot be read', async () => {
    const dir = tempDir();
    expect((await inputErrorOf(readClients(join(dir, 'missing.json')))).message).toMatch(/missing\.json: cannot read the input: no such file/);
    expect((await inputErrorOf(readClients(dir))).message).toMatch(/cannot read the input: is a directory/);
  });
});

describe('UTF-8', () => {
  it('finds the first byte that is not part of a UTF-8 character, exactly where the strict decoder fails', () => {
    // Bytes biased towards lead and continuation bytes, overlongs, surrogates and values above U+10FFFF.
    const random = seededRandom(8259);
    const interesting = [0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xef, 0xf0, 0x90, 0xf4, 0x8f, 0xf5, 0xff];
    const strict = new TextDecoder('utf-8', { fatal: true });
    const decodes = (bytes: Buffer): boolean => {
      try {
        strict.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    let invalid = 0;
    const wrong: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      const buf = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 8) }, () => interesting[Math.floor(random() * interesting.length)] as number));
      const at = firstBadUtf8(buf);
      if ((at === -1) !== isUtf8(buf)) wrong.push(`${buf.toString('hex')}: ${at}`);
      if (at !== -1) {
        invalid++;
        // Everything before it decodes; the sequence starting there does not.
        if (!isUtf8(buf.subarray(0, at)) || decodes(buf.subarray(at))) wrong.push(`${buf.toString('hex')}: ${at}`);
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(invalid).toBeGreaterThan(5000);
  });

  it('refuses input that is not UTF-8, from every reader, naming the byte offset', async () => {
    const records = JSON.stringify({ data: Array.from({ length: 6 }, (_, i) => cleanClient({ client_id: `u${i}`, name: `Café ${i} 漢字 😀` })) });
    const at = records.indexOf('u5');
    const bad = Buffer.concat([Buffer.from(records.slice(0, at)), Buffer.from([0xff]), Buffer.from(records.slice(at))]);
    const offset = Buffer.byteLength(records.slice(0, at));
    const message = `in.json: not UTF-8 (as JSON must be): a byte that is not part of a UTF-8 character at byte offset ${offset}`;
    const file = join(tempDir(), 'in.json');
    writeFileSync(file, bad);
    await expect(readClients(file)).rejects.toThrow(message.replace('in.json', file));
    expect(() => streamClients(bad, 'in.json', () => () => undefined)).toThrow(message);
    for (const size of [1, 7, 4096, 1 << 20]) await expect(streamFile(file, 'in.json', () => () => undefined, size)).rejects.toThrow(message);
    // The same records without the bad byte read alike from every window size, characters split across windows or not.
    writeFileSync(file, records);
    for (const size of [1, 2, 3, 7, 4096]) {
      const names: unknown[] = [];
      await streamFile(file, 'in.json', () => (client) => names.push(client.name), size);
      expect(names).toEqual(JSON.parse(records).data.map((c: { name: string }) => c.name));
    }
  });

  it('says what a file is when its first bytes tell (UTF-16, with or without its mark; gzip), from every reader', async () => {
    const text = JSON.stringify({ data: [cleanClient({ client_id: 'w1' })] }, null, 2);
    const utf16 = (bytes: Buffer, bom: number[]) => Buffer.concat([Buffer.from(bom), bytes]);
    const be = Buffer.from(text, 'utf16le').swap16();
    const cases: [string, Buffer, string][] = [
      ['UTF-16LE with its mark (PowerShell >)', utf16(Buffer.from(text, 'utf16le'), [0xff, 0xfe]), "not UTF-8 (as JSON must be): it is UTF-16 (it starts with a UTF-16 byte order mark, as Windows PowerShell's > writes): save it as UTF-8 (Out-File -Encoding utf8, or curl -o FILE)"],
      ['UTF-16BE with its mark', utf16(be, [0xfe, 0xff]), 'not UTF-8 (as JSON must be): it is UTF-16 (it starts with a UTF-16 byte order mark'],
      ['UTF-16LE without a mark', Buffer.from(text, 'utf16le'), 'not JSON: it looks like UTF-16 without a byte order mark (a zero byte beside each character): save it as UTF-8'],
      ['UTF-16BE without a mark', be, 'not JSON: it looks like UTF-16 without a byte order mark'],
      ['gzip', gzipSync(text), 'not UTF-8 (as JSON must be): it is gzip-compressed (it starts with the gzip magic number): decompress it first (gunzip)'],
    ];
    for (const [name, bytes, said] of cases) {
      const file = join(tempDir(), 'in.json');
      writeFileSync(file, bytes);
      const messages = [
        await inputErrorOf(() => readClients(file)),
        await inputErrorOf(() => streamClients(bytes, file, () => () => undefined)),
        ...(await Promise.all([1, 7, 1 << 20].map((size) => inputErrorOf(() => streamFile(file, file, () => () => undefined, size))))),
      ].map((error) => error.message);
      expect({ name, messages }).toEqual({ name, messages: messages.map(() => expect.stringContaining(`${file}: ${said}`)) });
    }
    // A file that only starts with a zero byte is malformed JSON, said as such.
    expect((await inputErrorOf(() => parseInput('\u0000[]', 'in.json'))).message).toMatch(/^in\.json: malformed JSON: expected a value, found "\\u0000" at line 1, column 1/);
  });
});
