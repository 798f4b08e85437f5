/** Two reviews a week apart on a changing account: baselines, the gate, inventory diffs, SARIF identity. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { compareToBaseline, makeBaseline, baselineProblems } from '../src/engine/baseline.js';
import { diffFindings, diffInventory, repeatedIdsWarning } from '../src/engine/inventory.js';
import { diffMarkdown, diffText } from '../src/report/diff.js';
import type { Finding } from '../src/types.js';
import { cleanClient, runCli, tempDir } from './helpers.js';
import { githubProblems, schemaProblems } from './support/sarif-checks.js';

const snapshot = (fetchedAt: string, clients: unknown[]) => JSON.stringify({ oauthlintSnapshot: 1, fetchedAt, source: { kind: 'api', baseUrl: 'https://api.telnyx.com/v2' }, clientCount: clients.length, clients });

const kiosk = cleanClient({ client_id: 'kiosk', name: 'Kiosk', redirect_uris: ['http://kiosk.example.com/cb'] });
const web = cleanClient({ client_id: 'web', name: 'Web', redirect_uris: ['http://old.example.com/cb', 'https://web.example.com/cb'] });
const cli = cleanClient({ client_id: 'cli', name: 'CLI', client_type: 'public', require_pkce: false });
const ok = cleanClient({ client_id: 'ok', name: 'Fine' });

const week1 = [kiosk, web, cli, ok];
const week2 = [
  { ...kiosk, name: 'Kiosk (lobby)', redirect_uris: ['http://kiosk.example.com/cb', 'http://kiosk2.example.com/cb'] }, // renamed + new bad URI on a flagged client
  { ...web, redirect_uris: ['https://web.example.com/cb'] }, // fixed URI
  ok,
  cleanClient({ client_id: 'partner', name: 'Partner', redirect_uris: ['http://partner.example.com/cb'] }), // new client; cli deleted
];

function files() {
  return tempDir({ 'w1.json': snapshot('2026-11-24T06:00:00Z', week1), 'w2.json': snapshot('2026-12-01T06:00:00Z', week2) });
}

describe('two reviews a week apart', () => {
  it('sorts findings into new, unchanged and fixed, and gates on new ones only', async () => {
    const dir = files();
    const first = await runCli(['-i', 'w1.json', '--write-baseline', 'baseline.json', '-f', 'sarif', '-o', 'w1.sarif'], { cwd: dir });
    expect(first.code).toBe(1);
    const baseline = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'));
    expect(baseline).toMatchObject({ oauthlintBaseline: 1, tool: { name: 'oauthlint' }, source: 'w1.json' });
    expect(baseline.entries).toHaveLength(3);

    const second = await runCli(['-i', 'w2.json', '--baseline', 'baseline.json', '--previous', 'w1.json', '-f', 'json', '-f', 'sarif', '-f', 'markdown', '--output.json', 'r.json', '--output.sarif', 'w2.sarif', '--output.markdown', 'r.md'], { cwd: dir });
    expect(second.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    const states = report.findings.map((f: { clientId: string; value: string; baselineState: string }) => `${f.clientId}:${f.value}:${f.baselineState}`).sort();
    expect(states).toEqual(['kiosk:http://kiosk.example.com/cb:unchanged', 'kiosk:http://kiosk2.example.com/cb:new', 'partner:http://partner.example.com/cb:new']);
    expect(report.baseline.new).toBe(2);
    expect(report.baseline.unchanged).toBe(1);
    expect(report.baseline.fixed.map((e: { clientId: string; ruleId: string }) => `${e.clientId}:${e.ruleId}`).sort()).toEqual(['cli:public-client-require-pkce', 'web:no-http-redirect-uri']);
    expect(report.inventory.diff.added.map((c: { clientId: string }) => c.clientId)).toEqual(['partner']);
    expect(report.inventory.diff.removed.map((c: { clientId: string }) => c.clientId)).toEqual(['cli']);

    const sarif = JSON.parse(readFileSync(join(dir, 'w2.sarif'), 'utf8')) as Log;
    expect(schemaProblems(sarif)).toEqual([]);
    expect(githubProblems(sarif)).toEqual([]);
    expect(sarif.runs[0]?.results?.map((r) => r.baselineState).sort()).toEqual(['new', 'new', 'unchanged']);
    const prints1 = new Set((JSON.parse(readFileSync(join(dir, 'w1.sarif'), 'utf8')) as Log).runs[0]?.results?.map((r) => r.partialFingerprints?.primaryLocationLineHash));
    const unchanged = sarif.runs[0]?.results?.find((r) => r.baselineState === 'unchanged');
    expect(prints1.has(unchanged?.partialFingerprints?.primaryLocationLineHash)).toBe(true);

    const md = readFileSync(join(dir, 'r.md'), 'utf8');
    expect(md).toMatch(/\*\*Since the baseline:\*\* 2 new · 2 fixed · 1 unchanged/);
    expect(md).toMatch(/### Inventory changes since w1\\\.json\n\n1 added · 1 removed · 2 changed/);
    expect(md).toMatch(/### New findings \(2\)/);
    expect(md).toMatch(/### Fixed since the baseline \(2\)/);
  });

  it('passes the gate when nothing is new', async () => {
    const dir = files();
    await runCli(['-i', 'w1.json', '--write-baseline', 'baseline.json'], { cwd: dir });
    const again = await runCli(['-i', 'w1.json', '--baseline', 'baseline.json'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 new, 3 unchanged, 0 fixed/);
  });

  it('diffs two snapshots field by field, with findings introduced and resolved', async () => {
    const dir = files();
    const result = await runCli(['diff', 'w1.json', 'w2.json', '-f', 'json'], { cwd: dir });
    expect(result.code).toBe(0);
    const diff = JSON.parse(result.stdout);
    expect(diff.inventory.added.map((c: { clientId: string }) => c.clientId)).toEqual(['partner']);
    expect(diff.inventory.removed.map((c: { clientId: string }) => c.clientId)).toEqual(['cli']);
    const kioskChange = diff.inventory.changed.find((c: { clientId: string }) => c.clientId === 'kiosk');
    expect(kioskChange.changes.map((c: { field: string }) => c.field)).toEqual(['name', 'redirect_uris']);
    expect(kioskChange.changes[1].added).toEqual(['http://kiosk2.example.com/cb']);
    expect(diff.findings.introduced.map((f: { clientId: string }) => f.clientId).sort()).toEqual(['kiosk', 'partner']);
    expect(diff.findings.resolved.map((f: { clientId: string }) => f.clientId).sort()).toEqual(['cli', 'web']);
    const md = await runCli(['diff', 'w1.json', 'w2.json', '-f', 'markdown'], { cwd: dir });
    expect(md.stdout).toMatch(/^## oauthlint diff: 1 added, 1 removed, 2 changed; 2 findings introduced, 2 resolved/);
  });

  it.each([
    ['not json', /baseline\.json:1:\d+: the baseline is not valid JSON/],
    ['{"findings": []}', /not an oauthlint baseline/],
    ['{"oauthlintBaseline": 2, "entries": []}', /unsupported baseline version 2/],
    ['{"oauthlintBaseline": 1, "entries": [{"fingerprint": "x"}]}', /entries\[0\]\.fingerprint: expected 32 hex characters/],
  ])('refuses a malformed or foreign baseline (exit 2): %s', async (content, message) => {
    const dir = files();
    writeFileSync(join(dir, 'baseline.json'), content);
    const result = await runCli(['-i', 'w1.json', '--baseline', 'baseline.json'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    // A baseline is not the configuration: the words above its problems say which file is at fault.
    expect(result.stderr).toMatch(/^oauthlint: Invalid baseline \(\d+ problems?\):\n {2}baseline\.json/);
  });
});

describe('baseline matching', () => {
  const f = (over: Partial<Finding>): Finding => ({ ruleId: 'r', severity: 'error', clientId: 'c', clientName: 'n', clientIndex: 0, path: 'redirect_uris[0]', value: 'http://a', message: 'm', ...over });
  it('ignores names and list positions, not values or clients', () => {
    const baseline = makeBaseline([f({})], { createdAt: 'x', toolVersion: '1', source: 's' });
    const now = [f({ clientName: 'renamed', path: 'redirect_uris[3]' }), f({ value: 'http://b' }), f({ clientId: 'other' })];
    const result = compareToBaseline(now, baseline);
    expect(now.map((x) => x.baselineState)).toEqual(['unchanged', 'new', 'new']);
    expect(result.fixed).toEqual([]);
  });
  it('diffs findings as fingerprints match them: names and list positions aside, each copy counted', () => {
    const before = [f({}), f({ path: 'redirect_uris[1]' }), f({ value: 'http://b' }), f({ clientId: null, clientIndex: 4 })];
    const after = [f({ clientName: 'renamed', path: 'redirect_uris[3]' }), f({ value: 'http://c' }), f({ clientId: null, clientIndex: 4 }), f({ clientId: null, clientIndex: 5 })];
    const { introduced, resolved } = diffFindings(before, after);
    expect(introduced.map((x) => [x.value, x.clientIndex])).toEqual([['http://c', 0], ['http://a', 5]]);
    expect(resolved.map((x) => [x.value, x.path])).toEqual([['http://a', 'redirect_uris[1]'], ['http://b', 'redirect_uris[0]']]);
    expect(diffFindings(before, [...before].reverse())).toEqual({ introduced: [], resolved: [] });
  });
  it('counts multiplicity', () => {
    const baseline = makeBaseline([f({}), f({ path: 'redirect_uris[1]' })], { createdAt: 'x', toolVersion: '1', source: 's' });
    expect(compareToBaseline([f({})], baseline).fixed).toHaveLength(1);
  });
  it('validates', () => {
    expect(baselineProblems(makeBaseline([f({})], { createdAt: 'x', toolVersion: '1', source: 's' }))).toEqual([]);
    expect(baselineProblems([])).toHaveLength(1);
  });
  it('counts one client, finding and record in the singular', () => {
    const inventory = diffInventory([cleanClient({ client_id: 'a' }), { name: 'no id' } as never], [cleanClient({ client_id: 'a', name: 'renamed' })]);
    const diff = { old: { location: 'w1.json', clients: 2 }, new: { location: 'w2.json', clients: 1 }, inventory, introduced: [f({})], resolved: [], warnings: [] };
    const text = diffText(diff);
    expect(text).toMatch(/^Inventory: w1\.json \(2 clients\) → w2\.json \(1 client\): /);
    expect(text).toContain('  (1 record without a client_id could not be compared)');
    const md = diffMarkdown(diff);
    expect(md).toMatch(/^## oauthlint diff: .*; 1 finding introduced, 0 resolved\n\nw1\\\.json \(2 clients\) → w2\\\.json \(1 client\)\n/);
  });
  it('sees a field change exactly where the values differ as JSON', () => {
    const base = { client_id: 'a', redirect_uris: ['x', 'y'], allowed_scopes: ['admin'], policy_uri: null, require_pkce: true };
    const fields = (before: Record<string, unknown>, after: Record<string, unknown>) => diffInventory([cleanClient({ ...base, ...before })], [cleanClient({ ...base, ...after })]).changed[0]?.changes.map((c) => c.field) ?? [];
    expect(fields({}, {})).toEqual([]);
    expect(fields({ redirect_uris: ['x', 'y'] }, { redirect_uris: ['x', 'y', 'z'] })).toEqual(['redirect_uris']);
    expect(fields({ redirect_uris: ['x', 'y'] }, { redirect_uris: ['x', 'Y'] })).toEqual(['redirect_uris']);
    expect(fields({ allowed_scopes: [] }, { allowed_scopes: undefined })).toEqual(['allowed_scopes']);
    expect(fields({ policy_uri: null }, { policy_uri: undefined })).toEqual(['policy_uri']);
    expect(fields({ require_pkce: true }, { require_pkce: 'true' })).toEqual(['require_pkce']);
    expect(fields({ redirect_uris: [1, '1'] }, { redirect_uris: ['1', '1'] })).toEqual(['redirect_uris']);
    // Objects compare as JSON with their keys in any order; lists of them item by item.
    expect(fields({ redirect_uris: [{ a: 1, b: [2] }] }, { redirect_uris: [{ b: [2], a: 1 }] })).toEqual([]);
    expect(fields({ redirect_uris: [{ a: 1 }] }, { redirect_uris: [{ a: 2 }] })).toEqual(['redirect_uris']);
  });
  it('diffs inventories, ignoring list order', () => {
    const d = diffInventory([cleanClient({ client_id: 'a', redirect_uris: ['x', 'y'] })], [cleanClient({ client_id: 'a', redirect_uris: ['y', 'x'] })]);
    expect(d.changed[0]?.changes[0]).toMatchObject({ field: 'redirect_uris', added: [], removed: [] });
  });
});

describe('a client_id held by two records of an input', () => {
  it('is a warning naming the id and both records, the first five of many, and ids that are not strings are not counted', () => {
    expect(repeatedIdsWarning(['a', 'b', null, null, 'c'])).toBeNull();
    expect(repeatedIdsWarning(['a', 'b', 'a'])).toBe('a record repeats the client_id of an earlier one: "a" (records #1 and #3)');
    const many = repeatedIdsWarning(['x', ...Array.from({ length: 7 }, (_, i) => `id-${i}`), ...Array.from({ length: 7 }, (_, i) => `id-${i}`)]);
    expect(many).toMatch(/^7 records repeat the client_id of an earlier one: "id-0" \(records #2 and #9\), "id-1" \(records #3 and #10\), .*"id-4" \(records #6 and #13\), …$/);
    expect(repeatedIdsWarning(['\u001b[2J'.repeat(200), '\u001b[2J'.repeat(200)])).toMatch(/^a record .*: "(\\u001b\[2J){125}"… \(800 characters in all\) \(records #1 and #2\)$/);
  });
  it('shows in the report of a file that holds a client twice', async () => {
    const client = cleanClient({ client_id: 'dup-1' });
    const dir = tempDir({ 'c.json': JSON.stringify([client, cleanClient({ client_id: 'other' }), client]) });
    const result = await runCli(['-i', 'c.json', '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).warnings).toEqual(['a record repeats the client_id of an earlier one: "dup-1" (records #1 and #3); every record is linted, so that client\'s findings count twice']);
  });
});

describe('warnings where no text report shows them', () => {
  it('are said on stderr when no text report is on stdout, once, with workflow commands defused, and not with --quiet', async () => {
    const client = cleanClient({ client_id: '##[set-output name=exit-code;]0' });
    const dir = tempDir({ 'c.json': JSON.stringify([client, client]) });
    const warning = 'a record repeats the client_id of an earlier one: "#\\u0023[set-output name=exit-code;]0" (records #1 and #2); every record is linted, so that client\'s findings count twice';
    const run = (...args: string[]) => runCli(['-i', 'c.json', '--fail-on', 'none', ...args], { cwd: dir });
    for (const args of [['-f', 'json'], ['-f', 'sarif'], ['-f', 'markdown'], ['-f', 'text', '-o', 'r.txt'], ['-f', 'json', '-f', 'sarif', '--output.sarif', 'r.sarif']]) {
      const result = await run(...args);
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: `oauthlint: warning: ${warning}\n` });
    }
    // A text report on stdout shows it itself; beside a JSON one it is still said once.
    for (const args of [['-f', 'text'], ['-f', 'text', '-f', 'json', '--output.json', 'r.json']]) {
      const result = await run(...args);
      expect({ args, stderr: result.stderr }).toEqual({ args, stderr: '' });
      expect(result.stdout.split('\n').filter((line) => line.includes('repeats the client_id'))).toEqual([`warning: ${warning}`]);
    }
    for (const args of [['-f', 'json', '-q'], ['-f', 'sarif', '--quiet']]) expect((await run(...args)).stderr).toBe('');
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toContain(`warning: ${warning}`);
  });
});

describe('warnings of the other side of an inventory comparison', () => {
  it('are shown by diff and by --previous, naming the file: a secret dropped, a client_id given twice (last record compared)', async () => {
    const a = cleanClient({ client_id: 'a', name: 'A' });
    const b = cleanClient({ client_id: 'b', name: 'B' });
    const dir = tempDir({
      'old.json': JSON.stringify([a, { ...b, client_secret: 'sk_old_secret_1' }, { ...a, name: 'A (renamed)' }]),
      'new.json': JSON.stringify([a, b]),
    });
    const expected = [
      'old.json: client_secret values were present and have been dropped (has_client_secret stands in for them)',
      'old.json: a record repeats the client_id of an earlier one: "a" (records #1 and #3); the inventory compares the last record of each',
    ];
    const diff = await runCli(['diff', 'old.json', 'new.json', '-f', 'json'], { cwd: dir });
    expect(diff.code).toBe(0);
    const report = JSON.parse(diff.stdout);
    expect(report.warnings).toEqual(expected);
    // Only the last "a" was compared: its name went back from "A (renamed)" to "A" (and b lost its secret).
    expect(report.inventory.changed.map((c: { clientId: string; changes: { field: string }[] }) => [c.clientId, c.changes.map((ch) => ch.field)])).toEqual([['a', ['name']], ['b', ['has_client_secret']]]);
    const text = await runCli(['diff', 'old.json', 'new.json'], { cwd: dir });
    expect(text.stdout).toContain(`\nwarning: ${expected[1]}\n`);
    const lint = await runCli(['-i', 'new.json', '--previous', 'old.json', '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(JSON.parse(lint.stdout).warnings).toEqual(expected);
    // No text report on stdout: the warnings are said on stderr (not with --quiet, nor beside the text report).
    const said = expected.map((warning) => `oauthlint: warning: ${warning}\n`).join('');
    expect([diff.stderr, lint.stderr, text.stderr]).toEqual([said, said, '']);
    expect((await runCli(['diff', 'old.json', 'new.json', '-o', 'd.txt'], { cwd: dir })).stderr).toBe(said);
    expect((await runCli(['diff', 'old.json', 'new.json', '-f', 'json', '-q'], { cwd: dir })).stderr).toBe('');
    expect(diff.stdout + text.stdout + lint.stdout).not.toContain('sk_old_secret_1');
  });
  it('include what the exceptions say as they stand for the later side (diff dropped them)', async () => {
    const dir = tempDir({
      'old.json': JSON.stringify([cleanClient({ client_id: 'a' })]),
      'new.json': JSON.stringify([cleanClient({ client_id: 'a' })]),
      '.oauthlintrc.yml': 'exceptions:\n  - { rule: stale-client, clients: [a], reason: SEC-9, expires: 2026-01-31 }\n',
    });
    const diff = await runCli(['diff', 'old.json', 'new.json', '-f', 'json', '--now', '2026-12-01'], { cwd: dir });
    expect(JSON.parse(diff.stdout).warnings).toEqual([expect.stringMatching(/^exception for stale-client on client a \(.*\.oauthlintrc\.yml:2, "SEC-9"\) expired on 2026-01-31/)]);
  });
});
