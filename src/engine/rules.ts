/**
 * Rule definitions → compiled rules. Pure: rule files are read elsewhere (config/load-rules.ts).
 */
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { newAjv } from '../ajv.js';
import type { RuleDefinition, Severity } from '../types.js';
import { compileCondition, compileExpr, constantValue, shownValue, dependsOnlyOnCurrent, isConstant, parsePath, readField, recordFieldProblem, formatPath, getPath, pointerToSegments, type CompileIssue, type EvalContext, type Expr, type Predicate, type Segment } from './expr.js';
import { RULE_META_SCHEMA } from './rule-schema.js';
import { checkRecordSchema } from './record-schema.js';
import { describeType, head, MESSAGE_VALUE_LIMIT, more, normalizeName, quotedText } from './functions.js';
import { didYouMean, meantSuffix } from '../did-you-mean.js';

/**
 * Takes one value a rule found at fault, before it becomes a Finding: its path, the value, the
 * message, and a severity other than the rule's when `check.escalate` applies.
 */
export type Emit = (path: string, value: unknown, message: string, severity: Severity | undefined) => void;

type BuiltinProblem = { path: string; value: unknown; detail: string };

/**
 * Built-in checks: what the grammar should not do by hand. A record check returns the offending
 * values of one record; a set check looks at all records at once and returns problems by index.
 */
const BUILTINS: Record<string, { record?: (record: unknown) => BuiltinProblem[]; set?: (records: readonly unknown[]) => Map<number, BuiltinProblem[]> }> = {
  recordSchema: { record: checkRecordSchema },
  duplicateName: { set: duplicateNames },
};
export const BUILTIN_NAMES = Object.keys(BUILTINS);

/**
 * Clients of one org_id whose names are equal after NFKC, trimming, collapsing spaces and
 * lower-casing. Every member of such a group gets a finding that names the others.
 */
export function duplicateNames(records: readonly unknown[]): Map<number, BuiltinProblem[]> {
  // By org, then by name; a name held once is its index, a list only once it repeats. (One Map keyed by
  // "org + name" built a new string and a list per client: 100-140 ms of 100,000 clients, now ~45.)
  const byOrg = new Map<string, Map<string, number | number[]>>();
  const groups: number[][] = [];
  for (let index = 0; index < records.length; index++) {
    const record = records[index];
    if (record === null || typeof record !== 'object') continue;
    const { org_id: org, name } = record as { org_id?: unknown; name?: unknown };
    const key = normalizeName(name);
    if (typeof key !== 'string' || key === '') continue;
    const orgKey = typeof org === 'string' ? org : '';
    let names = byOrg.get(orgKey);
    if (names === undefined) byOrg.set(orgKey, (names = new Map()));
    const group = names.get(key);
    if (group === undefined) names.set(key, index);
    else if (typeof group === 'number') {
      const pair = [group, index];
      names.set(key, pair);
      groups.push(pair);
    } else group.push(index);
  }
  const out = new Map<number, BuiltinProblem[]>();
  const label = (index: number): string => {
    const o = records[index] as { client_id?: unknown; name?: unknown };
    // Quoted as messages quote values (a name of megabytes is cut), five of them in one message.
    return `${renderValue(o.name)} (${typeof o.client_id === 'string' ? renderText(o.client_id) : `record #${index + 1}`})`;
  };
  for (const group of groups) {
    // Name at most five others: linear in the group, however large it is.
    const head = group.slice(0, 6);
    for (const index of group) {
      const record = records[index] as { name: string; org_id?: unknown };
      const others = head.filter((other) => other !== index).slice(0, 5).map(label);
      const count = group.length - 1;
      const org = typeof record.org_id === 'string' ? `org ${JSON.stringify(record.org_id)}` : 'the same org';
      out.set(index, [{ path: 'name', value: record.name, detail: `${count === 1 ? 'another client' : `${count} other clients`} of ${org}: ${others.join(', ')}${count > 5 ? ', …' : ''}` }]);
    }
  }
  return out;
}

