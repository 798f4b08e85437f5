import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinRules } from '../src/config/load-rules.js';
import { findConfigFile, loadConfig, readConfigFile, resolveConfig } from '../src/config/load.js';
import { parseYaml } from '../src/config/yaml.js';
import { configErrorOf, tempDir } from './helpers.js';

const catalog = loadBuiltinRules();

function resolveText(text: string, name = '.oauthlintrc.yml') {
  const dir = tempDir({ [name]: text });
  return resolveConfig(readConfigFile(join(dir, name)), catalog);
}

describe('finding the config file', () => {
  it('walks up from the working directory', () => {
    const dir = tempDir({ '.oauthlintrc.yml': 'failOn: warning\n', 'a/b/.keep': '' });
    expect(findConfigFile(join(dir, 'a', 'b'))).toBe(join(dir, '.oauthlintrc.yml'));
  });
  it('takes .yaml and .json too', () => {
    expect(findConfigFile(tempDir({ '.oauthlintrc.json': '{}' }))).toMatch(/\.oauthlintrc\.json$/);
    expect(findConfigFile(tempDir({ '.oauthlintrc.yaml': '{}' }))).toMatch(/\.oauthlintrc\.yaml$/);
  });
  it('refuses two config files in one directory', () => {
    const dir = tempDir({ '.oauthlintrc.yml': '{}', '.oauthlintrc.json': '{}' });
    expect(configErrorOf(() => findConfigFile(dir)).message).toMatch(/more than one config file/);
  });
  it('does not pass over a config that is a link to nothing (the run went on with the defaults), and says what it is', () => {
    const dir = tempDir({ 'a/.keep': '' });
    symlinkSync(join(dir, 'shared', 'oauthlint.yml'), join(dir, '.oauthlintrc.yml'));
    expect(findConfigFile(join(dir, 'a'))).toBe(join(dir, '.oauthlintrc.yml'));
    const error = configErrorOf(() => loadConfig(undefined, join(dir, 'a')));
    expect(error.issues.map((issue) => issue.message)).toEqual([`cannot read the config file: it is a symbolic link to ${join(dir, 'shared', 'oauthlint.yml')}, which does not exist (ENOENT)`]);
  });
  it('falls back to defaults when there is none', () => {
    const loaded = loadConfig(undefined, tempDir());
    expect(loaded.file === null || !loaded.file.startsWith('/tmp/oauthlint-test-')).toBe(true);
  });
  it('says which explicit file cannot be read', () => {
    const error = configErrorOf(() => loadConfig('nope.yml', tempDir()));
    expect(error.message).toMatch(/nope\.yml: cannot read the config file: no such file or directory \(ENOENT\)/);
  });
});

