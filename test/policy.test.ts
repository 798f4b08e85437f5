/** Presets, custom rules, exceptions, and the rules / init commands, as a new user would use them. */
import { existsSync, lstatSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinRules } from '../src/config/load-rules.js';
import { readConfigFile, resolveConfig } from '../src/config/load.js';
import { applyExceptions, type ExceptionRule } from '../src/engine/exceptions.js';
import type { Finding } from '../src/types.js';
import { cleanClient, configErrorOf, runCli, tempDir } from './helpers.js';

const builtin = loadBuiltinRules();
const NOW = '2026-12-01T00:00:00Z';

function resolveText(text: string, files: Record<string, string> = {}) {
  const dir = tempDir({ '.oauthlintrc.yml': text, ...files });
  return resolveConfig(readConfigFile(join(dir, '.oauthlintrc.yml'), '.oauthlintrc.yml'), builtin);
}

const severityOf = (resolved: ReturnType<typeof resolveText>, id: string) => resolved.catalog.find((r) => r.definition.id === id)?.severity;
const optionsOf = (resolved: ReturnType<typeof resolveText>, id: string) => resolved.catalog.find((r) => r.definition.id === id)?.options;

describe('presets', () => {
  it('recommended is the default: strict-only rules off', () => {
    const resolved = resolveText('{}\n');
    expect(severityOf(resolved, 'missing-tos-uri')).toBe('off');
    expect(severityOf(resolved, 'no-http-redirect-uri')).toBe('error');
    expect(optionsOf(resolved, 'no-http-redirect-uri')).toMatchObject({ allowLocalhost: true });
  });
  it('strict turns every rule on, disallows localhost, promotes notes', () => {
    const resolved = resolveText('extends: oauthlint:strict\n');
    expect(resolved.catalog.every((r) => r.severity !== 'off')).toBe(true);
    expect(optionsOf(resolved, 'no-http-redirect-uri')).toMatchObject({ allowLocalhost: false, allowLoopback: true });
    expect(severityOf(resolved, 'missing-tos-uri')).toBe('warning');
    expect(severityOf(resolved, 'stale-client')).toBe('warning');
  });
  it('a user config overrides a preset rule by rule, options merged', () => {
    const resolved = resolveText('extends: oauthlint:strict\nrules:\n  stale-client: off\n  no-http-redirect-uri: { options: { allowedHosts: [intranet] } }\n');
    expect(severityOf(resolved, 'stale-client')).toBe('off');
    expect(optionsOf(resolved, 'no-http-redirect-uri')).toMatchObject({ allowLocalhost: false, allowedHosts: ['intranet'] });
    expect(severityOf(resolved, 'missing-tos-uri')).toBe('warning');
  });
  it('refuses an unknown preset with the line', () => {
    const error = configErrorOf(() => resolveText('failOn: error\nextends: oauthlint:paranoid\n'));
    expect(error.issues[0]).toMatchObject({ line: 2, keyPath: 'extends', message: expect.stringMatching(/oauthlint:recommended/) });
    // Names that Object.prototype has are no presets either (they reached it and crashed the resolution).
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(configErrorOf(() => resolveText(`extends: ${name}\n`)).issues).toEqual([expect.objectContaining({ line: 1, keyPath: 'extends', message: expect.stringMatching(/expected one of "oauthlint:recommended"/) })]);
    }
  });
  it('strict flags http://localhost through the CLI', async () => {
    const dir = tempDir({ 'c.json': JSON.stringify([cleanClient({ redirect_uris: ['http://localhost:3000/cb'] })]), '.oauthlintrc.yml': 'extends: oauthlint:strict\n' });
    const result = await runCli(['-i', 'c.json', '-f', 'json', '--now', NOW], { cwd: dir });
    const ids = JSON.parse(result.stdout).findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId}:${f.severity}`);
    expect(ids).toEqual(expect.arrayContaining(['no-http-redirect-uri:error', 'loopback-redirect-uses-localhost:error']));
    expect(result.code).toBe(1);
  });
});

const ACME_RULE = `id: acme-name-prefix
title: Acme client names start with acme-
description: A client of org acme whose name does not start with acme-.
severity: warning
securitySeverity: 2.0
rationale: Our naming convention tells reviewers which clients are provisioned by the platform team.
references: []
docs: https://wiki.example.com/oauth#names
check:
  select: name
  report:
    all:
      - { value: org_id, equals: acme }
      - not: { value: $, startsWith: acme- }
message: 'Expected an acme- prefix, got {{$}}'
tests:
  valid:
    - client: { org_id: acme, name: acme-web }
  invalid:
    - client: { org_id: acme, name: web }
      findings: [name]
`;

const ADMIN_RULE = {
  id: 'admin-scope-confidential-only',
  title: 'Only confidential clients may have the admin scope',
  description: 'A client that is not confidential with the admin scope.',
  severity: 'error',
  securitySeverity: 9.5,
  rationale: 'The admin scope is the whole account; a public client cannot protect tokens that carry it.',
  references: [{ title: 'RFC 9700 §2.3', url: 'https://www.rfc-editor.org/rfc/rfc9700#section-2.3' }],
  docs: 'https://wiki.example.com/oauth#admin',
  check: { select: 'allowed_scopes[*]', report: { all: [{ value: '$', equals: 'admin' }, { not: { value: 'client_type', equals: 'confidential' } }] } },
  message: 'Disallowed admin scope on a client that is not confidential',
  tests: { valid: [{ client: { client_type: 'confidential', allowed_scopes: ['admin'] } }], invalid: [{ client: { client_type: 'public', allowed_scopes: ['admin'] }, findings: ['allowed_scopes[0]'] }] },
};

describe('custom rules', () => {
  it('loads rules from rulesDir and inline customRules, configurable like built-ins', async () => {
    const yaml = (await import('js-yaml')).default;
    const config = `rulesDir: ./policies\nrules:\n  acme-name-prefix: error\ncustomRules:\n${yaml.dump([ADMIN_RULE]).replace(/^/gm, '  ')}`;
    const dir = tempDir({
      '.oauthlintrc.yml': config,
      'policies/acme-name-prefix.yml': ACME_RULE,
      'c.json': JSON.stringify([cleanClient({ org_id: 'acme', name: 'web', client_type: 'public', allowed_scopes: ['admin'] })]),
    });
    const result = await runCli(['-i', 'c.json', '-f', 'json', '--now', NOW], { cwd: dir });
    const found = JSON.parse(result.stdout).findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId}:${f.severity}`);
    expect(found).toEqual(expect.arrayContaining(['acme-name-prefix:error', 'admin-scope-confidential-only:error']));
    const list = await runCli(['rules'], { cwd: dir });
    expect(list.stdout).toMatch(/^acme-name-prefix\s+error\s+Acme client names start with acme-\s+\(custom\)$/m);
    const tests = await runCli(['rules', '--test'], { cwd: dir });
    expect(tests.code).toBe(0);
    expect(tests.stdout).toMatch(/23 rules: \d+ cases passed, 0 failed/);
  });

  it('orders rules and findings the same on every machine, whatever its locale (Estonian sorts z before t)', async () => {
    const rule = (id: string) => ACME_RULE.replace('id: acme-name-prefix', `id: ${id}`);
    const dir = tempDir({
      '.oauthlintrc.yml': 'rulesDir: ./policies\n',
      'policies/za-name-check.yml': rule('za-name-check'),
      'policies/ta-name-check.yml': rule('ta-name-check'),
      'c.json': JSON.stringify([cleanClient({ org_id: 'acme', name: 'web' })]),
    });
    const outputs: string[] = [];
    for (const locale of ['C.UTF-8', 'et_EE.UTF-8']) {
      const env = { LC_ALL: locale, LANG: locale };
      const list = await runCli(['rules'], { cwd: dir, env });
      const ids = list.stdout.split('\n').map((line) => line.split(' ')[0]).filter((id) => id === 'ta-name-check' || id === 'za-name-check');
      expect({ locale, ids }).toEqual({ locale, ids: ['ta-name-check', 'za-name-check'] });
      outputs.push((await runCli(['-i', 'c.json', '--now', NOW], { cwd: dir, env })).stdout);
    }
    expect(outputs[0]).toMatch(/ta-name-check[^]*za-name-check/);
    expect(outputs[1]).toBe(outputs[0]);
  });

  it('reports a broken inline rule with the config line and key path', () => {
    const error = configErrorOf(() =>
      resolveText('customRules:\n  - id: Bad_Id\n    title: x\n    check:\n      select: name\n      report: { value: $, equal: 1 }\n'),
    );
    const keyPaths = error.issues.map((issue) => [issue.line, issue.keyPath]);
    expect(keyPaths).toEqual(expect.arrayContaining([[2, 'customRules[0].id']]));
    expect(error.message).toMatch(/\.oauthlintrc\.yml:\d+:\d+: customRules\[0\]\.(description|rationale|severity): required key is missing/);
  });

  it('refuses a rulesDir that holds no rule files (a wrong directory added nothing without a word), and reads .YML and .yaml files', () => {
    const empty = configErrorOf(() => resolveText('rulesDir: ./policies\n', { 'policies/README.md': '# our rules\n' }));
    expect(empty.issues.map((issue) => `${issue.file.replace(/.*\//, '')}: ${issue.message}`)).toEqual(['policies: the rules directory holds no rule files (*.yml or *.yaml)']);
    const missing = configErrorOf(() => resolveText('rulesDir: ./nope\n'));
    expect(missing.issues.map((issue) => issue.message)).toEqual(['cannot read the rules directory: no such file or directory (ENOENT)']);
    const upper = resolveText('rulesDir: ./policies\n', { 'policies/acme-name-prefix.YML': ACME_RULE });
    expect(upper.rules.map((rule) => rule.definition.id)).toContain('acme-name-prefix');
  });
  it('reports a broken rule file in rulesDir with its own file and line', () => {
    const error = configErrorOf(() => resolveText('rulesDir: ./policies\n', { 'policies/acme-name-prefix.yml': ACME_RULE.replace('severity: warning', 'severity: fatal') }));
    // Named as the config is, under its directory as written, not by the absolute path.
    expect(error.issues[0]).toMatchObject({ file: 'policies/acme-name-prefix.yml', line: 4, keyPath: 'severity' });
  });
  it('names a rulesDir file as the config is named, from the command line too', async () => {
    const dir = tempDir({ '.oauthlintrc.yml': 'rulesDir: ./policies\n', 'policies/acme-name-prefix.yml': ACME_RULE.replace('severity: warning', 'severity: fatal') });
    const lint = await runCli(['-i', 'c.json'], { cwd: dir });
    expect(lint.code).toBe(2);
    expect(lint.stderr).toMatch(/^oauthlint: Invalid configuration \(1 problem\):\n {2}policies\/acme-name-prefix\.yml:4:\d+: severity: /);
    const tests = await runCli(['rules', '--test', 'policies'], { cwd: dir });
    expect(tests.stderr).toMatch(/^oauthlint: Invalid configuration \(1 problem\):\n {2}policies\/acme-name-prefix\.yml:4:\d+: severity: /);
    // From a subdirectory the config is found upward and named by its absolute path: so are its rules.
    const sub = join(dir, 'sub');
    (await import('node:fs')).mkdirSync(sub);
    const below = await runCli(['-i', 'c.json'], { cwd: sub });
    expect(below.stderr).toContain(`${join(dir, 'policies', 'acme-name-prefix.yml')}:4:`);
  });

  it('refuses a custom rule with a built-in id, and a missing rulesDir', () => {
    const clash = configErrorOf(() => resolveText('customRules:\n  - ' + JSON.stringify({ ...ADMIN_RULE, id: 'stale-client' }) + '\n'));
    expect(clash.message).toMatch(/has the id of a built-in rule/);
    expect(configErrorOf(() => resolveText('rulesDir: ./nope\n')).message).toMatch(/nope: cannot read the rules directory/);
  });
  it('names the line of each definition of a custom rule id given twice (it named neither)', () => {
    const rule = JSON.stringify(ADMIN_RULE);
    const twice = configErrorOf(() => resolveText(`failOn: error\ncustomRules:\n  - ${rule}\n  - ${rule}\n`));
    expect(twice.issues.map((issue) => `${issue.file.replace(/.*\//, '')}:${issue.line} ${issue.keyPath}: ${issue.message}`)).toEqual([
      `.oauthlintrc.yml:4 customRules[1].id: custom rule "${ADMIN_RULE.id}" is also defined at .oauthlintrc.yml:3 (customRules[0])`,
    ]);
    const clash = configErrorOf(() => resolveText(`customRules:\n  - ${JSON.stringify({ ...ADMIN_RULE, id: 'stale-client' })}\n`));
    expect(clash.issues.map((issue) => `${issue.line} ${issue.keyPath}`)).toEqual(['2 customRules[0].id']);
    const fromDir = configErrorOf(() => resolveText(`rulesDir: ./policies\ncustomRules:\n  - ${JSON.stringify({ ...ADMIN_RULE, id: 'acme-name-prefix' })}\n`, { 'policies/acme-name-prefix.yml': ACME_RULE }));
    expect(fromDir.issues.map((issue) => `${issue.line} ${issue.message.replace(/ at .*\//, ' at ')}`)).toEqual(['3 custom rule "acme-name-prefix" is also defined at acme-name-prefix.yml']);
  });

  it('runs the tests of a rules directory and fails on a wrong case', async () => {
    const dir = tempDir({ 'policies/acme-name-prefix.yml': ACME_RULE.replace('findings: [name]', 'findings: [org_id]') });
    const result = await runCli(['rules', '--test', 'policies'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ acme-name-prefix \(invalid\) invalid #1: expected findings at \["org_id"\], got \["name"\]/);
    expect(result.stdout).toMatch(/1 rule: 1 cases passed, 1 failed/);
  });
});

