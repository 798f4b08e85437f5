import { OPERATORS, compileCondition, compileExpr, parsePath, type EvalContext } from '../src/engine/expr.js';
import { evaluate } from '../src/engine/evaluate.js';
import { compileRule, validateRuleDefinition } from '../src/engine/rules.js';
import { checkRuleDefinition } from '../src/config/load-rules.js';
import { cleanClient, pathsFor, ruleWith, runCli, tempDir } from './helpers.js';

function context(client: unknown, current?: unknown, options: Record<string, unknown> = {}): EvalContext {
  return { client, current, path: '', clientIndex: 0, options, now: new Date('2026-06-01T00:00:00Z'), uriMemo: [] };
}

function holds(condition: unknown, client: unknown, current?: unknown, options?: Record<string, unknown>): boolean {
  const issues: { keyPath: string; message: string }[] = [];
  const predicate = compileCondition(condition, 'check.report', issues);
  expect(issues).toEqual([]);
  return predicate(context(client, current, options));
}

describe('paths', () => {
  it('parses fields and indexes', () => {
    expect(parsePath('a.b[2].c')).toEqual(['a', 'b', 2, 'c']);
    expect(parsePath('redirect_uris[0]')).toEqual(['redirect_uris', 0]);
    expect(parsePath('allowed-hosts')).toEqual(['allowed-hosts']);
  });
  it.each(['a..b', '.a', 'a.', 'a[x]', 'a[-1]', 'a b', 'a[0'])('rejects %j', (text) => {
    expect(parsePath(text)).toBeNull();
  });
  it('reads own properties only, so __proto__ and constructor are just missing fields', () => {
    const issues: { keyPath: string; message: string }[] = [];
    const expr = compileExpr('constructor.name', 'x', issues);
    expect(issues).toEqual([]);
    expect(expr(context({}))).toBeUndefined();
    expect(compileExpr('__proto__', 'x', issues)(context({}))).toBeUndefined();
  });
});

