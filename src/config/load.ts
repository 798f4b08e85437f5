/**
 * Find, read and validate the configuration, and resolve it against the rule catalog into compiled
 * rules. Every problem is collected and reported at once, each with file, line and key path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { compileRule, describeAjvError, resolveOptions, type CompiledRule } from '../engine/rules.js';
import type { Segment } from '../engine/expr.js';
import type { FailOn, RuleDefinition, Severity, SeverityOrOff } from '../types.js';
import { CONFIG_FILE_NAMES, CONFIG_SCHEMA } from './schema.js';
import { parseYaml, type Located } from './yaml.js';
import { toConfigIssues } from './load-rules.js';

/** A rule's setting as written in the config. */
export type RuleSetting = SeverityOrOff | { severity?: SeverityOrOff; options?: Record<string, unknown> };

/** The configuration file's content after validation. */
export interface RawConfig {
  failOn?: FailOn;
  rules?: Record<string, RuleSetting>;
}

export interface LoadedConfig {
  /** The file it came from, or null when no file was found (defaults apply). */
  file: string | null;
  config: RawConfig;
  located?: Located;
  /** Schema problems found while reading; resolveConfig reports them with its own, all at once. */
  issues?: ConfigIssue[];
}

export interface ResolvedConfig {
  failOn: FailOn;
  rules: CompiledRule[];
  file: string | null;
}

let configValidator: ValidateFunction | undefined;
/** Compiled on first use: runs without a config file never pay for it. */
function validateConfig(data: unknown): ValidateFunction {
  configValidator ??= new Ajv({ allErrors: true, strict: false }).compile(CONFIG_SCHEMA);
  configValidator(data);
  return configValidator;
}

/** Look for a config file from `startDir` upward. Two config files in one directory are an error. */
export function findConfigFile(startDir: string): string | null {
  let dir = resolve(startDir);
  for (;;) {
    const present = CONFIG_FILE_NAMES.map((name) => join(dir, name)).filter((file) => existsSync(file));
    if (present.length > 1) {
      throw new ConfigError([{ file: present[0] as string, keyPath: '', message: `more than one config file in ${dir} (${present.join(', ')}): keep one` }]);
    }
    if (present.length === 1) return present[0] as string;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function segmentsOf(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Read and validate a config file against the schema. */
export function readConfigFile(path: string, file: string = path): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([{ file, keyPath: '', message: `cannot read the config file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }], {
      cause: error,
    });
  }
  const located = parseYaml(text, file);
  const data = located.data ?? {};
  const validated = validateConfig(data);
  if (validated.errors) {
    const issues: ConfigIssue[] = [];
    const seen = new Set<string>();
    for (const error of validated.errors) {
      if (error.keyword === 'if') continue;
      if (error.keyword === 'pattern' && error.propertyName !== undefined) continue;
      let segments = segmentsOf(error.instancePath);
      let described = describeAjvError(error);
      if (error.keyword === 'propertyNames') {
        const name = String((error.params as { propertyName: string }).propertyName);
        segments = [...segments, name];
        described = { keyPath: `${described.keyPath}.${name}`, message: 'expected a kebab-case rule id' };
      } else if (error.keyword === 'additionalProperties' || error.keyword === 'required') {
        const params = error.params as { additionalProperty?: string; missingProperty?: string };
        segments = [...segments, String(params.additionalProperty ?? params.missingProperty)];
        if (error.keyword === 'additionalProperties' && error.instancePath === '') {
          described = { ...described, message: `unknown key (expected one of ${Object.keys(CONFIG_SCHEMA.properties).join(', ')})` };
        }
      }
      if (error.instancePath.startsWith('/rules/') && error.keyword === 'enum' && segmentsOf(error.instancePath).length === 2) {
        described = { ...described, message: `expected a severity (off, note, warning, error) or { severity, options }, got ${JSON.stringify(getAt(data, segmentsOf(error.instancePath)))}` };
      }
      const key = `${described.keyPath}\u0000${described.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const where = located.locate(segments);
      issues.push({ file, line: where?.line, column: where?.column, keyPath: described.keyPath, message: described.message });
    }
    // Keep what can still be checked against the catalog (rule ids, options) so it is reported too.
    const config = isObject(data) ? (data as RawConfig) : {};
    return { file, config, located, issues };
  }
  return { file, config: data as RawConfig, located };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function getAt(data: unknown, segments: Segment[]): unknown {
  let current = data;
  for (const segment of segments) current = (current as Record<string | number, unknown> | undefined)?.[segment];
  return current;
}

/** Levenshtein distance, for did-you-mean. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** The closest known name, when one is close enough to be a likely typo. */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of known) {
    const score = distance(name, candidate);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function isSeverity(value: unknown): value is SeverityOrOff {
  return value === 'off' || value === 'note' || value === 'warning' || value === 'error';
}

/** Command-line settings that win over the file. */
export interface ConfigOverrides {
  failOn?: FailOn;
}

/**
 * Resolve the config against the catalog: which rules run, at which severity, with which options.
 * Unknown rule ids and options that do not fit a rule's schema are errors, all reported at once.
 */
export function resolveConfig(loaded: LoadedConfig, catalog: readonly RuleDefinition[], overrides: ConfigOverrides = {}): ResolvedConfig {
  const file = loaded.file ?? '(defaults)';
  const issues: ConfigIssue[] = [...(loaded.issues ?? [])];
  const settings: Record<string, unknown> = isObject(loaded.config.rules) ? loaded.config.rules : {};
  const byId = new Map(catalog.map((rule) => [rule.id, rule]));
  for (const id of Object.keys(settings)) {
    if (!byId.has(id)) {
      const guess = didYouMean(id, [...byId.keys()]);
      const where = loaded.located?.locate(['rules', id]);
      issues.push({
        file,
        line: where?.line,
        column: where?.column,
        keyPath: `rules.${id}`,
        message: `unknown rule id${guess ? `; did you mean "${guess}"?` : ''} (\`oauthlint rules\` lists them)`,
      });
    }
  }
  const rules: CompiledRule[] = [];
  for (const definition of catalog) {
    // A setting of the wrong shape was reported by the schema check; the rule then runs as by default.
    const setting = settings[definition.id];
    const configured = typeof setting === 'string' ? setting : isObject(setting) ? setting.severity : undefined;
    const severity = (isSeverity(configured) ? configured : undefined) ?? (definition.enabled === false ? 'off' : definition.severity);
    const given = isObject(setting) && isObject(setting.options) ? setting.options : undefined;
    const { options, issues: optionIssues } = resolveOptions(definition, given);
    issues.push(
      ...toConfigIssues(file, loaded.located, optionIssues, `rules.${definition.id}.options`).map((issue) => ({
        ...issue,
        message: `${issue.message} (options of ${definition.id})`,
      })),
    );
    if (severity === 'off') continue;
    const compileIssues: { keyPath: string; message: string }[] = [];
    rules.push(compileRule(definition, severity as Severity, options, compileIssues));
    issues.push(...toConfigIssues(definition.file ?? definition.id, undefined, compileIssues));
  }
  if (issues.length > 0) throw new ConfigError(issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return { failOn: overrides.failOn ?? loaded.config.failOn ?? 'error', rules, file: loaded.file };
}

/** A path as a user would want to read it: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** Find (or take `explicit`), read and validate the config. No file found → defaults. */
export function loadConfig(explicit: string | undefined, cwd: string): LoadedConfig {
  const file = explicit !== undefined ? resolve(cwd, explicit) : findConfigFile(cwd);
  if (file === null) return { file: null, config: {} };
  return readConfigFile(file, displayPath(file, cwd));
}