describe('exceptions', () => {
  const finding = (over: Partial<Finding> = {}): Finding => ({
    ruleId: 'no-http-redirect-uri',
    severity: 'error',
    clientId: 'c1',
    clientName: 'Kiosk',
    clientIndex: 0,
    path: 'redirect_uris[0]',
    value: 'http://kiosk.example.com/cb',
    message: 'm',
    ...over,
  });
  const exception = (over: Partial<ExceptionRule> = {}): ExceptionRule => ({
    rule: 'no-http-redirect-uri',
    clients: ['c1'],
    reason: 'Legacy kiosk, SEC-142',
    expires: '2027-03-31',
    where: '.oauthlintrc.yml:3',
    ...over,
  });

  it('excepts matching findings until the end of the expiry day', () => {
    const findings = [finding(), finding({ clientId: 'c2' })];
    const outcome = applyExceptions(findings, [exception()], new Date('2027-03-31T23:59:00Z'));
    expect(findings[0]?.exception).toEqual({ reason: 'Legacy kiosk, SEC-142', expires: '2027-03-31' });
    expect(findings[1]?.exception).toBeUndefined();
    expect(outcome.excepted).toBe(1);
    expect(outcome.warnings.join('\n')).toMatch(/expires today \(2027-03-31\)/);
  });
  it('stops applying after the date, and says so', () => {
    const findings = [finding()];
    const outcome = applyExceptions(findings, [exception()], new Date('2027-04-01T00:00:01Z'));
    expect(findings[0]?.exception).toBeUndefined();
    expect(outcome.warnings[0]).toMatch(/exception for no-http-redirect-uri on client c1 \(\.oauthlintrc\.yml:3, "Legacy kiosk, SEC-142"\) expired on 2027-03-31; its 1 finding counts again/);
  });
  it('reports an exception that matched nothing as stale', () => {
    const outcome = applyExceptions([finding()], [exception({ clients: ['gone'] })], new Date('2026-12-01T00:00:00Z'));
    expect(outcome.warnings[0]).toMatch(/matched no finding: it is stale/);
  });
  it('says why an exception matched nothing when it can: the rule is off, no client has the id, or the finding is gone', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const context = { enabledRules: new Set(['no-http-redirect-uri']), clientIds: ['c1', 'c2', null], clientNames: ['Kiosk app', 'Web', 'Other'] };
    const said = (over: Partial<ExceptionRule>) => applyExceptions([finding({ clientId: 'c2' })], [exception(over)], now, context).warnings[0]?.replace(/^.*matched no finding: /, '');
    expect(said({ rule: 'missing-tos-uri' })).toBe('the rule missing-tos-uri is off in this configuration');
    expect(said({ clients: ['Kiosk app'] })).toBe('no client read has that id ("Kiosk app" (the name of client c1)): check the ids (client_id, not the name)');
    expect(said({ clients: ['x', 'y'] })).toBe('no client read has any of those ids ("x", "y"): check the ids (client_id, not the name)');
    expect(said({ clients: ['c1'] })).toBe('it is stale: the client has no such finding now (fixed?); remove it');
    expect(said({ clients: ['c1', 'gone'] })).toBe('it is stale: its clients have no such finding now (fixed?); remove it; and no client read has "gone"');
  });
  it('says which of its client ids no client has when an exception applies to the others (a typo passed unseen beside them)', () => {
    const findings = [finding({ clientId: 'c2' })];
    const context = { clientIds: ['c1', 'c2'], clientNames: ['Kiosk app', 'Web'] };
    const outcome = applyExceptions(findings, [exception({ clients: ['c2', 'c3', 'Kiosk app'] })], new Date('2026-12-01T00:00:00Z'), context);
    expect(findings[0]?.exception).toBeDefined();
    expect(outcome.warnings).toEqual([
      'exception for no-http-redirect-uri on 3 clients (.oauthlintrc.yml:3, "Legacy kiosk, SEC-142") names 2 client ids no client read has: "c3", "Kiosk app" (the name of client c1); check the ids (client_id, not the name)',
    ]);
  });
  it('names, in a lint, a client id of an exception that no client has beside one that matches', async () => {
    const dir = tempDir({
      'c.json': JSON.stringify([cleanClient({ client_id: 'kiosk-1', name: 'Kiosk', redirect_uris: ['http://kiosk.example.com/cb'] })]),
      '.oauthlintrc.yml': 'exceptions:\n  - { rule: no-http-redirect-uri, clients: [kiosk-1, kiosk-2, Kiosk], reason: SEC-142, expires: 2027-03-31 }\n',
    });
    const result = await runCli(['-i', 'c.json', '-f', 'json', '--now', '2026-12-01'], { cwd: dir });
    const report = JSON.parse(result.stdout);
    expect(report.summary).toMatchObject({ excepted: 1 });
    expect(report.warnings).toEqual([expect.stringMatching(/names 2 client ids no client read has: "kiosk-2", "Kiosk" \(the name of client kiosk-1\); check the ids/)]);
  });
  it('narrows to exact values, so a new bad URI on the same client still counts', () => {
    const findings = [finding(), finding({ path: 'redirect_uris[1]', value: 'http://new.example.com/cb' })];
    applyExceptions(findings, [exception({ values: ['http://kiosk.example.com/cb'] })], new Date('2026-12-01T00:00:00Z'));
    expect(findings.map((f) => f.exception !== undefined)).toEqual([true, false]);
  });
  it('warns about exceptions expiring within 30 days', () => {
    const outcome = applyExceptions([finding()], [exception({ expires: '2026-12-10' })], new Date('2026-12-01T00:00:00Z'));
    expect(outcome.expiringSoon).toHaveLength(1);
    expect(outcome.warnings[0]).toMatch(/expires in 9 days \(2026-12-10\)/);
  });

  const kiosk = cleanClient({ client_id: 'kiosk-1', name: 'Kiosk', redirect_uris: ['http://kiosk.example.com/cb'] });
  const config = (expires: string) => `exceptions:\n  - rule: no-http-redirect-uri\n    clients: [kiosk-1]\n    reason: "SEC-142"\n    expires: ${expires}\n`;

  it('does not fail the gate, stays out of SARIF, and is counted in every report', async () => {
    const dir = tempDir({ 'c.json': JSON.stringify([kiosk]), '.oauthlintrc.yml': config('2027-03-31') });
    const result = await runCli(['-i', 'c.json', '-f', 'text', '-f', 'json', '-f', 'sarif', '-f', 'markdown', '--output.json', 'r.json', '--output.sarif', 'r.sarif', '--output.markdown', 'r.md', '--now', NOW], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1 finding excepted/);
    expect(result.stdout).toMatch(/excepted until 2027-03-31: SEC-142/);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(json.summary).toMatchObject({ findings: 0, excepted: 1, failed: false });
    expect(json.findings[0].exception).toEqual({ reason: 'SEC-142', expires: '2027-03-31' });
    expect(JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')).runs[0].results).toEqual([]);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toMatch(/1 finding excepted/);
  });
  it('counts again after it expires, with a warning', async () => {
    const dir = tempDir({ 'c.json': JSON.stringify([kiosk]), '.oauthlintrc.yml': config('2026-11-30') });
    const result = await runCli(['-i', 'c.json', '--now', NOW], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/expired on 2026-11-30/);
  });
  it.each([
    ['reason: ""', 'expires: 2027-03-31', 'exceptions[0].reason: expected a non-empty string'],
    ['reason: "  "', 'expires: 2027-03-31', 'exceptions[0].reason: expected the reason in words (a ticket, who accepted it, why), got only white space'],
    ['reason: SEC-142', 'expires: 2027-02-30', 'exceptions[0].expires: expected a real date YYYY-MM-DD, got "2027-02-30"'],
    // One message, in words (the schema's pattern said the same as a regular expression, too).
    ['reason: SEC-142', 'expires: next year', 'exceptions[0].expires: expected a real date YYYY-MM-DD, got "next year"'],
    ['reason: SEC-142', `expires: ${'9'.repeat(600)}`, `exceptions[0].expires: expected a real date YYYY-MM-DD, got "${'9'.repeat(500)}"… (600 characters in all)`],
  ])('refuses a malformed exception: %s, %s', (reason, expires, message) => {
    const text = `exceptions:\n  - rule: no-http-redirect-uri\n    clients: [kiosk-1]\n    ${reason}\n    "${expires.replace(': ', '": "')}"\n`;
    expect(configErrorOf(() => resolveText(text)).issues.map((issue) => `${issue.keyPath}: ${issue.message}`)).toEqual([message]);
  });
  it('refuses an exception without a reason or expiry, and one for an unknown rule', () => {
    const error = configErrorOf(() => resolveText('exceptions:\n  - rule: no-http-redirect-uris\n    clients: [a]\n'));
    expect(error.message).toMatch(/exceptions\[0\]\.reason: required key is missing/);
    expect(error.message).toMatch(/exceptions\[0\]\.expires: required key is missing/);
    const unknown = configErrorOf(() => resolveText('exceptions:\n  - { rule: no-http-redirect-uris, clients: [a], reason: r, expires: 2027-01-01 }\n'));
    expect(unknown.message).toMatch(/did you mean "no-http-redirect-uri"/);
    // A mistyped key is one problem, not also a "required key is missing" for the key it meant.
    const typo = configErrorOf(() => resolveText('exceptions:\n  - { rule: stale-client, clients: [a], reason: r, expirs: 2027-01-01 }\n'));
    expect(typo.issues.map((issue) => `${issue.keyPath}: ${issue.message}`)).toEqual(['exceptions[0].expirs: unknown key; did you mean "expires"?']);
  });
});

