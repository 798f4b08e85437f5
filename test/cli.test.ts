/** The CLI as a process: exit codes, stdout, stderr. */
import { readFileSync, existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { CLI, cleanClient, runCli, tempDir, ROOT } from './helpers.js';

const EXAMPLE = join(ROOT, 'examples', 'clients.json');
/** The example is linted as of a fixed time, so rules about age give the same answer every year. */
const NOW = '2026-12-01T00:00:00Z';
const NO_CONFIG = { cwd: tempDir() };

describe('oauthlint as a process', () => {
  it('lints the bundled example: a readable report and exit 1', async () => {
    const result = await runCli(['--input', EXAMPLE, '--now', NOW], NO_CONFIG);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Field agent mobile app \(client_id 0b7d4e21-93c5-4f0a-8e6d-2a1b3c4d5e6f\)$/m);
    expect(result.stdout).toMatch(/error\s+public-client-require-pkce\s+Expected require_pkce to be true/);
    expect(result.stdout).toMatch(/Disallowed http redirect URI "http:\/\/support-staging\.example\.com\/auth\/callback"/);
    expect(result.stdout).toMatch(/redirect_uris\[1\]/);
    expect(result.stdout).toMatch(/✖ 14 findings \(7 errors, 6 warnings, 1 note\) in 4 of 6 clients checked\./);
    expect(result.stdout).not.toMatch(/Billing portal/);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('says in an http finding which host it read, or why it trusts none (the reason 127.0.0.1 is not exempt there)', async () => {
    const uris = ['http://127.0.0.1.nip.io/cb', 'http://127.0.0.1:99999/', 'http://127.0.0.1\\@evil.com/', 'http:evil.com', 'http://[::1]\t/'];
    const dir = tempDir({ 'c.json': JSON.stringify([cleanClient({ redirect_uris: uris })]) });
    const result = await runCli(['-i', 'c.json', '-f', 'json'], { cwd: dir });
    expect(result.code).toBe(1);
    const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    const hosts = findings.filter((f) => f.ruleId === 'no-http-redirect-uri').map((f) => /\(host (.*)\): use https/.exec(f.message)?.[1]);
    expect(hosts).toEqual([
      '"127.0.0.1.nip.io"',
      'in doubt: the URI has a port above 65535 (99999)',
      'in doubt: browsers read the host "127.0.0.1", RFC 3986 "evil.com"',
      'none: no "//" authority',
      // Control characters from the data are escaped in the message, as everywhere.
      'in doubt: browsers read the host "[::1]", and to RFC 3986 the URI has characters after the IP literal: "\\t"',
    ]);
  });

  it('keeps TELNYX_API_KEY out of the reports when a file of clients holds it (a list response saved with curl)', async () => {
    const key = 'KEY0123_file_test_SECRET';
    const leaky = cleanClient({ client_id: 'leaky', name: `ops ${key}`, redirect_uris: [`http://cb.example/?k=${key}`] });
    const dir = tempDir({ 'c.json': JSON.stringify([cleanClient(), leaky]), 'old.json': JSON.stringify([leaky]) });
    const runs = [
      ['-i', 'c.json', '-f', 'text', '-f', 'json', '--output.json', 'r.json'], // streamed from the file
      ['-i', '-', '-f', 'sarif', '-o', 'r.sarif'], // from stdin
      ['-i', 'c.json', '--save-snapshot', 's.json', '--previous', 'old.json', '-f', 'markdown'], // read whole, and the previous snapshot
      ['diff', 'old.json', 'c.json'],
    ];
    for (const args of runs) {
      const result = await runCli(args, { cwd: dir, env: { TELNYX_API_KEY: key }, stdin: readFileSync(join(dir, 'c.json')) });
      const written = readdirSync(dir).filter((name) => !['c.json', 'old.json'].includes(name)).map((name) => readFileSync(join(dir, name), 'utf8'));
      expect({ args, leaked: [result.stdout, result.stderr, ...written].join('\n').includes(key) }).toEqual({ args, leaked: false });
      expect({ args, warned: /the API key was in the data of 1 client, leaky \(name, redirect_uris\[0\]\)/.test(result.stdout + result.stderr + written.join('')) }).toEqual({ args, warned: true });
    }
    // A snapshot whose fetchedAt follows its clients is read twice (the windowed reader starts over):
    // the client is still named once.
    const late = JSON.stringify({ oauthlintSnapshot: 1, source: { kind: 'file', location: 'x' }, clients: [cleanClient(), leaky], fetchedAt: NOW, clientCount: 2 });
    writeFileSync(join(dir, 'late.json'), late);
    const twice = await runCli(['-i', 'late.json', '-q', '--fail-on', 'none'], { cwd: dir, env: { TELNYX_API_KEY: key } });
    expect(twice.stdout + twice.stderr).not.toContain(key);
    const lateJson = await runCli(['-i', 'late.json', '-f', 'json', '--fail-on', 'none'], { cwd: dir, env: { TELNYX_API_KEY: key } });
    expect((JSON.parse(lateJson.stdout) as { warnings: string[] }).warnings.filter((w) => w.includes('API key'))).toEqual([
      "late.json: the API key was in the data of 1 client, leaky (name, redirect_uris[0]), and is shown as REDACTED-API-KEY there: anyone who can list the account's OAuth clients can read it, so rotate the key and remove it from that client",
    ]);
    // Without the key in the environment there is nothing to look for: the data is linted as it is.
    const plain = await runCli(['-i', 'c.json', '-f', 'json'], { cwd: dir });
    expect(plain.stdout).toContain(key);
    // And what stands in for the key changes no verdict ("[redacted]" made the redirect URI invalid).
    const scrubbed = await runCli(['-i', 'c.json', '-f', 'json'], { cwd: dir, env: { TELNYX_API_KEY: key } });
    const verdicts = (text: string) => (JSON.parse(text) as { findings: { ruleId: string; path: string }[] }).findings.map((f) => `${f.ruleId} ${f.path}`);
    expect(verdicts(scrubbed.stdout)).toEqual(verdicts(plain.stdout));
    expect(verdicts(plain.stdout)).toContain('no-http-redirect-uri redirect_uris[0]');
  });

  it('exits 0 on clean clients', async () => {
    const dir = tempDir({ 'c.json': JSON.stringify([cleanClient()]) });
    const result = await runCli(['-i', 'c.json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/No findings: 1 client checked/);
  });

  it('honours --fail-on and failOn from the config', async () => {
    const dir = tempDir({ 'c.json': JSON.stringify([cleanClient({ policy_uri: null })]) });
    expect((await runCli(['-i', 'c.json'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['-i', 'c.json', '--fail-on', 'warning'], { cwd: dir })).code).toBe(1);
    expect((await runCli(['-i', EXAMPLE, '--now', NOW, '--fail-on', 'none'], { cwd: dir })).code).toBe(0);
    const configured = tempDir({ 'c.json': JSON.stringify([cleanClient({ policy_uri: null })]), '.oauthlintrc.yml': 'failOn: warning\n' });
    expect((await runCli(['-i', 'c.json'], { cwd: configured })).code).toBe(1);
    expect((await runCli(['-i', 'c.json', '--fail-on', 'error'], { cwd: configured })).code).toBe(0);
  });

  it('reads stdin with --input -', async () => {
    const result = await runCli(['--input', '-', '--format', 'json'], { ...NO_CONFIG, stdin: readFileSync(EXAMPLE, 'utf8') });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).summary.clients).toBe(6);
  });

  it('prints the JSON report with the documented fields', async () => {
    const result = await runCli(['-i', EXAMPLE, '--now', NOW, '-f', 'json'], NO_CONFIG);
    const report = JSON.parse(result.stdout);
    expect(report.tool).toEqual({ name: 'oauthlint', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(report.summary).toMatchObject({ clients: 6, findings: 14, bySeverity: { error: 7, warning: 6, note: 1 }, failed: true, failOn: 'error' });
    expect(Object.keys(report.findings[0]).sort()).toEqual(['clientId', 'clientIndex', 'clientName', 'message', 'path', 'ruleId', 'severity', 'value'].sort());
    const http = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'no-http-redirect-uri');
    expect(http.map((f: { path: string; value: string }) => [f.path, f.value])).toEqual([
      ['redirect_uris[1]', 'http://support-staging.example.com/auth/callback'],
      ['redirect_uris[3]', 'HTTP://127.0.0.1.nip.io/auth/callback'],
      ['redirect_uris[0]', 'http://kiosk.example.com/oauth'],
    ]);
    const missing = report.findings.find((f: { ruleId: string; clientName: string }) => f.ruleId === 'missing-policy-uri' && f.clientName === 'Legacy kiosk');
    expect(missing).toMatchObject({ value: null, valueMissing: true, path: 'policy_uri' });
  });

  it('writes --output atomically and prints nothing on stdout', async () => {
    const dir = tempDir();
    const result = await runCli(['-i', EXAMPLE, '--now', NOW, '-f', 'json', '-o', 'report.json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).summary.findings).toBe(14);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('fails with exit 2 when the output cannot be written', async () => {
    const dir = tempDir({ 'a-file': 'x' });
    const result = await runCli(['-i', EXAMPLE, '--now', NOW, '-o', 'a-file/report.txt'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write a-file\/report\.txt: (not a directory \(ENOTDIR\)|a file is in the way \(EEXIST\))/);
    const nested = await runCli(['-i', EXAMPLE, '--now', NOW, '-o', 'reports/today/report.txt'], { cwd: dir });
    expect(nested.code).toBe(1);
    expect(readFileSync(join(dir, 'reports', 'today', 'report.txt'), 'utf8')).toMatch(/14 findings/);
  });

  it('escapes control characters from the data', async () => {
    const dir = tempDir({ 'c.json': JSON.stringify([cleanClient({ name: 'Evil\u001b[2J\u001b[31mname\u202e', redirect_uris: ['http://a.example/\u001b[0m'] })]) });
    const result = await runCli(['-i', 'c.json'], { cwd: dir });
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).not.toContain('\u202e');
    expect(result.stdout).toContain('Evil\\u001b[2J\\u001b[31mname\\u202e');
  });

  it('shows at most 500 characters of a name or client_id, with how many there are, except in the JSON report', async () => {
    const name = `${'N'.repeat(99_999)}!`;
    const id = `id-${'x'.repeat(1_997)}`;
    const dir = tempDir({ 'c.json': JSON.stringify([cleanClient({ name, client_id: id, policy_uri: null, require_pkce: false, client_type: 'public' })]) });
    const outputs: Record<string, string> = {};
    for (const format of ['text', 'markdown', 'sarif', 'json']) outputs[format] = (await runCli(['-i', 'c.json', '-f', format], { cwd: dir })).stdout;
    const cutName = `${'N'.repeat(500)}… (100,000 characters in all)`;
    expect(outputs.text).toContain(`${cutName} (client_id ${'id-'}${'x'.repeat(497)}… (2,000 characters in all))`);
    expect(outputs.text).not.toContain('N'.repeat(501));
    expect(outputs.markdown).toContain(`#### ${cutName}`);
    expect(outputs.markdown).not.toContain('N'.repeat(501));
    const results = JSON.parse(outputs.sarif as string).runs[0].results as { message: { text: string }; locations: { logicalLocations: { name: string }[] }[] }[];
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(result.message.text).toContain(`— client "${'N'.repeat(500)}"… (100,000 characters in all) (client_id id-${'x'.repeat(497)}… (2,000 characters in all))`);
      expect(result.locations[0]?.logicalLocations[0]?.name).toBe(cutName);
    }
    // Data, not display: the JSON report keeps the name whole.
    expect(JSON.parse(outputs.json as string).findings.map((f: { clientName: string }) => f.clientName)).toEqual([name, name]);
  });

  it('shows characters drawn as nothing, so two names that look the same are told apart, and keeps joiners that scripts and emoji need', async () => {
    const names = ['Billing', 'Bill\u200bing', '\ufeffBilling', 'Bil\u00adling', 'Billing\u{e0041}', 'Team \u{1f468}\u200d\u{1f4bb} \u0646\u0627\u0645\u0647\u200c\u0627\u06cc'];
    const clients = names.map((name, i) => cleanClient({ client_id: `c${i}`, name, policy_uri: null }));
    const dir = tempDir({ 'c.json': JSON.stringify(clients) });
    const result = await runCli(['-i', 'c.json', '--fail-on', 'none'], { cwd: dir });
    expect(result.code).toBe(0);
    for (const shown of ['Bill\\u200bing', '\\ufeffBilling', 'Bil\\u00adling', 'Billing\\u{e0041}', 'Team \u{1f468}\u200d\u{1f4bb} \u0646\u0627\u0645\u0647\u200c\u0627\u06cc']) {
      expect(result.stdout).toContain(shown);
    }
    expect(result.stdout).not.toMatch(/[\u200b\ufeff\u00ad]|\u{e0041}/u);
  });

  it('quotes a name or client_id that is empty or only spaces, which printed as nothing (" (client_id a)")', async () => {
    const clients = [cleanClient({ client_id: 'a', name: '', policy_uri: null }), cleanClient({ client_id: '', name: '   ', policy_uri: null })];
    const dir = tempDir({ 'c.json': JSON.stringify(clients) });
    const text = await runCli(['-i', 'c.json', '--no-color', '--fail-on', 'none'], { cwd: dir });
    expect(text.stdout).toMatch(/^"" \(client_id a\)$/m);
    expect(text.stdout).toMatch(/^"   " \(client_id ""\)$/m);
    const markdown = await runCli(['-i', 'c.json', '-f', 'markdown', '--fail-on', 'none'], { cwd: dir });
    expect(markdown.stdout).toMatch(/^#### &quot;&quot;$/m);
    expect(markdown.stdout).toMatch(/^#### &quot; {3}&quot;$/m);
    expect(markdown.stdout).not.toMatch(/^#### *$/m);
  });

  it('says what a number too large to hold was, where JSON.stringify would write null', async () => {
    const text = JSON.stringify([cleanClient({ client_type: 'public', require_pkce: 'PLACEHOLDER' })]).replace('"PLACEHOLDER"', '-1e400');
    const dir = tempDir({ 'c.json': text });
    const result = await runCli(['-i', 'c.json', '--no-color'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Invalid "require_pkce": expected boolean, got number -Infinity (too large for a 64-bit float, such as 1e400)');
    expect(result.stdout).toContain('Expected require_pkce to be true for public client, got -Infinity (a number too large for a 64-bit float, such as 1e400)');
    expect(result.stdout).not.toMatch(/got (number )?null/);
  });

  it('colours only when asked or on a terminal, honouring NO_COLOR and FORCE_COLOR', async () => {
    expect((await runCli(['-i', EXAMPLE, '--now', NOW], { ...NO_CONFIG, env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001b[31m');
    expect((await runCli(['-i', EXAMPLE, '--now', NOW, '--color'], NO_CONFIG)).stdout).toContain('\u001b[');
    expect((await runCli(['-i', EXAMPLE, '--now', NOW, '--no-color'], { ...NO_CONFIG, env: { FORCE_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await runCli(['-i', EXAMPLE, '--now', NOW], { ...NO_CONFIG, env: { NO_COLOR: '1', FORCE_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  it('shows only errors with --quiet', async () => {
    const result = await runCli(['-i', EXAMPLE, '--now', NOW, '--quiet'], NO_CONFIG);
    expect(result.stdout).not.toMatch(/^\s+warning /m);
    expect(result.stdout).toMatch(/^\s+error /m);
    expect(result.stdout).toContain('\n  (6 warnings, 1 note not shown: --quiet)\n');
  });

  describe('usage errors exit 2', () => {
    it.each([
      [['--bogus'], /^oauthlint: Unknown argument: --bogus\n/],
      [['-i', EXAMPLE, '--fromat', 'json'], /^oauthlint: Unknown argument: --fromat \(did you mean --format\?\)\n/],
      [['-i', EXAMPLE, '--fail-onn', 'note', '--zzzzzz'], /^oauthlint: Unknown arguments: --fail-onn \(did you mean --fail-on\?\), --zzzzzz\n/],
      [['rulse'], /^oauthlint: Unknown argument: rulse \(did you mean the rules command\?\)\n/],
      [['rules', '--tset'], /^oauthlint: Unknown argument: --tset \(did you mean --test\?\)\n/],
      // A positional argument is no flag to suggest: diff's NEW is not --new.
      [['diff', EXAMPLE, '--nwe'], /^oauthlint: Unknown argument: --nwe \(did you mean --now\?\)\n/],
      [['--force', 'init'], /^oauthlint: Unknown argument: --force \(an option of the init command: oauthlint init --force\)\n/],
      // A flag of another command is said to be its (`rules -i x` suggested -c, `rules --input x` the init command).
      [['rules', '-i', EXAMPLE], /^oauthlint: Unknown argument: -i \(an option of the lint: oauthlint -i …\)\n/],
      [['rules', '--input', EXAMPLE], /^oauthlint: Unknown argument: --input \(an option of the lint: oauthlint --input …\)\n/],
      [['init', '-c', 'x.yml'], /^oauthlint: Unknown argument: -c \(an option of oauthlint, oauthlint rules and oauthlint diff, not of this command\)\n/],
      [['diff', EXAMPLE, '--inptu', 'x'], /^oauthlint: Unknown argument: --inptu \(did you mean --input\? an option of the lint: oauthlint --input …\)\n/],
      [['-i', EXAMPLE, '--now', NOW, '--format', 'xml'], /^oauthlint: --format: expected one of "text", "json", "sarif", "markdown", got "xml"\n/],
      [['-i', EXAMPLE, '--now', NOW, '--fail-on', 'critical'], /^oauthlint: --fail-on: expected one of "error", "warning", "note", "none", got "critical"\n/],
      [['-i', EXAMPLE, '--format', 'SARIF', '--fail-on', 'warn'], /^oauthlint: Invalid values:\n {2}--format: .*got "SARIF" \(did you mean "sarif"\?\)\n {2}--fail-on: .*got "warn" \(did you mean "warning"\?\)\n/],
      // A flag that takes a value, given none, was read as no flag at all (the run went on as text).
      [['-i', EXAMPLE, '--now', NOW, '-f'], /^oauthlint: -f \(--format\) needs a value: one of "text", "json", "sarif", "markdown"\n/],
      [['-i', EXAMPLE, '--now', NOW, '--fail-on'], /^oauthlint: --fail-on needs a value: one of/],
      [['-i', EXAMPLE, '--now', NOW, '--page-size'], /^oauthlint: --page-size needs a value\n/],
      [['-i', EXAMPLE, '--now', NOW, '--timeout'], /^oauthlint: --timeout needs a value\n/],
      [['rules', '-f'], /^oauthlint: -f \(--format\) needs a value: one of "text", "json", "markdown"\n/],
      // Given twice, the last one won: --fail-on error --fail-on none passed the gate.
      [['-i', EXAMPLE, '--now', NOW, '--fail-on', 'error', '--fail-on', 'none'], /^oauthlint: --fail-on was given more than once\n/],
      [['rules', '-f', 'json', '-f', 'text'], /^oauthlint: --format was given more than once\n/],
      [['diff', EXAMPLE, EXAMPLE, '--now', NOW, '--now', NOW], /^oauthlint: --now was given more than once\n/],
      [['diff', EXAMPLE, EXAMPLE, '-o', 'a.txt', '-o', 'b.txt'], /^oauthlint: --output was given more than once\n/],
      // An empty value (an unset shell variable) names no file: said before anything is read or linted.
      [['-i', ''], /^oauthlint: --input needs a value, got an empty string\n/],
      [['-i', EXAMPLE, '-o', ''], /^oauthlint: --output needs a file name, got an empty string\n/],
      [['-i', EXAMPLE, '-f', 'json', '-f', 'text', '--output.json', ''], /^oauthlint: --output\.json needs a file name, got an empty string\n/],
      [['-i', EXAMPLE, '--previous='], /^oauthlint: --previous needs a value, got an empty string\n/],
      [['-i', EXAMPLE, '-c', ''], /^oauthlint: --config needs a value, got an empty string\n/],
      [['rules', '-c', ''], /^oauthlint: --config needs a value, got an empty string\n/],
      [['diff', '', EXAMPLE], /^oauthlint: OLD needs a file name, got an empty string\n/],
      [['diff', EXAMPLE, EXAMPLE, '-o', ''], /^oauthlint: --output needs a file name, got an empty string\n/],
      [[], /No clients to lint: pass --input FILE .* or set TELNYX_API_KEY/],
    ])('%j', async (args, message) => {
      const result = await runCli(args as string[], NO_CONFIG);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
    });
  });

  it('exits 2 on a bad config, naming file, line and key', async () => {
    const dir = tempDir({ '.oauthlintrc.yml': 'rules:\n  no-http-redirect-uri:\n    options:\n      allowLocalhost: maybe\n' });
    const result = await runCli(['-i', EXAMPLE, '--now', NOW], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^oauthlint: Invalid configuration \(1 problem\):\n  \.oauthlintrc\.yml:4:7: rules\.no-http-redirect-uri\.options\.allowLocalhost: expected boolean/);
    expect(result.stdout).toBe('');
  });

  it('exits 2 on a missing --config file', async () => {
    const result = await runCli(['-i', EXAMPLE, '--now', NOW, '-c', 'nope.yml'], NO_CONFIG);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nope\.yml: cannot read the config file: no such file or directory \(ENOENT\)/);
  });

  describe('input errors exit 3', () => {
    it.each([
      [{ 'c.json': '{"data": [' }, /c\.json: malformed JSON: .* at line 1, column 11/],
      [{ 'c.json': '{"clients": []}' }, /c\.json: unknown input shape/],
      [{ 'c.json': '' }, /c\.json: the input is empty/],
      [{}, /c\.json: cannot read the input: no such file/],
    ])('%j', async (files, message) => {
      const result = await runCli(['-i', 'c.json', '-f', 'json', '-o', 'report.json'], { cwd: tempDir(files as Record<string, string>) });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    });
    it('refuses a file that is not UTF-8 (here Latin-1), naming the byte', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'c.json'), Buffer.from(JSON.stringify([cleanClient({ name: 'Café' })]), 'latin1'));
      const at = JSON.stringify([cleanClient({ name: 'Café' })]).indexOf('é');
      for (const args of [['-i', 'c.json'], ['-i', '-']]) {
        const result = await runCli(args, { cwd: dir, stdin: readFileSync(join(dir, 'c.json')) });
        expect(result.code).toBe(3);
        expect(result.stderr).toBe(`oauthlint: ${args[1] === '-' ? 'stdin' : 'c.json'}: not UTF-8 (as JSON must be): a byte that is not part of a UTF-8 character at byte offset ${at}\n`);
      }
    });
    // JSON.parse would lint the second "data" list, a streaming reader the first; JSON.parse keeps the last
    // client_type (confidential: no PKCE finding), a reader keeping the first sees a public client.
    const twiceRecord = JSON.stringify(cleanClient({ client_id: 'twice', require_pkce: false })).replace('"client_type":"confidential"', '"client_type":"public","client_type":"confidential"');
    it.each([
      ['a list response with "data" twice', `{"data": ${JSON.stringify([cleanClient({ redirect_uris: ['http://evil.example/cb'] })])}, "data": []}`, 'the key "data" appears twice at the top level (again at line 1, column'],
      ['a record that gives client_type twice', `[${JSON.stringify(cleanClient())},\n${twiceRecord}]`, 'the key "client_type" appears twice in client record 2 ([1]) (again at line 2, column'],
    ])('refuses %s, from a file, stdin, and as --previous', async (_what, text, message) => {
      const dir = tempDir({ 'c.json': text, 'ok.json': '[]' });
      for (const args of [['-i', 'c.json'], ['-i', '-'], ['-i', 'ok.json', '--previous', 'c.json'], ['-i', 'c.json', '--save-snapshot', 'snap.json']]) {
        const result = await runCli([...args, '-o', 'report.json'], { cwd: dir, stdin: text });
        expect(result.code).toBe(3);
        expect(result.stderr).toContain(`${args[1] === '-' ? 'stdin' : 'c.json'}: ${message}`);
        expect(existsSync(join(dir, 'report.json'))).toBe(false);
        expect(existsSync(join(dir, 'snap.json'))).toBe(false);
      }
    });
    it('refuses to write a report or snapshot over a file it reads (exit 2, the file untouched)', async () => {
      const text = JSON.stringify([cleanClient()]);
      const dir = tempDir({ 'c.json': text, 'b.json': '{}' });
      symlinkSync('c.json', join(dir, 'link.json'));
      for (const [args, message] of [
        [['-i', 'c.json', '-o', 'c.json'], '--output c.json is the file given to --input (c.json): writing there would replace it'],
        [['-i', 'c.json', '-o', './link.json'], '--output ./link.json is the file given to --input (c.json)'],
        [['-i', 'c.json', '-f', 'json', '-f', 'text', '--output.json', 'r.json', '--output.text', 'c.json'], '--output.text c.json is the file given to --input'],
        [['-i', 'c.json', '--save-snapshot', 'c.json'], '--save-snapshot c.json is the file given to --input'],
        [['-i', 'c.json', '--baseline', 'b.json', '-o', 'b.json'], '--output b.json is the file given to --baseline'],
        [['diff', 'c.json', '-o', 'c.json'], '--output c.json is the file given to OLD'],
      ] as const) {
        const result = await runCli([...args], { cwd: dir });
        expect([args, result.code]).toEqual([args, 2]);
        expect(result.stderr).toContain(message);
        expect(readFileSync(join(dir, 'c.json'), 'utf8')).toBe(text);
      }
      // Updating a baseline in place is what --write-baseline is for.
      const { code } = await runCli(['-i', 'c.json', '--write-baseline', 'w.json', '-o', 'r.json'], { cwd: dir });
      expect(code).toBe(0);
      expect((await runCli(['-i', 'c.json', '--baseline', 'w.json', '--write-baseline', 'w.json', '-o', 'r.json'], { cwd: dir })).code).toBe(0);
    });
    (existsSync('/dev/zero') ? it : it.skip)('stops reading a config or key file that never ends (exit 2)', async () => {
      // (--baseline goes through the same reader, with a 1 GiB limit: not worth reading here.)
      const dir = tempDir({ 'c.json': '[]' });
      const config = await runCli(['-i', 'c.json', '--config', '/dev/zero'], { cwd: dir });
      expect(config.code).toBe(2);
      expect(config.stderr).toContain('/dev/zero: cannot read the config file: more than 16 MiB: not the file meant?');
      const key = await runCli(['--api-key-file', '/dev/zero'], { cwd: dir });
      expect(key.code).toBe(2);
      expect(key.stderr).toContain('Cannot read the API key file /dev/zero: more than 64 KiB');
    }, 30_000);
    it('writes no report when the input is bad', async () => {
      const dir = tempDir({ 'c.json': '[' });
      await runCli(['-i', 'c.json', '-o', 'report.txt'], { cwd: dir });
      expect(existsSync(join(dir, 'report.txt'))).toBe(false);
    });
  });

  it('says in one line, and exits 2, when the reader closes stdout before the report is written', async () => {
    const clients = Array.from({ length: 3000 }, (_, i) => cleanClient({ client_id: `c-${i}`, redirect_uris: [`http://app${i}.example.com/cb`] }));
    const dir = tempDir({ 'c.json': JSON.stringify(clients) });
    const result = await new Promise<{ code: number | null; stderr: string; read: number }>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, '-i', 'c.json', '-f', 'json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let read = 0;
      // Like `| head -c 1000`: take the first chunk, then close the pipe.
      child.stdout.once('data', (chunk: Buffer) => {
        read = chunk.length;
        child.stdout.destroy();
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr, read }));
    });
    expect(result.read).toBeGreaterThan(0);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('oauthlint: the reader closed stdout before the report was written in full\n');
  });

  it('never prints a client_secret from the input', async () => {
    const dir = tempDir({ 'c.json': JSON.stringify([cleanClient({ client_secret: 'sk_test_ZXhhbXBsZQ', client_type: 'public' })]) });
    for (const format of ['text', 'json']) {
      const result = await runCli(['-i', 'c.json', '-f', format], { cwd: dir });
      expect(result.stdout + result.stderr).not.toContain('sk_test_ZXhhbXBsZQ');
    }
  });

  it('never prints or saves a client_secret nested anywhere in a record, however the file is read', async () => {
    const nested = [[{ client_secret: 'sk_live_NESTED_A' }], cleanClient({ extra: { client_secret: 'sk_live_NESTED_B' } }), cleanClient({ redirect_uris: [{ client_secret: 'sk_live_NESTED_C' }] })];
    const text = JSON.stringify(nested).replace('"client_secret":"sk_live_NESTED_B"', '"client\\u005fsecret":"sk_live_NESTED_B"');
    const dir = tempDir({ 'c.json': text, 'big.json': JSON.stringify({ data: [...Array.from({ length: 3000 }, (_, i) => cleanClient({ client_id: `p${i}` })), ...nested] }) });
    // A file is streamed (big.json spans several read windows); stdin is read whole; --save-snapshot keeps the records.
    for (const input of ['c.json', 'big.json', '-']) {
      for (const format of ['text', 'json', 'sarif', 'markdown']) {
        const result = await runCli(['-i', input, '-f', format], { cwd: dir, stdin: text });
        expect(result.code).toBe(1);
        expect(result.stdout + result.stderr).not.toMatch(/sk_live_NESTED/);
      }
      const saved = await runCli(['-i', input, '-f', 'json', '--save-snapshot', 'snap.json'], { cwd: dir, stdin: text });
      expect(saved.code).toBe(1);
      expect(saved.stdout + saved.stderr + readFileSync(join(dir, 'snap.json'), 'utf8')).not.toMatch(/sk_live_NESTED/);
    }
  }, 30_000);

  it('prints help and version on stdout with exit 0', async () => {
    const help = await runCli(['--help'], NO_CONFIG);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--input/);
    expect(help.stdout).toMatch(/Exit codes: 0 pass, 1 findings/);
    const version = await runCli(['--version'], NO_CONFIG);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
