/**
 * The rule language: expressions and conditions, compiled once into closures. No `eval`, no `Function`,
 * no regular expressions from rule files: a rule can only read fields, pipe them through the named
 * functions in `functions.ts`, and compare. See docs/rules.md for the grammar.
 */
import { isFactSource, READ_FACT } from './facts.js';
import { describeType, FUNCTIONS, VALUE_ONLY_FUNCTIONS, typeOf, type FunctionContext } from './functions.js';
import { URI_FIELD_READERS } from './uri.js';
import { CLIENT_FIELDS } from './client-schema.js';
import { didYouMean, meantSuffix } from '../did-you-mean.js';

/** What an expression is evaluated against. */
export interface EvalContext extends FunctionContext {
  /** The client record. */
  client: unknown;
  /** The value under test (`$`): the selected target, or the item inside `some`/`every`. */
  current: unknown;
  /** The path of the selected target, e.g. `redirect_uris[2]`. */
  path: string;
  /** Index of the client in the input. */
  clientIndex: number;
  /** The rule's options with defaults applied. */
  options: Record<string, unknown>;
}

export type Expr = (context: EvalContext) => unknown;
export type Predicate = (context: EvalContext) => boolean;

/** A problem found while compiling a check, with the key path inside the rule where it is. */
export interface CompileIssue {
  keyPath: string;
  message: string;
}

export class CompileError extends Error {
  constructor(readonly issues: CompileIssue[]) {
    super(issues.map((issue) => `${issue.keyPath}: ${issue.message}`).join('\n'));
    this.name = 'CompileError';
  }
}

export type Segment = string | number;

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Parse `a.b[2].c` into segments. Returns null when the text is not a path. */
export function parsePath(text: string): Segment[] | null {
  const segments: Segment[] = [];
  const field = /([A-Za-z_][A-Za-z0-9_-]*)/y;
  const index = /\[(\d+)\]/y;
  let position = 0;
  while (position < text.length) {
    index.lastIndex = position;
    const indexMatch = index.exec(text);
    if (indexMatch) {
      segments.push(Number(indexMatch[1]));
      position = index.lastIndex;
      continue;
    }
    if (position > 0) {
      if (text[position] !== '.') return null;
      position += 1;
    }
    field.lastIndex = position;
    const fieldMatch = field.exec(text);
    if (!fieldMatch) return null;
    segments.push(fieldMatch[1] as string);
    position = field.lastIndex;
  }
  return segments;
}