describe('reading and validating', () => {
  it('applies severities and options', () => {
    const resolved = resolveText(
      'failOn: warning\nrules:\n  missing-policy-uri: off\n  no-http-redirect-uri:\n    severity: warning\n    options: { allowLocalhost: false }\n',
    );
    expect(resolved.failOn).toBe('warning');
    const ids = resolved.rules.map((rule) => rule.definition.id);
    expect(ids).not.toContain('missing-policy-uri');
    const http = resolved.rules.find((rule) => rule.definition.id === 'no-http-redirect-uri');
    expect(http?.severity).toBe('warning');
    expect(http?.options).toEqual({ allowLoopback: true, allowLocalhost: false, allowedHosts: [] });
  });
  it('gives defaults without a file', () => {
    const resolved = resolveConfig({ file: null, config: {} }, catalog);
    expect(resolved.failOn).toBe('error');
    expect(resolved.rules.map((rule) => rule.definition.id)).toEqual(catalog.filter((r) => r.enabled !== false).map((r) => r.id));
  });
  it('lets --fail-on win over the file', () => {
    const dir = tempDir({ '.oauthlintrc.yml': 'failOn: note\n' });
    expect(resolveConfig(readConfigFile(join(dir, '.oauthlintrc.yml')), catalog, { failOn: 'none' }).failOn).toBe('none');
  });
  it('reports a YAML syntax error with line and column', () => {
    const error = configErrorOf(() => resolveText('rules:\n  a: [1, 2\nfailOn: x\n'));
    expect(error.issues[0]).toMatchObject({ file: expect.stringMatching(/\.oauthlintrc\.yml$/), line: expect.any(Number), keyPath: '' });
    expect(error.message).toMatch(/\.oauthlintrc\.yml:\d+:\d+: cannot parse/);
  });
  it('refuses !!js/function and custom tags', () => {
    expect(configErrorOf(() => resolveText('failOn: !!js/function "function () { return 1 }"\n')).message).toMatch(/unknown tag/);
    expect(configErrorOf(() => resolveText('failOn: !custom x\n')).message).toMatch(/unknown tag/);
  });
  it('names every refused tag at once, where it is written and the key it tags', () => {
    const text = [
      'rules:', //                                                      line 1
      '  no-http-redirect-uri: !!js/function "function () { return 1 }"', // line 2, tag at column 25
      '  missing-policy-uri:', //                                       line 3
      '    options: !!js/regexp /x/', //                                line 4, column 14
      'exceptions: [1, !t 2]', //                                       line 5, column 17: the second item
      'failOn: !custom x', //                                           line 6, column 9
    ].join('\n');
    const error = configErrorOf(() => resolveText(`${text}\n`));
    expect(error.issues.map(({ line, column, keyPath }) => ({ line, column, keyPath }))).toEqual([
      { line: 2, column: 25, keyPath: 'rules.no-http-redirect-uri' },
      { line: 4, column: 14, keyPath: 'rules.missing-policy-uri.options' },
      { line: 5, column: 17, keyPath: 'exceptions[1]' },
      { line: 6, column: 9, keyPath: 'failOn' },
    ]);
    expect(error.issues.map((issue) => issue.message.match(/unknown tag (\S+):/)?.[1])).toEqual(['!!js/function', '!!js/regexp', '!t', '!custom']);
    // After an anchor, too.
    expect(configErrorOf(() => resolveText('failOn: &a !x y\n')).issues).toMatchObject([{ line: 1, column: 12, keyPath: 'failOn' }]);
    // A byte order mark is not a column (js-yaml drops it before counting).
    expect(configErrorOf(() => resolveText('\uFEFFfailOn: !x y\n')).issues).toMatchObject([{ line: 1, column: 9, keyPath: 'failOn' }]);
  });
  it('places the items after an empty one ("-" alone, which js-yaml makes no node for) on their own lines', () => {
    const text = ['exceptions:', '  -', '  - rule: no-such-rule', '    clientId: x'].join('\n');
    const error = configErrorOf(() => resolveText(`${text}\n`));
    const at = (keyPath: string) => error.issues.find((issue) => issue.keyPath === keyPath);
    expect(at('exceptions[1].rule')).toMatchObject({ line: 3, column: 5 });
    expect(at('exceptions[1].clientId')).toMatchObject({ line: 4, column: 5 });
    // The empty item itself has no node: it is placed at the list's key, not at the next item.
    expect(at('exceptions[0]')).toMatchObject({ line: 1, column: 1 });
  });
  it('reports every problem at once, each with line and key path', () => {
    const text = [
      'failOn: warn', //                               line 1
      'colour: true', //                               line 2
      'rules:', //                                     line 3
      '  no-http-redirect-uri:', //                    line 4
      '    severity: fatal', //                        line 5
      '    optons: {}', //                             line 6
      '  missing-policy-uri: loud', //                 line 7
      '',
    ].join('\n');
    const error = configErrorOf(() => resolveText(text));
    const found = error.issues.map((issue) => [issue.line, issue.keyPath]);
    expect(found).toEqual(
      expect.arrayContaining([
        [1, 'failOn'],
        [2, 'colour'],
        [5, 'rules.no-http-redirect-uri.severity'],
        [6, 'rules.no-http-redirect-uri.optons'],
        [7, 'rules.missing-policy-uri'],
      ]),
    );
    expect(error.issues).toHaveLength(5);
    expect(error.message).toMatch(/failOn: expected one of "error", "warning", "note", "none"/);
    expect(error.message).toMatch(/colour: unknown key/);
  });
  it('reports unknown rule ids with a did-you-mean and the line', () => {
    const error = configErrorOf(() => resolveText('rules:\n  no-http-redirect-uris: error\n  zzz-qqq: off\n'));
    expect(error.issues).toEqual([
      expect.objectContaining({ line: 2, keyPath: 'rules.no-http-redirect-uris', message: expect.stringMatching(/did you mean "no-http-redirect-uri"\?/) }),
      expect.objectContaining({ line: 3, keyPath: 'rules.zzz-qqq', message: expect.not.stringMatching(/did you mean/) }),
    ]);
  });
  it('names the likely key or value of every mistyped one: keys, option keys, severities, failOn, preset, exception fields', () => {
    const text = [
      'rules:',
      '  no-http-redirect-uri:',
      '    severty: error',
      '    options:',
      '      allowLoopbak: true',
      '  missing-policy-uri: warn',
      '  stale-client:',
      '    severity: eror',
      'failOn: Warning',
      'failon: note',
      'extends: oauthlint:strickt',
      'exceptions:',
      '  - { rule: stale-client, clients: [a], reason: x, expires: 2027-01-01, valeus: [x] }',
      'colour: red',
      '',
    ].join('\n');
    const error = configErrorOf(() => resolveText(text));
    expect(error.issues.map((issue) => `${issue.line} ${issue.keyPath}: ${issue.message}`)).toEqual([
      '3 rules.no-http-redirect-uri.severty: unknown key; did you mean "severity"?',
      '5 rules.no-http-redirect-uri.options.allowLoopbak: unknown key; did you mean "allowLoopback"? (options of no-http-redirect-uri)',
      '6 rules.missing-policy-uri: expected a severity (off, note, warning, error) or { severity, options }, got "warn"; did you mean "warning"?',
      '8 rules.stale-client.severity: expected one of "off", "note", "warning", "error", got "eror"; did you mean "error"?',
      '9 failOn: expected one of "error", "warning", "note", "none", got "Warning"; did you mean "warning"?',
      '10 failon: unknown key; did you mean "failOn"? (expected one of $schema, extends, failOn, rules, rulesDir, customRules, exceptions)',
      '11 extends: expected one of "oauthlint:recommended", "oauthlint:strict", got "oauthlint:strickt"; did you mean "oauthlint:strict"?',
      '13 exceptions[0].valeus: unknown key; did you mean "values"?',
      '14 colour: unknown key (expected one of $schema, extends, failOn, rules, rulesDir, customRules, exceptions)',
    ]);
  });
  it('says what belongs at the top level when the file holds a list or a scalar', () => {
    for (const [text, got] of [['- failOn: none\n', 'a list'], ['just words\n', 'string "just words"'], ['42\n', 'number 42']] as const) {
      const error = configErrorOf(() => resolveText(text));
      expect(error.issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`)).toEqual([
        `1:1 expected the settings as keys ($schema, extends, failOn, rules, rulesDir, customRules, exceptions) at the top level, got ${got}`,
      ]);
    }
  });
  it('says what a rule setting, the rules key and options expect, and what they got, whatever the wrong value', () => {
    const text = [
      'rules:', //                                                     line 1
      '  no-http-redirect-uri: true', //                               line 2
      '  missing-policy-uri: [error]', //                              line 3
      '  stale-client: 2', //                                          line 4
      '  redirect-uri-fragment: {severity: error, options: [1]}', //   line 5
      '  redirect-uri-wildcard: {options: {}}', //                     line 6
      '  redirect-uri-userinfo:', //                                   line 7
      '    options:', //                                               line 8
      '      anything: 1', //                                          line 9
      '  public-client-require-pkce: {options: null}', //              line 10
      '',
    ].join('\n');
    const error = configErrorOf(() => resolveText(text));
    expect(error.issues.map((issue) => `${issue.line} ${issue.keyPath}: ${issue.message}`)).toEqual([
      '2 rules.no-http-redirect-uri: expected a severity (off, note, warning, error) or { severity, options }, got boolean true',
      '3 rules.missing-policy-uri: expected a severity (off, note, warning, error) or { severity, options }, got a list',
      '4 rules.stale-client: expected a severity (off, note, warning, error) or { severity, options }, got number 2',
      "5 rules.redirect-uri-fragment.options: expected the rule's options as keys and values (`oauthlint rules redirect-uri-fragment` lists them), got a list",
      '9 rules.redirect-uri-userinfo.options.anything: unknown key (options of redirect-uri-userinfo)',
      "10 rules.public-client-require-pkce.options: expected the rule's options as keys and values (`oauthlint rules public-client-require-pkce` lists them), got null",
    ]);
    const list = configErrorOf(() => resolveText('rules:\n  - no-http-redirect-uri\n'));
    expect(list.issues.map((issue) => `${issue.line} ${issue.keyPath}: ${issue.message}`)).toEqual([
      '1 rules: expected rule ids as keys, each with its setting (no-http-redirect-uri: error), got a list',
    ]);
    // A wrong type inside a rule's options says what it got as well.
    expect(configErrorOf(() => resolveText('rules:\n  no-http-redirect-uri: {options: {allowLoopback: "yes"}}\n')).issues.map((issue) => issue.message)).toEqual([
      'expected boolean, got string "yes" (options of no-http-redirect-uri)',
    ]);
  });
  it('reports a rule id that is not kebab-case once, as an unknown id, quoting a key with odd characters', () => {
    const error = configErrorOf(() => resolveText('rules:\n  "no-http-redirect-uri ": error\n  No_Http: off\nexceptions:\n  - rule: Stale-Client\n'));
    expect(error.issues.map((issue) => `${issue.line} ${issue.keyPath}: ${issue.message}`)).toEqual([
      '2 rules["no-http-redirect-uri "]: unknown rule id; did you mean "no-http-redirect-uri"? (`oauthlint rules` lists them)',
      '3 rules.No_Http: unknown rule id (`oauthlint rules` lists them)',
      '5 exceptions[0].clients: required key is missing',
      '5 exceptions[0].reason: required key is missing',
      '5 exceptions[0].expires: required key is missing',
      '5 exceptions[0].rule: unknown rule id; did you mean "stale-client"? (`oauthlint rules` lists them)',
    ]);
  });
  it('names a key written twice and where it was first, in YAML block and flow style and in JSON', () => {
    const cases = [
      ['.oauthlintrc.yml', 'rules:\n  stale-client: off\nfailOn: none\nrules:\n  stale-client: error\n', '4:1', 'the key "rules" appears twice (first at line 1, column 1): keep one'],
      ['.oauthlintrc.yml', 'rules:\n  stale-client: off\n  stale-client: error\n', '3:3', 'the key "stale-client" appears twice (first at line 2, column 3): keep one'],
      ['.oauthlintrc.yml', 'rules: {stale-client: off, stale-client: error}\n', '1:28', 'the key "stale-client" appears twice (first at line 1, column 9): keep one'],
      ['.oauthlintrc.yml', 'exceptions:\n  - rule: stale-client\n    rule: missing-tos-uri\n', '3:5', 'the key "rule" appears twice (first at line 2, column 5): keep one'],
      ['.oauthlintrc.json', '{"failOn": "none",\n "failOn": "error"}', '2:2', 'the key "failOn" appears twice (first at line 1, column 2): keep one'],
    ] as const;
    for (const [name, text, where, message] of cases) {
      const error = configErrorOf(() => resolveText(text, name));
      expect(error.issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`)).toEqual([`${where} cannot parse: ${message}`]);
    }
  });
  it('lists the keys that may be written where an unknown key is no likely typo of one', () => {
    const text = 'rules:\n  stale-client:\n    value: 3\n  no-http-redirect-uri:\n    options:\n      frobnicate: true\nexceptions:\n  - { rule: stale-client, clients: [a], reason: r, expires: 2027-01-01, note: x }\n';
    expect(configErrorOf(() => resolveText(text)).issues.map((issue) => `${issue.line} ${issue.keyPath}: ${issue.message}`)).toEqual([
      '3 rules.stale-client.value: unknown key (expected one of severity, options)',
      '6 rules.no-http-redirect-uri.options.frobnicate: unknown key (expected one of allowLoopback, allowLocalhost, allowedHosts) (options of no-http-redirect-uri)',
      '8 exceptions[0].note: unknown key (expected one of rule, clients, reason, expires, values)',
    ]);
  });
  it('names the line where a second YAML document starts (js-yaml names none)', () => {
    const cases = [
      ['failOn: none\n---\nfailOn: error\n', 2],
      ['# team settings\n%YAML 1.2\n---\nfailOn: none\n---\nfailOn: error\n', 5],
      ['failOn: none\n...\nfailOn: error\n', 3],
      ['rules:\n  stale-client: |\n    text\n--- \n', 4],
    ] as const;
    for (const [text, line] of cases) {
      const error = configErrorOf(() => resolveText(text));
      expect(error.issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`)).toEqual([
        `${line}:1 cannot parse: a second YAML document starts here; oauthlint reads one document per file (a "---" or "..." line ended the first): merge them or delete one`,
      ]);
    }
    // One document, marked at both ends, with comments after it, is one document.
    expect(() => resolveText('--- # settings\nfailOn: none\n...\n# the end\n')).not.toThrow();
  });
  it('refuses a config or rule file that is not UTF-8, naming the line and column of the first bad byte, and UTF-16 by name', () => {
    const dir = tempDir({});
    const write = (name: string, bytes: number[] | string): string => {
      const file = join(dir, name);
      writeFileSync(file, typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes));
      return file;
    };
    const latin1 = configErrorOf(() => readConfigFile(write('latin1.yml', 'exceptions:\n  - { rule: stale-client, clients: [caf\xe9], reason: x, expires: 2027-01-01 }\n')));
    expect(latin1.issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`)).toEqual([
      '2:40 cannot read the config file: not UTF-8: a byte that is not part of a UTF-8 character; save the file as UTF-8',
    ]);
    const utf16 = configErrorOf(() => readConfigFile(write('utf16.yml', [0xff, 0xfe, ...Buffer.from('failOn: none\n', 'utf16le')])));
    expect(utf16.issues.map((issue) => `${issue.line ?? '-'} ${issue.message}`)).toEqual([
      '- cannot read the config file: not UTF-8: it is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8',
    ]);
    // A UTF-8 byte order mark is UTF-8.
    expect(readConfigFile(write('bom.yml', [0xef, 0xbb, 0xbf, ...Buffer.from('failOn: none\n')])).config).toEqual({ failOn: 'none' });
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    writeFileSync(join(rules, 'my-rule.yml'), Buffer.from('id: my-rule\ntitle: "\xe9"\n', 'latin1'));
    const custom = configErrorOf(() => resolveConfig(readConfigFile(write('custom.yml', 'rulesDir: rules\n')), catalog));
    expect(custom.issues.map((issue) => `${issue.file}:${issue.line}:${issue.column} ${issue.message}`)).toEqual([
      `${join(rules, 'my-rule.yml')}:2:9 cannot read: not UTF-8: a byte that is not part of a UTF-8 character; save the file as UTF-8`,
    ]);
  });
  it("validates options against the rule's schema, with the line", () => {
    const error = configErrorOf(() =>
      resolveText('rules:\n  no-http-redirect-uri:\n    options:\n      allowLocalhost: "yes"\n      allowedHosts: [Intranet.Example]\n      nope: 1\n'),
    );
    const found = error.issues.map((issue) => [issue.line, issue.keyPath]);
    expect(found).toEqual(
      expect.arrayContaining([
        [4, 'rules.no-http-redirect-uri.options.allowLocalhost'],
        [5, 'rules.no-http-redirect-uri.options.allowedHosts[0]'],
        [6, 'rules.no-http-redirect-uri.options.nope'],
      ]),
    );
    expect(error.message).toMatch(/allowLocalhost: expected boolean, got string "yes" \(options of no-http-redirect-uri\)/);
  });
  it('says in words what an option pattern expects, and refuses hosts that could never match', () => {
    // A scheme, a port, a wildcard or white space in allowedHosts would silently exempt nothing.
    const error = configErrorOf(() =>
      resolveText('rules:\n  no-http-redirect-uri:\n    options:\n      allowedHosts: [intranet.example.com, "[fd00::1]", 10.0.0.5, "http://a.example", "a.example:8080", "*.example.com", " a.example", A.example]\n  dangerous-uri-scheme: { options: { schemes: ["javascript:"] } }\n'),
    );
    const host = 'expected a lower-case host as a URI holds it (intranet.example.com, 10.0.0.5, [fd00::1]): no scheme, port, path, wildcard or white space';
    expect(error.issues.map((issue) => `${issue.keyPath}: ${issue.message}`)).toEqual([
      `rules.no-http-redirect-uri.options.allowedHosts[3]: ${host}, got "http://a.example" (options of no-http-redirect-uri)`,
      `rules.no-http-redirect-uri.options.allowedHosts[4]: ${host}, got "a.example:8080" (options of no-http-redirect-uri)`,
      `rules.no-http-redirect-uri.options.allowedHosts[5]: ${host}, got "*.example.com" (options of no-http-redirect-uri)`,
      `rules.no-http-redirect-uri.options.allowedHosts[6]: ${host}, got " a.example" (options of no-http-redirect-uri)`,
      `rules.no-http-redirect-uri.options.allowedHosts[7]: ${host}, got "A.example" (options of no-http-redirect-uri)`,
      'rules.dangerous-uri-scheme.options.schemes[0]: expected a lower-case scheme name without the colon (javascript, data), got "javascript:" (options of dangerous-uri-scheme)',
    ]);
  });
  it('rejects options for a rule that has none', () => {
    const error = configErrorOf(() => resolveText('rules:\n  missing-policy-uri: { severity: note, options: { x: 1 } }\n'));
    expect(error.issues[0]).toMatchObject({ keyPath: 'rules.missing-policy-uri.options.x', message: expect.stringMatching(/unknown key/) });
  });
  it('reads JSON configs with line numbers', () => {
    const error = configErrorOf(() => resolveText('{\n  "failOn": "error",\n  "rules": {\n    "nope-rule": "off"\n  }\n}\n', '.oauthlintrc.json'));
    expect(error.issues[0]).toMatchObject({ line: 4, keyPath: 'rules.nope-rule' });
  });
  it('holds a JSON config to JSON, which YAML would not (trailing comma, single quotes), with line and column', () => {
    for (const [text, line, column, message] of [
      ['{\n  "rules": {},\n}\n', 3, 1, /not valid JSON: expected a property name in double quotes, found "}"/],
      ["{'failOn': 'note'}", 1, 2, /not valid JSON/],
    ] as const) {
      const error = configErrorOf(() => resolveText(text, '.oauthlintrc.json'));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]).toMatchObject({ line, column, message: expect.stringMatching(message) });
    }
    expect(resolveText('\uFEFF{"failOn": "note"}', '.oauthlintrc.json').failOn).toBe('note');
    // The same text is fine YAML.
    expect(resolveText('{\n  "rules": {},\n}\n').failOn).toBe('error');
  });
  it('says what a length, count or range limit expects, not what ajv calls it', () => {
    const error = configErrorOf(() => resolveText('exceptions:\n  - rule: no-http-redirect-uri\n    clients: []\n    reason: ""\n    expires: 2027-01-01\n'));
    const messages = Object.fromEntries(error.issues.map((issue) => [issue.keyPath, issue.message]));
    expect(messages['exceptions[0].reason']).toBe('expected a non-empty string');
    expect(messages['exceptions[0].clients']).toBe('expected at least 1 item, got none');
    expect(Object.values(messages).join('\n')).not.toMatch(/must NOT/);
    // With what was given: a number out of range, a text or list too long.
    const limits = configErrorOf(() => resolveText('rules:\n  stale-client: { options: { maxAgeDays: 0 } }\n'));
    expect(limits.issues.map((issue) => issue.message)).toEqual(['expected a number >= 1, got 0 (options of stale-client)']);
  });
  it('treats an empty file as an empty config', () => {
    expect(resolveText('# nothing here\n').failOn).toBe('error');
  });
});

