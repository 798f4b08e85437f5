/**
 * Find, read and validate the configuration, and resolve it against the rule catalog into compiled
 * rules. Every problem is collected and reported at once, each with file, line and key path.
 */
import { lstatExists, MAX_CONFIG_BYTES, readFailure, readTextSync } from '../read.js';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { validatorFor } from '../ajv.js';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { meantSuffix } from '../did-you-mean.js';
import { compileRule, describeAjvError, joinKeyPath, misspeltRequired, renderValue, resolveOptions, type CompiledRule } from '../engine/rules.js';
import { describeType, isoTime } from '../engine/functions.js';
import { pointerToSegments, type Segment } from '../engine/expr.js';
import type { FailOn, RuleDefinition, Severity, SeverityOrOff } from '../types.js';
import { CONFIG_FILE_NAMES, CONFIG_SCHEMA } from './schema.js';
import { findJsonSyntaxError, formatJsonPath } from '../collect/json-error.js';
import { lineColumn } from '../collect/input.js';
import { parseYaml, type Located } from './yaml.js';
import { checkRuleDefinition, loadRuleDir, toConfigIssues } from './load-rules.js';
import { DEFAULT_PRESET, PRESETS, type Preset } from './presets.js';
import type { ExceptionRule } from '../engine/exceptions.js';

/** A rule's setting as written in the config. */
export type RuleSetting = SeverityOrOff | { severity?: SeverityOrOff; options?: Record<string, unknown> };

/** The configuration file's content after validation. */
export interface RawConfig {
  extends?: string;
  failOn?: FailOn;
  rules?: Record<string, RuleSetting>;
  rulesDir?: string | string[];
  customRules?: unknown[];
  exceptions?: unknown[];
}

export interface LoadedConfig {
  /** The file it came from as shown in messages, or null when no file was found (defaults apply). */
  file: string | null;
  /** The file's absolute path (what `rulesDir` is relative to). */
  path?: string;
  config: RawConfig;
  located?: Located;
  /** Schema problems found while reading; resolveConfig reports them with its own, all at once. */
  issues?: ConfigIssue[];
}

export interface ResolvedConfig {
  failOn: FailOn;
  /** The enabled rules, compiled. */
  rules: CompiledRule[];
  file: string | null;
  /** Every rule (built-in and custom) with its effective severity, `off` included. */
  catalog: EffectiveRule[];
  exceptions: ExceptionRule[];
}

/** How the config schema is compiled (here and by the build, scripts/build-prebuilt.mjs). */
export const CONFIG_VALIDATOR_OPTIONS = { allErrors: true, strict: false } as const;
let configValidator: ValidateFunction | undefined;
/** Compiled on first use: runs without a config file never pay for it. */
function validateConfig(data: unknown): ValidateFunction {
  configValidator ??= validatorFor('config', CONFIG_SCHEMA, CONFIG_VALIDATOR_OPTIONS);
  configValidator(data);
  return configValidator;
}