/** A JSON Pointer (RFC 6901, as ajv reports `instancePath`) as path segments; all-digit parts are indexes. */
export function pointerToSegments(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Render segments back as a finding path: `redirect_uris[2]`. */
export function formatPath(segments: readonly Segment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** Read a path from a value; anything that is not there is `undefined`. Own properties only. */
const hasOwn = Object.prototype.hasOwnProperty;

export function getPath(value: unknown, segments: readonly Segment[]): unknown {
  let current = value;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as Segment;
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof segment === 'number') {
      current = Array.isArray(current) ? current[segment] : undefined;
    } else if (hasOwn.call(current, segment)) {
      current = Array.isArray(current) ? undefined : (current as Record<string, unknown>)[segment];
    } else if (isFactSource(current)) {
      current = current[READ_FACT](segment);
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * What the compiler knows about the closures it makes, so it can make simpler ones: a closure that
 * gives the same value whatever the context (an option, a literal, a condition on them), and one
 * whose value depends only on `$` (what a message may be rendered once per value for).
 */
const CONSTANT = new WeakMap<object, unknown>();
const CURRENT_ONLY = new WeakSet<object>();

function constant<T>(value: T): () => T {
  const fn = (): T => value;
  CONSTANT.set(fn, value);
  return fn;
}

/** The closure always gives the same value (see `constantValue`). */
export function isConstant(fn: object): boolean {
  return CONSTANT.has(fn);
}

export function constantValue(fn: object): unknown {
  return CONSTANT.get(fn);
}

/** The expression reads nothing but `$` (and what is fixed for the rule): its value is a function of `$`. */
export function dependsOnlyOnCurrent(fn: object): boolean {
  return CURRENT_ONLY.has(fn);
}

const CURRENT: Expr = (context) => context.current;

/** A field of a JSON object (own properties only, never of an array); undefined otherwise: `getPath` with one field, for JSON values (records, never function results). */
export function readField(key: string): (value: unknown) => unknown {
  return (value) => (value !== null && typeof value === 'object' && !Array.isArray(value) && hasOwn.call(value, key) ? (value as Record<string, unknown>)[key] : undefined);
}

/**
 * What is wrong with a path into the client record, or null. A field the OAuthClient schema does not
 * list may be one the API added since, and is read as written; but one a letter or two from a field it
 * does list is a typo that would make the rule silently never fire, and `client_secret` is never there
 * (it is dropped on reading).
 */
export function recordFieldProblem(segments: readonly Segment[]): string | null {
  const field = segments[0];
  if (typeof field !== 'string' || CLIENT_FIELDS.includes(field)) return null;
  if (field === 'client_secret') return '"client_secret" is never there: oauthlint drops client secrets as it reads them (has_client_secret says whether there was one)';
  const meant = meantSuffix(field, CLIENT_FIELDS);
  return meant === '' ? null : `unknown field "${field}"${meant}`;
}

/** What is wrong with the path after a function (`uri.schem`, `lower.x`), or null. */
function functionPathProblem(name: string, segments: readonly Segment[]): string | null {
  if (segments.length === 0) return null;
  const field = segments[0];
  if (name !== 'uri') return `"${name}" gives a ${name === 'length' || name === 'ageDays' ? 'number' : 'string'}, which has no fields: pipe it on instead ("| length")`;
  if (typeof field === 'string' && hasOwn.call(URI_FIELD_READERS, field)) return null;
  const fields = Object.keys(URI_FIELD_READERS);
  return `unknown field "${String(field)}" of uri${typeof field === 'string' ? meantSuffix(field, fields) : ''} (fields: ${fields.join(', ')})`;
}

/**
 * Compile an expression: `source ( | function[.path] )*`, where source is `$`, `$.path`, `@path`,
 * `@options.name`, or a path into the client record.
 */
export function compileExpr(text: unknown, keyPath: string, issues: CompileIssue[], options?: Record<string, unknown>): Expr {
  if (typeof text !== 'string' || text.trim() === '') {
    issues.push({ keyPath, message: `expected an expression string such as "redirect_uris", "$" or "$ | uri.scheme", got ${describeType(text)}` });
    return () => undefined;
  }
  const [sourceText = '', ...stepTexts] = text.split('|').map((part) => part.trim());
  let expr: Expr;
  let currentOnly = false;
  if (sourceText === '$' || sourceText.startsWith('$.') || sourceText.startsWith('$[')) {
    const segments = sourceText === '$' ? [] : parsePath(sourceText.slice(sourceText[1] === '.' ? 2 : 1));
    if (segments === null) {
      issues.push({ keyPath, message: `invalid path "${sourceText}"` });
      return () => undefined;
    }
    expr = segments.length === 0 ? CURRENT : (context) => getPath(context.current, segments);
    currentOnly = true;
  } else if (sourceText === '@path') {
    expr = (context) => context.path;
  } else if (sourceText.startsWith('@options.')) {
    const name = sourceText.slice('@options.'.length);
    if (!IDENT.test(name)) {
      issues.push({ keyPath, message: `invalid option name "${name}"` });
      return () => undefined;
    }
    const unknown = unknownOption(name, options);
    if (unknown !== null) {
      issues.push({ keyPath, message: unknown });
      return () => undefined;
    }
    // The options a rule is compiled with are its options for good.
    expr = options !== undefined ? constant(options[name]) : (context) => context.options[name];
  } else {
    const segments = parsePath(sourceText);
    if (segments === null || segments.length === 0) {
      issues.push({ keyPath, message: `invalid path "${sourceText}" (expected a field path such as "redirect_uris[0]", "$", "@options.name" or "@path")` });
      return () => undefined;
    }
    const problem = recordFieldProblem(segments);
    if (problem !== null) {
      issues.push({ keyPath, message: problem });
      return () => undefined;
    }
    if (segments.length === 1 && typeof segments[0] === 'string') {
      const read = readField(segments[0]);
      expr = (context) => read(context.client);
    } else {
      expr = (context) => getPath(context.client, segments);
    }
  }
  for (const step of stepTexts) {
    const dot = step.indexOf('.');
    const name = dot === -1 ? step : step.slice(0, dot);
    const builtin = FUNCTIONS[name];
    if (!builtin || !Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) {
      issues.push({ keyPath, message: `unknown function "${name}" (known: ${Object.keys(FUNCTIONS).join(', ')})` });
      return () => undefined;
    }
    const segments = dot === -1 ? [] : parsePath(step.slice(dot + 1));
    if (segments === null) {
      issues.push({ keyPath, message: `invalid path after function "${name}": "${step.slice(dot + 1)}"` });
      return () => undefined;
    }
    const problem = functionPathProblem(name, segments);
    if (problem !== null) {
      issues.push({ keyPath, message: problem });
      return () => undefined;
    }
    const fn = builtin.fn;
    const previous = expr;
    if (!VALUE_ONLY_FUNCTIONS.has(name)) currentOnly = false;
    const field = segments.length === 1 ? segments[0] : undefined;
    if (name === 'uri' && typeof field === 'string' && hasOwn.call(URI_FIELD_READERS, field)) {
      // `$ | uri.scheme`, the commonest expression of all: read the field directly.
      const read = URI_FIELD_READERS[field as keyof typeof URI_FIELD_READERS];
      expr = previous === CURRENT ? (context) => read(fn(context.current, context) as never) : (context) => read(fn(previous(context), context) as never);
    } else {
      expr =
        segments.length === 0
          ? (context) => fn(previous(context), context)
          : (context) => getPath(fn(previous(context), context), segments);
    }
  }
  if (currentOnly) CURRENT_ONLY.add(expr);
  return expr;
}

/** How deep a value a finding carries or a message quotes; client records are two or three levels deep. */
export const MAX_SHOWN_DEPTH = 64;

/**
 * The value as a finding may carry it: as it is, unless it is nested deeper than `MAX_SHOWN_DEPTH`
 * (`[[[[…]]]]` a hundred thousand deep is valid JSON, and would overflow the stack of every serializer
 * downstream), in which case a sentence saying so stands in for it. Walks without recursion.
 */
export function shownValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (depth > MAX_SHOWN_DEPTH) return `(${Array.isArray(value) ? 'a list' : 'an object'} nested more than ${MAX_SHOWN_DEPTH} levels deep, not shown)`;
    for (const child of Array.isArray(item) ? item : Object.values(item as object)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return value;
}

/** Deep equality for JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  return (
    ak.length === bk.length &&
    ak.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

// What a reader sees as nothing: Unicode White_Space (with U+0085), C0 and C1 controls, Unicode's
// default-ignorable code points (zero-width space, joiners, direction marks, word joiner, BOM, soft
// hyphen, variation selectors, Hangul fillers, tags) and the Braille blank U+2800.
const BLANK = /^[\p{White_Space}\p{Cc}\p{Default_Ignorable_Code_Point}\u2800]*$/u;

/** Type names `is:` accepts. */
export const IS_TYPES = ['missing', 'null', 'string', 'number', 'integer', 'boolean', 'array', 'object', 'blank', 'empty'] as const;

function isType(value: unknown, type: string): boolean {
  switch (type) {
    case 'blank':
      return typeof value === 'string' && BLANK.test(value);
    case 'empty':
      return (typeof value === 'string' || Array.isArray(value)) && value.length === 0;
    case 'number':
      return typeof value === 'number';
    default:
      return typeOf(value) === type;
  }
}

type Operator = (left: unknown, right: unknown) => boolean;

const num = (f: (a: number, b: number) => boolean): Operator => (a, b) => typeof a === 'number' && typeof b === 'number' && f(a, b);

/** Comparison operators. Each is false when the types do not fit (so rules must be written to fail closed). */
export const OPERATORS: Readonly<Record<string, Operator>> = {
  equals: (a, b) => jsonEqual(a, b),
  notEquals: (a, b) => !jsonEqual(a, b),
  in: (a, b) => Array.isArray(b) && b.some((item) => jsonEqual(a, item)),
  notIn: (a, b) => Array.isArray(b) && !b.some((item) => jsonEqual(a, item)),
  contains: (a, b) =>
    Array.isArray(a) ? a.some((item) => jsonEqual(item, b)) : typeof a === 'string' && typeof b === 'string' && a.includes(b),
  containsAny: (a, b) => Array.isArray(a) && Array.isArray(b) && a.some((item) => b.some((other) => jsonEqual(item, other))),
  startsWith: (a, b) => typeof a === 'string' && typeof b === 'string' && a.startsWith(b),
  endsWith: (a, b) => typeof a === 'string' && typeof b === 'string' && a.endsWith(b),
  gt: num((a, b) => a > b),
  gte: num((a, b) => a >= b),
  lt: num((a, b) => a < b),
  lte: num((a, b) => a <= b),
  is: (a, b) => (Array.isArray(b) ? b.some((type) => isType(a, String(type))) : isType(a, String(b))),
};

const SUBJECT_KEYS = ['value', 'option'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An option the rule does not have: a mistyped name (`prefx`) read as undefined, so the check never (or
 * always) held, without a word. `options` are the rule's options at compile time, with every one its
 * schema declares (see compileRule); unknown when compiling without them.
 */
function unknownOption(name: string, options: Record<string, unknown> | undefined): string | null {
  if (options === undefined || Object.prototype.hasOwnProperty.call(options, name)) return null;
  const names = Object.keys(options);
  return `unknown option "${name}"${meantSuffix(name, names)} (${names.length === 0 ? 'the rule declares no options' : `the rule's options: ${names.join(', ')}`})`;
}

function compileOperand(operand: unknown, keyPath: string, issues: CompileIssue[], options: Record<string, unknown> | undefined): Expr {
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length === 1 && keys[0] === 'option') {
      const name = operand.option;
      if (typeof name !== 'string' || !IDENT.test(name)) issues.push({ keyPath: `${keyPath}.option`, message: `expected the name of one of the rule's options, got ${describeType(name)}` });
      else {
        const unknown = unknownOption(name, options);
        if (unknown !== null) issues.push({ keyPath: `${keyPath}.option`, message: unknown });
      }
      return options !== undefined ? constant(options[String(name)]) : (context) => context.options[String(name)];
    }
    if (keys.length === 1 && keys[0] === 'value') return compileExpr(operand.value, `${keyPath}.value`, issues, options);
    if (keys.length === 1 && keys[0] === 'literal') return constant(operand.literal);
    issues.push({ keyPath, message: 'an object operand must be { option: name }, { value: expression } or { literal: value }' });
    return () => undefined;
  }
  return constant(operand);
}

const isPrimitive = (value: unknown): boolean => value === null || typeof value !== 'object';

/** The primitive items of a list that can equal something (NaN equals nothing), or undefined when an item is a list or object. */
function primitiveSet(list: unknown[]): Set<unknown> | undefined {
  if (!list.every(isPrimitive)) return undefined;
  return new Set(list.filter((item) => item === item));
}

/**
 * A comparison with a right side fixed at compile time, made without the general operator where it
 * is a plain `===` or a set lookup; each gives exactly what `OPERATORS[name]` gives. Undefined: no shortcut.
 */
function fixedComparison(operatorKey: string, subject: Expr, right: unknown): Predicate | undefined {
  switch (operatorKey) {
    case 'equals':
      return isPrimitive(right) ? (context) => subject(context) === right : undefined;
    case 'notEquals':
      return isPrimitive(right) ? (context) => subject(context) !== right : undefined;
    case 'in':
    case 'notIn': {
      if (!Array.isArray(right)) return constant(false);
      const set = primitiveSet(right);
      if (set === undefined) return undefined;
      return operatorKey === 'in' ? (context) => set.has(subject(context)) : (context) => !set.has(subject(context));
    }
    case 'contains': {
      if (!isPrimitive(right)) return undefined;
      const text = typeof right === 'string' ? right : undefined;
      return (context) => {
        const a = subject(context);
        return Array.isArray(a) ? a.indexOf(right) !== -1 : text !== undefined && typeof a === 'string' && a.includes(text);
      };
    }
    case 'is': {
      const types = (Array.isArray(right) ? right : [right]).map(String);
      if (types.length === 1) {
        const type = types[0] as string;
        return (context) => isType(subject(context), type);
      }
      return (context) => {
        const a = subject(context);
        for (const type of types) if (isType(a, type)) return true;
        return false;
      };
    }
    default:
      return undefined;
  }
}

/** `all`/`any` of compiled parts, folding the parts that are fixed; `any` stops at the first true, `all` at the first false. */
function junction(key: 'all' | 'any', compiled: Predicate[]): Predicate {
  const decisive = key === 'any';
  if (compiled.some((part) => isConstant(part) && constantValue(part) === decisive)) return constant(decisive);
  const parts = compiled.filter((part) => !isConstant(part));
  const [a, b, c] = parts as [Predicate, Predicate, Predicate];
  switch (parts.length) {
    case 0:
      return constant(!decisive);
    case 1:
      return a;
    case 2:
      return decisive ? (context) => a(context) || b(context) : (context) => a(context) && b(context);
    case 3:
      return decisive ? (context) => a(context) || b(context) || c(context) : (context) => a(context) && b(context) && c(context);
    default:
      return (context) => {
        for (const part of parts) if (part(context) === decisive) return decisive;
        return !decisive;
      };
  }
}

/**
 * Compile a condition (see docs/rules.md). With `options`, the rule's options are taken as fixed:
 * what depends only on them is decided here, once.
 */
export function compileCondition(node: unknown, keyPath: string, issues: CompileIssue[], options?: Record<string, unknown>): Predicate {
  if (!isPlainObject(node)) {
    issues.push({ keyPath, message: 'expected a condition (a mapping with all, any, not, some, every, or value/option and an operator)' });
    return () => false;
  }
  const keys = Object.keys(node);
  const only = (key: string): boolean => keys.length === 1 && keys[0] === key;
  if (only('all') || only('any')) {
    const key = keys[0] as 'all' | 'any';
    const list = node[key];
    if (!Array.isArray(list) || list.length === 0) {
      issues.push({ keyPath: `${keyPath}.${key}`, message: 'expected a non-empty list of conditions' });
      return () => false;
    }
    return junction(key, list.map((child, i) => compileCondition(child, `${keyPath}.${key}[${i}]`, issues, options)));
  }
  if (only('not')) {
    const inner = compileCondition(node.not, `${keyPath}.not`, issues, options);
    return isConstant(inner) ? constant(!constantValue(inner)) : (context) => !inner(context);
  }
  if ('some' in node || 'every' in node) {
    const key = 'some' in node ? 'some' : 'every';
    const extra = keys.filter((k) => k !== key && k !== 'where');
    if (extra.length > 0 || !('where' in node) || ('some' in node && 'every' in node)) {
      issues.push({ keyPath, message: `"${key}" takes exactly two keys: ${key} (an expression giving a list) and where (a condition)` });
      return () => false;
    }
    const list = compileExpr(node[key], `${keyPath}.${key}`, issues, options);
    const where = compileCondition(node.where, `${keyPath}.where`, issues, options);
    // Inside `where`, `$` is the item. A value that is not a list has no items: `some` is false, `every` true.
    return key === 'some'
      ? (context) => {
          const items = list(context);
          if (!Array.isArray(items)) return false;
          const saved = context.current;
          try {
            for (const item of items) {
              context.current = item;
              if (where(context)) return true;
            }
            return false;
          } finally {
            context.current = saved;
          }
        }
      : (context) => {
          const items = list(context);
          if (!Array.isArray(items)) return true;
          const saved = context.current;
          try {
            for (const item of items) {
              context.current = item;
              if (!where(context)) return false;
            }
            return true;
          } finally {
            context.current = saved;
          }
        };
  }
  const subjects = keys.filter((k) => SUBJECT_KEYS.includes(k));
  const operators = keys.filter((k) => Object.prototype.hasOwnProperty.call(OPERATORS, k));
  const unknown = keys.filter((k) => !SUBJECT_KEYS.includes(k) && !operators.includes(k));
  if (subjects.length !== 1 || operators.length !== 1 || unknown.length > 0) {
    const known = [...SUBJECT_KEYS, ...Object.keys(OPERATORS), 'all', 'any', 'not', 'some', 'every'];
    const named = unknown.map((k) => {
      const guess = didYouMean(k, known);
      return `"${k}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`;
    });
    const hint = unknown.length > 0 ? `unknown key${unknown.length > 1 ? 's' : ''} ${named.join(', ')}; ` : '';
    issues.push({
      keyPath,
      message: `${hint}a comparison takes one subject (value or option) and one operator (${Object.keys(OPERATORS).join(', ')}); a condition may also be all, any, not, some or every`,
    });
    return () => false;
  }
  const subjectKey = subjects[0] as string;
  const operatorKey = operators[0] as string;
  const subject =
    subjectKey === 'option'
      ? compileOperand({ option: node.option }, keyPath, issues, options)
      : compileExpr(node.value, `${keyPath}.value`, issues, options);
  const operand = node[operatorKey];
  if (operatorKey === 'is') {
    const types = Array.isArray(operand) ? operand : [operand];
    for (const type of types) {
      if (!(IS_TYPES as readonly unknown[]).includes(type)) {
        issues.push({ keyPath: `${keyPath}.is`, message: `unknown type ${JSON.stringify(type)} (expected one of ${IS_TYPES.join(', ')})` });
      }
    }
  }
  const right = compileOperand(operand, `${keyPath}.${operatorKey}`, issues, options);
  const op = OPERATORS[operatorKey] as Operator;
  if (isConstant(right)) {
    const value = constantValue(right);
    if (isConstant(subject)) return constant(op(constantValue(subject), value));
    const fixed = fixedComparison(operatorKey, subject, value);
    if (fixed !== undefined) return fixed;
  }
  return (context) => op(subject(context), right(context));
}
