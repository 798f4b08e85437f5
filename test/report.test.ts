/** SARIF (schema and GitHub's rules), Markdown escaping, and several outputs in one run. */
import { randomBytes } from 'node:crypto';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { loadBuiltinRules } from '../src/config/load-rules.js';
import { resolveConfig } from '../src/config/load.js';
import { evaluate } from '../src/engine/evaluate.js';
import { fingerprintOf } from '../src/engine/fingerprint.js';
import { artifactUriOf, defaultSarifCategory, encodeSegment, formatSarif, sarifText } from '../src/report/sarif.js';
import { escapeMarkdown, formatMarkdown } from '../src/report/markdown.js';
import { defuseWorkflowCommands } from '../src/report/escape.js';
import { planOutputs } from '../src/main.js';
import type { LintResult, OAuthClient } from '../src/types.js';
import { cleanClient, runCli, tempDir, ROOT } from './helpers.js';
import { githubProblems, schemaProblems } from './support/sarif-checks.js';

const rules = resolveConfig({ file: null, config: {} }, loadBuiltinRules()).rules;
const NOW = new Date('2026-06-01T00:00:00Z');
const options = { toolVersion: '1.2.3', failOn: 'error' as const, color: false, quiet: false };

function lint(clients: unknown[], warnings: string[] = []): LintResult {
  return {
    clientCount: clients.length,
    findings: evaluate(clients as OAuthClient[], rules, { now: NOW }),
    rules: rules.map((rule) => ({ definition: rule.definition, severity: rule.severity })),
    source: { kind: 'file', location: 'x.json' },
    warnings,
    clientNames: clients.map((c) => ({ id: (c as { client_id?: string } | null)?.client_id ?? null, name: (c as { name?: string } | null)?.name ?? null })),
  };
}

const sarifOf = (result: LintResult, category?: string): Log => JSON.parse(formatSarif(result, { ...options, sarifCategory: category })) as Log;

const hostile = [
  cleanClient({ client_id: 'id with spaces/and:colons', name: '<img src=x onerror=alert(1)>', client_type: 'public', require_pkce: false }),
  cleanClient({ client_id: 'ok-2', name: '](javascript:alert(1))', redirect_uris: ['http://evil.example/cb', 'javascript:alert(1)//'] }),
  cleanClient({ client_id: '..', name: 'dots', policy_uri: null }),
  cleanClient({ client_id: 'ünïcode-ид', name: 'Name | with | pipes\nand newline' , policy_uri: '' }),
  { name: 'no id at all', client_type: 'public' },
  null,
];

