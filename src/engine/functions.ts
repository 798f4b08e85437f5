/**
 * The named, pure built-in functions a rule's expressions may pipe values through (`$ | uri.scheme`).
 * Each takes the value and the evaluation context and returns a new value; none throws, none does I/O.
 * A function given a value it does not apply to returns `undefined` (so comparisons on it are false).
 */
import { classifyUri, type UriInfo } from './uri.js';

export interface FunctionContext {
  /** The current time, passed in by the caller. */
  now: Date;
  /**
   * URI classifications of the current client, so the rules that read one URI share one (lazily
   * computed) classification. A short list: a client has a handful of URIs, and a scan by identity
   * is cheaper than hashing every string into a Map.
   */
  uriMemo: { value: string; info: UriInfo }[];
}

export type BuiltinFunction = (value: unknown, context: FunctionContext) => unknown;

const MS_PER_DAY = 86_400_000;
// Browsers strip leading and trailing C0 controls and spaces (WHATWG URL, basic URL parser step 1).
const C0_OR_SPACE = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;

/** JSON type of a value, with `missing` for undefined. */
export function typeOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?$/;

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `day` of `month` (1-12) of `year` is a day of the (proleptic Gregorian) calendar: no 2026-02-29. */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

/** The `YYYY-MM-DD` at the start of `text` (digits already checked) is a day of the calendar. */
function dayExists(text: string): boolean {
  const digit = (i: number): number => text.charCodeAt(i) - 48;
  return isCalendarDay(digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3), digit(5) * 10 + digit(6), digit(8) * 10 + digit(9));
}

/**
 * Milliseconds since the epoch of an ISO 8601 date (`2026-12-01`, midnight UTC) or date-time (offset
 * optional: without one it is UTC), or NaN for anything else. Unlike Date.parse this does not depend
 * on the machine's time zone (`2026-12-01T00:00:00` was local time there, as was any non-ISO text),
 * nor roll a day that does not exist (`2026-02-30`) into the next month.
 */
export function isoTime(text: string): number {
  // The common case, a date-time with its offset (`2026-12-01T12:30:00Z`): Date.parse reads it the same
  // in every zone; only a day past the month's end (which it rolls over) is left to check.
  if (WITH_OFFSET.test(text)) return dayExists(text) ? Date.parse(text) : Number.NaN;
  const match = ISO_TIME.exec(text);
  if (match === null) return Number.NaN;
  const [, year, month, day, hour, minute, second = '00', fraction = '', offset = 'Z'] = match;
  const date = `${year}-${month}-${day}`;
  if (!dayExists(text)) return Number.NaN;
  if (hour === undefined) return Date.parse(`${date}T00:00:00Z`);
  return Date.parse(`${date}T${hour}:${minute}:${second}${fraction}${offset.toUpperCase()}`);
}

/**
 * The most of a value a message quotes: a 20 MB redirect URI made each of its findings' messages 20 MB
 * (a 240 MB report from one record). The finding's `value` keeps all of it; fingerprints use that.
 */
export const MESSAGE_VALUE_LIMIT = 500;

/** The first `MESSAGE_VALUE_LIMIT` characters of a long text, not cutting a surrogate pair in two. */
export function head(text: string): string {
  const end = MESSAGE_VALUE_LIMIT - (/[\ud800-\udbff]/.test(text[MESSAGE_VALUE_LIMIT - 1] ?? '') ? 1 : 0);
  return text.slice(0, end);
}

export const more = (total: number, of: string): string => `… (${total.toLocaleString('en')} ${of} in all)`;

/** A string JSON-quoted (control characters escaped) for a message, cut after `MESSAGE_VALUE_LIMIT` characters. */
export function quotedText(value: string): string {
  return value.length <= MESSAGE_VALUE_LIMIT ? JSON.stringify(value) : `${JSON.stringify(head(value))}${more(value.length, 'characters')}`;
}