/** Look for a config file from `startDir` upward. Two config files in one directory are an error. */
export function findConfigFile(startDir: string): string | null {
  let dir = resolve(startDir);
  for (;;) {
    // lstat, not exists: a config that is a link to nothing must not be passed over (the run would go
    // on with the defaults, a gate of another policy); reading it says what is wrong.
    const present = CONFIG_FILE_NAMES.map((name) => join(dir, name)).filter((file) => lstatExists(file));
    if (present.length > 1) {
      throw new ConfigError([{ file: present[0] as string, keyPath: '', message: `more than one config file in ${dir} (${present.join(', ')}): keep one` }]);
    }
    if (present.length === 1) return present[0] as string;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * `JSON.parse(text)` of a file oauthlint is configured by (a .json config, a baseline), or a ConfigError
 * naming the line and column of the first fault: "`what` not valid JSON: expected …".
 */
export function parseJsonFile(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const problem = findJsonSyntaxError(text);
    const where = problem === null ? undefined : lineColumn(text, problem.offset);
    const inside = problem === null || problem.path.length === 0 ? '' : `, in ${formatJsonPath(problem.path)}`;
    const message = `${what} not valid JSON${problem === null ? '' : `: ${problem.message}${inside}`}`;
    throw new ConfigError([{ file, line: where?.line, column: where?.column, keyPath: '', message }], { cause: error });
  }
}

/** Read and validate a config file against the schema. */
export function readConfigFile(path: string, file: string = path): LoadedConfig {
  let text: string;
  try {
    text = readTextSync(path, MAX_CONFIG_BYTES);
  } catch (error) {
    const { reason, ...where } = readFailure(error, path);
    throw new ConfigError([{ file, ...where, keyPath: '', message: `cannot read the config file: ${reason}` }], {
      cause: error,
    });
  }
  // A .json config is JSON: js-yaml alone would let `{"rules": {},}` or single quotes through.
  if (path.endsWith('.json')) parseJsonFile(text.replace(/^\uFEFF/, ''), file, 'cannot parse:');
  const located = parseYaml(text, file);
  // A key left empty (`rules:` followed only by comments) means nothing set.
  const data = withoutEmptyKeys(located.data ?? {});
  const validated = validateConfig(data);
  if (validated.errors) {
    const issues: ConfigIssue[] = [];
    const seen = new Set<string>();
    const misspelt = misspeltRequired(validated.errors, CONFIG_SCHEMA);
    for (const error of validated.errors) {
      if (error.keyword === 'if' || misspelt.has(error)) continue;
      // An exception's expiry is checked below, as a real date, in one message.
      if (error.keyword === 'pattern' && /^\/exceptions\/\d+\/expires$/.test(error.instancePath)) continue;
      // A rule id that is not kebab-case is no rule's id: resolveConfig reports it as an unknown rule
      // id, with the likely one (here it would be a second message for the same key).
      if (error.keyword === 'propertyNames' || (error.keyword === 'pattern' && error.propertyName !== undefined)) continue;
      if (error.keyword === 'pattern' && /^\/exceptions\/\d+\/rule$/.test(error.instancePath)) continue;
      let segments = pointerToSegments(error.instancePath);
      const given = getAt(data, segments);
      let described = describeAjvError(error, CONFIG_SCHEMA, given);
      if (error.keyword === 'additionalProperties' || error.keyword === 'required') {
        const params = error.params as { additionalProperty?: string; missingProperty?: string };
        segments = [...segments, String(params.additionalProperty ?? params.missingProperty)];
        if (error.keyword === 'additionalProperties' && error.instancePath === '') {
          // At the top level the keys are listed even beside a did-you-mean: they are the whole of the config.
          const top = Object.keys(CONFIG_SCHEMA.properties);
          described = { ...described, message: `unknown key${meantSuffix(String(params.additionalProperty), top)} (expected one of ${top.join(', ')})` };
        }
      }
      const under = (prefix: string, depth: number): boolean => segments[0] === prefix && segments.length === depth;
      const got = (value: unknown): string => (Array.isArray(value) ? 'a list' : describeType(value));
      if (under('rules', 2) && (error.keyword === 'enum' || error.keyword === 'type')) {
        // `no-http-redirect-uri: errror`, `: true`, `: [error]`: one message whatever the value.
        const meant = typeof given === 'string' ? meantSuffix(given, ['off', 'note', 'warning', 'error']) : '';
        described = { ...described, message: `expected a severity (off, note, warning, error) or { severity, options }, got ${typeof given === 'string' ? JSON.stringify(given) : got(given)}${meant}` };
      } else if (under('rules', 1) && error.keyword === 'type') {
        described = { ...described, message: `expected rule ids as keys, each with its setting (no-http-redirect-uri: error), got ${got(given)}` };
      } else if (under('rules', 3) && segments[2] === 'options' && error.keyword === 'type') {
        described = { ...described, message: `expected the rule's options as keys and values (\`oauthlint rules ${String(segments[1])}\` lists them), got ${got(given)}` };
      }
      if (error.instancePath === '' && error.keyword === 'type') {
        // A list or a scalar where the settings belong (`- failOn: none`).
        described = { keyPath: '', message: `expected the settings as keys (${Object.keys(CONFIG_SCHEMA.properties).join(', ')}) at the top level, got ${got(data)}` };
      }
      const key = `${described.keyPath}\u0000${described.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const where = located.locate(segments);
      issues.push({ file, line: where?.line, column: where?.column, keyPath: described.keyPath, message: described.message });
    }
    // Keep what can still be checked against the catalog (rule ids, options) so it is reported too.
    const config = isObject(data) ? (data as RawConfig) : {};
    return { file, path: resolve(path), config, located, issues };
  }
  return { file, path: resolve(path), config: data as RawConfig, located };
}

function withoutEmptyKeys(value: unknown): unknown {
  return isObject(value) ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function getAt(data: unknown, segments: Segment[]): unknown {
  let current = data;
  for (const segment of segments) current = (current as Record<string | number, unknown> | undefined)?.[segment];
  return current;
}

function isSeverity(value: unknown): value is SeverityOrOff {
  return value === 'off' || value === 'note' || value === 'warning' || value === 'error';
}

/** Command-line settings that win over the file. */
export interface ConfigOverrides {
  failOn?: FailOn;
}

/** Rules of the catalog with the severity this config gives them (`off` included), for `oauthlint rules`. */
export interface EffectiveRule {
  definition: RuleDefinition;
  severity: SeverityOrOff;
  options: Record<string, unknown>;
  custom: boolean;
}

function mergeSetting(base: RuleSetting | undefined, over: RuleSetting | undefined): { severity?: SeverityOrOff; options?: Record<string, unknown> } {
  const norm = (s: RuleSetting | undefined) => (typeof s === 'string' ? { severity: s } : isObject(s) ? s : {});
  const a = norm(base);
  const b = norm(over);
  const options = a.options || b.options ? { ...(isObject(a.options) ? a.options : {}), ...(isObject(b.options) ? b.options : {}) } : undefined;
  const severity = isSeverity(b.severity) ? b.severity : isSeverity(a.severity) ? a.severity : undefined;
  return { ...(severity ? { severity } : {}), ...(options ? { options } : {}) };
}

/** `YYYY-MM-DD` that is a real date. */
function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(isoTime(text));
}

/** Custom rules from `rulesDir` (relative to the config file) and inline `customRules`. */
function loadCustomRules(loaded: LoadedConfig, file: string, builtinIds: Set<string>, issues: ConfigIssue[]): RuleDefinition[] {
  const custom: RuleDefinition[] = [];
  const base = loaded.path !== undefined ? dirname(loaded.path) : process.cwd();
  const dirs = loaded.config.rulesDir === undefined ? [] : [loaded.config.rulesDir].flat();
  for (const dir of dirs) {
    if (typeof dir !== 'string') continue;
    try {
      // Named as the config is: under the config's own shown directory (`file`), unless absolute.
      custom.push(...loadRuleDir(resolve(base, dir), isAbsolute(dir) ? dir : join(dirname(file), dir)));
    } catch (error) {
      if (error instanceof ConfigError) issues.push(...error.issues);
      else throw error;
    }
  }
  const inline = Array.isArray(loaded.config.customRules) ? loaded.config.customRules : [];
  const inlineAt = new Map<RuleDefinition, Omit<ConfigIssue, 'message'>>();
  inline.forEach((raw, i) => {
    const prefix = `customRules[${i}]`;
    const problems = checkRuleDefinition(raw, undefined);
    if (problems.length > 0) {
      issues.push(...toConfigIssues(file, loaded.located, problems, prefix));
      return;
    }
    const definition = { ...(raw as RuleDefinition), file: `${file} (${prefix})` };
    const at = loaded.located?.locate(['customRules', i, 'id']);
    inlineAt.set(definition, { file, line: at?.line, column: at?.column, keyPath: `${prefix}.id` });
    custom.push(definition);
  });
  // Where a rule's id is written, for the messages below: a rule file's own `id`, or the line in the config.
  const idAt = (rule: RuleDefinition): Omit<ConfigIssue, 'message'> => inlineAt.get(rule) ?? { file: rule.file ?? '', keyPath: 'id' };
  const shown = (rule: RuleDefinition): string => {
    const where = inlineAt.get(rule);
    return where === undefined ? (rule.file ?? '') : `${where.file}${where.line === undefined ? '' : `:${where.line}`} (${where.keyPath.replace(/\.id$/, '')})`;
  };
  const seen = new Map<string, RuleDefinition>();
  return custom.filter((rule) => {
    if (builtinIds.has(rule.id)) {
      issues.push({ ...idAt(rule), message: `custom rule "${rule.id}" has the id of a built-in rule; choose another id` });
      return false;
    }
    const previous = seen.get(rule.id);
    if (previous !== undefined) {
      issues.push({ ...idAt(rule), message: `custom rule "${rule.id}" is also defined at ${shown(previous)}` });
      return false;
    }
    seen.set(rule.id, rule);
    return true;
  });
}

/**
 * Resolve the config against the catalog: the preset, custom rules, which rules run at which
 * severity with which options, and the exceptions. Unknown rule ids, options that do not fit a rule's
 * schema, and bad exceptions are errors, all reported at once.
 */
export function resolveConfig(loaded: LoadedConfig, builtin: readonly RuleDefinition[], overrides: ConfigOverrides = {}): ResolvedConfig {
  const file = loaded.file ?? '(defaults)';
  const issues: ConfigIssue[] = [...(loaded.issues ?? [])];
  const at = (segments: Segment[]) => loaded.located?.locate(segments);
  const custom = loadCustomRules(loaded, file, new Set(builtin.map((rule) => rule.id)), issues);
  const catalog = [...builtin, ...custom];
  const byId = new Map(catalog.map((rule) => [rule.id, rule]));
  // An own preset only: `extends: __proto__` (or constructor, toString) is reported by the schema, and
  // must not reach Object.prototype here meanwhile (it crashed the resolution).
  const named = typeof loaded.config.extends === 'string' && Object.prototype.hasOwnProperty.call(PRESETS, loaded.config.extends) ? loaded.config.extends : DEFAULT_PRESET;
  const preset = PRESETS[named] as Preset;
  const settings: Record<string, unknown> = isObject(loaded.config.rules) ? loaded.config.rules : {};
  const unknownRule = (id: string, segments: Segment[], keyPath: string): void => {
    const where = at(segments);
    issues.push({ file, line: where?.line, column: where?.column, keyPath, message: `unknown rule id${meantSuffix(id, [...byId.keys()])} (\`oauthlint rules\` lists them)` });
  };
  for (const id of Object.keys(settings)) if (!byId.has(id)) unknownRule(id, ['rules', id], joinKeyPath('rules', id));

  const rules: CompiledRule[] = [];
  const effective: EffectiveRule[] = [];
  for (const definition of catalog) {
    // A setting of the wrong shape was reported by the schema check; the rule then runs as by default.
    const setting = mergeSetting(preset.rules[definition.id], settings[definition.id] as RuleSetting | undefined);
    const enabledByDefault = definition.enabled !== false || preset.enableAll;
    const severity: SeverityOrOff = setting.severity ?? (enabledByDefault ? definition.severity : 'off');
    const { options, issues: optionIssues } = resolveOptions(definition, setting.options);
    issues.push(
      ...toConfigIssues(file, loaded.located, optionIssues, `rules.${definition.id}.options`).map((issue) => ({
        ...issue,
        message: `${issue.message} (options of ${definition.id})`,
      })),
    );
    effective.push({ definition, severity, options, custom: custom.includes(definition) });
    if (severity === 'off') continue;
    const compileIssues: { keyPath: string; message: string }[] = [];
    rules.push(compileRule(definition, severity as Severity, options, compileIssues));
    issues.push(...toConfigIssues(definition.file ?? definition.id, undefined, compileIssues));
  }

  const exceptions: ExceptionRule[] = [];
  (Array.isArray(loaded.config.exceptions) ? loaded.config.exceptions : []).forEach((raw, i) => {
    // The schema check reported a wrong shape; an unknown rule id is reported even then.
    if (isObject(raw) && typeof raw.rule === 'string' && !byId.has(raw.rule)) unknownRule(raw.rule, ['exceptions', i, 'rule'], `exceptions[${i}].rule`);
    if (!isObject(raw) || typeof raw.rule !== 'string' || !Array.isArray(raw.clients) || typeof raw.expires !== 'string' || typeof raw.reason !== 'string') return;
    const where = at(['exceptions', i]);
    if (raw.reason !== '' && raw.reason.trim() === '') {
      // The reason is what a reviewer reads when the exception is questioned: white space says nothing
      // (an empty one is the schema's).
      const w = at(['exceptions', i, 'reason']);
      issues.push({ file, line: w?.line, column: w?.column, keyPath: `exceptions[${i}].reason`, message: 'expected the reason in words (a ticket, who accepted it, why), got only white space' });
    }
    if (!isCalendarDate(raw.expires)) {
      const w = at(['exceptions', i, 'expires']);
      issues.push({ file, line: w?.line, column: w?.column, keyPath: `exceptions[${i}].expires`, message: `expected a real date YYYY-MM-DD, got ${renderValue(raw.expires)}` });
    }
    exceptions.push({
      rule: raw.rule,
      clients: raw.clients as string[],
      reason: raw.reason,
      expires: raw.expires,
      ...(Array.isArray(raw.values) ? { values: raw.values } : {}),
      where: `${file}${where ? `:${where.line}` : ''}`,
    });
  });
  if (issues.length > 0) throw new ConfigError(issues.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : 0)));
  return { failOn: overrides.failOn ?? loaded.config.failOn ?? 'error', rules, file: loaded.file, catalog: effective, exceptions };
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