describe('SARIF', () => {
  it('is valid against the SARIF 2.1.0 schema and GitHub rules, for hostile input', () => {
    const log = sarifOf(lint(hostile, ['3 clients appeared on two pages']));
    expect(schemaProblems(log)).toEqual([]);
    expect(githubProblems(log)).toEqual([]);
    expect(log.runs[0]?.results?.length).toBeGreaterThan(5);
  });

  it('puts no link of the data into an alert: brackets and backslashes in messages are escaped, as CodeQL writes them', () => {
    const phishing = '[Rotate your key here](https://evil.example/rotate)';
    const log = sarifOf(lint([cleanClient({ client_id: 'c1', name: phishing, redirect_uris: ['https://ok.example/cb', 'http://[::1]x/\\[0](0)'] })], ['a warning with [a](1) link']));
    const texts = [...(log.runs[0]?.results ?? []).map((r) => r.message.text ?? ''), ...(log.runs[0]?.invocations?.[0]?.toolExecutionNotifications ?? []).map((n) => n.message.text ?? '')];
    expect(texts.length).toBeGreaterThan(2);
    // An embedded link is an unescaped "[" ... "](" (vscode-codeql's reading of SARIF §3.11.6).
    const embeddedLink = /(?<=(?<!\\)(\\\\)*)\[(([^\\\][]|\\\\|\\\]|\\\[)*)\]\(/;
    for (const text of texts) expect({ text, link: embeddedLink.test(text) }).toEqual({ text, link: false });
    // What a consumer shows, once it unescapes, is the text as it was.
    const unescape = (text: string) => text.replace(/\\([\\[\]])/g, '$1');
    expect(texts.map(unescape).some((text) => text.includes(`client ${JSON.stringify(phishing)}`))).toBe(true);
    expect(texts.map(unescape)).toContain('a warning with [a](1) link');
    expect(sarifText('redirect_uris[1] of http://[::1]/ \\ x')).toBe('redirect_uris\\[1\\] of http://\\[::1\\]/ \\\\ x');
  });

  it('describes every enabled rule, not only those that fired', () => {
    const log = sarifOf(lint([cleanClient()]));
    expect(log.runs[0]?.tool.driver.rules?.map((rule) => rule.id)).toEqual(rules.map((rule) => rule.definition.id));
    const pkce = log.runs[0]?.tool.driver.rules?.find((rule) => rule.id === 'public-client-require-pkce');
    expect(pkce?.properties).toMatchObject({ 'security-severity': '8.0', 'problem.severity': 'error', precision: 'very-high' });
    expect(pkce?.defaultConfiguration?.level).toBe('error');
    expect(pkce?.help?.markdown).toMatch(/\[RFC 7636 — Proof Key for Code Exchange\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc7636\)/);
  });

  it('produces a run with results: [] for a clean account', () => {
    const log = sarifOf(lint([cleanClient()]));
    expect(log.runs[0]?.results).toEqual([]);
    expect(schemaProblems(log)).toEqual([]);
    expect(githubProblems(log)).toEqual([]);
  });

  it('points each result at a virtual path built from the client id', () => {
    const log = sarifOf(lint(hostile));
    const uris = new Set(log.runs[0]?.results?.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri));
    expect(uris).toEqual(
      new Set([
        'telnyx/oauth-clients/id%20with%20spaces%2Fand%3Acolons',
        'telnyx/oauth-clients/ok-2',
        'telnyx/oauth-clients/!2E!2E',
        'telnyx/oauth-clients/%C3%BCn%C3%AFcode-%D0%B8%D0%B4',
        'telnyx/oauth-clients/!record-5',
        'telnyx/oauth-clients/!record-6',
      ]),
    );
    expect(encodeSegment("a!b'c(d)e*f")).toBe('a%21b%27c%28d%29e%2Af');
    expect(artifactUriOf({ clientId: '.', clientIndex: 0 })).toBe('telnyx/oauth-clients/!2E');
  });

  it('writes a client id with a lone surrogate (no UTF-8 form; encodeURIComponent threw "URI malformed")', () => {
    const clients = ['a\ud800b', 'a\udc00b', 'a\ud800\ud800', 'x\ud83d\ude00y'].map((id) => cleanClient({ client_id: id, client_type: 'public', require_pkce: false }));
    const log = sarifOf(lint(clients));
    const uris = new Set(log.runs[0]?.results?.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri));
    expect(uris).toEqual(new Set(['telnyx/oauth-clients/a!uD800b', 'telnyx/oauth-clients/a!uDC00b', 'telnyx/oauth-clients/a!uD800!uD800', 'telnyx/oauth-clients/x%F0%9F%98%80y']));
    expect(schemaProblems(log)).toEqual([]);
    expect(githubProblems(log)).toEqual([]);
  });

  it('keeps fingerprints stable across runs, reordering and renames, and distinct per problem', () => {
    const a = cleanClient({ client_id: 'c-1', name: 'Before', redirect_uris: ['http://a.example/cb', 'http://b.example/cb'] });
    const b = cleanClient({ client_id: 'c-2', client_type: 'public', require_pkce: false });
    const prints = (log: Log) => new Map(log.runs[0]?.results?.map((r) => [r.partialFingerprints?.primaryLocationLineHash, r.ruleId]));
    const first = prints(sarifOf(lint([a, b])));
    const again = prints(sarifOf(lint([a, b])));
    const renamedReordered = prints(sarifOf(lint([b, { ...a, name: 'After', redirect_uris: ['http://b.example/cb', 'http://a.example/cb'] }])));
    expect(first.size).toBe(3);
    expect([...again.keys()]).toEqual([...first.keys()]);
    expect(new Set(renamedReordered.keys())).toEqual(new Set(first.keys()));
    const added = prints(sarifOf(lint([{ ...a, redirect_uris: ['http://a.example/cb', 'http://b.example/cb', 'http://c.example/cb'] }, b])));
    expect(added.size).toBe(4);
    const fixed = prints(sarifOf(lint([{ ...a, redirect_uris: ['http://a.example/cb'] }, b])));
    expect(fixed.size).toBe(2);
  });

  it('fingerprints two missing fields of one record apart', () => {
    const base = { ruleId: 'client-record-schema', clientId: 'x', clientIndex: 0, value: undefined };
    expect(fingerprintOf({ ...base, path: 'org_id' })).not.toBe(fingerprintOf({ ...base, path: 'user_id' }));
  });

  it('uses the category and reports warnings as notifications', () => {
    const log = sarifOf(lint([cleanClient()], ['2 clients appeared on two pages']), 'oauthlint/telnyx/prod/');
    expect(log.runs[0]?.automationDetails?.id).toBe('oauthlint/telnyx/prod/');
    expect(sarifOf(lint([cleanClient()])).runs[0]?.automationDetails?.id).toBe('oauthlint/telnyx/');
    expect(log.runs[0]?.invocations?.[0]).toEqual({
      executionSuccessful: true,
      toolExecutionNotifications: [{ level: 'warning', message: { text: '2 clients appeared on two pages' } }],
    });
  });

  it('takes a default category per part of the account, from the API filters, so parts never close each other\'s alerts', () => {
    expect(defaultSarifCategory({})).toBe('oauthlint/telnyx/');
    expect(defaultSarifCategory({ 'filter[client_type]': 'public' })).toBe('oauthlint/telnyx/client_type=public/');
    // Sorted by name, whatever order they were given in; values encoded, so "/" "," "=" cannot split or join parts.
    const a = defaultSarifCategory({ 'filter[name][contains]': 'Acme / EU, a=b', 'filter[allowed_grant_types][contains]': 'refresh_token', 'filter[verified]': 'true' });
    const b = defaultSarifCategory({ 'filter[verified]': 'true', 'filter[allowed_grant_types][contains]': 'refresh_token', 'filter[name][contains]': 'Acme / EU, a=b' });
    expect(a).toBe('oauthlint/telnyx/allowed_grant_types.contains=refresh_token,name.contains=Acme%20%2F%20EU%2C%20a%3Db,verified=true/');
    expect(b).toBe(a);
    expect(a.split('/')).toHaveLength(4);
    expect(defaultSarifCategory({ 'filter[verified]': 'false' })).not.toBe(defaultSarifCategory({ 'filter[verified]': 'true' }));
  });

  it('leaves excepted findings out of the results', () => {
    const result = lint([cleanClient({ client_type: 'public', require_pkce: false })]);
    expect(sarifOf(result).runs[0]?.results).toHaveLength(1);
    result.findings[0]!.exception = { reason: 'legacy', expires: '2027-01-01' };
    expect(sarifOf(result).runs[0]?.results).toEqual([]);
  });

  it('refuses to write more results than GitHub accepts', () => {
    const many = Array.from({ length: 25_001 }, (_, i) => cleanClient({ client_id: `c${i}`, policy_uri: null }));
    const result = lint(many);
    expect(result.findings.length).toBeGreaterThan(25_000);
    expect(() => formatSarif(result, options)).toThrow(
      'The SARIF would have 50,002 results (duplicate-client-name 25,001, missing-policy-uri 25,001); GitHub code scanning accepts at most 25,000 per run. Nothing was written. ' +
        'Turn off the rules that find the most in the config (rules: { duplicate-client-name: off }), or lint the account a part at a time with the filters (--client-type, --name-contains …), each part with its own --sarif-category.',
    );
    expect(() => formatSarif(lint(many.slice(0, 100)), options)).not.toThrow();
  });

  it('refuses to write more than the 10 MB gzipped GitHub accepts, naming the rules that find the most', () => {
    // 20,000 results, each naming (in its message and its location) a client_id of 800 characters no
    // compressor can shrink much.
    const many = Array.from({ length: 20_000 }, (_, i) => cleanClient({ client_id: randomBytes(600).toString('base64url'), name: `n${i}`, policy_uri: null }));
    const result = lint(many);
    expect(result.findings).toHaveLength(20_000);
    expect(() => formatSarif(result, options)).toThrow(
      /^The SARIF is \d+\.\d MB gzipped, of 20,000 results \(missing-policy-uri 20,000\); GitHub accepts at most 10 MB\. Nothing was written\. Turn off the rules that find the most in the config \(rules: \{ missing-policy-uri: off \}\)/,
    );
    expect(() => formatSarif(lint(many.slice(0, 1000)), options)).not.toThrow();
  });
});

