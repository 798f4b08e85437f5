/** The CLI as a process against a loopback Telnyx stand-in: exit codes, output, and no secrets anywhere. */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeTelnyxPerTest, makeClient, type FakeTelnyx } from './support/fake-telnyx.js';
import { Readable } from 'node:stream';
import { main } from '../src/main.js';
import { runCli, tempDir, type ProcessResult } from './helpers.js';

const KEY = 'KEY_cli_test_SECRET_9f8e7d';
const SECRET = 'sk_live_client_secret_value_42';
const fake = fakeTelnyxPerTest();

const account = () => [
  ...Array.from({ length: 250 }, (_, i) => makeClient(i + 1)),
  makeClient(251, { client_type: 'public', require_pkce: false, client_secret: SECRET, redirect_uris: ['http://evil.example.com/cb'] }),
];

/** Everything a run left behind: its output and every file in its directory. */
function everything(result: ProcessResult, dir: string): string {
  const files = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));
  return [result.stdout, result.stderr, ...files].join('\n');
}

function env(server: FakeTelnyx, extra: Record<string, string> = {}): Record<string, string> {
  return { TELNYX_API_KEY: KEY, TELNYX_BASE_URL: server.baseUrl, OAUTHLINT_RETRY_BASE_MS: '5', ...extra };
}

