/**
 * Reading rule files: the built-in `rules/*.yml` (and, later, a user's rules directory). Every rule is
 * validated against the meta-schema and its check compiled once, so a broken rule file is an error that
 * names the file, line and key, before any client is looked at.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { MAX_CONFIG_BYTES, readFailure, readTextSync } from '../read.js';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, systemErrorWords, type ConfigIssue } from '../errors.js';
import { jsonEqual, parsePath, type CompileIssue } from '../engine/expr.js';
import { compileRule, defaultOptions, resolveOptions, trustDefaults, validateRuleDefinition } from '../engine/rules.js';
import type { RuleDefinition } from '../types.js';
import { parseYaml, type Located } from './yaml.js';
import { codeUnitOrder } from '../order.js';

/** The directory of the built-in rules, next to `src/` or `dist/`. */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export function toConfigIssues(file: string, located: Located | undefined, issues: CompileIssue[], prefix = ''): ConfigIssue[] {
  return issues.map((issue) => {
    const keyPath = prefix === '' ? issue.keyPath : issue.keyPath === '' ? prefix : `${prefix}.${issue.keyPath}`;
    // Message placeholders (`message{{…}}`) are located at `message`.
    const segments = parsePath(keyPath.replace(/\{\{.*$/, '').replace(/\["([^"]*)"\]/g, '.$1')) ?? [];
    const where = located?.locate(segments);
    return { file, line: where?.line, column: where?.column, keyPath, message: issue.message };
  });
}

/** Validate one parsed rule and compile its check; returns its problems (empty when usable). */
export function checkRuleDefinition(raw: unknown, expectedId: string | undefined): CompileIssue[] {
  const issues = validateRuleDefinition(raw);
  if (issues.length > 0) return issues;
  const definition = raw as RuleDefinition;
  if (expectedId !== undefined && definition.id !== expectedId) {
    issues.push({ keyPath: 'id', message: `expected "${expectedId}" (the id must equal the file name)` });
  }
  compileRule(definition, definition.severity, defaultOptions(definition), issues);
  return issues;
}

/** The rule files of `dir`: `*.yml` and `*.yaml`, in any case (`A.YML`), sorted. */
function ruleFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => ['.yml', '.yaml'].includes(extname(name).toLowerCase()))
    .sort();
}

/**
 * Read and validate every `*.yml`/`*.yaml` rule file in `dir`, sorted by id. Throws ConfigError with all
 * problems. Files are named in messages (and in each rule's `file`) under `shown`, the directory as the
 * user wrote it (`oauth-policies/x.yml`, as the config itself is named), rather than its absolute path.
 */
export function loadRuleDir(dir: string, shown: string = dir): RuleDefinition[] {
  let names: string[];
  try {
    names = ruleFileNames(dir);
  } catch (error) {
    throw new ConfigError([{ file: shown, keyPath: '', message: `cannot read the rules directory: ${systemErrorWords(error)}` }], { cause: error });
  }
  // A directory named by mistake (or before its rules were added) would add nothing without a word.
  if (names.length === 0) throw new ConfigError([{ file: shown, keyPath: '', message: 'the rules directory holds no rule files (*.yml or *.yaml)' }]);
  const rules: RuleDefinition[] = [];
  const problems: ConfigIssue[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const path = join(dir, name);
    const file = join(shown, name);
    let located: Located;
    try {
      located = parseYaml(readTextSync(path, MAX_CONFIG_BYTES), file);
    } catch (error) {
      if (error instanceof ConfigError) {
        problems.push(...error.issues);
        continue;
      }
      const { reason, ...where } = readFailure(error, path);
      problems.push({ file, ...where, keyPath: '', message: `cannot read: ${reason}` });
      continue;
    }
    const issues = checkRuleDefinition(located.data, basename(name, extname(name)));
    if (issues.length > 0) {
      problems.push(...toConfigIssues(file, located, issues));
      continue;
    }
    const definition = { ...(located.data as RuleDefinition), file };
    const previous = seen.get(definition.id);
    if (previous !== undefined) {
      problems.push({ file, keyPath: 'id', message: `rule "${definition.id}" is also defined in ${previous}` });
      continue;
    }
    seen.set(definition.id, file);
    rules.push(definition);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return rules.sort((a, b) => codeUnitOrder(a.id, b.id));
}

/**
 * The built-in catalog as `npm run build` leaves it (`dist/rules.catalog.json`): the rule files already
 * parsed, validated and compiled once, so a run need not load YAML and the meta-schema to read them.
 */
export const CATALOG_FILE = fileURLToPath(new URL('../rules.catalog.json', import.meta.url));

export interface Catalog {
  /** `catalogKey` of the rule files it was made from. */
  key: string;
  /** The definitions, `file` being the file's name in the directory. */
  rules: RuleDefinition[];
}

/** A digest of the names and contents of the rule files in `dir`: a catalog is used only while it matches. */
export function catalogKey(dir: string): string {
  const hash = createHash('sha256');
  for (const name of ruleFileNames(dir)) {
    hash.update(`${name}\u0000`).update(readFileSync(join(dir, name))).update('\u0000');
  }
  return hash.digest('hex');
}

/** The catalog of the rule files in `dir` (validated: throws ConfigError), ready to write as JSON. */
export function makeCatalog(dir: string): Catalog {
  const definitions = loadRuleDir(dir);
  // A catalog rule's defaults are used without its option schema (`trustDefaults`): check them here.
  const problems: ConfigIssue[] = [];
  for (const rule of definitions) {
    const { options, issues } = resolveOptions(rule, undefined);
    if (issues.length > 0 || !jsonEqual(options, defaultOptions(rule))) {
      problems.push({ file: rule.file ?? rule.id, keyPath: 'options', message: `the defaults do not validate against the option schema, or it adds nested defaults${issues.length > 0 ? `: ${issues.map((i) => `${i.keyPath} ${i.message}`).join('; ')}` : ''}` });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { key: catalogKey(dir), rules: definitions.map((rule) => ({ ...rule, file: basename(rule.file ?? '') })) };
}

/** The rules of a catalog file made from `dir` as it is now; undefined when it is missing, foreign or stale. */
export function readCatalog(file: string, dir: string): RuleDefinition[] | undefined {
  let catalog: Partial<Catalog>;
  try {
    catalog = JSON.parse(readFileSync(file, 'utf8')) as Partial<Catalog>;
  } catch {
    return undefined;
  }
  if (catalog === null || typeof catalog !== 'object' || !Array.isArray(catalog.rules)) return undefined;
  let key: string;
  try {
    key = catalogKey(dir);
  } catch {
    return undefined; // an unreadable rules directory: reading the files says what is wrong
  }
  if (catalog.key !== key) return undefined;
  return catalog.rules.map((rule) => {
    const definition = { ...rule, file: join(dir, String(rule.file)) };
    trustDefaults(definition);
    return definition;
  });
}

let builtinCache: RuleDefinition[] | undefined;

/** The built-in catalog (read once per process): from the build's catalog while it matches `rules/`, else from the files. */
export function loadBuiltinRules(): RuleDefinition[] {
  builtinCache ??= readCatalog(CATALOG_FILE, BUILTIN_RULES_DIR) ?? loadRuleDir(BUILTIN_RULES_DIR);
  return builtinCache;
}