describe('Markdown', () => {
  it('escapes controls, bidi controls, separators, invisible characters and lone surrogates for a terminal', async () => {
    const { escapeControl } = await import('../src/report/escape.js');
    expect(escapeControl('a\tb\nc\r\u0000\u0085\u2028\u2029')).toBe('a\\tb\\nc\\r\\u0000\\u0085\\u2028\\u2029');
    expect(escapeControl('\u202eevil\u2066\u200f')).toBe('\\u202eevil\\u2066\\u200f');
    expect(escapeControl('\u200b\u2060\ufeff\u00ad\u034f\u115f\u3164\uffa0\u180e\u2064\u206f')).toBe('\\u200b\\u2060\\ufeff\\u00ad\\u034f\\u115f\\u3164\\uffa0\\u180e\\u2064\\u206f');
    expect(escapeControl('x\u{e0001}\u{e0068}\u{e007f}\u{1bca0}')).toBe('x\\u{e0001}\\u{e0068}\\u{e007f}\\u{1bca0}');
    expect(escapeControl('lone \ud800 and \udfff')).toBe('lone \\ud800 and \\udfff');
    // What scripts and emoji need to be drawn right is left alone.
    for (const kept of ['\u{1f468}\u200d\u{1f469}\u200d\u{1f467}', '\u0646\u0627\u0645\u0647\u200c\u0627\u06cc', '\u2764\ufe0f', 'caf\u00e9 \u{1f600} \u2800']) {
      expect(escapeControl(kept)).toBe(kept);
    }
  });
  it('escapes data for Markdown and HTML', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(escapeMarkdown('](javascript:alert(1))')).toBe('\\]\\(javascript\\:alert\\(1\\)\\)');
    // A line break shows as the text report shows it, not as a space ("line1 line2" is another name).
    expect(escapeMarkdown('a | b\nc')).toBe('a \\| b\\\\nc');
    // Letters, digits, spaces and commas pass as they are; one character more and it is escaped.
    expect(escapeMarkdown('Client 12, Ops')).toBe('Client 12, Ops');
    expect(escapeMarkdown('Client-12')).toBe('Client\\-12');
    // Hyphens alone (UUIDs) take a shorter way to the same text, which still defuses GH-12.
    expect(escapeMarkdown('0b7d4e21-93c5-4f0a-8e6d-2a1b3c4d5e6f')).toBe('0b7d4e21\\-93c5\\-4f0a\\-8e6d\\-2a1b3c4d5e6f');
    expect(escapeMarkdown('app GH-12, ugh-1')).toBe('app GH\\-&#8203;12, ugh\\-1');
    expect(escapeMarkdown('Client 12\t')).toBe('Client 12\\\\t');
    // So do the characters drawn as nothing, which the text report escapes: Bill\u200bing is not Billing.
    expect(escapeMarkdown('Bill\u200bing\u2028\u{e0041}')).toBe('Bill\\\\u200bing\\\\u2028\\\\u\\{e0041\\}');
    expect(escapeMarkdown('ping @acme/security and @octocat, not a@')).toBe('ping @&#8203;acme/security and @&#8203;octocat, not a@');
    expect(escapeMarkdown('x\u001b[31m')).toBe('x\\\\u001b\\[31m');
    // Issue references would put "mentioned this" on that issue of the repository the report is posted in.
    expect(escapeMarkdown('Fix #12, gh-3 and acme/app#7; not # 1, C#, ugh-1 or GH-x')).toBe('Fix \\#&#8203;12, gh\\-&#8203;3 and acme/app\\#&#8203;7; not \\# 1, C\\#, ugh\\-1 or GH\\-x');
  });

  it('renders hostile names as text: no raw HTML, no links from the data, tables intact', () => {
    const md = formatMarkdown(lint(hostile), options);
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/\]\(javascript:/);
    expect(md).not.toContain('\u001b');
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
      const cells = line.split(/(?<!\\)\|/).length;
      expect(cells === 4 || cells === 5 || cells === 6).toBe(true);
    }
    expect(md).toMatch(/^## ❌ oauthlint: \d+ findings in \d+ of 6 clients/);
    expect(md).toMatch(/\*\*Verdict: FAIL\*\*/);
    expect(md).toMatch(/\| \[public\\-client\\-require\\-pkce\]\(https:\/\/github\.com\/oauthlint\/oauthlint\/blob\/main\/docs\/rules\.md#public-client-require-pkce\) \| 3 \|/);
  });

  it('says PASS and lists the clients that passed', () => {
    const md = formatMarkdown(lint([cleanClient({ name: 'Good <b>one</b>' })]), options);
    expect(md).toMatch(/^## ✅ oauthlint: no findings/);
    expect(md).toMatch(/\*\*Verdict: PASS\*\*/);
    expect(md).toContain('- Good &lt;b&gt;one&lt;/b&gt; (11111111\\-2222\\-4333\\-8444\\-555555555555)');
  });

  it('collapses long sections', () => {
    const many = Array.from({ length: 30 }, (_, i) => cleanClient({ client_id: `c${i}`, policy_uri: null }));
    const md = formatMarkdown(lint(many), options);
    expect(md).toMatch(/<details>\n<summary>30 clients with findings<\/summary>/);
  });
});

describe('several outputs', () => {
  it('plans outputs from --format and --output', () => {
    expect(planOutputs(undefined, undefined)).toEqual([{ format: 'text' }]);
    expect(planOutputs(['json'], 'r.json')).toEqual([{ format: 'json', file: 'r.json' }]);
    expect(planOutputs(undefined, 'r.txt')).toEqual([{ format: 'text', file: 'r.txt' }]);
    expect(planOutputs(['text', 'sarif'], { sarif: 'r.sarif' })).toEqual([{ format: 'text' }, { format: 'sarif', file: 'r.sarif' }]);
    expect(planOutputs(undefined, { sarif: 'r.sarif', markdown: 'r.md' })).toEqual([{ format: 'text' }, { format: 'sarif', file: 'r.sarif' }, { format: 'markdown', file: 'r.md' }]);
    expect(planOutputs(['sarif'], { sarif: 'r.sarif' })).toEqual([{ format: 'sarif', file: 'r.sarif' }]);
  });
  it.each([
    [['text', 'json'], undefined, /Only one report can go to stdout/],
    [['text', 'json'], 'r', /--output FILE applies when there is one --format/],
    [['text'], { xml: 'r' }, /--output\.xml: unknown format/],
    [['text'], ['a', { json: 'b' }], /either --output FILE/],
    [['json', 'sarif'], { json: 'same', sarif: 'same' }, /Two reports would be written to same/],
  ])('refuses %j with %j', (formats, output, message) => {
    expect(() => planOutputs(formats as never, output)).toThrow(message);
  });

  it('writes text to the log and SARIF and Markdown to files from one run', async () => {
    const dir = tempDir();
    const result = await runCli(['-i', join(ROOT, 'examples', 'clients.json'), '--now', '2026-12-01T00:00:00Z', '-f', 'text', '-f', 'sarif', '--output.sarif', 'out.sarif', '--output.markdown', 'out.md'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✖ 14 findings/);
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as Log;
    expect(schemaProblems(log)).toEqual([]);
    expect(githubProblems(log)).toEqual([]);
    expect(log.runs[0]?.results).toHaveLength(14);
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toMatch(/^## ❌ oauthlint: 14 findings/);
    expect(readdirSync(dir).sort()).toEqual(['out.md', 'out.sarif']);
  });

  it('writes nothing when the SARIF cannot be produced', async () => {
    const many = JSON.stringify(Array.from({ length: 25_001 }, (_, i) => cleanClient({ client_id: `c${i}`, policy_uri: null })));
    const dir = tempDir({ 'c.json': many });
    const result = await runCli(['-i', 'c.json', '--output.json', 'r.json', '--output.sarif', 'r.sarif', '-f', 'json', '-f', 'sarif'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^oauthlint: The SARIF would have 50,002 results \(duplicate-client-name 25,001, missing-policy-uri 25,001\); GitHub code scanning accepts at most 25,000 per run\. Nothing was written\. Turn off/);
    expect(existsSync(join(dir, 'r.json'))).toBe(false);
    expect(existsSync(join(dir, 'r.sarif'))).toBe(false);
  }, 30_000);

  it('takes --sarif-category', async () => {
    const dir = tempDir();
    await runCli(['-i', join(ROOT, 'examples', 'clients.json'), '--now', '2026-12-01T00:00:00Z', '-f', 'sarif', '-o', 'r.sarif', '--sarif-category', 'oauthlint/telnyx/staging/'], { cwd: dir });
    expect((JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')) as Log).runs[0]?.automationDetails?.id).toBe('oauthlint/telnyx/staging/');
  });
});

describe('JSON in pieces', () => {
  it('adds up to exactly the pretty-printed report, with and without findings', async () => {
    const { formatJson, formatJsonChunks } = await import('../src/report/json.js');
    const many = Array.from({ length: 2345 }, (_, i) => cleanClient({ client_id: `c${i}`, policy_uri: i % 3 ? null : 'https://e.com/p', name: `n"${i}\n` }));
    const { policy_uri: _dropped, ...withoutPolicy } = cleanClient({ client_id: 'no-policy' });
    const odd = lint([cleanClient({ client_id: 'odd', client_type: 'public', require_pkce: { nested: ['x', { y: 1 }] }, policy_uri: null }), withoutPolicy]);
    odd.findings[0]!.exception = { reason: 'because "quoted"\n', expires: '2027-01-01' };
    odd.findings[0]!.baselineState = 'new';
    for (const result of [lint(many), lint([cleanClient()]), odd]) {
      const text = formatJson(result, options);
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      expect([...formatJsonChunks(result, options)].length).toBeGreaterThan(result.findings.length > 500 ? 3 : 0);
      expect(JSON.parse(text).findings).toHaveLength(result.findings.length);
    }
    expect(formatJson(odd, options)).toContain('"value": null,\n      "valueMissing": true,');
  });
});

describe('text in pieces', () => {
  it('comes in pieces of whole lines that add up to the report', async () => {
    const { formatText, formatTextChunks } = await import('../src/report/text.js');
    const many = Array.from({ length: 2345 }, (_, i) => cleanClient({ client_id: `c${i}`, policy_uri: i % 3 ? null : 'https://e.com/p', name: `n${i}` }));
    for (const result of [lint(many), lint([cleanClient()]), lint([])]) {
      const pieces = [...formatTextChunks(result, options)];
      expect(pieces.join('')).toBe(formatText(result, options));
      for (const piece of pieces) expect(piece.endsWith('\n')).toBe(true);
      if (result.clientCount > 1000) expect(pieces.length).toBeGreaterThan(1);
    }
  });

  it('is defused piece by piece: a command far down the report reaches no runner', async () => {
    const clients = Array.from({ length: 3000 }, (_, i) => cleanClient({ client_id: `c${i}`, policy_uri: null, name: i === 2900 ? '::error title=Passed::no findings' : `n${i}` }));
    const dir = tempDir({ 'c.json': JSON.stringify(clients) });
    const result = await runCli(['-i', 'c.json', '--fail-on', 'none'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\n\\u003a:error title=Passed::no findings (client_id c2900)\n');
    expect(result.stdout.split('\n').filter((line) => /^\s*::/.test(line))).toEqual([]);
  });
});

describe('Markdown in pieces', () => {
  it('comes in pieces of whole client sections, laid out as one report', async () => {
    const { formatMarkdownChunks } = await import('../src/report/markdown.js');
    const many = Array.from({ length: 1800 }, (_, i) => cleanClient({ client_id: `c${i}`, policy_uri: i % 3 ? null : 'https://e.com/p', name: `n${i}` }));
    const result = lint(many);
    const flagged = new Set(result.findings.map((f) => f.clientIndex)).size;
    expect(flagged).toBeGreaterThan(2 * 500);
    const pieces = [...formatMarkdownChunks(result, options)];
    expect(pieces.length).toBeGreaterThan(3);
    // No piece cuts a client's section: each between the first and the last starts one.
    for (const piece of pieces.slice(1, -1)) expect(piece).toMatch(/^(\n\n)?#### n\d+\n\nclient\\_id c\d+\n\n\| Severity/);
    // Joined, one collapsed list holds every section, a blank line between them, and the report goes on after it.
    const md = pieces.join('');
    const open = '<summary>' + `${flagged.toLocaleString('en')} clients with findings</summary>\n\n`;
    expect(md.split(open)).toHaveLength(2);
    const body = md.slice(md.indexOf(open) + open.length, md.indexOf('\n\n</details>\n\n### Clients that passed\n'));
    expect(body.split('\n\n#### ')).toHaveLength(flagged);
    expect(body.startsWith('#### n1\n')).toBe(true);
    expect(body).not.toMatch(/\n{3}/);
    expect(md.endsWith('</sub>\n')).toBe(true);
  });
});

describe('GitHub workflow commands in the data', () => {
  /** What the Actions runner would read as a command: a line that begins, after white space, with "::", or "##[" anywhere. */
  const commandsIn = (text: string): string[] => [...text.split('\n').filter((line) => /^\s*::/.test(line)), ...(text.includes('##[') ? ['##['] : [])];

  it('are defused: a leading "::" and "##[" anywhere, and nothing else', () => {
    expect(defuseWorkflowCommands('::error::x\n  \u00a0::add-mask::y\nok :: fine\nurl http://[::1]/##[set-output name=a;]0')).toBe(
      '\\u003a:error::x\n  \u00a0\\u003a:add-mask::y\nok :: fine\nurl http://[::1]/#\\u0023[set-output name=a;]0',
    );
    expect(defuseWorkflowCommands('"##[x"', false)).toBe('"#\\u0023[x"');
    expect(JSON.parse(defuseWorkflowCommands(JSON.stringify({ a: '##[error]x', b: '::x::' }), false))).toEqual({ a: '##[error]x', b: '::x::' });
    expect(defuseWorkflowCommands('nothing to see')).toBe('nothing to see');
    // A coloured report starts its lines with escape codes, which a log reader may drop.
    expect(defuseWorkflowCommands('\u001b[1m::error::x\u001b[0m (client_id a)')).toBe('\u001b[1m\\u003a:error::x\u001b[0m (client_id a)');
  });

  it('never reach the runner from a report, a diff, a snapshot or a baseline, and JSON still reads back the same', async () => {
    const hostile = [
      cleanClient({ client_id: 'c1', name: '::error title=Passed::no findings', redirect_uris: ['http://x.example/##[set-output name=exit-code;]0'] }),
      cleanClient({ client_id: 'c2', name: ' \u00a0::stop-commands::token', policy_uri: null, allowed_scopes: ['##[add-mask]scope'] }),
    ];
    const dir = tempDir({ 'c.json': JSON.stringify(hostile), 'old.json': JSON.stringify([cleanClient({ client_id: 'c1' })]) });
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const result = await runCli(['-i', 'c.json', '-f', format, '--fail-on', 'none'], { cwd: dir });
      expect(result.code).toBe(0);
      outputs.push(result.stdout, result.stderr);
      if (format === 'json') expect(JSON.parse(result.stdout).findings.map((f: { value: unknown }) => f.value)).toContain('http://x.example/##[set-output name=exit-code;]0');
    }
    for (const format of ['text', 'json', 'markdown']) outputs.push((await runCli(['diff', 'old.json', 'c.json', '-f', format], { cwd: dir })).stdout);
    await runCli(['-i', 'c.json', '--save-snapshot', 's.json', '--write-baseline', 'b.json', '--fail-on', 'none', '-q'], { cwd: dir });
    outputs.push(readFileSync(join(dir, 's.json'), 'utf8'), readFileSync(join(dir, 'b.json'), 'utf8'));
    expect((JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')) as { clients: { name: string }[] }).clients[0]?.name).toBe('::error title=Passed::no findings');
    expect(outputs.flatMap(commandsIn)).toEqual([]);
    // The data was there to be defused: the text report shows it in the escape notation.
    expect(outputs[0]).toContain('\\u003a:error title=Passed::no findings (client_id c1)');
    expect(outputs[0]).toContain('http://x.example/#\\u0023[set-output name=exit-code;]0');
  });
});

describe('text report', () => {
  it('--quiet counts what it leaves out by kind, excepted findings of any severity among them', async () => {
    const { formatText } = await import('../src/report/text.js');
    const result = lint([cleanClient({ client_id: 'a', client_type: 'public', require_pkce: false, policy_uri: null, tos_uri: null })]);
    const bySeverity = (severity: string): number => result.findings.filter((f) => f.severity === severity).length;
    expect([bySeverity('error'), bySeverity('warning'), bySeverity('note')]).toEqual([1, 1, 0]);
    const quiet = { ...options, quiet: true };
    expect(formatText(result, quiet)).toContain('\n  (1 warning not shown: --quiet)\n');
    const error = result.findings.find((f) => f.severity === 'error')!;
    error.exception = { reason: 'migrating', expires: '2026-12-31' };
    const withNote = { ...result, findings: [...result.findings, { ...error, exception: undefined, severity: 'note' as const, path: 'x' }] };
    const text = formatText(withNote, quiet);
    expect(text).toContain('\n  (1 warning, 1 note, 1 excepted not shown: --quiet)\n');
    expect(text).not.toMatch(/^\s+(error|warning|note|excepted) /m);
    expect(formatText(result, options)).not.toContain('not shown');
  });
});

describe('text report: findings by rule', () => {
  it('ends a long report with the count of each rule, most first, and leaves it out of a short or --quiet one', async () => {
    const { formatText } = await import('../src/report/text.js');
    const many = Array.from({ length: 60 }, (_, i) => cleanClient({ client_id: `c${i}`, name: `n${i}`, policy_uri: null, redirect_uris: i < 12 ? ['http://a.example/cb'] : ['https://a.example/cb'] }));
    const result = lint(many);
    const text = formatText(result, options);
    expect(text).toContain('\nFindings by rule:\n  60  missing-policy-uri\n  12  no-http-redirect-uri\n\n✖ 72 findings');
    expect(formatText(result, { ...options, quiet: true })).not.toContain('Findings by rule');
    expect(formatText(lint(many.slice(0, 30)), options)).not.toContain('Findings by rule');
    // Counts line up on the right, with their separators.
    const big = { ...result, findings: [...Array.from({ length: 1500 }, () => result.findings.find((f) => f.ruleId === 'missing-policy-uri')!), ...result.findings] };
    expect(formatText(big, options)).toMatch(/\nFindings by rule:\n  1,560  missing-policy-uri\n     12  no-http-redirect-uri\n/);
  });
});

describe('large reports', () => {
  it('formats 200,000 findings and 150,000 inventory lines as text and Markdown (no argument spread to overflow the stack)', async () => {
    const { formatText } = await import('../src/report/text.js');
    // One client with 200,000 http redirect URIs: all its findings in one group, as for a big account.
    const base = lint([cleanClient({ client_id: 'big', redirect_uris: ['http://a.example/cb'] })]);
    const finding = base.findings.find((f) => f.ruleId === 'no-http-redirect-uri');
    expect(finding).toBeDefined();
    const findings = Array.from({ length: 200_000 }, (_, i) => ({ ...finding!, path: `redirect_uris[${i}]`, clientIndex: i % 1500 }));
    const added = Array.from({ length: 150_000 }, (_, i) => ({ clientId: `c${i}`, name: null }));
    const result: LintResult = { ...base, clientCount: 1500, findings, inventory: { file: 'old.json', diff: { added, removed: [], changed: [], unmatched: { old: 0, new: 0 } } } };
    const text = formatText(result, options);
    expect(text).toContain('redirect_uris[199999]');
    expect(text).toContain('  + added    (no name) (c149999)');
    // Every count for people has its separators, not only some of those in one sentence.
    expect(text).toContain('✖ 200,000 findings (200,000 errors, 0 warnings, 0 notes) in 1,500 of 1,500 clients checked.');
    expect(text).toContain(': 150,000 added, 0 removed, 0 changed');
    const markdown = formatMarkdown(result, options);
    expect(markdown).toContain('oauthlint: 200,000 findings in 1,500 of 1,500 clients');
    expect(markdown).toContain('| 🔴 error | 200,000 |');
    expect(markdown).toMatch(/\| \[no\\-http\\-redirect\\-uri\]\([^)]*\) \| 200,000 \|/);
    expect(markdown).toContain('150,000 added · 0 removed · 0 changed');
    expect(markdown).toContain('<summary>1,500 clients with findings</summary>');
  }, 30_000);
});
