/** The record-by-record readers must agree with the whole-file reader on every input, valid or not. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../src/errors.js';
import { parseInput, type ReadClients } from '../src/collect/input.js';
import { bracketed, streamClients, streamFile } from '../src/collect/stream-input.js';
import type { OAuthClient } from '../src/types.js';
import { cleanClient, tempDir } from './helpers.js';

const hostile = [
  cleanClient({ client_id: 'a', name: 'quote " and \\ backslash \\\\" end', redirect_uris: ['https://x/"]}', 'http://y/\\'] }),
  cleanClient({ client_id: 'b', name: 'ünïcødé 🚀 名前', nested: { deep: [[{ x: ']' }]], s: '}{][' } }),
  cleanClient({ client_id: 'c', client_secret: 'sk_drop_me', name: '' }),
  null,
  'a string record',
  42,
  [1, [2, [3]]],
  { weird: true, n: -1.5e-3, t: true, f: false, z: null },
  // A client that happens to have a "data" list is still a client (it has a client_id).
  cleanClient({ client_id: 'd', data: [{ x: 1 }], meta: {} }),
];

/** Many records whose text looks like record boundaries (`},{`) inside strings and nested values. */
const tricky = Array.from({ length: 60 }, (_, i) =>
  i % 3 === 0
    ? cleanClient({ client_id: `t${i}`, name: `cut here },{ and } , { and }\n,\n{ ${i}` })
    : i % 3 === 1
      ? cleanClient({ client_id: `t${i}`, nested: [{ a: 1 }, { b: [{ c: '},{' }, { d: 2 }] }] })
      : { client_id: `t${i}`, list: [{}, {}], s: '{' },
);

function texts(): Record<string, string> {
  const metaOf = (list: unknown[]) => ({ page_number: 1, page_size: 100, total_pages: 1, total_results: list.length });
  const meta = metaOf(hostile);
  return {
    array: JSON.stringify(hostile),
    'array pretty, CRLF, BOM': `\ufeff${JSON.stringify(hostile, null, 2).replace(/\n/g, '\r\n')}\r\n`,
    'list response, meta after': JSON.stringify({ data: hostile, meta }),
    'list response, meta before': JSON.stringify({ meta, data: hostile }, null, '\t'),
    'snapshot, header first': JSON.stringify({ oauthlintSnapshot: 1, fetchedAt: '2026-01-02T03:04:05Z', source: { kind: 'api' }, clientCount: hostile.length, clients: hostile }),
    'snapshot, header after': JSON.stringify({ clients: hostile, oauthlintSnapshot: 1, fetchedAt: '2026-01-02T03:04:05Z', clientCount: hostile.length }),
    'snapshot with the warnings of its collection, before and after the clients': JSON.stringify({ oauthlintSnapshot: 1, fetchedAt: '2026-01-02T03:04:05Z', warnings: ['the listing was read again'], clientCount: hostile.length, clients: hostile }),
    'snapshot with warnings after the clients': JSON.stringify({ oauthlintSnapshot: 1, fetchedAt: '2026-01-02T03:04:05Z', clients: hostile, warnings: ['after'] }),
    'snapshot with a data key too': JSON.stringify({ oauthlintSnapshot: 1, fetchedAt: '2026-01-02T03:04:05Z', data: [], clientCount: hostile.length, clients: hostile }),
    'empty list': JSON.stringify({ data: [], meta: metaOf([]) }),
    'many tricky records': JSON.stringify({ data: tricky, meta: metaOf(tricky) }),
    'many tricky records, pretty': JSON.stringify(tricky, null, 2),
    'snapshot, boundary-like text after the clients': JSON.stringify({ oauthlintSnapshot: 1, fetchedAt: '2026-01-02T03:04:05Z', clientCount: tricky.length, clients: tricky, extra: [{ a: '},{' }, { b: 1 }] }),
    'empty array': '[ ]',
    // A string that begins with a colon counts as a key to the cheap count: the readers must still agree.
    'strings that begin with a colon, among many records': JSON.stringify({ data: [...tricky.slice(0, 20), cleanClient({ client_id: 'colon', name: ': x', redirect_uris: [' : y', ':', '":"'] }), ...tricky.slice(0, 20)] }),
    'keys that repeat only inside records and values': JSON.stringify({ data: [{ data: 1, meta: { data: 2 }, s: '"data": [], "meta": {' }, ...tricky.slice(0, 5)], meta: { data: [], meta: 1, page_number: 1, total_results: 6 } }),
    'snapshot, non-ASCII after the clients (split across reads by small windows)': JSON.stringify({ oauthlintSnapshot: 1, fetchedAt: '2026-01-02T03:04:05Z', clientCount: tricky.length, clients: tricky, source: { kind: 'file', location: 'Überprüfung/漢字/😀.json' } }),
  };
}

