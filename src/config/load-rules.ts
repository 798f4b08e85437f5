/**
 * Reading rule files: the built-in `rules/*.yml` (and, later, a user's rules directory). Every rule is
 * validated against the meta-schema and its check compiled once, so a broken rule file is an error that
 * names the file, line and key, before any client is looked at.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { parsePath, type CompileIssue } from '../engine/expr.js';
import { compileRule, defaultOptions, validateRuleDefinition } from '../engine/rules.js';
import type { RuleDefinition } from '../types.js';
import { parseYaml, type Located } from './yaml.js';

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

/** Read and validate every `*.yml`/`*.yaml` rule file in `dir`, sorted by id. Throws ConfigError with all problems. */
export function loadRuleDir(dir: string): RuleDefinition[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => ['.yml', '.yaml'].includes(extname(name))).sort();
  } catch (error) {
    throw new ConfigError([{ file: dir, keyPath: '', message: `cannot read the rules directory: ${(error as Error).message}` }], { cause: error });
  }
  const rules: RuleDefinition[] = [];
  const problems: ConfigIssue[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    let located: Located;
    try {
      located = parseYaml(readFileSync(file, 'utf8'), file);
    } catch (error) {
      if (error instanceof ConfigError) {
        problems.push(...error.issues);
        continue;
      }
      problems.push({ file, keyPath: '', message: `cannot read: ${(error as Error).message}` });
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
  return rules.sort((a, b) => a.id.localeCompare(b.id));
}

let builtinCache: RuleDefinition[] | undefined;

/** The built-in catalog (read once per process). */
export function loadBuiltinRules(): RuleDefinition[] {
  builtinCache ??= loadRuleDir(BUILTIN_RULES_DIR);
  return builtinCache;
}

