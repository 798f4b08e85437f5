/** The build's catalog of built-in rules: used only while it matches rules/*.yml, and then the same as reading them. */
import { cpSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_RULES_DIR, makeCatalog, readCatalog, loadRuleDir } from '../src/config/load-rules.js';
import { defaultOptions, resolveOptions } from '../src/engine/rules.js';
import { ConfigError } from '../src/errors.js';
import { ROOT, tempDir } from './helpers.js';

function copyOfRules(): string {
  const dir = join(tempDir(), 'rules');
  cpSync(BUILTIN_RULES_DIR, dir, { recursive: true });
  return dir;
}

describe('rules catalog', () => {
  it('reads back exactly the definitions the rule files give', () => {
    const dir = copyOfRules();
    const file = join(tempDir(), 'catalog.json');
    writeFileSync(file, JSON.stringify(makeCatalog(dir)));
    const fromCatalog = readCatalog(file, dir);
    expect(fromCatalog).toBeDefined();
    expect(fromCatalog).toEqual(loadRuleDir(dir));
    // and their defaults need no validator: the same options as the option schema gives
    for (const rule of fromCatalog ?? []) expect(resolveOptions(rule, undefined)).toEqual({ options: defaultOptions(rule), issues: [] });
  });

  it('is ignored once a rule file changes, is added or is removed', () => {
    const dir = copyOfRules();
    const file = join(tempDir(), 'catalog.json');
    writeFileSync(file, JSON.stringify(makeCatalog(dir)));
    appendFileSync(join(dir, 'missing-policy-uri.yml'), '\n# edited\n');
    expect(readCatalog(file, dir)).toBeUndefined();
    writeFileSync(file, JSON.stringify(makeCatalog(dir)));
    expect(readCatalog(file, dir)).toBeDefined();
    writeFileSync(join(dir, 'extra-rule.yml'), readFileSync(join(dir, 'missing-tos-uri.yml'), 'utf8'));
    expect(readCatalog(file, dir)).toBeUndefined();
  });

  it('is ignored when missing or not a catalog', () => {
    const dir = copyOfRules();
    const other = tempDir({ 'bad.json': '{"key": 1', 'foreign.json': '{"rules": {}}', 'null.json': 'null' });
    for (const name of ['absent.json', 'bad.json', 'foreign.json', 'null.json']) expect(readCatalog(join(other, name), dir)).toBeUndefined();
    // and when the rules directory itself is gone (reading it then gives the error)
    const file = join(other, 'catalog.json');
    writeFileSync(file, JSON.stringify(makeCatalog(dir)));
    expect(readCatalog(file, join(dir, 'gone'))).toBeUndefined();
    expect(() => loadRuleDir(join(dir, 'gone'))).toThrow(/cannot read the rules directory/);
  });

  it('cannot be made from a broken rule file, nor from defaults that do not fit the option schema', () => {
    const dir = copyOfRules();
    const path = join(dir, 'stale-client.yml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/default: 365/, 'default: -5'));
    expect(() => makeCatalog(dir)).toThrow(ConfigError);
    expect(() => makeCatalog(dir)).toThrow(/stale-client\.yml[\s\S]*defaults do not validate/);
  });

  it('is what the build left in dist/, matching rules/ now', () => {
    expect(readCatalog(join(ROOT, 'dist', 'rules.catalog.json'), BUILTIN_RULES_DIR)).toEqual(loadRuleDir(BUILTIN_RULES_DIR));
  });
});
