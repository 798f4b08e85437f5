/** Collection against a real loopback server that behaves like Telnyx. No mocked HTTP library. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectClients, parseBaseUrl, type CollectOptions } from '../src/collect/collect.js';
import { bypassesProxy, chooseProxy } from '../src/collect/proxy.js';
import { apiErrorTitle, firstBytes, rateLimitResetMs, retryAfterMs } from '../src/collect/telnyx.js';
import { withoutClientSecrets } from '../src/collect/secret-text.js';
import { CollectError, UsageError } from '../src/errors.js';
import { answers200, fakeTelnyxPerTest, makeClient, type FakeTelnyx } from './support/fake-telnyx.js';

const KEY = 'KEY_oauthlint_test_4242_SECRET';
const fake = fakeTelnyxPerTest();

function optionsFor(server: FakeTelnyx, overrides: Partial<CollectOptions> = {}): CollectOptions {
  return {
    baseUrl: new URL(server.baseUrl),
    apiKey: KEY,
    userAgent: 'oauthlint/test',
    pageSize: 100,
    concurrency: 8,
    retries: 4,
    timeoutMs: 2000,
    retryBaseMs: 5,
    maxWaitMs: 2000,
    filters: {},
    ...overrides,
  };
}

async function collectError(promise: Promise<unknown>): Promise<CollectError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CollectError) return error;
    throw error;
  }
  throw new Error('expected a CollectError');
}

const many = (n: number) => Array.from({ length: n }, (_, i) => makeClient(i + 1));

describe('collecting every page', () => {
  it('collects a multi-page account in page order with the wire names the spec uses', async () => {
    const server = await fake({ clients: many(1234), apiKey: KEY });
    const collected = await collectClients(optionsFor(server));
    expect(collected.clients).toHaveLength(1234);
    expect(collected.clients.map((c) => c.client_id)).toEqual(many(1234).map((c) => c.client_id));
    expect(collected.pages).toBe(13);
    expect(collected.warnings).toEqual([]);
    const pages = server.requests.map((r) => Number(r.query.get('page[number]'))).sort((a, b) => a - b);
    expect(pages).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    for (const request of server.requests) {
      expect(request.path).toBe('/v2/oauth_clients');
      expect(request.query.get('page[size]')).toBe('100');
      expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(request.headers['user-agent']).toBe('oauthlint/test');
      expect(request.url).toMatch(/page%5Bsize%5D=100/);
    }
  });

  it('fetches pages after the first concurrently, up to the limit', async () => {
    let active = 0;
    let peak = 0;
    const server = await fake({
      clients: many(1000),
      fault: async (_req, _res, page) => {
        if (page === 1) return false;
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 30));
        active--;
        return false;
      },
    });
    await collectClients(optionsFor(server, { concurrency: 4 }));
    expect(peak).toBe(4);
  });

  it('sends the filters with their exact wire names', async () => {
    const clients = [makeClient(1, { client_type: 'public', name: 'Acme web', allowed_grant_types: ['refresh_token'] }), makeClient(2)];
    const server = await fake({ clients });
    const filters = {
      'filter[client_type]': 'public',
      'filter[verified]': 'true',
      'filter[allowed_grant_types][contains]': 'refresh_token',
      'filter[name][contains]': 'Acme',
    };
    const collected = await collectClients(optionsFor(server, { filters }));
    expect(collected.clients.map((c) => c.client_id)).toEqual([clients[0]?.client_id]);
    const query = server.requests[0]?.query;
    for (const [name, value] of Object.entries(filters)) expect(query?.get(name)).toBe(value);
  });

  it('follows pages until an empty one when meta is missing', async () => {
    const server = await fake({ clients: many(250), meta: () => undefined });
    const collected = await collectClients(optionsFor(server));
    expect(collected.clients).toHaveLength(250);
    expect(server.requests).toHaveLength(4);
    expect(collected.warnings[0]).toMatch(/no meta\.total_pages/);
  });

  it('reads the listing again when a client is deleted between pages, which would have skipped another', async () => {
    // Offset pagination: deleting client 5 after page 1 moves client 101 from page 2 onto page 1,
    // already read, so one reading alone never sees client 101 although it was there all along.
    const clients = many(300);
    let deleted = false;
    const server = await fake({
      clients,
      fault: (_req, _res, page) => {
        if (page === 2 && !deleted) {
          clients.splice(4, 1);
          deleted = true;
        }
        return false;
      },
    });
    const collected = await collectClients(optionsFor(server, { concurrency: 1 }));
    const ids = collected.clients.map((c) => c.client_id);
    expect(ids).toEqual(clients.map((c) => c.client_id));
    expect(ids).toHaveLength(299);
    expect(ids).toContain(makeClient(101).client_id);
    expect(server.requests.filter((r) => r.query.get('page[number]') === '1')).toHaveLength(2);
    expect(collected.pages).toBe(3);
    expect(collected.totalResults).toBe(299);
    expect(collected.warnings).toEqual([
      'the clients changed while they were collected (reading 1: meta.total_results was 300 on page 1 but 299 on page 2), so the listing was read again from page 1: reading 2 of at most 3 was whole',
    ]);
  });

  it('reads the listing again when a client shows on two pages, and the count says one is missing', async () => {
    const clients = many(200);
    let readings = 0;
    const server = await fake({
      clients,
      pageData: (page, size, all) => {
        if (page === 1) readings++;
        // The first reading: client 100 again on page 2 (a client added before it), client 200 never seen.
        return readings === 1 && page === 2 ? [all[99], ...all.slice(100, 199)] : all.slice((page - 1) * size, page * size);
      },
    });
    const collected = await collectClients(optionsFor(server, { concurrency: 1 }));
    expect(collected.clients.map((c) => c.client_id)).toEqual(clients.map((c) => c.client_id));
    expect(collected.warnings).toHaveLength(1);
    expect(collected.warnings[0]).toBe(
      'the clients changed while they were collected (reading 1: 1 client appeared on two pages: 00000000-0000-4000-8000-000000000100 (pages 1 and 2), the pages said 200 clients (meta.total_results) but held 199), so the listing was read again from page 1: reading 2 of at most 3 was whole',
    );
  });

  it('keeps both records of a client_id given twice on one page (no shift makes that): each is linted, as from a file', async () => {
    const clients = many(150);
    clients.splice(50, 0, makeClient(7, { name: 'Client 7 again' }));
    // total_results counts clients: 150 of them, in 151 records.
    const server = await fake({ clients, meta: (page, size) => ({ page_number: page, page_size: size, total_pages: 2, total_results: 150 }) });
    const collected = await collectClients(optionsFor(server));
    expect(collected.clients.map((c) => c.name)).toEqual(clients.map((c) => c.name));
    // The run's own warning names the repeat (run.ts); the count is right.
    expect(collected.warnings).toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('does not let a repeat on one page stand in for a client missing from another', async () => {
    const clients = many(200);
    const server = await fake({
      clients,
      // Page 1 lists client 7 twice; page 2 lacks client 150: 200 records for the 200 said, 199 clients.
      pageData: (page) => (page === 1 ? [...clients.slice(0, 100), clients[6]] : [...clients.slice(100, 149), ...clients.slice(150)]),
    });
    const error = await collectError(collectClients(optionsFor(server)));
    expect(error.message).toContain('(the same each time: the pages said 200 clients (meta.total_results) but held 199 different ones (200 records))');
  });

  it('gives up, collecting nothing, on a listing that changes under every reading', async () => {
    const clients = many(250);
    let added = 0;
    const server = await fake({
      clients,
      fault: (_req, _res, page) => {
        // Someone's automation creates a client (listed first) while every reading is on page 2.
        if (page === 2) clients.unshift(makeClient(1000 + ++added));
        return false;
      },
    });
    const error = await collectError(collectClients(optionsFor(server, { concurrency: 1 })));
    expect(error.message).toBe(
      'Could not collect every client: the pages disagreed on each of 3 readings (' +
        'reading 1: 1 client appeared on two pages: 00000000-0000-4000-8000-000000000100 (pages 1 and 2), meta.total_results was 250 on page 1 but 251 on page 2; ' +
        'reading 2: 1 client appeared on two pages: 00000000-0000-4000-8000-000000000099 (pages 1 and 2), meta.total_results was 251 on page 1 but 252 on page 2; ' +
        'reading 3: 1 client appeared on two pages: 00000000-0000-4000-8000-000000000098 (pages 1 and 2), meta.total_results was 252 on page 1 but 253 on page 2). ' +
        'Clients added or removed while pages are read shift the pages, so a client may have been skipped; no report was written. Run again when the account is not being changed.',
    );
    expect(server.requests.filter((r) => r.query.get('page[number]') === '1')).toHaveLength(3);
  });

  it('follows a total_pages that grows while collecting, and reads again until the pages agree', async () => {
    const clients = many(300);
    let readings = 0;
    const server = await fake({
      clients,
      meta: (page, size) => {
        if (page === 1) readings++;
        return { page_number: page, page_size: size, total_pages: page === 1 && readings === 1 ? 2 : 3, total_results: 300 };
      },
    });
    const collected = await collectClients(optionsFor(server, { concurrency: 1 }));
    expect(collected.clients).toHaveLength(300);
    expect(collected.pages).toBe(3);
    // The first reading followed the grown total to page 3 too.
    expect(server.requests.map((r) => r.query.get('page[number]'))).toEqual(['1', '2', '3', '1', '2', '3']);
    expect(collected.warnings).toEqual([
      'the clients changed while they were collected (reading 1: meta.total_pages was 2 on page 1 but 3 on page 2), so the listing was read again from page 1: reading 2 of at most 3 was whole',
    ]);
  });

  it('takes more clients than meta.total_results said with a warning (none is missing)', async () => {
    const server = await fake({ clients: many(120), meta: (page, size) => ({ page_number: page, page_size: size, total_pages: 2, total_results: 118 }) });
    const collected = await collectClients(optionsFor(server));
    expect(collected.clients).toHaveLength(120);
    expect(collected.warnings).toEqual(['the API reported 118 clients (meta.total_results) but 120 were collected']);
    expect(server.requests).toHaveLength(2);
  });

  it('says "1 client" when meta.total_results is 1', async () => {
    const server = await fake({ clients: many(2), meta: (page, size) => ({ page_number: page, page_size: size, total_pages: 1, total_results: 1 }) });
    const collected = await collectClients(optionsFor(server));
    expect(collected.warnings).toEqual(['the API reported 1 client (meta.total_results) but 2 were collected']);
  });

  it('drops client_secret at collection', async () => {
    const server = await fake({ clients: [makeClient(1, { client_secret: 'sk_live_should_never_appear' }), makeClient(2, { client_secret: null })] });
    const collected = await collectClients(optionsFor(server));
    expect(JSON.stringify(collected)).not.toContain('sk_live_should_never_appear');
    expect(collected.clients[0]?.has_client_secret).toBe(true);
    expect(collected.clients[1]?.has_client_secret).toBe(false);
  });
});

describe('the proxy, from the environment as curl reads it', () => {
  const api = new URL('https://api.telnyx.com/v2');
  it('is HTTPS_PROXY (https_proxy first), else ALL_PROXY, for an https base URL; a value without a scheme is http://', () => {
    expect(chooseProxy(api, {})).toBeUndefined();
    expect(chooseProxy(api, { HTTPS_PROXY: 'http://proxy.corp:3128' })).toEqual({ url: 'http://proxy.corp:3128/', variable: 'HTTPS_PROXY' });
    expect(chooseProxy(api, { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2' })).toEqual({ url: 'http://a:1/', variable: 'https_proxy' });
    expect(chooseProxy(api, { HTTPS_PROXY: ' ', ALL_PROXY: 'proxy.corp:3128' })).toEqual({ url: 'http://proxy.corp:3128/', variable: 'ALL_PROXY' });
    // An http proxy variable is for http targets only.
    expect(chooseProxy(api, { HTTP_PROXY: 'http://p:1' })).toBeUndefined();
  });
  it('is never used for a loopback base URL (a proxy would read the key sent over plain http)', () => {
    for (const base of ['http://127.0.0.1:8080/v2', 'http://localhost:3000/v2', 'http://[::1]:9/v2', 'https://localhost/v2']) {
      expect(chooseProxy(new URL(base), { HTTP_PROXY: 'http://p:1', HTTPS_PROXY: 'http://p:1', ALL_PROXY: 'http://p:1' })).toBeUndefined();
    }
  });
  it('is bypassed for the hosts NO_PROXY names: the host, its domain, a port, or everything', () => {
    const host = new URL('https://api.telnyx.com/v2');
    for (const list of ['*', 'telnyx.com', '.telnyx.com', '*.telnyx.com', 'api.telnyx.com', 'API.Telnyx.com:443', 'internal.corp, telnyx.com', 'a b telnyx.com']) {
      expect({ list, bypassed: bypassesProxy(host, list) }).toEqual({ list, bypassed: true });
    }
    for (const list of ['', 'notelnyx.com', 'api.telnyx.com:8443', 'telnyx.co', 'xapi.telnyx.com', '.']) {
      expect({ list, bypassed: bypassesProxy(host, list) }).toEqual({ list, bypassed: false });
    }
    expect(bypassesProxy(new URL('https://[2001:db8::1]:8443/'), '[2001:db8::1]:8443')).toBe(true);
    expect(bypassesProxy(new URL('https://[2001:db8::1]/'), '2001:db8::1')).toBe(true);
    expect(bypassesProxy(new URL('https://[2001:db8::1]/'), '2001:db8:0:0:0:0:0:2')).toBe(false);
    expect(bypassesProxy(new URL('https://[2001:db8::1]/'), '2001:db8:0:0:0:0:0:1')).toBe(true);
    expect(chooseProxy(host, { HTTPS_PROXY: 'http://p:1', no_proxy: 'telnyx.com' })).toBeUndefined();
    expect(chooseProxy(host, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'other.com' })).toEqual({ url: 'http://p:1/', variable: 'HTTPS_PROXY' });
  });
  it('is bypassed for an IP address in a CIDR range of NO_PROXY, as curl reads them', () => {
    const cases: [string, string, boolean][] = [
      ['https://10.1.2.3/v2', '10.0.0.0/8', true],
      ['https://10.1.2.3/v2', 'internal.corp, 10.0.0.0/8', true],
      ['https://10.1.2.3:8443/v2', '10.1.2.0/24', true],
      ['https://10.1.2.3/v2', '10.1.3.0/24', false],
      ['https://11.1.2.3/v2', '10.0.0.0/8', false],
      ['https://10.1.2.3/v2', '10.1.2.3/32', true],
      ['https://10.1.2.3/v2', '0.0.0.0/0', true],
      ['https://[fd00::5]/v2', 'fd00::/8', true],
      ['https://[fd00::5]/v2', '[fd00::]/8', true],
      ['https://[fe80::5]/v2', 'fd00::/8', false],
      // Not ranges of the host's family, or no ranges at all: nothing bypassed.
      ['https://10.1.2.3/v2', 'fd00::/8', false],
      ['https://[fd00::5]/v2', '10.0.0.0/8', false],
      ['https://10.1.2.3/v2', '10.0.0.0/33', false],
      ['https://10.1.2.3/v2', '10.0.0/8', false],
      // A host name is not an address in a range, whatever it looks like.
      ['https://api.telnyx.com/v2', '0.0.0.0/0', false],
      ['https://10.1.2.3.nip.io/v2', '10.0.0.0/8', false],
    ];
    for (const [url, list, bypassed] of cases) expect({ url, list, bypassed: bypassesProxy(new URL(url), list) }).toEqual({ url, list, bypassed });
    expect(chooseProxy(new URL('https://10.1.2.3/v2'), { HTTPS_PROXY: 'http://p:1', NO_PROXY: '10.0.0.0/8' })).toBeUndefined();
  });
  it('carries the whole collection through its tunnel', async () => {
    const server = await fake({ clients: many(250) });
    const { connect } = await import('node:net');
    const tunnels: string[] = [];
    // A CONNECT proxy that joins each tunnel to the Telnyx stand-in, whatever host was asked for.
    const proxy = createServer((_req, res) => res.writeHead(502).end());
    proxy.on('connect', (req, socket, head) => {
      tunnels.push(req.url ?? '');
      const upstream = connect(Number(new URL(server.baseUrl).port), '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (proxy.address() as AddressInfo).port;
      // The stand-in speaks plain http; the tunnel is what is tested, so the base URL names another host.
      const baseUrl = new URL(`http://api.telnyx.test:${new URL(server.baseUrl).port}/v2`);
      const collected = await collectClients({ ...optionsFor(server), baseUrl, proxy: { url: `http://127.0.0.1:${port}`, variable: 'HTTPS_PROXY' } });
      expect(collected.clients).toHaveLength(250);
      expect(collected.pages).toBe(3);
      expect(tunnels.length).toBeGreaterThan(0);
      expect(new Set(tunnels)).toEqual(new Set([`api.telnyx.test:${new URL(server.baseUrl).port}`]));
    } finally {
      proxy.close();
    }
  });
  it('that is no http(s) URL is a usage error naming the variable, never its value (it may hold a password)', () => {
    for (const value of ['socks5://user:s3cret@p:1080', 'http://user:s3cret@[bad']) {
      let message = '';
      try {
        chooseProxy(api, { HTTPS_PROXY: value });
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/^HTTPS_PROXY /);
      expect(message).not.toContain('s3cret');
    }
  });
});

describe('the API key in the data', () => {
  it('is replaced wherever a client holds it (a pasted key would be printed in every report), and said where', async () => {
    const server = await fake({
      clients: [
        makeClient(1),
        makeClient(2, { redirect_uris: ['https://a.example/cb', `https://a.example/cb?token=${KEY}`], name: `app ${KEY}` }),
        makeClient(3, { notes: { deep: [{ key: KEY }] } } as Record<string, unknown>),
        `raw ${KEY}` as unknown as Record<string, unknown>,
      ],
    });
    const collected = await collectClients(optionsFor(server));
    expect(JSON.stringify(collected)).not.toContain(KEY);
    expect(collected.clients).toHaveLength(4);
    expect(collected.clients[1]?.redirect_uris).toEqual(['https://a.example/cb', 'https://a.example/cb?token=REDACTED-API-KEY']);
    expect(collected.clients[1]?.name).toBe('app REDACTED-API-KEY');
    expect(collected.clients[3]).toBe('raw REDACTED-API-KEY');
    const said = collected.warnings.filter((warning) => warning.includes('API key'));
    expect(said).toEqual([
      `the API key was in the data of 3 clients, ${makeClient(2).client_id} (name, redirect_uris[1]), ${makeClient(3).client_id} (notes.deep[0].key), record 4 of page 1 (the record), and is shown as REDACTED-API-KEY there: anyone who can list the account's OAuth clients can read it, so rotate the key and remove it from those clients`,
    ]);
  });
  it('is taken out of object keys too, each in its place, with paths naming the new key and no value lost', async () => {
    const body = `{"data": [{"client_id": "c1", "notes": {"first": 1, "${KEY}": {"inner ${KEY}": "x"}, "REDACTED-API-KEY": 2, "__proto__": {"polluted": true}, "last": 3}}], "meta": {"page_number": 1, "page_size": 100, "total_pages": 1, "total_results": 1}}`;
    const server = await fake({ clients: [], fault: answers200(body) });
    const collected = await collectClients(optionsFor(server));
    expect(JSON.stringify(collected)).not.toContain(KEY);
    const notes = (collected.clients[0] as unknown as { notes: Record<string, unknown> }).notes;
    // The name the data already had stays its own; the renamed key takes the next free one, where it stood.
    expect(Object.keys(notes)).toEqual(['first', 'REDACTED-API-KEY (2)', 'REDACTED-API-KEY', '__proto__', 'last']);
    expect(notes['REDACTED-API-KEY (2)']).toEqual({ 'inner REDACTED-API-KEY': 'x' });
    expect(notes['REDACTED-API-KEY']).toBe(2);
    expect(Object.getPrototypeOf(notes)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(notes, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(collected.warnings.filter((warning) => warning.includes('API key'))).toEqual([
      expect.stringContaining('the API key was in the data of 1 client, c1 (notes["REDACTED-API-KEY (2)"], notes["REDACTED-API-KEY (2)"]["inner REDACTED-API-KEY"]), and is shown'),
    ]);
  });
  it('is found when the page writes it with JSON escapes (the body then does not hold it as text)', async () => {
    const escaped = [...KEY].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const body = `{"data": [{"client_id": "c1", "name": "app ${escaped}"}], "meta": {"page_number": 1, "page_size": 100, "total_pages": 1, "total_results": 1}}`;
    expect(body).not.toContain(KEY);
    const server = await fake({
      clients: [],
      fault: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
        return true;
      },
    });
    const collected = await collectClients(optionsFor(server));
    expect(collected.clients[0]?.name).toBe('app REDACTED-API-KEY');
    expect(collected.warnings.filter((warning) => warning.includes('API key'))).toHaveLength(1);
  });
  it('leaves data without it alone, and says nothing', async () => {
    const server = await fake({ clients: many(3) });
    const collected = await collectClients(optionsFor(server));
    expect(collected.clients).toEqual(many(3));
    expect(collected.warnings.filter((warning) => warning.includes('API key'))).toEqual([]);
  });
});

describe('faults', () => {
  it('survives 503 then success, counting the retry', async () => {
    const server = await fake({
      clients: many(300),
      fault: (_req, res, page, attempt) => {
        if (page === 2 && attempt <= 2) {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ title: 'Service unavailable' }] }));
          return true;
        }
        return false;
      },
    });
    const collected = await collectClients(optionsFor(server));
    expect(collected.clients).toHaveLength(300);
    expect(collected.retries).toBe(2);
  });

  it('lets other pages go out while one waits to retry: a wait holds no place on the wire', async () => {
    const order: string[] = [];
    const server = await fake({
      clients: many(400),
      fault: (_req, res, page, attempt) => {
        order.push(`${page}.${attempt}`);
        if (page === 2 && attempt === 1) {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ title: 'Service unavailable' }] }));
          return true;
        }
        return false;
      },
    });
    // One request at a time, and a long backoff (503 has no Retry-After): pages 3 and 4 come in the wait.
    const collected = await collectClients(optionsFor(server, { concurrency: 1, retryBaseMs: 400 }));
    expect(collected.clients.map((c) => c.client_id)).toEqual(many(400).map((c) => c.client_id));
    expect(order.indexOf('3.1')).toBeGreaterThan(order.indexOf('2.1'));
    expect(order.indexOf('4.1')).toBeLessThan(order.indexOf('2.2'));
    expect(collected.retries).toBe(1);
  });

  it.each([408, 409, 500, 502, 504])('retries %i', async (status) => {
    const server = await fake({
      clients: many(5),
      fault: (_req, res, _page, attempt) => {
        if (attempt === 1) {
          res.writeHead(status);
          res.end();
          return true;
        }
        return false;
      },
    });
    expect((await collectClients(optionsFor(server))).retries).toBe(1);
  });

  it('honours Retry-After on 429 and slows the whole run down', async () => {
    const times: number[] = [];
    const server = await fake({
      clients: many(500),
      fault: (_req, res, page, attempt) => {
        times.push(Date.now());
        if (page === 2 && attempt === 1) {
          res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ title: 'Too many requests' }] }));
          return true;
        }
        return false;
      },
    });
    const start = Date.now();
    const collected = await collectClients(optionsFor(server, { concurrency: 1 }));
    expect(collected.clients).toHaveLength(500);
    expect(Date.now() - start).toBeGreaterThanOrEqual(950);
    expect(collected.warnings.join('\n')).toMatch(/asked to slow down \(429/);
  });

  it('honours retry-after-ms and x-ratelimit-remaining: 0', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }))).toBe(3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(rateLimitResetMs(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' }))).toBe(2000);
    expect(rateLimitResetMs(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 7) }), now)).toBe(7000);
    expect(rateLimitResetMs(new Headers({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': '2' }))).toBeUndefined();
  });

  it('gives up on a page that never succeeds, naming it and never the key', async () => {
    const server = await fake({
      clients: many(500),
      fault: (_req, res, page) => {
        if (page === 3) {
          res.writeHead(502);
          res.end('bad gateway');
          return true;
        }
        return false;
      },
    });
    const error = await collectError(collectClients(optionsFor(server, { retries: 2 })));
    expect(error.message).toMatch(/Could not collect every client: GET http:\/\/127\.0\.0\.1:\d+\/v2\/oauth_clients\?.*page%5Bnumber%5D=3 failed after 3 attempts: 502 Bad Gateway/);
    expect(error.message).not.toContain(KEY);
    expect(error.exitCode).toBe(3);
  });

  it('times out a hanging response and retries it', async () => {
    const server = await fake({
      clients: many(5),
      fault: (_req, _res, _page, attempt) => attempt === 1, // never answers the first attempt
    });
    const collected = await collectClients(optionsFor(server, { timeoutMs: 200 }));
    expect(collected.clients).toHaveLength(5);
    expect(collected.retries).toBe(1);
  });

  it('fails after timeouts that never end', async () => {
    const server = await fake({ clients: many(5), fault: () => true });
    const error = await collectError(collectClients(optionsFor(server, { timeoutMs: 100, retries: 1 })));
    expect(error.message).toMatch(/no complete response within 0\.1 s \(timeout\)/);
  });

  it('retries a truncated body and reports one that stays broken, quoting its first bytes', async () => {
    const truncated = await fake({
      clients: many(5),
      fault: (_req, res, _page, attempt) => {
        if (attempt > 1) return false;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"data": [{"client_id": "x"');
        res.destroy();
        return true;
      },
    });
    expect((await collectClients(optionsFor(truncated))).clients).toHaveLength(5);
    const broken = await fake({
      clients: many(5),
      fault: answers200('{"data": [{"client_id": "x", "client_secret": "sk_live_in_a_broken_body"'),
    });
    const error = await collectError(collectClients(optionsFor(broken, { retries: 1 })));
    expect(error.message).toMatch(/the body is not JSON \(application\/json, \d+ bytes\); it begins "\{\\"data\\": \[\{\\"client_id\\": \\"x\\", \\"client_secret\\": \\"\[redacted\]\\"/);
    expect(error.message).not.toContain('sk_live_in_a_broken_body');
    // Nor when the key is spelled with an escape and the secret is a list (a hostile or broken server).
    const odd = await fake({ clients: many(5), fault: answers200('{"data": [{"client_id": "x", "client_sec\\u0072et": ["sk_live_hidden"], "name": ') });
    const oddError = await collectError(collectClients(optionsFor(odd, { retries: 1 })));
    expect(oddError.message).toMatch(/client_sec\\\\u0072et\\": \\"\[redacted\]\\", \\"name\\": "/);
    expect(oddError.message).not.toContain('sk_live_hidden');
    // A gateway that wraps the API's answer as a string (valid JSON, not a list): the secrets inside it too.
    const wrapped = await fake({
      clients: many(5),
      fault: answers200(JSON.stringify({ statusCode: 200, body: JSON.stringify({ data: [{ client_secret: 'sk_live_wrapped', client_id: 'x' }] }) })),
    });
    const wrappedError = await collectError(collectClients(optionsFor(wrapped, { retries: 1 })));
    expect(wrappedError.message).toMatch(/not a list of clients .*client_secret\\\\\\": ?\\\\\\"\[redacted\]/);
    expect(wrappedError.message).not.toContain('sk_live_wrapped');
  });

  it('refuses a body far larger than a page, said or streamed, before it fills memory', async () => {
    const { MAX_PAGE_BYTES } = await import('../src/collect/telnyx.js');
    for (const said of [true, false]) {
      let written = 0;
      const server = await fake({
        clients: [],
        fault: (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json', ...(said ? { 'content-length': String(MAX_PAGE_BYTES * 4) } : {}) });
          // Streamed in megabytes until the reader hangs up (or twice the limit, for a reader that does not).
          const piece = Buffer.alloc(2 ** 20, 0x20);
          const more = (): void => {
            while (written < MAX_PAGE_BYTES * 2 && !res.destroyed) {
              written += piece.length;
              if (!res.write(piece)) return void res.once('drain', more);
            }
            res.end();
          };
          res.on('error', () => undefined);
          more();
          return true;
        },
      });
      const error = await collectError(collectClients(optionsFor(server, { retries: 0 })));
      expect(error.message).toMatch(/answered with a body of more than 64 MiB \(200 OK, application\/json\), far more than a page of clients: is the base URL the Telnyx API\?/);
      expect(written).toBeLessThan(MAX_PAGE_BYTES * 2);
    }
  }, 20_000);

  it('refuses a body that is not UTF-8 instead of linting U+FFFD for its bytes', async () => {
    const server = await fake({
      clients: many(5),
      fault: answers200(Buffer.concat([Buffer.from('{"data": [{"client_id": "x", "name": "caf'), Buffer.from([0xe9]), Buffer.from('"}], "meta": {}}')])),
    });
    const error = await collectError(collectClients(optionsFor(server, { retries: 1 })));
    expect(error.message).toMatch(/the body is not UTF-8 \(\d+ bytes; a byte that is not part of a UTF-8 character at offset 41\)/);
  });

  it('refuses a body that is JSON but not a list of clients', async () => {
    const server = await fake({
      clients: [],
      fault: answers200('{"items": []}'),
    });
    expect((await collectError(collectClients(optionsFor(server)))).message).toMatch(/not a list of clients .* it begins "\{\\"items\\": \[\]\}"/);
  });

  it('refuses a 200 page with "errors" beside its clients (as a saved response is refused)', async () => {
    const server = await fake({
      clients: [],
      fault: answers200('{"data": [], "meta": {"total_pages": 1, "total_results": 0}, "errors": [{"code": "50000", "title": "Partial results"}]}'),
    });
    const error = await collectError(collectClients(optionsFor(server)));
    expect(error.message).toMatch(/answered 200 with "errors" beside the clients: 50000: Partial results; the page cannot be trusted to be whole$/);
  });

  it('refuses a 200 page that gives a key twice in a record (no retry: the server says it every time)', async () => {
    const server = await fake({
      clients: [],
      fault: answers200('{"data": [{"client_id": "a"}, {"client_id": "b", "client_type": "public", "client_type": "confidential"}], "meta": {"total_pages": 1, "total_results": 2}}'),
    });
    const error = await collectError(collectClients(optionsFor(server, { retries: 3 })));
    expect(error.message).toMatch(/answered 200 with the key "client_type" twice in client record 2 \(data\[1\]\) of the page; JSON readers disagree on which one counts, so the page cannot be read$/);
    expect(server.requests).toHaveLength(1);
  });

  it('says Telnyx rejected the key on 401/403, with the API title, in both error shapes', async () => {
    const server = await fake({ clients: many(3), apiKey: 'the-right-key' });
    const error = await collectError(collectClients(optionsFor(server)));
    expect(error.message).toMatch(/^Telnyx rejected the API key \(401 Unauthorized: 10009: Authentication failed: The API key is invalid\.\)/);
    expect(error.message).not.toContain(KEY);
    const oauthShape = await fake({
      clients: [],
      fault: (_req, res) => {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'access_denied', error_description: 'Key lacks permission' }));
        return true;
      },
    });
    expect((await collectError(collectClients(optionsFor(oauthShape)))).message).toMatch(/Telnyx rejected the API key \(403 Forbidden: access_denied: Key lacks permission\)/);
  });

  it('says the base URL looks wrong on 404', async () => {
    const server = await fake({ clients: many(3) });
    const error = await collectError(collectClients({ ...optionsFor(server), baseUrl: new URL(`${server.url}/v1`) }));
    expect(error.message).toMatch(/404 Not Found: the base URL looks wrong/);
  });

  it('fails when a later page vanishes (404)', async () => {
    const server = await fake({
      clients: many(300),
      fault: (_req, res, page) => {
        if (page !== 3) return false;
        res.writeHead(404);
        res.end();
        return true;
      },
    });
    const error = await collectError(collectClients(optionsFor(server)));
    expect(error.message).toMatch(/^Could not collect every client: the pages disagreed on each of 3 readings \(the same each time: page 3 of 3 answered 404 Not Found\)\. /);
  });

  it('gives up on an API that answers page 1 whatever page is asked for (a query dropped on the way), and says so', async () => {
    const server = await fake({
      clients: many(250),
      pageData: (_page, size, all) => all.slice(0, size),
      meta: (_page, size, total) => ({ page_number: 1, page_size: size, total_pages: total, total_results: 250 }),
    });
    const error = await collectError(collectClients(optionsFor(server)));
    expect(error.message).toMatch(/^Could not collect every client: the pages disagreed on each of 3 readings \(the same each time: page 2 came back as page 1, page 3 came back as page 1 \(meta\.page_number\), 200 clients appeared on two pages: /);
    expect(error.message).toMatch(/If pages come back as other pages every time, the page number \(page\[number\]\) does not reach the API: check --base-url and any proxy between\.$/);
  });

  it('refuses a total_pages past what it will fetch at once, without fetching up to it', async () => {
    const server = await fake({ clients: many(10), meta: (page, size) => ({ page_number: page, page_size: size, total_pages: 1_000_000_000, total_results: 10 }) });
    const error = await collectError(collectClients(optionsFor(server)));
    expect(error.message).toBe('The API reports 1000000000 pages, more than the 10000 oauthlint will fetch; narrow the run with filters.');
    expect(server.requests).toHaveLength(1);
  });

  it('stops following pages without meta that never end because every page is page 1, and says so', async () => {
    const server = await fake({ clients: many(250), pageData: (_page, size, all) => all.slice(0, size), meta: () => undefined });
    const error = await collectError(collectClients(optionsFor(server)));
    expect(error.message).toMatch(/^Could not collect every client: the pages disagreed on each of 3 readings \(the same each time: 100 clients appeared on two pages: 00000000-0000-4000-8000-000000000001 \(pages 1 and 2\), /);
    // Two pages a reading, not the 10,000 of MAX_PAGES.
    expect(server.requests).toHaveLength(6);
  });

  it('reads the listing again when its last page vanishes (404) because clients were deleted', async () => {
    const clients = many(201);
    let readings = 0;
    const server = await fake({
      clients,
      fault: (_req, res, page) => {
        if (page === 1) readings++;
        // The first reading: two clients are deleted after page 1, so page 3 is no more.
        if (readings === 1 && page === 2 && clients.length === 201) clients.splice(0, 2);
        if (page !== 3 || clients.length > 200) return false;
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: '10005', title: 'Resource not found' }] }));
        return true;
      },
    });
    const collected = await collectClients(optionsFor(server, { concurrency: 1 }));
    expect(collected.clients.map((c) => c.client_id)).toEqual(clients.map((c) => c.client_id));
    expect(collected.clients).toHaveLength(199);
    expect(collected.warnings).toEqual([expect.stringMatching(/^the clients changed while they were collected \(reading 1: page 3 of 3 answered 404 Not Found\), so the listing was read again from page 1: reading 2 of at most 3 was whole$/)]);
  });

  it('says what failed, not a vanished page beside it', async () => {
    const server = await fake({
      clients: many(400),
      fault: (_req, res, page) => {
        if (page < 3) return false;
        res.writeHead(page === 3 ? 404 : 400);
        res.end();
        return true;
      },
    });
    const error = await collectError(collectClients(optionsFor(server, { concurrency: 4 })));
    expect(error.message).toMatch(/^Could not collect every client: GET \S+page%5Bnumber%5D=4 answered 400 Bad Request; body begins ""\. No report was written\.$/);
    // A message that ends a sentence is not given a second full stop.
    const refused = await fake({ clients: many(200), fault: (_req, res, page) => page === 2 && (res.writeHead(403).end(), true) });
    expect((await collectError(collectClients(optionsFor(refused)))).message).toMatch(/allowed to list OAuth clients\. No report was written\.$/);
  });

  it('never sends the key to another origin on a redirect', async () => {
    const seen: (string | undefined)[] = [];
    const other = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: [makeClient(666)], meta: { total_pages: 1 } }));
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = (other.address() as AddressInfo).port;
      const server = await fake({
        clients: [],
        fault: (req, res) => {
          res.writeHead(302, { location: `http://127.0.0.1:${port}${req.url}` });
          res.end();
          return true;
        },
      });
      const error = await collectError(collectClients(optionsFor(server)));
      expect(error.message).toMatch(/redirect to another origin, http:\/\/127\.0\.0\.1:\d+: oauthlint does not follow redirects/);
      expect(seen).toEqual([]);
    } finally {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

describe('base URL', () => {
  it.each(['https://api.telnyx.com/v2', 'http://127.0.0.1:8080/v2', 'http://localhost:3000/v2', 'http://[::1]:9/v2', 'http://127.9.9.9/v2'])('accepts %s', (url) => {
    expect(parseBaseUrl(url).href).toContain(new URL(url).host);
  });
  it.each([
    ['http://api.telnyx.com/v2', /only be sent over https/],
    ['http://127.0.0.1.evil.com/v2', /only be sent over https/],
    ['ftp://api.telnyx.com/v2', /only be sent over https/],
    ['https://user:pw@api.telnyx.com/v2', /must not contain credentials/],
    ['not a url', /Invalid base URL/],
    ['https://api.telnyx.com/v2?x=1', /query or fragment/],
  ])('refuses %s', (url, message) => {
    expect(() => parseBaseUrl(url)).toThrow(UsageError);
    expect(() => parseBaseUrl(url)).toThrow(message);
  });
});

describe('choosing the base URL', () => {
  it('takes --base-url, else TELNYX_BASE_URL, else the default; TELNYX_BASE_URL set to nothing is unset; a bad one says where it came from', async () => {
    const { chooseBaseUrl } = await import('../src/collect/base-url.js');
    expect(chooseBaseUrl(undefined, {}).href).toBe('https://api.telnyx.com/v2');
    // An undefined CI variable expands to "": before, that was 'Invalid base URL ""'.
    expect(chooseBaseUrl(undefined, { TELNYX_BASE_URL: '' }).href).toBe('https://api.telnyx.com/v2');
    expect(chooseBaseUrl(undefined, { TELNYX_BASE_URL: 'http://127.0.0.1:9/v2' }).href).toBe('http://127.0.0.1:9/v2');
    expect(chooseBaseUrl('http://[::1]:9/v2', { TELNYX_BASE_URL: 'http://127.0.0.1:9/v2' }).href).toBe('http://[::1]:9/v2');
    expect(() => chooseBaseUrl(undefined, { TELNYX_BASE_URL: 'api.telnyx.com/v2' })).toThrow('Invalid base URL "api.telnyx.com/v2" (TELNYX_BASE_URL): expected an absolute URL such as https://api.telnyx.com/v2');
    expect(() => chooseBaseUrl('x', {})).toThrow('Invalid base URL "x" (--base-url)');
  });
});

describe('network errors', () => {
  it('say in words what went wrong: a port nothing listens on is "connection refused (ECONNREFUSED)"', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const server = { baseUrl: `http://127.0.0.1:${port}/v2` } as FakeTelnyx;
    const error = await collectError(collectClients(optionsFor(server, { retries: 0 })));
    expect(error.message).toMatch(/failed after 1 attempt: network error: connection refused \(ECONNREFUSED\)$/);
  });
});

describe('error bodies', () => {
  it('reads both error shapes', () => {
    expect(apiErrorTitle('{"errors":[{"code":"10009","title":"Authentication failed","detail":"Bad key"}]}')).toBe('10009: Authentication failed: Bad key');
    expect(apiErrorTitle('{"error":"invalid_client"}')).toBe('invalid_client');
    expect(apiErrorTitle('<html>')).toBeUndefined();
    // Words that quote a client secret (a request echoed back) are given without it, in either shape.
    expect(apiErrorTitle('{"errors":[{"title":"Invalid","detail":"client_secret=sk_live_ECHO"}]}')).toBe('Invalid: client_secret=[redacted]');
    expect(apiErrorTitle('{"error":"invalid_client","error_description":"bad client_secret=sk_live_ECHO"}')).toBe('invalid_client: bad client_secret=[redacted]');
  });
  it('quotes first bytes with controls escaped and secrets redacted', () => {
    expect(firstBytes('<html>\u001b[31m')).toBe('<html>\\\\u001b[31m');
    expect(firstBytes('{"client_secret":"abc","x":1}')).toBe('{\\"client_secret\\":\\"[redacted]\\",\\"x\\":1}');
    expect(firstBytes('x'.repeat(300))).toHaveLength(201);
    // The key spelled with an escape, and values that are not strings: none of the secret shows.
    for (const body of [
      '{"data":[{"client_sec\\u0072et":"sk_live_LEAK","x":1',
      '{"data":[{"client_secret":{"a":"x","b":"sk_live_LEAK"},"x":1',
      '{"data":[{"client_secret":{"a":"}","b":"sk_live_LEAK"}},"x":1',
      '{"data":[{"client_secret":["a","sk_live_LEAK"],"x":1',
      '{"data":[{"client_secret" :\n "sk_live_LEAK\\" cut off',
    ]) {
      const shown = firstBytes(body);
      expect(shown).not.toContain('LEAK');
      expect(shown).toContain('[redacted]');
    }
    expect(firstBytes('{"client_secret": {"a": 1}, "x": "kept"}')).toBe('{\\"client_secret\\": \\"[redacted]\\", \\"x\\": \\"kept\\"}');
    // A string that says client_secret is not a key.
    expect(firstBytes('{"a":"client_secret","b":"v"}')).toBe('{\\"a\\":\\"client_secret\\",\\"b\\":\\"v\\"}');
  });

  it('redacts client secrets in JSON held in a string, cut off or not, and in a form', () => {
    const leaks = [
      // A gateway's wrapping of the API's answer, whole, cut off, cut inside an escape, wrapped twice.
      JSON.stringify({ statusCode: 200, body: JSON.stringify({ data: [{ client_secret: 'sk_live_LEAK', x: 1 }] }) }),
      '{"statusCode":200,"body":"{\\"data\\":[{\\"client_secret\\":\\"sk_live_LE',
      '{"statusCode":200,"body":"{\\"data\\":[{\\"client_secret\\":\\"sk_live_LEAK\\u00',
      JSON.stringify({ body: JSON.stringify({ body: JSON.stringify({ client_secret: 'sk_live_LEAK' }) }) }),
      // A string JSON cannot read (a raw newline inside it): nothing after the mention is shown.
      '{"raw":"{\\"client_secret\\": \\"sk_live_LEAK\n\\"}"}',
      // Form-encoded, in a page or in a string.
      '<html>client_secret=sk_live_LEAK&grant_type=x</html>',
      '{"q":"grant_type=x&client_secret = sk_live_LEAK"}',
    ];
    for (const body of leaks) {
      const shown = withoutClientSecrets(body);
      expect({ body, shown, leaked: shown.includes('LEAK') }).toMatchObject({ leaked: false });
      expect(shown).toContain('[redacted]');
    }
    expect(withoutClientSecrets(JSON.stringify({ body: JSON.stringify({ client_secret: 'sk', x: 'kept' }) }))).toBe(JSON.stringify({ body: JSON.stringify({ client_secret: '[redacted]', x: 'kept' }) }));
    // Strings that only mention client_secret are left as they are, escapes and all.
    for (const body of ['{"a":"client_secret","b":"v"}', '{"a":"no client_secret here \\u0041","b":"v"}', '{"a":"client_secret=[redacted]"}']) {
      expect(withoutClientSecrets(body)).toBe(body);
    }
  });
});