const few = tricky.slice(0, 6);
const broken: Record<string, string> = {
  truncated: JSON.stringify({ data: hostile }).slice(0, 300),
  'bad literal inside a record': '{"data": [{"a": tru}]}',
  'trailing comma': '{"data": [{"a": 1},]}',
  'trailing garbage': '[{"a": 1}] x',
  'unknown shape': '{"items": []}',
  'data not a list': '{"data": {"a": 1}}',
  'snapshot count wrong': JSON.stringify({ oauthlintSnapshot: 1, fetchedAt: '2026-01-02T03:04:05Z', clientCount: 99, clients: [{}] }),
  'snapshot fetchedAt not a time': JSON.stringify({ oauthlintSnapshot: 1, fetchedAt: 'x', clientCount: 1, clients: [{}] }),
  'snapshot fetchedAt after the clients, not a time': `{"oauthlintSnapshot": 1, "clients": [{}], "fetchedAt": "2026-02-30T00:00:00Z"}`,
  'snapshot without fetchedAt': JSON.stringify({ oauthlintSnapshot: 1, clients: [{}] }),
  'snapshot clientCount not a count': JSON.stringify({ oauthlintSnapshot: 1, fetchedAt: '2026-01-02T03:04:05Z', clientCount: '1', clients: [{}] }),
  'a bad record among many good ones': JSON.stringify({ data: tricky }).replace('"t31"', '"t150" x'),
  'snapshot version': JSON.stringify({ oauthlintSnapshot: 2, clients: [] }),
  'snapshot of a partial collection': JSON.stringify({ oauthlintSnapshot: 1, fetchedAt: '2026-01-02T03:04:05Z', source: { kind: 'api', totalResults: 61 }, clients: tricky }),
  'snapshot warnings not a list of texts': JSON.stringify({ oauthlintSnapshot: 1, fetchedAt: '2026-01-02T03:04:05Z', warnings: ['ok', 3], clients: [{}] }),
  'one page of several': JSON.stringify({ data: tricky, meta: { page_number: 1, page_size: 60, total_pages: 2, total_results: 100 } }),
  'meta before, total_results wrong': JSON.stringify({ meta: { total_results: 59 }, data: tricky }),
  'meta after, total_results not a count': JSON.stringify({ data: tricky, meta: { total_results: '60' } }),
  'meta before, not an object': JSON.stringify({ meta: [1], data: tricky }),
  empty: '   ',
  // JSON.parse takes the last of two equal keys, a streaming reader meets the first: refuse, whichever comes first.
  'a second "data" after the list': JSON.stringify({ data: few }).replace(/\}$/, ', "data": []}'),
  'a second "data" before the list': `{"data": [], "meta": {}, "data": ${JSON.stringify(few)}}`,
  'a second "data" spelled with an escape': `{"d\\u0061ta": ${JSON.stringify(few)}, "data": []}`,
  '"meta" twice around the list': `{"meta": {"total_results": 6}, "data": ${JSON.stringify(few)}, "meta": {"total_results": 6}}`,
  'an error response after the list': `{"data": ${JSON.stringify(few)}, "errors": [{"code": "10009", "title": "Authentication failed"}]}`,
  'a snapshot with "clients" twice': `{"oauthlintSnapshot": 1, "fetchedAt": "2026-01-02T03:04:05Z", "clients": ${JSON.stringify(few)}, "clients": []}`,
  // The same inside a record or the header: JSON.parse lints the last client_type, another reader the first.
  'a record with client_type twice': `{"data": [{"client_id": "a"}, {"client_id": "b", "client_type": "public", "client_type": "confidential"}]}`,
  'a record of a bare list with a key twice, equal values': '[{"a": 1, "a": 1}]',
  'a key twice in one of many records (batch reading)': JSON.stringify({ data: tricky }).replace('"client_id":"t40"', '"client_id":"t40","client_id":"t40"'),
  'a key twice deep inside a record': JSON.stringify({ data: tricky }).replace('{"d":2}', '{"d":2, "d" : 3}'),
  'a key twice in meta': `{"data": ${JSON.stringify(few)}, "meta": {"total_results": 6, "total_results": 6}}`,
  'a key twice in meta before the list': `{"meta": {"total_results": 6, "total_results": 60}, "data": ${JSON.stringify(few)}}`,
  // Pages gathered into one array (jq -s) are no list of clients: nothing shows that every page is there.
  'pages of a list response in one array': JSON.stringify([1, 2].map((page) => ({ data: few, meta: { page_number: page, page_size: few.length, total_pages: 2, total_results: 2 * few.length } }))),
  'a page among the records of a list response': JSON.stringify({ data: [...tricky.slice(0, 30), { data: tricky.slice(30) }, ...tricky.slice(31)] }),
  'a key twice in a snapshot source': `{"oauthlintSnapshot": 1, "fetchedAt": "2026-01-02T03:04:05Z", "source": {"kind": "api", "kind": "file"}, "clients": []}`,
};