export interface CompiledRule {
  definition: RuleDefinition;
  severity: Severity;
  options: Record<string, unknown>;
  /**
   * Rules over the whole set see every record through `observe` as it passes, then `settle` once at
   * the end; their `evaluate` then emits what settle found for `context.clientIndex`.
   */
  set?: { observe(record: unknown, index: number): void; settle(): number[] };
  /** Findings of one record; `context.client` and `context.clientIndex` are set by the caller. */
  evaluate(context: EvalContext, emit: Emit): void;
}

let ajvInstance: Ajv | undefined;
let metaValidator: ValidateFunction | undefined;
/** One ajv for rule files and rule options, made on first use. */
function ajv(): Ajv {
  // verbose: errors carry their schema, for the words of a pattern (see describeAjvError).
  return (ajvInstance ??= newAjv({ allErrors: true, strict: false, useDefaults: true, verbose: true }));
}
const optionValidators = new WeakMap<object, ValidateFunction>();

/** Turn an ajv instance path (`/check/select`) into a key path (`check.select`). */
export function pointerToKeyPath(pointer: string): string {
  return pointerToSegments(pointer).reduce<string>((path, segment) => (typeof segment === 'number' ? `${path}[${segment}]` : joinKeyPath(path, segment)), '');
}

/** The schema at an ajv `schemaPath` (`#/properties/rules/additionalProperties/else`) inside `root`. */
function schemaAt(root: unknown, schemaPath: string): unknown {
  let at = root;
  for (const segment of pointerToSegments(schemaPath.replace(/^#/, ''))) at = (at as Record<string | number, unknown> | undefined)?.[segment];
  return at;
}

/** The keys an object schema declares, from the error's own parent schema (ajv `verbose`) or found in `root`. */
function declaredKeys(error: ErrorObject, root: unknown): string[] {
  const parent = error.parentSchema ?? schemaAt(root, error.schemaPath.replace(/\/additionalProperties$/, ''));
  const properties = (parent as { properties?: unknown } | undefined)?.properties;
  return properties !== null && typeof properties === 'object' ? Object.keys(properties) : [];
}

/**
 * The `required` errors that an unknown key beside them is a likely typo of (`descriptio_` for a missing
 * `description`): the typo's "did you mean" says it all, and a second message for it would say it twice.
 */
export function misspeltRequired(errors: readonly ErrorObject[], root?: unknown): Set<ErrorObject> {
  const out = new Set<ErrorObject>();
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue;
    const meant = didYouMean(String((error.params as { additionalProperty?: unknown }).additionalProperty), declaredKeys(error, root));
    const missing = errors.find((other) => other.keyword === 'required' && other.instancePath === error.instancePath && (other.params as { missingProperty?: unknown }).missingProperty === meant);
    if (missing !== undefined) out.add(missing);
  }
  return out;
}

/** `keyPath` and then `key`, as messages write it: `rules.no-http-redirect-uri`, `rules["a b"]`. */
export function joinKeyPath(keyPath: string, key: string): string {
  if (keyPath === '') return key;
  return /^[A-Za-z_][\w-]*$/.test(key) ? `${keyPath}.${key}` : `${keyPath}[${JSON.stringify(key)}]`;
}

/**
 * Describe an ajv error as "what was expected", for config and rule files alike, with the likely key or
 * value where one was mistyped. `root` is the schema validated against and `value` the value at the
 * error's path, for validators compiled without `verbose` (which puts both on the error).
 */
export function describeAjvError(error: ErrorObject, root?: unknown, value?: unknown): { keyPath: string; message: string } {
  let keyPath = pointerToKeyPath(error.instancePath);
  const join = (key: string): string => joinKeyPath(keyPath, key);
  const params = error.params as Record<string, unknown>;
  // How long the value at fault is, for the length and count limits: ", got 130 characters".
  const gotLength = (unit: string): string => {
    const given = 'data' in error ? error.data : value;
    const length = typeof given === 'string' || Array.isArray(given) ? given.length : undefined;
    return length === undefined ? '' : `, got ${length === 0 ? 'none' : `${length} ${unit}${length === 1 ? '' : 's'}`}`;
  };
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = declaredKeys(error, root);
      const meant = meantSuffix(key, known);
      // No likely typo: say what may be written there (`value:` under a rule setting: severity, options).
      const expected = meant === '' && known.length > 0 && known.length <= 16 ? ` (expected ${known.length === 1 ? `only ${known[0]}` : `one of ${known.join(', ')}`})` : '';
      return { keyPath: join(key), message: `unknown key${meant}${expected}` };
    }
    case 'required':
      return { keyPath: join(String(params.missingProperty)), message: 'required key is missing' };
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      const given = 'data' in error ? error.data : value;
      const meant = typeof given === 'string' ? meantSuffix(given, allowed.filter((v): v is string => typeof v === 'string')) : '';
      const got = given === undefined ? '' : `, got ${renderValue(given)}`;
      return { keyPath, message: `expected one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}${got}${meant}` };
    }
    case 'const':
      return { keyPath, message: `expected ${JSON.stringify(params.allowedValue)}` };
    case 'type': {
      const given = 'data' in error ? error.data : value;
      return { keyPath, message: `expected ${[params.type].flat().join(' or ')}${given === undefined ? '' : `, got ${describeType(given)}`}` };
    }
    case 'pattern': {
      // An option schema can say in words what its pattern means (`description` beside it).
      const parent = error.parentSchema ?? schemaAt(root, error.schemaPath.replace(/\/pattern$/, ''));
      const words = (parent as { description?: unknown } | undefined)?.description;
      const given = 'data' in error ? error.data : value;
      const got = given === undefined ? '' : `, got ${renderValue(given)}`;
      return { keyPath, message: typeof words === 'string' ? `expected ${words}${got}` : `expected a value matching ${String(params.pattern)}${got}` };
    }
    case 'minLength':
      return { keyPath, message: params.limit === 1 ? 'expected a non-empty string' : `expected at least ${String(params.limit)} characters${gotLength('character')}` };
    case 'maxLength':
      return { keyPath, message: `expected at most ${String(params.limit)} characters${gotLength('character')}` };
    case 'minItems':
      return { keyPath, message: `expected at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}${gotLength('item')}` };
    case 'maxItems':
      return { keyPath, message: `expected at most ${String(params.limit)} item${params.limit === 1 ? '' : 's'}${gotLength('item')}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const given = 'data' in error ? error.data : value;
      return { keyPath, message: `expected a number ${String(params.comparison)} ${String(params.limit)}${typeof given === 'number' ? `, got ${given}` : ''}` };
    }
    case 'uniqueItems':
      return { keyPath, message: `expected no repeated items (items ${String(params.j)} and ${String(params.i)} are the same)` };
    case 'format':
      return { keyPath, message: `expected a ${String(params.format)}` };
    default:
      keyPath ||= '';
      return { keyPath, message: error.message ?? 'is invalid' };
  }
}

/** Where a rule file's own test case sits (`/tests/valid/0`). */
const TEST_CASE_PATH = /^\/tests\/(?:valid|invalid)\/\d+$/;

/**
 * One message for a `oneOf`/`anyOf` of the meta-schema, in place of its branches' errors, where the
 * branches would say the same thing several ways; null where the branch errors say more.
 */
function alternativesMessage(error: ErrorObject, errors: readonly ErrorObject[]): CompileIssue | null {
  if (error.instancePath === '/check' && error.keyword === 'oneOf') {
    return { keyPath: 'check', message: 'expected exactly one of "report" (a condition) or "builtin" (a built-in check name)' };
  }
  // `select`: a path or a list of them. A list's own errors (an empty item) are said by the branch.
  if (error.instancePath === '/check/select' && !Array.isArray(error.data)) {
    return { keyPath: 'check.select', message: `expected a field path such as "policy_uri" or "redirect_uris[*]", or a non-empty list of them, got ${describeType(error.data)}` };
  }
  // A test case: `client` or `clients`. Only for a mapping (a list or a string is a type error), and
  // not where a mistyped `clien` already says what is meant.
  const mapping = error.data !== null && typeof error.data === 'object' && !Array.isArray(error.data);
  const typo = errors.some((other) => other.keyword === 'additionalProperties' && other.instancePath === error.instancePath && didYouMean(String((other.params as { additionalProperty?: unknown }).additionalProperty), ['client', 'clients']) !== undefined);
  if (TEST_CASE_PATH.test(error.instancePath) && error.keyword === 'oneOf' && mapping && !typo) {
    // Both given: the runner would test one and pass over the other without a word.
    const both = Array.isArray((error.params as { passingSchemas?: unknown }).passingSchemas);
    return { keyPath: pointerToKeyPath(error.instancePath), message: `expected "client" (a record, or changes to the base record) or "clients" (a list of records)${both ? ', not both' : ''}` };
  }
  return null;
}

/** A branch error that `alternativesMessage` says better (or that a list's own item errors do). */
function saidByAlternatives(error: ErrorObject, raw: unknown): boolean {
  if ((error.instancePath === '/check' || TEST_CASE_PATH.test(error.instancePath)) && error.keyword === 'required' && error.schemaPath.includes('oneOf')) return true;
  return error.schemaPath.includes('/properties/select/anyOf/') && (error.schemaPath.includes('/anyOf/0/') || !Array.isArray(getPath(raw, ['check', 'select'])));
}

/** Validate a rule file's content against the meta-schema. Returns every problem. */
export function validateRuleDefinition(raw: unknown): CompileIssue[] {
  const validateMeta = (metaValidator ??= ajv().compile(RULE_META_SCHEMA));
  if (validateMeta(raw)) return [];
  const errors = validateMeta.errors ?? [];
  const seen = new Set<string>();
  const issues: CompileIssue[] = [];
  const misspelt = misspeltRequired(errors);
  for (const error of errors) {
    // `oneOf`/`anyOf` repeat their branches' errors; mostly the branch errors say more.
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf') {
      const combined = alternativesMessage(error, errors);
      if (combined !== null) issues.push(combined);
      continue;
    }
    if (saidByAlternatives(error, raw) || misspelt.has(error)) continue;
    const issue = describeAjvError(error);
    const key = `${issue.keyPath}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

/** The defaults a rule's option schema declares. */
export function defaultOptions(definition: RuleDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = (definition.options?.properties ?? {}) as Record<string, { default?: unknown }>;
  for (const [name, schema] of Object.entries(properties)) {
    if (schema && 'default' in schema) out[name] = structuredClone(schema.default);
  }
  return out;
}

/** Definitions whose defaults are known to be exactly what their option schema gives `{}` (see `trustDefaults`). */
const trusted = new WeakSet<RuleDefinition>();

/**
 * Mark a definition whose option defaults were checked when the catalog was built (`defaultOptions`
 * equals what the schema makes of `{}`, without issues): its options need no validator when none are given.
 */
export function trustDefaults(definition: RuleDefinition): void {
  trusted.add(definition);
}

/** Validate user options against the rule's option schema; returns the options with defaults, or issues. */
export function resolveOptions(definition: RuleDefinition, given: unknown): { options: Record<string, unknown>; issues: CompileIssue[] } {
  if (given === undefined && trusted.has(definition)) return { options: defaultOptions(definition), issues: [] };
  const schema = definition.options ?? { type: 'object', properties: {}, additionalProperties: false };
  let validate = optionValidators.get(schema);
  if (validate === undefined) {
    validate = ajv().compile({ additionalProperties: false, ...schema });
    optionValidators.set(schema, validate);
  }
  const options = structuredClone(given ?? {}) as Record<string, unknown>;
  if (validate(options)) return { options, issues: [] };
  return { options, issues: (validate.errors ?? []).map((error) => describeAjvError(error)) };
}

interface Selector {
  /** Reads the value, or the array whose items are selected, from a record. */
  read(record: unknown): unknown;
  /** The same path as a finding path. */
  base: string;
  each: boolean;
  /** `base[i]`, made once per index. */
  itemPath(i: number): string;
}

function itemPaths(base: string): (i: number) => string {
  const made: string[] = [];
  return (i) => (made[i] ??= `${base}[${i}]`);
}

function reader(segments: Segment[]): (record: unknown) => unknown {
  if (segments.length === 0) return (record) => record;
  const [first] = segments;
  if (segments.length === 1 && typeof first === 'string') return readField(first);
  return (record) => getPath(record, segments);
}

function compileSelectors(select: unknown, issues: CompileIssue[]): Selector[] {
  if (select === undefined) return [{ read: reader([]), base: '', each: false, itemPath: itemPaths('') }];
  const list = Array.isArray(select) ? select : [select];
  return list.map((text, i) => {
    const keyPath = Array.isArray(select) ? `check.select[${i}]` : 'check.select';
    const raw = String(text);
    const each = raw.endsWith('[*]');
    const segments = parsePath(each ? raw.slice(0, -3) : raw);
    if (segments === null || (segments.length === 0 && !each) || raw.slice(0, -3).includes('[*]')) {
      issues.push({ keyPath, message: `invalid selector "${raw}" (expected a field path such as "policy_uri", or "redirect_uris[*]" for each item)` });
      return { read: reader([]), base: '', each: false, itemPath: itemPaths('') };
    }
    const problem = recordFieldProblem(segments);
    if (problem !== null) {
      issues.push({ keyPath, message: problem });
      return { read: reader([]), base: '', each: false, itemPath: itemPaths('') };
    }
    const base = formatPath(segments);
    return { read: reader(segments), base, each, itemPath: itemPaths(base) };
  });
}

// `{{{expr}}}` inserts text as it is (control characters escaped); `{{expr}}` renders JSON.
const PLACEHOLDER = /\{\{(\{?)\s*([^}]*?)\s*\}?\}\}/g;

/** Render a value for a message: strings JSON-quoted (control characters escaped), missing as (missing). */
export function renderValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'string') return quotedText(value);
  // `1e400` parses to Infinity, which JSON.stringify writes as null: say what it is.
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} (a number too large for a 64-bit float, such as 1e400)`;
  const shown = shownValue(value);
  if (typeof shown === 'string') return shown;
  const text = JSON.stringify(shown) ?? String(shown);
  return text.length <= MESSAGE_VALUE_LIMIT ? text : `${head(text)}${more(text.length, 'characters of JSON')}`;
}

/** Render a value as plain text: strings as they are but with control characters escaped. */
export function renderText(value: unknown): string {
  if (typeof value !== 'string') return value === undefined ? '(missing)' : renderValue(value);
  const shown = value.length <= MESSAGE_VALUE_LIMIT ? value : head(value);
  const text = JSON.stringify(shown).slice(1, -1).replace(/\\"/g, '"');
  return shown === value ? text : `${text}${more(value.length, 'characters')}`;
}

const DETAIL = Symbol('detail');
interface Template {
  render(context: EvalContext, detail: string): string;
  /** The message is a function of `$` alone (every placeholder reads `$`, an option or nothing). */
  byValue: boolean;
}

function compileTemplate(template: string, issues: CompileIssue[], options: Record<string, unknown>): Template {
  const parts: (string | { expr: Expr; raw: boolean } | typeof DETAIL)[] = [];
  let last = 0;
  let byValue = true;
  for (const match of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(last, match.index));
    const raw = match[1] === '{';
    const text = match[2] ?? '';
    if (text === '@detail') {
      parts.push(DETAIL);
      byValue = false;
    } else {
      const placeholderIssues: CompileIssue[] = [];
      const expr = compileExpr(text, 'message', placeholderIssues, options);
      issues.push(...placeholderIssues.map((issue) => ({ ...issue, message: `{{${text}}}: ${issue.message}` })));
      if (!dependsOnlyOnCurrent(expr) && !isConstant(expr)) byValue = false;
      parts.push({ expr, raw });
    }
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(template.slice(last));
  const render = (context: EvalContext, detail: string): string => {
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') out += part;
      else if (part === DETAIL) out += detail;
      else out += part.raw ? renderText(part.expr(context)) : renderValue(part.expr(context));
    }
    return out;
  };
  return { render, byValue };
}

/**
 * Compile a validated rule definition with its effective severity and options.
 * Throws nothing: problems are pushed onto `issues` with key paths inside the rule file.
 */
export function compileRule(
  definition: RuleDefinition,
  severity: Severity,
  options: Record<string, unknown>,
  issues: CompileIssue[],
): CompiledRule {
  const check = definition.check as { select?: unknown; report?: unknown; builtin?: string; escalate?: { severity?: unknown; when?: unknown } };
  // Every option the schema declares is the rule's, set or not: a name outside them is a typo (expr.ts).
  const declared = Object.keys((definition.options?.properties ?? {}) as object);
  const known = declared.every((name) => Object.prototype.hasOwnProperty.call(options, name)) ? options : { ...Object.fromEntries(declared.map((name) => [name, undefined])), ...options };
  const message = compileTemplate(definition.message, issues, known);
  // `escalate`: a higher severity for the findings where a condition holds (e.g. public clients).
  let escalate: ((context: EvalContext) => Severity | undefined) | undefined;
  if (check.escalate !== undefined) {
    const to = check.escalate.severity as Severity;
    const when = compileCondition(check.escalate.when, 'check.escalate.when', issues, known);
    escalate = (context) => (when(context) ? to : undefined);
  }
  // A large account repeats the same message many times ("Disallowed broad scope "admin"…"): keep
  // one copy of each, so 100,000 findings do not hold 100,000 equal strings. A message that is a
  // function of the value alone is rendered once per (primitive) value.
  const seenMessages = new Map<string, string>();
  const byValue = message.byValue ? new Map<unknown, string>() : undefined;
  const emitWith = (context: EvalContext, emit: Emit, detail: string): void => {
    const raised = escalate?.(context);
    const value = context.current;
    const cacheable = byValue !== undefined && (value === null || typeof value !== 'object');
    let shared = cacheable ? byValue.get(value) : undefined;
    if (shared === undefined) {
      const text = message.render(context, detail);
      if (cacheable) {
        shared = text;
        if (byValue.size < 10_000) byValue.set(value, text);
      } else {
        shared = seenMessages.get(text);
        if (shared === undefined) {
          shared = text;
          if (seenMessages.size < 10_000) seenMessages.set(text, text);
        }
      }
    }
    emit(context.path, value, shared, raised);
  };
  if (check.builtin !== undefined) {
    const builtin = Object.prototype.hasOwnProperty.call(BUILTINS, check.builtin) ? BUILTINS[check.builtin] : undefined;
    if (builtin === undefined) {
      issues.push({ keyPath: 'check.builtin', message: `unknown built-in check "${check.builtin}" (known: ${BUILTIN_NAMES.join(', ')})` });
    }
    let prepared: Map<number, BuiltinProblem[]> | undefined;
    // A set rule keeps only what it needs of each record (id, name, org), not the records.
    const seen: unknown[] = [];
    const setCheck = builtin?.set;
    return {
      definition,
      severity,
      options,
      ...(setCheck
        ? {
            set: {
              observe(record: unknown, index: number) {
                const r = record !== null && typeof record === 'object' ? (record as Record<string, unknown>) : {};
                seen[index] = { client_id: r.client_id, name: r.name, org_id: r.org_id };
              },
              settle() {
                prepared = setCheck(seen);
                seen.length = 0;
                return [...prepared.keys()].sort((a, b) => a - b);
              },
            },
          }
        : {}),
      evaluate(context, emit) {
        const problems = builtin?.record ? builtin.record(context.client) : (prepared?.get(context.clientIndex) ?? []);
        for (const problem of problems) {
          context.current = problem.value;
          context.path = problem.path;
          emitWith(context, emit, problem.detail);
        }
      },
    };
  }
  const selectors = compileSelectors(check.select, issues);
  const report: Predicate = compileCondition(check.report, 'check.report', issues, known);
  // A check its options turn off finds nothing: skip the records.
  const never = isConstant(report) && constantValue(report) === false;
  return {
    definition,
    severity,
    options,
    evaluate(context, emit) {
      if (never) return;
      for (let s = 0; s < selectors.length; s++) {
        const selector = selectors[s] as Selector;
        if (!selector.each) {
          context.current = selector.read(context.client);
          context.path = selector.base;
          if (report(context)) emitWith(context, emit, '');
          continue;
        }
        const list = selector.read(context.client);
        // A value that is not a list has no items; client-record-schema reports its type.
        if (!Array.isArray(list)) continue;
        for (let i = 0; i < list.length; i++) {
          context.current = list[i];
          context.path = selector.itemPath(i);
          if (report(context)) emitWith(context, emit, '');
        }
      }
    },
  };
}