describe('collecting from the API through the CLI', () => {
  it('lints every client of a multi-page account and says what was collected', async () => {
    const server = await fake({ clients: account(), apiKey: KEY });
    const dir = tempDir();
    const result = await runCli(['-f', 'json', '--save-snapshot', 'snap.json'], { cwd: dir, env: env(server) });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.summary.clients).toBe(251);
    expect(report.source).toMatchObject({ kind: 'api', pages: 3, retries: 0, totalResults: 251 });
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(['no-http-redirect-uri', 'public-client-has-secret', 'public-client-require-pkce']);
    expect(server.requests.every((r) => r.query.get('page[size]') === '100')).toBe(true);
    const text = await runCli([], { cwd: dir, env: env(server) });
    expect(text.stdout).toMatch(/Collected 251 clients from 3 pages of http:\/\/127\.0\.0\.1:\d+\/v2\./);
    expect(everything(result, dir) + text.stdout + text.stderr).not.toContain(KEY);
    expect(everything(result, dir)).not.toContain(SECRET);
  });

  it('writes a snapshot that lints back to the same findings', async () => {
    const server = await fake({ clients: account() });
    const dir = tempDir();
    const live = await runCli(['-f', 'json', '--save-snapshot', 'snap.json'], { cwd: dir, env: env(server) });
    const snapshot = JSON.parse(readFileSync(join(dir, 'snap.json'), 'utf8'));
    expect(snapshot).toMatchObject({ oauthlintSnapshot: 1, clientCount: 251, source: { kind: 'api', baseUrl: server.baseUrl, pages: 3, totalResults: 251, filters: {} } });
    expect(Date.parse(snapshot.fetchedAt)).not.toBeNaN();
    expect(snapshot.clients[250].has_client_secret).toBe(true);
    const replay = await runCli(['-f', 'json', '-i', 'snap.json'], { cwd: dir });
    expect(replay.code).toBe(live.code);
    const strip = (out: string) => JSON.parse(out).findings;
    expect(strip(replay.stdout)).toEqual(strip(live.stdout));
  });

  it('gives the SARIF of a filtered collection a category of its own, unless --sarif-category names one', async () => {
    const server = await fake({ clients: account() });
    const dir = tempDir();
    const categoryOf = async (...args: string[]) => {
      const result = await runCli(['-f', 'sarif', '--fail-on', 'none', ...args], { cwd: dir, env: env(server) });
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout).runs[0].automationDetails.id;
    };
    expect(await categoryOf()).toBe('oauthlint/telnyx/');
    expect(await categoryOf('--client-type', 'public')).toBe('oauthlint/telnyx/client_type=public/');
    expect(await categoryOf('--client-type', 'confidential', '--no-verified')).toBe('oauthlint/telnyx/client_type=confidential,verified=false/');
    expect(await categoryOf('--client-type', 'public', '--sarif-category', 'oauthlint/telnyx/mobile/')).toBe('oauthlint/telnyx/mobile/');
    // A snapshot of that part, linted later, is the same part: read whole or streamed.
    await runCli(['--client-type', 'public', '--save-snapshot', 'public.json', '-f', 'json', '--fail-on', 'none'], { cwd: dir, env: env(server) });
    expect(await categoryOf('-i', 'public.json')).toBe('oauthlint/telnyx/client_type=public/');
    expect(await categoryOf('-i', 'public.json', '--save-snapshot', 'again.json')).toBe('oauthlint/telnyx/client_type=public/');
    expect(await categoryOf('-i', 'public.json', '--sarif-category', 'x/')).toBe('x/');
  });

  it('sends filters with their wire names', async () => {
    const server = await fake({ clients: account() });
    const result = await runCli(['--client-type', 'public', '--grant-type', 'refresh_token', '--verified', '--name-contains', 'Client', '--page-size', '50'], { cwd: tempDir(), env: env(server) });
    expect(result.stderr).toBe('');
    const query = server.requests[0]?.query;
    expect(query?.get('filter[client_type]')).toBe('public');
    expect(query?.get('filter[allowed_grant_types][contains]')).toBe('refresh_token');
    expect(query?.get('filter[verified]')).toBe('true');
    expect(query?.get('filter[name][contains]')).toBe('Client');
    expect(query?.get('page[size]')).toBe('50');
  });

  it('survives injected 429s and 5xx', async () => {
    const server = await fake({
      clients: account(),
      fault: (_req, res, page, attempt) => {
        if (attempt === 1 && page === 2) {
          res.writeHead(429, { 'retry-after': '0' });
          res.end();
          return true;
        }
        if (attempt <= 2 && page === 3) {
          res.writeHead(503);
          res.end();
          return true;
        }
        return false;
      },
    });
    const result = await runCli(['-f', 'json'], { cwd: tempDir(), env: env(server) });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).summary.clients).toBe(251);
  });

  it('exits 3 with no report and no snapshot when a page never succeeds', async () => {
    const server = await fake({
      clients: account(),
      fault: (_req, res, page) => {
        if (page !== 2) return false;
        res.writeHead(500);
        res.end();
        return true;
      },
    });
    const dir = tempDir();
    const result = await runCli(['-f', 'json', '-o', 'report.json', '--save-snapshot', 'snap.json', '--retries', '1'], { cwd: dir, env: env(server) });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/Could not collect every client: .*page%5Bnumber%5D=2 failed after 2 attempts: 500 Internal Server Error/);
    expect(existsSync(join(dir, 'report.json'))).toBe(false);
    expect(existsSync(join(dir, 'snap.json'))).toBe(false);
    expect(result.stdout).toBe('');
    expect(everything(result, dir)).not.toContain(KEY);
  });

  it('exits 3 with nothing written when the account changes under every reading of its pages', async () => {
    const clients = account();
    const server = await fake({
      clients,
      fault: (_req, _res, page) => {
        // A client deleted from page 1 while page 2 is read: page 2 then starts one client later.
        if (page === 2) clients.shift();
        return false;
      },
    });
    const dir = tempDir();
    const result = await runCli(['-f', 'json', '-o', 'report.json', '--save-snapshot', 'snap.json', '--concurrency', '1'], { cwd: dir, env: env(server) });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/Could not collect every client: the pages disagreed on each of 3 readings \(reading 1: meta\.total_results was 251 on page 1 but 250 on page 2; reading 2: meta\.total_results was 250 on page 1 but 249 on page 2; reading 3: /);
    expect(result.stderr).toMatch(/so a client may have been skipped; no report was written/);
    expect(result.stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
    expect(everything(result, dir)).not.toContain(KEY);
  });

  it('lints the whole account, with a warning, when a second reading of a changed listing is whole', async () => {
    const clients = account();
    let changed = false;
    const server = await fake({
      clients,
      fault: (_req, _res, page) => {
        if (page === 2 && !changed) {
          clients.shift();
          changed = true;
        }
        return false;
      },
    });
    const dir = tempDir();
    const result = await runCli(['-f', 'json', '--concurrency', '1', '--save-snapshot', 'snap.json'], { cwd: dir, env: env(server) });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.summary.clients).toBe(250);
    expect(report.warnings).toEqual([expect.stringMatching(/^the clients changed while they were collected \(reading 1: .*\), so the listing was read again from page 1: reading 2 of at most 3 was whole$/)]);
    // The snapshot keeps what the collection noted, and a lint of it says it again, as of then.
    const snapshot = JSON.parse(readFileSync(join(dir, 'snap.json'), 'utf8'));
    expect(snapshot.warnings).toEqual(report.warnings);
    const replay = await runCli(['-f', 'json', '-i', 'snap.json'], { cwd: dir });
    expect(JSON.parse(replay.stdout).warnings).toEqual([`snap.json: when it was collected: ${report.warnings[0]}`]);
    expect(JSON.parse(replay.stdout).findings).toEqual(report.findings);
  });

  it('writes no SARIF at all when the collection fails (an empty upload would close every alert)', async () => {
    const server = await fake({
      clients: account(),
      fault: (_req, res, page) => {
        if (page !== 3) return false;
        res.writeHead(503);
        res.end();
        return true;
      },
    });
    const dir = tempDir();
    const result = await runCli(['-f', 'text', '-f', 'sarif', '--output.sarif', 'results.sarif', '--retries', '0'], { cwd: dir, env: env(server) });
    expect(result.code).toBe(3);
    expect(existsSync(join(dir, 'results.sarif'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('exits 3 with a clear message for a wrong key', async () => {
    const server = await fake({ clients: account(), apiKey: 'another-key' });
    const dir = tempDir();
    const result = await runCli([], { cwd: dir, env: env(server) });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^oauthlint: Telnyx rejected the API key \(401 Unauthorized: 10009: Authentication failed/);
    expect(result.stdout).toBe('');
    expect(everything(result, dir)).not.toContain(KEY);
  });

  it('passes on no GitHub workflow command in what the API answered (an error title is quoted on stderr)', async () => {
    const server = await fake({
      clients: account(),
      fault: (_req, res) => {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ title: '##[set-output name=exit-code;]0', detail: 'x' }] }));
        return true;
      },
    });
    const result = await runCli(['--retries', '0'], { cwd: tempDir(), env: env(server) });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('#\\u0023[set-output name=exit-code;]0');
    expect(result.stderr).not.toContain('##[');
  });

  it('never repeats a key the server echoes back, whatever the error path', async () => {
    const echoes = [
      (res: import('node:http').ServerResponse) => {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ title: `Invalid key ${KEY}` }] }));
      },
      (res: import('node:http').ServerResponse) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`upstream rejected Bearer ${KEY}`);
      },
      (res: import('node:http').ServerResponse) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<html>token=${KEY}</html>`);
      },
      (res: import('node:http').ServerResponse) => {
        res.writeHead(422, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_request', error_description: `bad ${KEY}` }));
      },
    ];
    // The 500's plain-text body is not quoted at all; the others are, with the key blanked out.
    const quoted = [true, false, true, true];
    for (const [i, echo] of echoes.entries()) {
      const server = await fake({ clients: account(), fault: (_req, res) => (echo(res), true) });
      // The key comes from a file, so the last-resort redaction of TELNYX_API_KEY cannot help.
      const dir = tempDir({ key: KEY });
      const result = await runCli(['--api-key-file', 'key', '--retries', '0'], { cwd: dir, env: { TELNYX_BASE_URL: server.baseUrl } });
      expect(result.code).toBe(3);
      if (quoted[i]) expect(result.stderr).toMatch(/\[redacted\]/);
      expect(result.stdout + result.stderr).not.toContain(KEY);
    }
  });

  it('reads the key from --api-key-file', async () => {
    const server = await fake({ clients: account(), apiKey: KEY });
    const dir = tempDir({ key: `${KEY}\n` });
    const result = await runCli(['--api-key-file', 'key', '-f', 'json'], { cwd: dir, env: { TELNYX_BASE_URL: server.baseUrl } });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });

  it('keeps a key pasted into a client out of every report, the snapshot and the baseline, and warns', async () => {
    const clients = [...account(), makeClient(252, { client_type: 'public', require_pkce: false, redirect_uris: [`http://cb.example/?key=${KEY}`], name: `leaky ${KEY}` })];
    const server = await fake({ clients, apiKey: KEY });
    const dir = tempDir({ key: KEY });
    const result = await runCli(
      ['--api-key-file', 'key', '-f', 'text', '-f', 'json', '-f', 'sarif', '-f', 'markdown', '--output.json', 'r.json', '--output.sarif', 'r.sarif', '--output.markdown', 'r.md', '--save-snapshot', 's.json', '--write-baseline', 'b.json'],
      { cwd: dir, env: { TELNYX_BASE_URL: server.baseUrl } },
    );
    expect(result.code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['b.json', 'key', 'r.json', 'r.md', 'r.sarif', 's.json']);
    const written = ['b.json', 'r.json', 'r.md', 'r.sarif', 's.json'].map((name) => readFileSync(join(dir, name), 'utf8'));
    expect([result.stdout, result.stderr, ...written].join('\n')).not.toContain(KEY);
    expect(result.stdout).toContain(`warning: the API key was in the data of 1 client, ${makeClient(252).client_id} (name, redirect_uris[0])`);
    expect(result.stdout).toContain('"http://cb.example/?key=REDACTED-API-KEY"');
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).warnings.some((warning: string) => warning.startsWith('the API key was in the data of 1 client'))).toBe(true);
  });

  describe('through a proxy (HTTPS_PROXY, as curl reads it)', () => {
    /** A proxy on 127.0.0.1 that answers every tunnel request with `status`, and remembers what it was asked. */
    async function proxyAnswering(status: string): Promise<{ url: string; asked: string[]; close: () => void }> {
      const { createServer } = await import('node:http');
      const asked: string[] = [];
      const server = createServer((req, res) => {
        asked.push(`${req.method} ${req.url}`);
        res.writeHead(502).end();
      });
      server.on('connect', (req, socket) => {
        asked.push(`CONNECT ${req.url} ${req.headers['proxy-authorization'] ?? '(no credentials)'}`);
        socket.end(`HTTP/1.1 ${status}\r\n\r\n`);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as import('node:net').AddressInfo;
      return { url: `127.0.0.1:${port}`, asked, close: () => server.close() };
    }

    it('asks the proxy for a tunnel to the API, with the credentials of the proxy URL, and says what it answered', async () => {
      const proxy = await proxyAnswering('407 Proxy Authentication Required');
      try {
        const result = await runCli(['--retries', '2'], { cwd: tempDir(), env: { TELNYX_API_KEY: KEY, TELNYX_BASE_URL: 'https://api.telnyx.test/v2', HTTPS_PROXY: `http://ops:pr0xy-pw@${proxy.url}` } });
        expect(result.code).toBe(3);
        expect(result.stderr).toMatch(/the proxy from HTTPS_PROXY answered 407 when asked to connect to api\.telnyx\.test: it wants credentials/);
        // Refused is refused: asked once, not retried.
        expect(proxy.asked).toEqual([`CONNECT api.telnyx.test:443 Basic ${Buffer.from('ops:pr0xy-pw').toString('base64')}`]);
        expect(result.stdout + result.stderr).not.toContain('pr0xy-pw');
        expect(result.stdout + result.stderr).not.toContain(KEY);
      } finally {
        proxy.close();
      }
    });

    it('retries a proxy in trouble (502) and then says so', async () => {
      const proxy = await proxyAnswering('502 Bad Gateway');
      try {
        const result = await runCli(['--retries', '1'], { cwd: tempDir(), env: { TELNYX_API_KEY: KEY, TELNYX_BASE_URL: 'https://api.telnyx.test/v2', https_proxy: proxy.url, OAUTHLINT_RETRY_BASE_MS: '5' } });
        expect(result.code).toBe(3);
        expect(result.stderr).toMatch(/failed after 2 attempts: the proxy from https_proxy answered 502 when asked to connect to api\.telnyx\.test/);
        expect(proxy.asked).toHaveLength(2);
      } finally {
        proxy.close();
      }
    });

    it('is not used where NO_PROXY names the host, nor for a loopback base URL', async () => {
      const proxy = await proxyAnswering('403 Forbidden');
      const server = await fake({ clients: account(), apiKey: KEY });
      try {
        const direct = await runCli(['-q'], { cwd: tempDir(), env: { ...env(server), HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, ALL_PROXY: proxy.url } });
        expect(direct.code).toBe(1);
        expect(direct.stdout).toMatch(/251 clients checked/);
        const bypassed = await runCli(['--retries', '0', '--timeout', '1'], { cwd: tempDir(), env: { TELNYX_API_KEY: KEY, TELNYX_BASE_URL: 'https://api.telnyx.test/v2', HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,.telnyx.test' } });
        expect(bypassed.code).toBe(3);
        expect(bypassed.stderr).not.toMatch(/proxy/);
        expect(proxy.asked).toEqual([]);
      } finally {
        proxy.close();
      }
    });

    it('that is not an http(s) URL is a usage error naming the variable', async () => {
      const result = await runCli([], { cwd: tempDir(), env: { TELNYX_API_KEY: KEY, HTTPS_PROXY: 'socks5://ops:pr0xy-pw@127.0.0.1:1080' } });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('oauthlint: HTTPS_PROXY names a socks5 proxy; oauthlint goes through http:// and https:// proxies only\n');
    });
  });

  it('refuses --api-key without repeating its value', async () => {
    const result = await runCli(['--api-key', KEY], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no --api-key flag/);
    expect(result.stdout + result.stderr).not.toContain(KEY);
    const joined = await runCli([`--api-key=${KEY}`], { cwd: tempDir() });
    expect(joined.stdout + joined.stderr).not.toContain(KEY);
  });

  describe('usage errors exit 2 and never leak the key', () => {
    it.each([
      [['--client-type', 'secret'], /^oauthlint: --client-type: expected one of "public", "confidential", got "secret"\n/],
      [['--grant-type', 'implicit'], /^oauthlint: --grant-type: expected one of "client_credentials", "authorization_code", "refresh_token", got "implicit"\n/],
      [['--grant-type'], /^oauthlint: --grant-type needs a value: one of "client_credentials"/],
      [['--concurrency'], /^oauthlint: --concurrency needs a value\n/],
      [['--retries'], /^oauthlint: --retries needs a value\n/],
      [['--verified=yes'], /^oauthlint: --verified takes no value \(--verified for true, --no-verified for false\), got "--verified=yes"\n/],
      [['--page-size', '101'], /--page-size must be a whole number from 1 to 100/],
      [['--page-size', '0'], /--page-size must be a whole number from 1 to 100/],
      [['--concurrency', '0'], /--concurrency must be a whole number from 1 to 32/],
      [['--retries', '-1'], /--retries must be a whole number from 0 to 10/],
      [['--timeout', '0'], /--timeout must be a number of seconds from 0\.001 to 600, got 0\n/],
      // Below a millisecond, the timer refused it: an internal error before.
      [['--timeout', '1e-9'], /^oauthlint: --timeout must be a number of seconds from 0\.001 to 600, got 1e-9\n/],
      // yargs makes it NaN, which the message printed as null.
      [['--page-size', '50abc'], /^oauthlint: --page-size must be a whole number from 1 to 100, got something that is not a number\n/],
      [['--page-size', '50', '--page-size', '60'], /^oauthlint: --page-size was given more than once\n/],
      [['--timeout', '5', '--timeout', '6'], /^oauthlint: --timeout was given more than once\n/],
      [['--base-url', 'http://api.telnyx.com/v2'], /only be sent over https/],
      [['--input', 'x.json', '--client-type', 'public'], /--client-type applies when collecting from the API/],
    ])('%j', async (args, message) => {
      const result = await runCli(args as string[], { cwd: tempDir(), env: { TELNYX_API_KEY: KEY } });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout + result.stderr).not.toContain(KEY);
    });
    it('without a key or input, says how to provide one', async () => {
      const result = await runCli([], { cwd: tempDir() });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/set TELNYX_API_KEY \(or --api-key-file FILE\)/);
      // Set to nothing is the same as not set; set to blanks is a key gone wrong, and says so.
      expect((await runCli([], { cwd: tempDir(), env: { TELNYX_API_KEY: '' } })).stderr).toMatch(/^oauthlint: No clients to lint/);
      const blank = await runCli([], { cwd: tempDir(), env: { TELNYX_API_KEY: ' \t ' } });
      expect(blank.code).toBe(2);
      expect(blank.stderr).toBe('oauthlint: TELNYX_API_KEY is set but holds only white space: set it to the API key, or pass --input FILE (or - for stdin).\n');
    });
    it.each([
      ['white space inside', 'KEY0123\tABCD', /contains white space or control characters/],
      ['a control character', 'KEY0123\u0001ABCD', /contains white space or control characters/],
      ['a typographic dash', 'KEY0123\u2013ABCD', /contains characters other than printable ASCII \(a Telnyx API key has none\)/],
      ['a Latin-1 letter', 'KEY0123\u00e9ABCD', /contains characters other than printable ASCII/],
      // Copied from a curl line: say what to drop.
      ['the Bearer scheme in front', 'Bearer KEY0123ABCD', /starts with "Bearer": set the key alone \(oauthlint sends it as a Bearer token\)\.$/m],
      ['the whole header in front', 'Authorization: bearer  KEY0123ABCD', /starts with "Authorization: bearer": set the key alone/],
    ])('refuses a key with %s (exit 2, the key not shown), from the environment and from a file', async (_what, key, message) => {
      // Before: a character fetch cannot put in a header came back as a "network error" (exit 3).
      const dir = tempDir({ key: `${key}\n` });
      for (const [args, env] of [[[], { TELNYX_API_KEY: key }], [['--api-key-file', 'key'], {}]] as const) {
        const result = await runCli([...args, '--retries', '0'], { cwd: dir, env: { ...env, TELNYX_BASE_URL: 'http://127.0.0.1:9/v2' } });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stdout + result.stderr).not.toContain(key);
        expect(result.stderr).not.toContain('ABCD');
      }
    });
    it('with a key file that is not UTF-8 (UTF-16 from Notepad, Latin-1), saying so before any request and not showing the key', async () => {
      // Before: each bad byte was read as U+FFFD, and the key was refused for "characters other than printable ASCII".
      const dir = tempDir();
      writeFileSync(join(dir, 'utf16'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${KEY}\r\n`, 'utf16le')]));
      writeFileSync(join(dir, 'latin1'), Buffer.from(`${KEY.slice(0, 6)}\xe9${KEY.slice(6)}\n`, 'latin1'));
      const expected = {
        utf16: 'oauthlint: Cannot read the API key file utf16: not UTF-8: it is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8\n',
        latin1: 'oauthlint: Cannot read the API key file latin1: not UTF-8: line 1, column 7 (byte offset 6): a byte that is not part of a UTF-8 character; save the file as UTF-8\n',
      };
      for (const [file, stderr] of Object.entries(expected)) {
        const result = await runCli(['--api-key-file', file, '--retries', '0'], { cwd: dir, env: { TELNYX_BASE_URL: 'http://127.0.0.1:9/v2' } });
        expect(result.code).toBe(2);
        expect(result.stderr).toBe(stderr);
        expect(result.stdout).toBe('');
      }
    });
    it('with an empty key file', async () => {
      const dir = tempDir({ key: '\n' });
      writeFileSync(join(dir, 'key'), '');
      const result = await runCli(['--api-key-file', 'key'], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/is empty/);
    });
  });
});

describe('oauthlint diff against the live account', () => {
  it('compares a snapshot with what the API returns now', async () => {
    const before = account().slice(0, 200);
    const server = await fake({ clients: account() });
    const dir = tempDir({ 'old.json': JSON.stringify({ oauthlintSnapshot: 1, fetchedAt: '2026-11-24T00:00:00Z', source: { kind: 'api' }, clientCount: before.length, clients: before }) });
    const result = await runCli(['diff', 'old.json', '-f', 'json'], { cwd: dir, env: env(server) });
    expect(result.code).toBe(0);
    const diff = JSON.parse(result.stdout);
    expect(diff.new.clients).toBe(251);
    expect(diff.inventory.added).toHaveLength(51);
    expect(diff.findings.introduced.map((f: { ruleId: string }) => f.ruleId).sort()).toEqual(['no-http-redirect-uri', 'public-client-has-secret', 'public-client-require-pkce']);
    expect(result.stdout + result.stderr).not.toContain(KEY);
    expect(result.stdout).not.toContain(SECRET);
  });

  it('compares a snapshot of part of the account with the same part of it now: collected with its filters', async () => {
    const clients = account().map((client, i) => (i % 2 === 0 ? { ...client, client_type: 'public' } : client));
    const server = await fake({ clients });
    const dir = tempDir();
    // Last week: the public clients only.
    expect((await runCli(['--client-type', 'public', '--save-snapshot', 'old.json', '-f', 'json', '--fail-on', 'none'], { cwd: dir, env: env(server) })).code).toBe(0);
    const old = JSON.parse(readFileSync(join(dir, 'old.json'), 'utf8'));
    expect(old.source.filters).toEqual({ 'filter[client_type]': 'public' });
    server.requests.length = 0;
    const result = await runCli(['diff', 'old.json', '-f', 'json'], { cwd: dir, env: env(server) });
    expect(result.code).toBe(0);
    const diff = JSON.parse(result.stdout);
    expect(server.requests.every((request) => request.query.get('filter[client_type]') === 'public')).toBe(true);
    expect(diff.inventory.added).toEqual([]);
    expect(diff.new.clients).toBe(old.clientCount);
    expect(diff.warnings).toEqual(['the live account was collected with the filters of old.json (filter[client_type]="public"), so like is compared with like']);
    // A lint of the whole account against it says the parts differ (clients outside it show as added).
    const lint = await runCli(['--previous', 'old.json', '-f', 'json', '--fail-on', 'none'], { cwd: dir, env: env(server) });
    expect(JSON.parse(lint.stdout).warnings).toEqual([`old.json was collected with filter[client_type]="public" and ${server.baseUrl} with no filters: clients in only one of those parts show as added or removed`]);
    // So does a diff of two snapshots of different parts.
    await runCli(['--save-snapshot', 'all.json', '-f', 'json', '--fail-on', 'none'], { cwd: dir, env: env(server) });
    const files = await runCli(['diff', 'old.json', 'all.json', '-f', 'json'], { cwd: dir });
    expect(JSON.parse(files.stdout).warnings).toEqual(['old.json was collected with filter[client_type]="public" and all.json with no filters: clients in only one of those parts show as added or removed']);
  });

  it('refuses a snapshot whose filters are not filters oauthlint sends, before sending them', async () => {
    const server = await fake({ clients: account() });
    const snapshot = (filters: unknown) => JSON.stringify({ oauthlintSnapshot: 1, fetchedAt: '2026-11-24T00:00:00Z', source: { kind: 'api', filters }, clientCount: 0, clients: [] });
    const dir = tempDir({ 'a.json': snapshot({ 'filter[evil]': 'x' }), 'b.json': snapshot({ 'filter[client_type]': 1 }), 'c.json': snapshot(['x']) });
    const said = {
      'a.json': 'oauthlint: a.json: snapshot "source.filters" has "filter[evil]", which is no filter oauthlint sends (filter[client_type], filter[verified], filter[allowed_grant_types][contains], filter[name], filter[name][contains], filter[client_id])\n',
      'b.json': 'oauthlint: b.json: snapshot "source.filters" gives "filter[client_type]" a number, not a text\n',
      'c.json': 'oauthlint: c.json: snapshot "source.filters" is a list, not an object of filters\n',
    };
    for (const [file, message] of Object.entries(said)) {
      const result = await runCli(['diff', file], { cwd: dir, env: env(server) });
      expect({ file, code: result.code, stderr: result.stderr }).toEqual({ file, code: 3, stderr: message });
    }
    expect(server.requests).toEqual([]);
  });
});

describe('the progress line while collecting', () => {
  /** A run of main() whose stderr is (or is not) a terminal, against the loopback stand-in. */
  async function stderrOf(server: FakeTelnyx, tty: boolean, extra: Record<string, string> = {}): Promise<string> {
    const err: string[] = [];
    const io = {
      stdout: { write: () => true },
      stderr: { write: (text: string) => err.push(text), isTTY: tty },
      stdin: Readable.from(['']),
      env: env(server, extra),
      cwd: tempDir(),
      now: () => new Date('2026-12-01T00:00:00Z'),
    };
    expect(await main(['-f', 'json'], io)).toBe(1);
    return err.join('');
  }
  it('is drawn on a terminal and erased at the end, and not on a dumb terminal or off a terminal', async () => {
    const server = await fake({ clients: account(), apiKey: KEY });
    const drawn = await stderrOf(server, true);
    expect(drawn).toMatch(/\r\u001b\[2Kcollecting: page \d\/3, [\d,]+ clients/);
    expect(drawn.endsWith('\r\u001b[2K')).toBe(true);
    expect(await stderrOf(server, true, { TERM: 'dumb' })).not.toMatch(/collecting|\u001b/);
    expect(await stderrOf(server, false)).not.toMatch(/collecting|\u001b/);
  });

  it('says when the listing is read again because it changed', async () => {
    const clients = account();
    let changed = false;
    const server = await fake({
      clients,
      apiKey: KEY,
      fault: (_req, _res, page) => {
        if (page === 2 && !changed) {
          clients.splice(3, 1);
          changed = true;
        }
        return false;
      },
    });
    const drawn = await stderrOf(server, true, {});
    expect(drawn).toMatch(/collecting: page \d\/3, [\d,]+ clients, reading 2 \(the listing changed\)/);
    expect(drawn).not.toMatch(/reading 3/);
  });
});