describe('aliases that expand without end ("billion laughs")', () => {
  const laughs = (levels: number): string => {
    const lines = ['  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= levels; i++) lines.push(`  a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    return `x-anchors:\n${lines.join('\n')}\n`;
  };
  it('refuses a config whose aliases expand past a million values (an option default of 10^9 values hung the run)', () => {
    const text = `${laughs(8)}customRules:\n  - id: my-rule\n    options: { type: object, properties: { x: { type: array, default: *a8 } } }\n`;
    const error = configErrorOf(() => resolveText(text));
    expect(error.issues.map((issue) => issue.message)).toEqual(['cannot parse: its aliases (*name) expand it to more than 1,000,000 values: a "billion laughs" file, not a configuration']);
  });
  it('reads aliases used as YAML means them, and a large file without aliases, however many values it has', () => {
    expect(parseYaml(`${laughs(3)}`, 'a.yml').data).toMatchObject({ 'x-anchors': { a3: expect.any(Array) } });
    const many = parseYaml(`x: [${Array.from({ length: 1_100_000 }, () => '0').join(',')}]\n`, 'big.yml').data as { x: number[] };
    expect(many.x).toHaveLength(1_100_000);
  });
});

describe('parseYaml locations', () => {
  it('locates keys and items', () => {
    const located = parseYaml('a:\n  b:\n    - x\n    - y: 1\n      z: 2\n', 'f.yml');
    expect(located.locate(['a', 'b'])?.line).toBe(2);
    expect(located.locate(['a', 'b', 1])?.line).toBe(4);
    expect(located.locate(['a', 'b', 1, 'z'])?.line).toBe(5);
    expect(located.locate(['a', 'nope'])?.line).toBe(1);
  });
});

describe('the example config', () => {
  it('is valid and shows every top-level key of the schema', async () => {
    const { CONFIG_SCHEMA } = await import('../src/config/schema.js');
    const file = join(process.cwd(), '.oauthlintrc.example.yml');
    const loaded = readConfigFile(file);
    expect(() => resolveConfig(loaded, catalog)).not.toThrow();
    const text = readFileSync(file, 'utf8');
    for (const key of Object.keys(CONFIG_SCHEMA.properties)) {
      expect(text).toMatch(new RegExp(`^(# )?${key.replace('$', '\\$')}:`, 'm'));
    }
  });
});