describe('oauthlint rules', () => {
  it('lists the catalog with severities in the effective config', async () => {
    const dir = tempDir({ '.oauthlintrc.yml': 'rules:\n  stale-client: off\n' });
    const result = await runCli(['rules'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^stale-client\s+off\s+Clients not updated/m);
    expect(result.stdout).toMatch(/^missing-tos-uri\s+off/m);
    expect(result.stdout).toMatch(/^no-http-redirect-uri\s+error\s+Redirect URIs must not use plain http$/m);
  });
  it('prints JSON and Markdown', async () => {
    const json = JSON.parse((await runCli(['rules', '--format', 'json'], { cwd: tempDir() })).stdout);
    expect(json).toHaveLength(21);
    expect(json[0]).toMatchObject({ id: expect.any(String), effectiveSeverity: expect.any(String), custom: false });
    const md = (await runCli(['rules', '-f', 'markdown'], { cwd: tempDir() })).stdout;
    expect(md).toMatch(/^\| Rule \| Severity \| What it checks \| References \|/);
  });
  it('prints one rule in full', async () => {
    const result = await runCli(['rules', 'overly-broad-scope'], { cwd: tempDir() });
    expect(result.stdout).toMatch(/^overly-broad-scope: Clients should not be allowed overly broad scopes/);
    expect(result.stdout).toMatch(/deniedScopes \(array, default \["admin"\], here \["admin"\]\)/);
    expect(result.stdout).toMatch(/RFC 9700 §2\.3/);
    expect(result.stdout).toMatch(/Examples/);
  });
  it('says did-you-mean for an unknown rule', async () => {
    const result = await runCli(['rules', 'stale-clients'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/did you mean "stale-client"/);
  });
});

describe('oauthlint init', () => {
  it('writes a commented config that loads, and refuses to overwrite without --force', async () => {
    const dir = tempDir();
    const first = await runCli(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    const file = join(dir, '.oauthlintrc.yml');
    expect(readFileSync(file, 'utf8')).toMatch(/^# yaml-language-server: \$schema=/);
    expect(() => resolveConfig(readConfigFile(file), builtin)).not.toThrow();
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    expect((await runCli(['init', '--force'], { cwd: dir })).code).toBe(0);
  });
  it('does not replace a config that is a link to nothing without --force (it wrote over the link)', async () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'shared.yml'), join(dir, '.oauthlintrc.yml'));
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\.oauthlintrc\.yml already exists; pass --force/);
    expect(lstatSync(join(dir, '.oauthlintrc.yml')).isSymbolicLink()).toBe(true);
  });
  it('refuses to write beside another config file', async () => {
    const dir = tempDir({ '.oauthlintrc.json': '{}' });
    const result = await runCli(['init', '--force'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(existsSync(join(dir, '.oauthlintrc.yml'))).toBe(false);
  });
});