/** A value as "got …" describes it: `null`, `an array`, `string "yes"`, `boolean true`. */
export function describeType(value: unknown): string {
  const type = typeOf(value);
  if (type === 'missing' || type === 'null') return type;
  if (type === 'array' || type === 'object') return `an ${type}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return `number ${value} (too large for a 64-bit float, such as 1e400)`;
  return `${type === 'integer' ? 'number' : type} ${typeof value === 'string' ? quotedText(value) : JSON.stringify(value)}`;
}

// Printable ASCII words with single spaces are their own NFKC form, trimmed and collapsed already.
// Two linear tests rather than /^[!-~]+(?: [!-~]+)*$/, whose group keeps a backtrack entry per word
// (a name of millions of words overflowed the stack).
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
const ODD_SPACING = /^ | $| {2}/;
const isPlainName = (value: string): boolean => PRINTABLE_ASCII.test(value) && !ODD_SPACING.test(value);

// What a consent screen shows as nothing: Unicode's default-ignorable code points (zero-width space and
// joiners, direction marks, variation selectors, U+FEFF, Hangul fillers, soft hyphen, tags) and the
// controls that are not white space. "Billing" and "Bill\u200bing" look the same.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}|(?!\p{White_Space})\p{Cc}/gu;
// Unicode white space (with NEL, which JavaScript's \s leaves out) and the Braille blank, which renders as one.
const SPACES = /[\p{White_Space}\u2800]+/gu;

/** `normalizeName` without its shortcut for plain names. */
export function normalizeNameFully(value: string): string {
  return value.normalize('NFKC').replace(INVISIBLE, '').replace(SPACES, ' ').trim().toLowerCase();
}

/**
 * NFKC, invisible characters removed, white space collapsed and trimmed, lower-cased: the key under
 * which two names are "the same".
 */
export function normalizeName(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  if (isPlainName(value)) return value.toLowerCase();
  return normalizeNameFully(value);
}

/** The functions whose result depends on nothing but their input (not on the time, say). */
export const VALUE_ONLY_FUNCTIONS: ReadonlySet<string> = new Set(['uri', 'trim', 'lower', 'length', 'type', 'normalizeName']);

export const FUNCTIONS: Readonly<Record<string, { fn: BuiltinFunction; doc: string }>> = {
  uri: {
    doc: 'Classifies a URI by its raw RFC 3986 parts: valid, problem, scheme, host, hostShown, hostKind, port, path, isHttpLike, isLoopbackIp, isLocalhost, hasFragment, hasWildcard, hasUserinfo, hasSurroundingSpace.',
    fn: (value, context) => {
      if (typeof value !== 'string') return classifyUri(value);
      const memo = context.uriMemo;
      for (let i = 0; i < memo.length; i++) {
        const entry = memo[i] as { value: string; info: UriInfo };
        if (entry.value === value) return entry.info;
      }
      const info = classifyUri(value);
      if (memo.length < 64) memo.push({ value, info });
      return info;
    },
  },
  trim: {
    doc: 'Strips leading and trailing white space and control characters, as browsers do with URLs.',
    fn: (value) => (typeof value === 'string' ? value.replace(C0_OR_SPACE, '') : undefined),
  },
  lower: {
    doc: 'Lower-cases a string.',
    fn: (value) => (typeof value === 'string' ? value.toLowerCase() : undefined),
  },
  length: {
    doc: 'The length of a string or an array.',
    fn: (value) => (typeof value === 'string' || Array.isArray(value) ? value.length : undefined),
  },
  type: {
    doc: 'The JSON type: string, integer, number, boolean, array, object, null or missing.',
    fn: (value) => typeOf(value),
  },
  ageDays: {
    doc: 'Whole days from an ISO 8601 date or date-time (UTC when it has no offset) to now (negative when it lies ahead); missing for anything else.',
    fn: (value, context) => {
      if (typeof value !== 'string') return undefined;
      const time = isoTime(value);
      if (Number.isNaN(time)) return undefined;
      return Math.floor((context.now.getTime() - time) / MS_PER_DAY);
    },
  },
  normalizeName: {
    doc: 'NFKC-normalised, invisible characters removed, white space collapsed and trimmed, lower-cased.',
    fn: normalizeName,
  },
};