describe('isoTime', () => {
  it('reads ISO 8601 dates and date-times the same in every time zone (Date.parse read a time without offset as local)', async () => {
    const { isoTime } = await import('../src/engine/functions.js');
    const utc = Date.UTC(2026, 11, 1);
    for (const text of ['2026-12-01', '2026-12-01T00:00:00', '2026-12-01 00:00', '2026-12-01T00:00:00Z', '2026-12-01t00:00:00.000z', '2026-12-01T01:00:00+01:00']) expect([text, isoTime(text)]).toEqual([text, utc]);
    expect(isoTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(isoTime('2000-02-29T01:00:00+01:00')).toBe(Date.UTC(2000, 1, 29));
    for (const text of ['2100-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '2026-12-00T00:00:00Z', '2026-12-01T25:00:00Z']) expect([text, isoTime(text)]).toEqual([text, Number.NaN]);
    for (const text of ['2026-02-30', '2026-02-29T00:00:00Z', 'Dec 1 2026', '2026-12-01T00:00:00 GMT', '12/01/2026', '2026-12-1', '2026-12-01T00', '']) expect([text, isoTime(text)]).toEqual([text, Number.NaN]);
  });
  it('gives the same ageDays whatever the TZ of the process, for --now and record dates without an offset', async () => {
    // Exactly 366 days in UTC; read as local time, either end moved by up to 14 hours and the count with it.
    for (const [updated, now] of [['2025-11-30T00:00:00', '2026-12-01T00:00:00Z'], ['2025-11-30T00:00:00Z', '2026-12-01T00:00:00']]) {
      const dir = tempDir({ 'c.json': JSON.stringify([cleanClient({ updated_at: updated })]) });
      const ages = await Promise.all(
        ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'].map(async (tz) => {
          const result = await runCli(['-i', 'c.json', '--now', now as string, '-f', 'json', '--fail-on', 'none'], { cwd: dir, env: { TZ: tz } });
          return (JSON.parse(result.stdout) as { findings: { ruleId: string; message: string }[] }).findings.find((f) => f.ruleId === 'stale-client')?.message;
        }),
      );
      expect(ages).toEqual(Array(3).fill(`Expected an update within 365 days; last updated ${JSON.stringify(updated)}, 366 days ago`));
    }
  });
});

describe('expressions', () => {
  it('pipes values through functions and reads fields of the result', () => {
    const issues: { keyPath: string; message: string }[] = [];
    expect(compileExpr('$ | uri.scheme', 'k', issues)(context({}, ' HTTP://x.example'))).toBe('http');
    expect(compileExpr('name | normalizeName', 'k', issues)(context({ name: '  Ｆｏｏ   Bar ' }))).toBe('foo bar');
    expect(compileExpr('redirect_uris | length', 'k', issues)(context({ redirect_uris: [1, 2, 3] }))).toBe(3);
    expect(compileExpr('updated_at | ageDays', 'k', issues)(context({ updated_at: '2026-05-01T00:00:00Z' }))).toBe(31);
    expect(compileExpr('@options.limit', 'k', issues)(context({}, undefined, { limit: 4 }))).toBe(4);
    expect(issues).toEqual([]);
  });
  it('reports unknown functions and bad paths with their key path', () => {
    const issues: { keyPath: string; message: string }[] = [];
    compileExpr('$ | eval', 'check.report.value', issues);
    compileExpr('a..b', 'check.report.all[1].value', issues);
    compileExpr(42, 'check.select', issues);
    expect(issues).toEqual([
      { keyPath: 'check.report.value', message: expect.stringMatching(/^unknown function "eval" \(known: uri, /) },
      { keyPath: 'check.report.all[1].value', message: expect.stringMatching(/invalid path "a..b"/) },
      { keyPath: 'check.select', message: expect.stringMatching(/expected an expression/) },
    ]);
  });
  it('has no function that reaches prototype members', () => {
    const issues: { keyPath: string; message: string }[] = [];
    compileExpr('$ | toString', 'k', issues);
    compileExpr('$ | constructor', 'k', issues);
    expect(issues).toHaveLength(2);
  });
});

describe('conditions', () => {
  it('compares strictly: types must match', () => {
    expect(holds({ value: 'x', equals: true }, { x: true })).toBe(true);
    expect(holds({ value: 'x', equals: true }, { x: 'true' })).toBe(false);
    expect(holds({ value: 'x', equals: 1 }, { x: '1' })).toBe(false);
    expect(holds({ value: 'x', equals: ['a', 'b'] }, { x: ['a', 'b'] })).toBe(true);
    expect(holds({ value: 'x', notEquals: 'a' }, {})).toBe(true);
  });
  it('supports in, contains, startsWith, numbers and types', () => {
    expect(holds({ value: 'x', in: ['a', 'b'] }, { x: 'b' })).toBe(true);
    expect(holds({ value: 'x', notIn: ['a', 'b'] }, { x: 'c' })).toBe(true);
    expect(holds({ value: 'x', contains: 'admin' }, { x: ['read', 'admin'] })).toBe(true);
    expect(holds({ value: 'x', contains: 'adm' }, { x: 'badmin' })).toBe(true);
    expect(holds({ value: 'x', contains: 'admin' }, { x: 'admin-not-a-list' })).toBe(true);
    expect(holds({ value: 'x', contains: 'admin' }, { x: { admin: true } })).toBe(false);
    expect(holds({ value: 'x', containsAny: ['a', 'z'] }, { x: ['z'] })).toBe(true);
    expect(holds({ value: 'x', startsWith: 'acme-' }, { x: 'acme-web' })).toBe(true);
    expect(holds({ value: 'x', startsWith: 'acme-' }, { x: 7 })).toBe(false);
    expect(holds({ value: 'x', gt: 3 }, { x: 4 })).toBe(true);
    expect(holds({ value: 'x', gt: 3 }, { x: '4' })).toBe(false);
    expect(holds({ value: 'x', is: 'missing' }, {})).toBe(true);
    expect(holds({ value: 'x', is: ['null', 'missing'] }, { x: null })).toBe(true);
    expect(holds({ value: 'x', is: 'blank' }, { x: ' \t' })).toBe(true);
    expect(holds({ value: 'x', is: 'blank' }, { x: ' a ' })).toBe(false);
    expect(holds({ value: 'x', is: 'blank' }, { x: '\u0085\u009f\u200b\u200d\u2060\u202e\ufeff' })).toBe(true);
    expect(holds({ value: 'x', is: 'blank' }, { x: '\u2060.\u2060' })).toBe(false);
    // Hangul fillers, the Braille blank, soft hyphen, variation selector, tag space: drawn as nothing.
    for (const x of ['\u3164', '\uffa0', '\u115f\u1160', '\u2800', '\u00ad', '\ufe0f', '\u034f', '\u{e0020}', '\u2066\u2069']) {
      expect([x, holds({ value: 'x', is: 'blank' }, { x })]).toEqual([x, true]);
    }
    expect(holds({ value: 'x', is: 'blank' }, { x: '\ud800' })).toBe(false);
    expect(holds({ value: 'x', is: 'integer' }, { x: 2 })).toBe(true);
    expect(holds({ value: 'x', is: 'number' }, { x: 2.5 })).toBe(true);
  });
  it('combines with all, any, not', () => {
    const c = { all: [{ value: 'a', equals: 1 }, { not: { any: [{ value: 'b', equals: 2 }, { value: 'c', equals: 3 }] } }] };
    expect(holds(c, { a: 1 })).toBe(true);
    expect(holds(c, { a: 1, c: 3 })).toBe(false);
    expect(holds(c, { a: 2 })).toBe(false);
  });
  it('quantifies with some and every, rebinding $ to the item and restoring it after', () => {
    const some = { some: 'redirect_uris', where: { value: '$ | uri.scheme', equals: 'http' } };
    expect(holds(some, { redirect_uris: ['https://a', 'http://b'] })).toBe(true);
    expect(holds(some, { redirect_uris: ['https://a'] })).toBe(false);
    expect(holds(some, { redirect_uris: 'http://b' })).toBe(false);
    const every = { every: 'redirect_uris', where: { value: '$', startsWith: 'https://' } };
    expect(holds(every, { redirect_uris: ['https://a', 'https://b'] })).toBe(true);
    expect(holds(every, { redirect_uris: ['https://a', 'http://b'] })).toBe(false);
    expect(holds(every, { redirect_uris: [] })).toBe(true);
    const nested = { all: [{ some: 'xs', where: { value: '$', equals: 1 } }, { value: '$', equals: 'outer' }] };
    expect(holds(nested, { xs: [1] }, 'outer')).toBe(true);
  });
  it('reads options as subjects and operands', () => {
    expect(holds({ option: 'allow', equals: true }, {}, undefined, { allow: true })).toBe(true);
    expect(holds({ value: 'host', in: { option: 'hosts' } }, { host: 'a' }, undefined, { hosts: ['a'] })).toBe(true);
    expect(holds({ value: 'x', equals: { literal: { option: 1 } } }, { x: { option: 1 } })).toBe(true);
    expect(holds({ value: 'a', equals: { value: 'b' } }, { a: 5, b: 5 })).toBe(true);
  });
  it('reports every malformed condition with its key path', () => {
    const issues: { keyPath: string; message: string }[] = [];
    compileCondition(
      { all: [{ value: 'x', equal: 1 }, { value: 'x', equals: 1, in: [1] }, { any: [] }, { value: 'x', is: 'str' }, 'nope', { some: 'xs' }] },
      'check.report',
      issues,
    );
    expect(issues.map((issue) => issue.keyPath)).toEqual([
      'check.report.all[0]',
      'check.report.all[1]',
      'check.report.all[2].any',
      'check.report.all[3].is',
      'check.report.all[4]',
      'check.report.all[5]',
    ]);
    expect(issues[0]?.message).toMatch(/unknown key "equal"/);
  });
});

describe('rules', () => {
  it('selects each item of a list and reports one finding per offending item', () => {
    const rule = ruleWith({ select: 'redirect_uris[*]', report: { value: '$ | uri.scheme', equals: 'http' } });
    expect(pathsFor(rule, { redirect_uris: ['http://a', 'https://b', 'http://c'] })).toEqual(['redirect_uris[0]', 'redirect_uris[2]']);
    expect(pathsFor(rule, { redirect_uris: 'http://a' })).toEqual([]);
  });
  it('selects several fields, missing ones included', () => {
    const rule = ruleWith({ select: ['logo_uri', 'tos_uri', 'policy_uri'], report: { value: '$', is: 'missing' } });
    expect(pathsFor(rule, { logo_uri: 'x' })).toEqual(['tos_uri', 'policy_uri']);
  });
  it('examines the record itself without select', () => {
    const rule = ruleWith({ report: { value: 'name', is: 'missing' } });
    expect(pathsFor(rule, {})).toEqual(['']);
  });
  it('renders message placeholders as JSON, escaping control characters', () => {
    const rule = ruleWith({ select: 'name', report: { value: '$', is: 'string' } }, { message: 'Invalid name {{$}} of {{client_id}}; missing {{nope}}' });
    const issues: { keyPath: string; message: string }[] = [];
    const [finding] = evaluate([{ name: 'a"\u001b[31m', client_id: 'c1' } as never], [compileRule(rule, 'error', {}, issues)], { now: new Date() });
    expect(finding?.message).toBe('Invalid name "a\\"\\u001b[31m" of "c1"; missing (missing)');
  });
  it('refuses a rule that reads client_secret, which is dropped on reading (it would never fire), and carries none into a finding', () => {
    const said = '"client_secret" is never there: oauthlint drops client secrets as it reads them (has_client_secret says whether there was one)';
    for (const check of [{ select: 'client_secret', report: { value: '$', is: 'string' } }, { report: { value: 'client_secret', is: 'string' } }]) {
      const issues: { keyPath: string; message: string }[] = [];
      const compiled = compileRule(ruleWith(check), 'error', {}, issues);
      expect(issues.map((issue) => issue.message)).toEqual([said]);
      const findings = evaluate([{ client_secret: 'sk-very-secret' } as never], [compiled], { now: new Date() });
      expect(JSON.stringify(findings)).not.toContain('sk-very-secret');
    }
  });
  it('refuses a field one typo from a record field, and fields that uri and the other functions do not have', () => {
    const cases: [unknown, string][] = [
      [{ select: 'redirect_uri[*]', report: { value: '$', is: 'string' } }, 'check.select: unknown field "redirect_uri"; did you mean "redirect_uris"?'],
      [{ report: { value: 'clienttype', equals: 'public' } }, 'check.report.value: unknown field "clienttype"; did you mean "client_type"?'],
      [{ select: 'redirect_uris[*]', report: { value: '$ | uri.schem', equals: 'http' } }, 'check.report.value: unknown field "schem" of uri; did you mean "scheme"?'],
      [{ select: 'redirect_uris[*]', report: { value: '$ | lower.x', equals: 'http' } }, 'check.report.value: "lower" gives a string, which has no fields: pipe it on instead ("| length")'],
      [{ report: { value: 'redirect_uris | length.x', gt: 1 } }, 'check.report.value: "length" gives a number, which has no fields: pipe it on instead ("| length")'],
    ];
    for (const [check, expected] of cases) {
      const issues: { keyPath: string; message: string }[] = [];
      compileRule(ruleWith(check), 'error', {}, issues);
      expect(issues.map((issue) => `${issue.keyPath}: ${issue.message}`.replace(/ \(fields: .*\)$/, ''))).toEqual([expected]);
    }
    // A field the schema does not list, far from any it does, may be one the API added: read as written.
    for (const check of [{ report: { value: 'x_custom_field', equals: 1 } }, { select: 'redirect_uris[*]', report: { value: '$ | uri.problems[0]', equals: 'x' } }]) {
      const issues: { keyPath: string; message: string }[] = [];
      compileRule(ruleWith(check), 'error', {}, issues);
      expect(issues).toEqual([]);
    }
    const issues: { keyPath: string; message: string }[] = [];
    const rule = compileRule(ruleWith({ report: { value: 'x_custom_field', equals: 1 } }), 'error', {}, issues);
    expect(evaluate([{ x_custom_field: 1 } as never], [rule], { now: new Date() }).map((f) => f.path)).toEqual(['']);
  });
  it('fills client id, name and index into findings, null when not strings', () => {
    const rule = ruleWith({ report: { value: 'x', is: 'missing' } });
    const issues: { keyPath: string; message: string }[] = [];
    const findings = evaluate([cleanClient(), { client_id: 5, name: ['x'] }, null] as never[], [compileRule(rule, 'warning', {}, issues)], { now: new Date() });
    expect(findings.map((f) => [f.clientId, f.clientName, f.clientIndex, f.severity])).toEqual([
      ['11111111-2222-4333-8444-555555555555', 'Clean app', 0, 'warning'],
      [null, null, 1, 'warning'],
      [null, null, 2, 'warning'],
    ]);
  });
});

describe('rule definitions', () => {
  it('accepts a well-formed rule', () => {
    expect(checkRuleDefinition(ruleWith({ select: 'name', report: { value: '$', is: 'missing' } }), 'test-rule')).toEqual([]);
  });
  it('names every problem of a broken rule at once', () => {
    const broken = { ...ruleWith({ select: 'name' }), severity: 'fatal', docs: 'http://insecure', extra: 1 } as Record<string, unknown>;
    delete broken.rationale;
    const keyPaths = validateRuleDefinition(broken).map((issue) => issue.keyPath).sort();
    expect(keyPaths).toEqual(['check', 'docs', 'extra', 'rationale', 'severity']);
  });
  it('requires the id to equal the file name', () => {
    expect(checkRuleDefinition(ruleWith({ report: { value: 'a', is: 'missing' } }), 'other-name')).toEqual([
      { keyPath: 'id', message: 'expected "other-name" (the id must equal the file name)' },
    ]);
  });
  it('reports check grammar problems with key paths inside the rule', () => {
    const issues = checkRuleDefinition(ruleWith({ select: 'a[*][*]', report: { value: '$ | nope', equals: 1 } }), 'test-rule');
    expect(issues.map((issue) => issue.keyPath)).toEqual(['check.select', 'check.report.value']);
  });
  it('says in words what an id, a URL or a tag must be, and what it got', () => {
    const broken = { ...ruleWith({ select: 'name', report: { value: '$', is: 'missing' } }), id: 'My_Rule', docs: 'http://x.example/d', tags: ['Security'] };
    expect(validateRuleDefinition(broken).map((issue) => `${issue.keyPath}: ${issue.message}`)).toEqual([
      'id: expected a kebab-case id: lower-case letters and digits, in words joined by "-" (subject-check, e.g. "redirect-uri-fragment"), got "My_Rule"',
      'docs: expected an https:// URL, got "http://x.example/d"',
      'tags[0]: expected a tag of lower-case letters, digits, "-" and "/", got "Security"',
    ]);
  });
  it('names the operator a mistyped comparison key likely meant, and the placeholder at fault in a message', () => {
    const issues = checkRuleDefinition(ruleWith({ report: { value: 'name', equls: 'x', stratsWith: 'y' } }, { message: 'Bad {{$}} at {{$ | uri.hots}}' }), 'test-rule');
    expect(issues.map((issue) => `${issue.keyPath}: ${issue.message}`.replace(/ \(fields: .*\)$/, ''))).toEqual([
      'message: {{$ | uri.hots}}: unknown field "hots" of uri; did you mean "host"?',
      'check.report: unknown keys "equls" (did you mean "equals"?), "stratsWith" (did you mean "startsWith"?); a comparison takes one subject (value or option) and one operator (equals, notEquals, in, notIn, contains, containsAny, startsWith, endsWith, gt, gte, lt, lte, is); a condition may also be all, any, not, some or every',
    ]);
  });
  it('says a test case wants "client" or "clients", once, and refuses one with both (the runner tested one, passing over the other)', () => {
    const rule = (tests: unknown) => ({ ...ruleWith({ select: 'name', report: { value: '$', is: 'missing' } }), tests });
    const say = (tests: unknown) => validateRuleDefinition(rule(tests)).map((issue) => `${issue.keyPath}: ${issue.message}`);
    expect(say({ valid: [{ client: {}, clients: [{}] }] })).toEqual(['tests.valid[0]: expected "client" (a record, or changes to the base record) or "clients" (a list of records), not both']);
    expect(say({ invalid: [{ name: 'x', findings: ['name'] }] })).toEqual(['tests.invalid[0]: expected "client" (a record, or changes to the base record) or "clients" (a list of records)']);
    // A mistyped key says what it meant; a case that is not a mapping says what it is.
    expect(say({ valid: [{ clinet: {} }] })).toEqual(['tests.valid[0].clinet: unknown key; did you mean "client"?']);
    expect(say({ valid: ['name: x'] })).toEqual(['tests.valid[0]: expected object, got string "name: x"']);
  });
  it('says a required key once when a key beside it is its likely typo', () => {
    const broken = { ...ruleWith({ select: 'name', report: { value: '$', is: 'missing' } }) } as Record<string, unknown>;
    broken.descripton = broken.description;
    delete broken.description;
    delete broken.rationale;
    expect(validateRuleDefinition(broken).map((issue) => `${issue.keyPath}: ${issue.message}`)).toEqual([
      'rationale: required key is missing',
      'descripton: unknown key; did you mean "description"?',
    ]);
  });
  it('refuses an option the rule does not declare, wherever it is read (a typo read as undefined, and the check never held)', () => {
    const options = { type: 'object', properties: { prefix: { type: 'string', default: 'acme-' }, strict: { type: 'boolean' } } };
    const check = { select: 'name', report: { all: [{ not: { value: '$', startsWith: { option: 'prefx' } } }, { option: 'stric', equals: true }, { value: '@options.strict', equals: true }] } };
    const issues = checkRuleDefinition(ruleWith(check, { options, message: 'Bad {{$}} without {{@options.prefixx}}' }), 'test-rule');
    expect(issues.map((issue) => `${issue.keyPath}: ${issue.message}`)).toEqual([
      'message: {{@options.prefixx}}: unknown option "prefixx"; did you mean "prefix"? (the rule\'s options: prefix, strict)',
      'check.report.all[0].not.startsWith.option: unknown option "prefx"; did you mean "prefix"? (the rule\'s options: prefix, strict)',
      'check.report.all[1].option: unknown option "stric"; did you mean "strict"? (the rule\'s options: prefix, strict)',
    ]);
    const none = checkRuleDefinition(ruleWith({ select: 'name', report: { option: 'x', equals: 1 } }), 'test-rule');
    expect(none.map((issue) => issue.message)).toEqual(['unknown option "x" (the rule declares no options)']);
    expect(checkRuleDefinition(ruleWith({ select: 'name', report: { option: 7, equals: 1 } }), 'test-rule').map((issue) => issue.message)).toEqual(["expected the name of one of the rule's options, got number 7"]);
  });
  it('says what a select must be in one message, and which item of a list is wrong', () => {
    const say = (select: unknown) => validateRuleDefinition(ruleWith({ select, report: { value: '$', is: 'missing' } })).map((issue) => `${issue.keyPath}: ${issue.message}`);
    expect(say('')).toEqual(['check.select: expected a field path such as "policy_uri" or "redirect_uris[*]", or a non-empty list of them, got string ""']);
    expect(say({ path: 'name' })).toEqual(['check.select: expected a field path such as "policy_uri" or "redirect_uris[*]", or a non-empty list of them, got an object']);
    expect(say([])).toEqual(['check.select: expected at least 1 item, got none']);
    const long = validateRuleDefinition({ ...ruleWith({ select: 'name', report: { value: '$', is: 'missing' } }), title: 't'.repeat(130) });
    expect(long.map((issue) => `${issue.keyPath}: ${issue.message}`)).toEqual(['title: expected at most 120 characters, got 130 characters']);
    expect(say(['name', ''])).toEqual(['check.select[1]: expected a non-empty string']);
  });
  it('says what an expression that is not a string is', () => {
    const issues = checkRuleDefinition(ruleWith({ select: 'name', report: { value: ['$'], equals: 1 } }), 'test-rule');
    expect(issues.map((issue) => `${issue.keyPath}: ${issue.message}`)).toEqual(['check.report.value: expected an expression string such as "redirect_uris", "$" or "$ | uri.scheme", got an array']);
  });
  it('rejects an unknown builtin', () => {
    const issues = checkRuleDefinition(ruleWith({ builtin: 'runShell' }, { message: '{{@detail}}' }), 'test-rule');
    expect(issues).toEqual([{ keyPath: 'check.builtin', message: expect.stringMatching(/unknown built-in check "runShell"/) }]);
  });
});

describe('isDateTime (RFC 3339 §5.6)', () => {
  it.each(['2024-01-31T12:00:00Z', '2024-02-29T00:00:00z', '2026-06-01t23:59:60.123456+14:00', '1999-12-31 23:59:59-00:30', '2024-06-01T12:30:00.123+02:00'])('accepts %s', async (text) => {
    const { isDateTime } = await import('../src/engine/record-schema.js');
    expect(isDateTime(text)).toBe(true);
  });
  it.each(['2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-04-31T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T00:60:00Z', '2024-01-01T00:00:00', '2024-01-01', '2024-01-01T00:00:00.Z', '2024-01-01T00:00:00+2:00', '2024-01-01T00:00:00+24:00', '2024-01-01T00:00:00Zjunk', 'last tuesday', '2024-1-01T00:00:00Z'])('rejects %s', async (text) => {
    const { isDateTime } = await import('../src/engine/record-schema.js');
    expect(isDateTime(text)).toBe(false);
  });
});

describe('compiled shortcuts agree with the general operators', () => {
  // Values of every JSON kind and the awkward ones: NaN, -0, a list containing the right side.
  const values: unknown[] = [undefined, null, true, false, 0, -0, 1, 1.5, NaN, '', 'http', 'HTTP', 'admin', ' x ', [], ['admin'], ['admin', 'x'], [1, [2]], {}, { a: 1 }];
  const rights: unknown[] = [true, false, null, 0, -0, 1, NaN, '', 'http', 'admin', [], ['admin'], ['http', 'https'], [1, 2, NaN], [null, false], [['admin']], [{ a: 1 }], { a: 1 }, 'string', ['string', 'blank'], ['missing', 'null', 'empty']];
  const operators = ['equals', 'notEquals', 'in', 'notIn', 'contains', 'containsAny', 'is', 'startsWith', 'gt'];

  it.each(operators)('%s with a literal, an option and a value on the right', (operator) => {
    for (const right of rights) {
      if (operator === 'is' && ![right].flat().every((t) => typeof t === 'string' && ['missing', 'null', 'string', 'number', 'integer', 'boolean', 'array', 'object', 'blank', 'empty'].includes(t))) continue;
      const issues: { keyPath: string; message: string }[] = [];
      const literal = compileCondition({ value: '$', [operator]: right !== null && typeof right === 'object' && !Array.isArray(right) ? { literal: right } : right }, 'k', issues);
      // (`is` takes its types written out only.)
      const viaOption = operator === 'is' ? literal : compileCondition({ value: '$', [operator]: { option: 'o' } }, 'k', issues, { o: right });
      const viaValue = operator === 'is' ? compileCondition({ value: '$', [operator]: right }, 'k', issues, {}) : compileCondition({ value: '$', [operator]: { value: 'r' } }, 'k', issues);
      expect(issues).toEqual([]);
      for (const value of values) {
        const expected = (OPERATORS[operator] as (a: unknown, b: unknown) => boolean)(value, right);
        const ctx = context({ r: right }, value);
        expect([literal(ctx), viaOption(ctx), viaValue(ctx)]).toEqual([expected, expected, expected]);
      }
    }
  });

  it('folds conditions on fixed options, and all/any/not of them, to what they would give', () => {
    const cases: [unknown, Record<string, unknown>][] = [];
    for (const flag of [true, false]) {
      for (const shape of ['all', 'any'] as const) {
        cases.push([{ [shape]: [{ option: 'f', equals: true }, { value: '$', equals: 'x' }] }, { f: flag }]);
        cases.push([{ not: { [shape]: [{ option: 'f', equals: true }, { value: '$', equals: 'x' }, { value: '$', is: 'string' }, { value: '$', notEquals: 'y' }] } }, { f: flag }]);
        cases.push([{ [shape]: [{ option: 'f', equals: flag }, { option: 'f', notEquals: flag }] }, { f: flag }]);
      }
    }
    for (const [condition, options] of cases) {
      const issues: { keyPath: string; message: string }[] = [];
      const folded = compileCondition(condition, 'k', issues, options);
      const general = compileCondition(condition, 'k', issues);
      expect(issues).toEqual([]);
      for (const value of ['x', 'y', 3, undefined]) expect(folded(context({}, value, options))).toBe(general(context({}, value, options)));
    }
  });

  it('reads every URI field directly exactly as by name', async () => {
    const { URI_FIELD_READERS, classifyUri } = await import('../src/engine/uri.js');
    // The fields of a classification: those of the one for a non-string, which has them all as data.
    const URI_FIELDS = Object.keys(classifyUri(42));
    expect(Object.keys(URI_FIELD_READERS).sort()).toEqual([...URI_FIELDS].sort());
    const issues: { keyPath: string; message: string }[] = [];
    for (const field of URI_FIELDS) {
      const direct = compileExpr(`$ | uri.${field}`, 'k', issues);
      const piped = compileExpr(`$ | trim | uri.${field}`, 'k', issues);
      for (const uri of ['https://a.example/cb', ' http://127.0.0.1:8/x#f ', 'com.example:/cb', 'http://u@localhost/*', 42, null]) {
        const byName = (classifyUri(uri) as unknown as Record<string, unknown>)[field];
        expect(direct(context({}, uri))).toEqual(byName);
        expect(piped(context({}, uri))).toEqual(typeof uri === 'string' ? (classifyUri(uri.trim()) as unknown as Record<string, unknown>)[field] : (classifyUri(undefined) as unknown as Record<string, unknown>)[field]);
      }
    }
    expect(issues).toEqual([]);
  });
});

describe('messages', () => {
  it('are rendered per value, and again when they read the client, the path or the time', () => {
    const issues: { keyPath: string; message: string }[] = [];
    const select = { select: 'redirect_uris[*]', report: { value: '$ | uri.scheme', equals: 'http' } };
    const byValue = compileRule(ruleWith(select, { message: 'Invalid {{$}} ({{{$ | uri.host}}}, {{{@options.n}}})' }), 'error', { n: 7 }, issues);
    const byClient = compileRule(ruleWith(select, { message: 'Invalid {{$}} in {{{@path}}} of {{name}}' }), 'error', {}, issues);
    const byTime = compileRule(ruleWith({ select: 'updated_at', report: { value: '$ | ageDays', gt: 0 } }, { message: '{{{$ | ageDays}}} days' }), 'error', {}, issues);
    expect(issues).toEqual([]);
    const clients = [
      cleanClient({ name: 'a', redirect_uris: ['http://x.example/', 'http://y.example/', 'http://x.example/'], updated_at: '2026-01-01T00:00:00Z' }),
      cleanClient({ name: 'b', redirect_uris: ['http://y.example/', 'http://x.example/'], updated_at: '2026-01-01T00:00:00Z' }),
    ];
    const messages = evaluate(clients, [byValue, byClient], { now: new Date('2026-06-01T00:00:00Z') }).map((f) => f.message);
    expect(messages).toEqual([
      'Invalid "http://x.example/" (x.example, 7)',
      'Invalid "http://y.example/" (y.example, 7)',
      'Invalid "http://x.example/" (x.example, 7)',
      'Invalid "http://x.example/" in redirect_uris[0] of "a"',
      'Invalid "http://y.example/" in redirect_uris[1] of "a"',
      'Invalid "http://x.example/" in redirect_uris[2] of "a"',
      'Invalid "http://y.example/" (y.example, 7)',
      'Invalid "http://x.example/" (x.example, 7)',
      'Invalid "http://y.example/" in redirect_uris[0] of "b"',
      'Invalid "http://x.example/" in redirect_uris[1] of "b"',
    ]);
    // The same compiled rule, two runs at different times: the message follows the time.
    expect(evaluate(clients.slice(0, 1), [byTime], { now: new Date('2026-01-11T00:00:00Z') })[0]?.message).toBe('10 days');
    expect(evaluate(clients.slice(0, 1), [byTime], { now: new Date('2026-01-21T00:00:00Z') })[0]?.message).toBe('20 days');
  });
});

describe('long values in messages', () => {
  it('quote the first 500 characters and say how long the value is; the finding keeps all of it', () => {
    const issues: { keyPath: string; message: string }[] = [];
    const rule = compileRule(ruleWith({ select: 'redirect_uris[*]', report: { value: '$ | uri.scheme', equals: 'http' } }, { message: 'Bad {{$}} / {{{$}}}' }), 'error', {}, issues);
    const long = `http://a.example/${'x'.repeat(2_000_000)}`;
    const emoji = `http://a.example/${'y'.repeat(482)}😀tail`; // the pair straddles character 500
    const exact = `http://a.example/${'z'.repeat(483)}`; // exactly 500: quoted whole
    const [first, second, third] = evaluate([cleanClient({ redirect_uris: [long, emoji, exact] })], [rule], { now: new Date() });
    const cut = long.slice(0, 500);
    expect(first?.message).toBe(`Bad ${JSON.stringify(cut)}… (2,000,017 characters in all) / ${cut}… (2,000,017 characters in all)`);
    expect(first?.value).toBe(long);
    expect(second?.message).toBe(`Bad ${JSON.stringify(emoji.slice(0, 499))}… (505 characters in all) / ${emoji.slice(0, 499)}… (505 characters in all)`);
    expect(third?.message).toBe(`Bad ${JSON.stringify(exact)} / ${exact}`);
  });
  it('cut the names a duplicate-name finding lists, too', async () => {
    const { duplicateNames } = await import('../src/engine/rules.js');
    const name = `App ${'n'.repeat(1000)}`;
    const problems = duplicateNames([{ org_id: 'o', name, client_id: 'a' }, { org_id: 'o', name, client_id: 'b\u001b[2J' }]);
    expect(problems.get(0)?.[0]?.detail).toBe(`another client of org "o": ${JSON.stringify(name.slice(0, 500))}… (1,004 characters in all) (b\\u001b[2J)`);
  });
  it('cut a long JSON rendering of a list or object the same way', async () => {
    const { renderValue } = await import('../src/engine/rules.js');
    const list = Array.from({ length: 1000 }, (_, i) => `item-${i}`);
    const text = JSON.stringify(list);
    expect(renderValue(list)).toBe(`${text.slice(0, 500)}… (${text.length.toLocaleString('en')} characters of JSON in all)`);
    expect(renderValue(['short'])).toBe('["short"]');
  });
});

describe('normalizeName', () => {
  it('does not overflow the stack on a name of millions of words', async () => {
    const { normalizeName } = await import('../src/engine/functions.js');
    expect(normalizeName(`${'Word '.repeat(5_000_000)}End`)).toBe(`${'word '.repeat(5_000_000)}end`);
    // That one takes the shortcut for plain names; these take the whole normalisation (NFKC, the
    // invisible characters, the white space), each regular expression over millions of matches.
    expect(normalizeName(`${'Word  '.repeat(1_000_000)}End`)).toBe(`${'word '.repeat(1_000_000)}end`);
    expect(normalizeName(`${'W\u200bord\u00a0'.repeat(1_000_000)}End`)).toBe(`${'word '.repeat(1_000_000)}end`);
    // 0.1 s alone, with three 25 MB strings; it failed once in a full run beside the large-reports test
    // (the message was not kept), so it gets the same timeout as that test rather than jest's 5 s.
  }, 30_000);
  it('takes its shortcut only where the full normalisation changes nothing but the case', async () => {
    const { normalizeName, normalizeNameFully: full } = await import('../src/engine/functions.js');
    const samples = ['Client 1', 'ACME-app', ' lead', 'trail ', 'two  spaces', 'tab\there', 'new\nline', '', ' ', 'Ｆｕｌｌ', 'ﬁle', 'é', 'e\u0301', 'x\u00a0y', 'a\u200bb', '~!@#$%^&*()_+{}|:"<>?'];
    for (let code = 0; code < 128; code++) samples.push(`a${String.fromCharCode(code)}b`, String.fromCharCode(code));
    for (const sample of samples) expect([sample, normalizeName(sample)]).toEqual([sample, full(sample)]);
  });
  it('reads a name as it is shown: invisible characters gone, every kind of white space one space', async () => {
    const { normalizeName } = await import('../src/engine/functions.js');
    const billing = ['Bill\u200bing', '\ufeffBilling', 'Billing\u00ad', 'Bil\u2060ling\u200d', 'Billing\u0000', '\u3164Billing', 'Billing\u{e0041}'];
    for (const name of billing) expect([name, normalizeName(name)]).toEqual([name, 'billing']);
    for (const name of ['Support\u0085dashboard', 'Support\u2800dashboard', 'Support \u200b dashboard', 'Support\u3000\u3000dashboard', '\u2800Support dashboard\u0085']) {
      expect([name, normalizeName(name)]).toEqual([name, 'support dashboard']);
    }
    expect(normalizeName('Bill ing')).toBe('bill ing');
    expect(normalizeName('\u200b')).toBe('');
  });
});