function viaStream(read: (begin: (shape: ReadClients) => (c: OAuthClient) => void) => ReadClients | Promise<ReadClients>) {
  return (async () => {
    let clients: OAuthClient[] = [];
    let begun: ReadClients | undefined;
    const final = await read((shape) => {
      begun = shape;
      clients = [];
      return (c) => clients.push(c);
    });
    return { final, begun, clients };
  })();
}

async function errorOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  return 'no error';
}

describe.each(Object.entries(texts()))('%s', (_name, text) => {
  const expected = parseInput(text, 'in.json');
  const dir = tempDir({ 'in.json': text });
  const file = join(dir, 'in.json');

  it('streamClients gives the same clients, shape and header', async () => {
    const { final, begun, clients } = await viaStream((begin) => streamClients(Buffer.from(text), 'in.json', begin));
    expect(clients).toEqual(expected.clients);
    expect(final.source).toEqual(expected.source);
    expect(final.snapshot).toEqual(expected.snapshot);
    expect(begun?.snapshot?.fetchedAt).toEqual(expected.snapshot?.fetchedAt);
    expect(final.warnings).toEqual(expected.warnings);
  });

  it.each([1, 2, 7, 64, 4096, 65536])('streamFile with a %i-byte window gives the same', async (size) => {
    const { final, begun, clients } = await viaStream((begin) => streamFile(file, 'in.json', begin, size));
    expect(clients).toEqual(expected.clients);
    expect(final.source).toEqual(expected.source);
    expect(final.snapshot).toEqual(expected.snapshot);
    expect(begun?.snapshot?.fetchedAt).toEqual(expected.snapshot?.fetchedAt);
    expect(final.warnings).toEqual(expected.warnings);
    // A 1-byte window reads the file a byte at a time: seconds for the larger texts on a busy machine.
  }, 30_000);
});

describe.each(Object.entries(broken))('broken: %s', (_name, text) => {
  it('gives the whole-file reader’s error, from every reader', async () => {
    const expected = await errorOf(() => parseInput(text, 'in.json'));
    expect(expected).not.toBe('no error');
    const dir = tempDir();
    const file = join(dir, 'in.json');
    writeFileSync(file, text);
    expect(await errorOf(() => streamClients(Buffer.from(text), 'in.json', () => () => undefined))).toBe(expected);
    for (const size of [1, 5, 4096, 65536]) expect(await errorOf(() => streamFile(file, 'in.json', () => () => undefined, size))).toBe(expected);
  }, 30_000);
});

describe('bracketed: the records of a window as one JSON list', () => {
  it('lends the bytes around the records to "[" and "]" and gives them back', () => {
    const buf = Buffer.from('{"data": [ {"a": 1},\n {"b": "é"} ,{"c": 3}]}');
    const copy = Buffer.from(buf);
    const start = buf.indexOf('{"a"');
    const end = buf.indexOf('} ,') + 1;
    expect(JSON.parse(bracketed(buf, start, end))).toEqual([{ a: 1 }, { b: 'é' }]);
    expect(bracketed(buf, start, end)).toBe('[{"a": 1},\n {"b": "é"}]');
    expect(buf.equals(copy)).toBe(true);
  });

  it('joins the brackets on where there is no byte to lend (the first or last byte of the window)', () => {
    const buf = Buffer.from('{"a": 1}, {"b": 2}');
    expect(bracketed(buf, 0, buf.length)).toBe('[{"a": 1}, {"b": 2}]');
    expect(bracketed(buf, 10, buf.length)).toBe('[{"b": 2}]');
    expect(buf.toString()).toBe('{"a": 1}, {"b": 2}');
  });
});
