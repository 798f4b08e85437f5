/**
 * Classify a URI string the way a security reviewer needs: by its raw RFC 3986 parts, never through
 * WHATWG `new URL()`, which rewrites hosts (`http://0x7f000001/` becomes `127.0.0.1`).
 *
 * Two views are kept apart:
 * - `scheme` is the scheme a browser would act on: surrounding C0 controls and spaces stripped and tabs
 *   and newlines removed (WHATWG URL §4.4 basic URL parser, steps 1–3), then lower-cased. Scheme-based
 *   rules (`no-http-redirect-uri`, `dangerous-uri-scheme`) use it, so `" HTTP://x"` is http.
 * - `valid`/`problems` judge the raw string against RFC 3986 §3 / RFC 6749 §3.1.2 (an absolute URI).
 * Host-based facts (`host`, `isLoopbackIp`, …) come from the raw authority of that browser view, and
 * only when an RFC 3986 reading of the string as written (which takes `\` literally and keeps tabs and
 * newlines) finds the same host and the authority around it is well-formed (a real port, nothing after
 * an IP literal); otherwise there is none.
 */

import { READ_FACT } from './facts.js';

export type HostKind = 'ipv4' | 'ipv6' | 'ipvfuture' | 'reg-name' | 'none';

export interface UriInfo {
  /** The input was a string. */
  isString: boolean;
  /** RFC 3986 absolute URI, with the extra rules of RFC 9110 §4.2 for http(s) (a non-empty host). */
  valid: boolean;
  /** Why it is not valid, in words, first problem first. Empty when valid. */
  problems: string[];
  /** The first problem, or null. */
  problem: string | null;
  /** Lower-cased scheme as a browser would see it, or null when there is none. */
  scheme: string | null;
  /** `scheme` is `http` or `https`. */
  isHttpLike: boolean;
  /** There is an authority (`//` after the scheme). */
  hasAuthority: boolean;
  /**
   * Raw host, lower-cased (`[::1]` keeps its brackets); null without an authority, or when browsers and
   * RFC 3986 read different hosts from the string (a backslash: `http://127.0.0.1\@evil.com/`).
   */
  host: string | null;
  /**
   * The host as a message shows it: quoted (`"evil.com"`); `none: …` without an authority or with an
   * empty host; `in doubt: …` saying why when `host` is null for a host that is there.
   */
  hostShown: string;
  hostKind: HostKind;
  /** Raw port string, or null when there is none (`http://x:/` has port ``). */
  port: string | null;
  path: string;
  /** The host is exactly `127.0.0.1` or `[::1]` (RFC 8252 §7.3, RFC 9700 §2.6). */
  isLoopbackIp: boolean;
  /** The host is exactly `localhost`, in any case (RFC 8252 §8.3). `localhost.` and `app.localhost` are not. */
  isLocalhost: boolean;
  /** Contains `#`, even with an empty fragment. */
  hasFragment: boolean;
  /** Contains a literal `*` (`%2A` does not count). */
  hasWildcard: boolean;
  /** The authority contains `@`. */
  hasUserinfo: boolean;
  /** Surrounding whitespace or control characters were present. */
  hasSurroundingSpace: boolean;
}

const C0_OR_SPACE = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
const TAB_OR_NEWLINE = /[\t\n\r]/g;
const HAS_TAB_OR_NEWLINE = /[\t\n\r]/;
const SPECIAL_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'file']);
// RFC 3986 character classes.
const UNRESERVED = "A-Za-z0-9\\-._~";
const SUB_DELIMS = "!$&'()*+,;=";
const REG_NAME = new RegExp(`^[${UNRESERVED}${SUB_DELIMS}%]*$`);
const USERINFO = new RegExp(`^[${UNRESERVED}${SUB_DELIMS}:%]*$`);
const NOT_USERINFO = new RegExp(`[^${UNRESERVED}${SUB_DELIMS}:%]`);
// One character class each, not `(?:pchar|/)*`: an alternation inside a star keeps a backtrack entry
// per character, and a URI of a few million characters overflowed the stack (an internal error).
const PATH = new RegExp(`^[${UNRESERVED}${SUB_DELIMS}:@%/]*$`);
const NOT_PATH = new RegExp(`[^${UNRESERVED}${SUB_DELIMS}:@%/]`);
const QUERY_OR_FRAGMENT = new RegExp(`^[${UNRESERVED}${SUB_DELIMS}:@%/?]*$`);
const NOT_QUERY_OR_FRAGMENT = new RegExp(`[^${UNRESERVED}${SUB_DELIMS}:@%/?]`);
const ALREADY_REPORTED = /[^\u0021-\u007e]|\\/g;
const PORT = /^[0-9]+$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const DEC_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${DEC_OCTET}(?:\\.${DEC_OCTET}){3}$`);
const H16 = /^[0-9A-Fa-f]{1,4}$/;
const IPVFUTURE = new RegExp(`^v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+$`);
// RFC 6874: a zone id after `%25`, 1*( unreserved / pct-encoded ): these characters, and every `%`
// starting an escape (checked with BAD_PERCENT; one class for the same reason as PATH).
const ZONE_ID = new RegExp(`^[${UNRESERVED}%]+$`);

/** RFC 3986 §3.2.2 IPv6address, with an optional RFC 6874 zone (`%25en0`). */
export function isIpv6Address(text: string): boolean {
  let address = text;
  const zone = text.indexOf('%25');
  if (zone !== -1) {
    const id = text.slice(zone + 3);
    if (!ZONE_ID.test(id) || BAD_PERCENT.test(id)) return false;
    address = text.slice(0, zone);
  }
  if (address.length === 0 || address.includes(':::')) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string): string[] | null => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (head === null || tail === null) return false;
  const all = [...head, ...tail];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const group = all[i] ?? '';
    if (i === all.length - 1 && group.includes('.')) {
      if (!IPV4.test(group)) return false;
      count += 2;
    } else if (H16.test(group)) {
      count += 1;
    } else {
      return false;
    }
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

const NOT_A_STRING: UriInfo = Object.freeze({
  isString: false,
  valid: false,
  problems: ['is not a string'],
  problem: 'is not a string',
  scheme: null,
  isHttpLike: false,
  hasAuthority: false,
  host: null,
  hostShown: 'none: not a string',
  hostKind: 'none',
  port: null,
  path: '',
  isLoopbackIp: false,
  isLocalhost: false,
  hasFragment: false,
  hasWildcard: false,
  hasUserinfo: false,
  hasSurroundingSpace: false,
}) as UriInfo;

interface Parts {
  scheme: string | null;
  authority: string | null;
  path: string;
  query: string | null;
  fragment: string | null;
}

/** Index of the ":" that ends a valid RFC 3986 scheme at the start of `text`, or -1. */
function schemeEnd(text: string): number {
  const first = text.charCodeAt(0);
  if (!((first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a))) return -1;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3a) return i;
    const ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
    if (!ok) return -1;
  }
  return -1;
}

/**
 * Where RFC 3986 Appendix B ends the scheme: at the first ":" with no "/", "?" or "#" before it (the
 * characters are not checked, so `ht\ttp://h/` has the authority `h` there too), or -1.
 */
function appendixBSchemeEnd(text: string): number {
  const end = text.search(/[:/?#]/);
  return end > 0 && text.charCodeAt(end) === 0x3a ? end : -1;
}

function split(text: string, colon: number): Parts {
  const scheme = colon === -1 ? null : text.slice(0, colon);
  let rest = colon === -1 ? text : text.slice(colon + 1);
  let fragment: string | null = null;
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let query: string | null = null;
  const question = rest.indexOf('?');
  if (question !== -1) {
    query = rest.slice(question + 1);
    rest = rest.slice(0, question);
  }
  let authority: string | null = null;
  if (rest.charCodeAt(0) === 0x2f && rest.charCodeAt(1) === 0x2f) {
    const end = rest.indexOf('/', 2);
    authority = end === -1 ? rest.slice(2) : rest.slice(2, end);
    rest = end === -1 ? '' : rest.slice(end);
  }
  return { scheme, authority, path: rest, query, fragment };
}

interface Authority {
  userinfo: string | null;
  /** Lower-cased; an IP literal keeps its brackets. */
  host: string;
  port: string | null;
  /** For an IP literal: what follows `]` when it is not `:port` (`null` when nothing), or `undefined` when `]` is missing. */
  afterLiteral?: string | null;
}

function parseAuthority(authority: string): Authority {
  // Browsers take the host after the last `@`; so do we, so `http://127.0.0.1@evil.com/` has host evil.com.
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? null : authority.slice(0, at);
  const hostPort = at === -1 ? authority : authority.slice(at + 1);
  if (hostPort.charCodeAt(0) === 0x5b) {
    const close = hostPort.indexOf(']');
    if (close === -1) return { userinfo, host: hostPort.toLowerCase(), port: null, afterLiteral: undefined };
    const after = hostPort.slice(close + 1);
    const hasPort = after.charCodeAt(0) === 0x3a;
    return { userinfo, host: hostPort.slice(0, close + 1).toLowerCase(), port: hasPort ? after.slice(1) : null, afterLiteral: hasPort || after === '' ? null : after };
  }
  const colon = hostPort.indexOf(':');
  const host = colon === -1 ? hostPort : hostPort.slice(0, colon);
  return { userinfo, host: host.toLowerCase(), port: colon === -1 ? null : hostPort.slice(colon + 1) };
}

/** What is wrong around an IP literal (`[` without `]`, or something other than `:port` after it), or null. */
function literalFrame(authority: Authority): string | null {
  if (authority.afterLiteral === undefined) return authority.host.startsWith('[') ? 'has an IP literal without a closing "]"' : null;
  return authority.afterLiteral === null ? null : `has characters after the IP literal: "${authority.afterLiteral}"`;
}

/** What is wrong with a port (RFC 3986 `*DIGIT`, and a TCP port at most 65535), or null. `` is an empty port, allowed. */
function portProblem(port: string | null): string | null {
  if (port === null || port === '') return null;
  if (!PORT.test(port)) return `has an invalid port "${port}"`;
  return Number(port) > 65535 ? `has a port above 65535 (${port})` : null;
}

/** The kind of host, and what is wrong with it (null when nothing). Computed only when asked. */
function hostFacts(authority: Authority): { kind: HostKind; problem: string | null } {
  const { host } = authority;
  if (authority.afterLiteral !== undefined || host.startsWith('[')) {
    const frame = literalFrame(authority);
    if (authority.afterLiteral === undefined) return { kind: 'ipv6', problem: frame };
    const inner = host.slice(1, -1);
    const future = /^v/i.test(inner);
    let problem: string | null = frame;
    if (future && !IPVFUTURE.test(inner)) problem ??= `has an invalid IPvFuture literal "${host}"`;
    if (!future && !isIpv6Address(inner)) problem ??= `has an invalid IPv6 literal "${host}"`;
    return { kind: future ? 'ipvfuture' : 'ipv6', problem };
  }
  if (host === '') return { kind: 'none', problem: null };
  const kind: HostKind = IPV4.test(host) ? 'ipv4' : 'reg-name';
  if (host.includes('[') || host.includes(']')) return { kind, problem: 'has "[" or "]" outside an IP literal' };
  return { kind, problem: REG_NAME.test(host) ? null : `has characters not allowed in a host: "${host}"` };
}

interface Parsed {
  stripped: string;
  browser: string;
  parts: Parts;
  scheme: string | null;
  authority: Authority | null;
  /**
   * Why there is no host to trust, or null: browsers (reading `\\` as `/`) and RFC 3986 (not) read
   * different hosts from the string, or the authority around the host is malformed (see `malformation`).
   */
  doubt: string | null;
}

function isSpaceOrControl(code: number): boolean {
  return code <= 0x20;
}

/** The start of the browser's view: enough for the scheme, which is all most rules ask for. */
interface Head {
  stripped: string;
  browser: string;
  colon: number;
  scheme: string | null;
}

/** The scheme lower-cased; the commonest ones without making a new string. */
function lowerScheme(text: string, colon: number): string {
  if (colon === 5 && text.startsWith('https')) return 'https';
  if (colon === 4 && text.startsWith('http')) return 'http';
  return text.slice(0, colon).toLowerCase();
}

function head(raw: string): Head {
  // Fast path: most URIs need no stripping.
  const stripped = raw.length > 0 && (isSpaceOrControl(raw.charCodeAt(0)) || isSpaceOrControl(raw.charCodeAt(raw.length - 1))) ? raw.replace(C0_OR_SPACE, '') : raw;
  const browser = HAS_TAB_OR_NEWLINE.test(stripped) ? stripped.replace(TAB_OR_NEWLINE, '') : stripped;
  const colon = schemeEnd(browser);
  return { stripped, browser, colon, scheme: colon === -1 ? null : lowerScheme(browser, colon) };
}

/** The browser's view of the string, split into its parts. */
function parse({ stripped, browser, colon, scheme }: Head): Parsed {
  // For special schemes browsers read `\\` as `/` (WHATWG URL, "special authority slashes" and path states),
  // so `http://evil.com\\@127.0.0.1/` goes to evil.com, not to the loopback address.
  const special = scheme !== null && SPECIAL_SCHEMES.has(scheme) && browser.includes('\\');
  const parts = split(special ? browser.replace(/\\/g, '/') : browser, colon);
  const authority = parts.authority === null ? null : parseAuthority(parts.authority);
  // The other way round, `http://127.0.0.1\\@evil.com/` is loopback to a browser but evil.com to an
  // RFC 3986 parser, and `http://127.0.0.1\t/` is loopback once a browser deletes the tab but no exact
  // loopback host as written: a host the two readings disagree on is no host to exempt (fail closed).
  const malformed = authority === null ? null : malformation(authority);
  let doubt = malformed === null ? null : `the URI ${malformed}`;
  if ((special || browser !== stripped) && doubt === null && authority !== null) {
    const rfcText = split(stripped, appendixBSchemeEnd(stripped)).authority;
    const rfc = rfcText === null ? null : parseAuthority(rfcText);
    const browsers = `browsers read the host "${authority.host}"`;
    const rfcMalformed = rfc === null ? null : malformation(rfc);
    if (rfc === null) doubt = `${browsers}, RFC 3986 no authority`;
    else if (rfc.host !== authority.host) doubt = `${browsers}, RFC 3986 "${rfc.host}"`;
    else if (rfcMalformed !== null) doubt = `${browsers}, and to RFC 3986 the URI ${rfcMalformed}`;
  }
  return { stripped, browser, parts, scheme, authority, doubt };
}

/**
 * The text around the host is not what RFC 3986 §3.2 allows, so what the host "is" is a guess: an IP
 * literal without its `]` or with something other than `:port` after it (`http://[::1]]/`), or a port
 * that is not a TCP port (`http://127.0.0.1:80x/`, `:8080:90`, `:65536`). Browsers refuse such URLs; a
 * rule must not exempt them as loopback either (fail closed). What is wrong, in words, or null.
 */
function malformation(authority: Authority): string | null {
  return literalFrame(authority) ?? portProblem(authority.port);
}

/**
 * The shape of most real URIs: scheme://host[:port]/path?query with only unreserved and sub-delim
 * characters, no userinfo, IP literal or percent sign, and a port of at most 65535 (five digits at
 * most, leading zeros allowed). Such a string is valid by construction, so the full check below is
 * skipped for it. Tested, not executed: a match array per URI was most of what classifying allocated.
 */
const PLAIN_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[A-Za-z0-9._~-]+(?::(?:[0-9]{1,4}|[0-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?(?:\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*)?(?:\?[A-Za-z0-9._~!$&'()*+,;=:@/?-]*)?$/;
const PLAIN_NO_AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:(?!\/\/)[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/;
/** What a valid URI's `problems` is: one shared list (nothing changes it). */
const NO_PROBLEMS: string[] = Object.freeze([]) as unknown as string[];

/** Everything that keeps `raw` from being an absolute RFC 3986 URI, in words. `view` parses it only when needed. */
function problemsOf(raw: string, scheme: string | null, view: { readonly parsed: Parsed }): string[] {
  if (PLAIN_URI.test(raw)) return NO_PROBLEMS;
  // Without an authority only non-http(s) schemes can be valid (RFC 9110 §4.2 wants a host).
  if (PLAIN_NO_AUTHORITY.test(raw) && !(scheme === 'http' || scheme === 'https')) return NO_PROBLEMS;
  const problems = fullProblemsOf(raw, view.parsed);
  return problems.length === 0 ? NO_PROBLEMS : problems;
}

function fullProblemsOf(raw: string, parsed: Parsed): string[] {
  const problems: string[] = [];
  const { stripped, browser, parts, scheme, authority } = parsed;
  const host = authority?.host ?? null;
  const port = authority?.port ?? null;
  if (raw.length === 0) problems.push('is empty');
  else if (stripped.length === 0) problems.push('is blank');
  if (stripped.length !== raw.length && stripped.length > 0) problems.push('has surrounding whitespace or control characters');
  // Inside the trimmed text: whitespace, controls, backslash, non-ASCII.
  for (const ch of stripped) {
    const code = ch.codePointAt(0) ?? 0;
    if (code <= 0x20 || code === 0x7f) {
      problems.push(`contains whitespace or a control character (${describeChar(ch)})`);
      break;
    }
  }
  if (stripped.includes('\\')) problems.push('contains a backslash');
  if (/[^\u0000-\u007f]/.test(stripped)) problems.push('contains non-ASCII characters (they must be percent-encoded)');
  if (BAD_PERCENT.test(stripped)) problems.push('has a "%" not followed by two hex digits');
  if (scheme === null) {
    problems.push(/^[^/?#:]*:/.test(browser) ? 'has an invalid scheme' : 'is not absolute (no scheme)');
  }
  // Characters already reported above (whitespace, controls, `\`, non-ASCII) are not reported again below.
  const charset = (part: string): string => part.replace(ALREADY_REPORTED, 'x');
  if (authority !== null) {
    const { problem } = hostFacts(authority);
    if (problem) problems.push(problem);
    if (authority.userinfo !== null && !USERINFO.test(charset(authority.userinfo))) {
      const ch = NOT_USERINFO.exec(charset(authority.userinfo))?.[0];
      problems.push(ch === '@' ? 'has a second "@" in the authority (the host is what follows the last one)' : `has a character not allowed in the userinfo (${JSON.stringify(ch)})`);
    }
    const bad = portProblem(port);
    if (bad) problems.push(bad);
  }
  if ((scheme === 'http' || scheme === 'https') && (parts.authority === null || host === '' || host === null)) {
    problems.push(`is an ${scheme} URI without "//" and a host`);
  }
  if (parts.authority === null && parts.path.startsWith('//')) problems.push('has an empty authority');
  // Each names its first character at fault (printable ASCII: the others were reported above).
  const notAllowed = (where: string, text: string, allowed: RegExp, not: RegExp): void => {
    const plain = charset(text);
    if (!allowed.test(plain)) problems.push(`has a character not allowed in the ${where} (${JSON.stringify(not.exec(plain)?.[0])})`);
  };
  notAllowed('path', parts.path, PATH, NOT_PATH);
  if (parts.query !== null) notAllowed('query', parts.query, QUERY_OR_FRAGMENT, NOT_QUERY_OR_FRAGMENT);
  if (parts.fragment !== null) notAllowed('fragment', parts.fragment, QUERY_OR_FRAGMENT, NOT_QUERY_OR_FRAGMENT);
  // Several checks above can describe one fault; keep each sentence once.
  return [...new Set(problems)];
}

const FIELDS = new Set<string>(Object.keys(NOT_A_STRING));

/**
 * The classification of one string, computed as it is read: a rule that only asks for the scheme does
 * not pay for the validity checks. Rules read it through `readFact` (its fields are getters).
 */
class UriView implements UriInfo {
  readonly isString = true;
  #head: Head | undefined;
  #parsed: Parsed | undefined;
  #problems: string[] | undefined;
  constructor(private readonly raw: string) {}
  private get head(): Head {
    return (this.#head ??= head(this.raw));
  }
  /** Not private: `problemsOf` is handed the view and asks for the parts only for a URI out of the common shape. */
  get parsed(): Parsed {
    return (this.#parsed ??= parse(this.head));
  }
  get problems(): string[] {
    return (this.#problems ??= problemsOf(this.raw, this.head.scheme, this));
  }
  get valid(): boolean {
    return this.problems.length === 0;
  }
  get problem(): string | null {
    return this.problems[0] ?? null;
  }
  get scheme(): string | null {
    return this.head.scheme;
  }
  get isHttpLike(): boolean {
    const scheme = this.head.scheme;
    return scheme === 'http' || scheme === 'https';
  }
  get hasAuthority(): boolean {
    return this.parsed.parts.authority !== null;
  }
  get host(): string | null {
    const parsed = this.parsed;
    return parsed.doubt !== null ? null : (parsed.authority?.host ?? null);
  }
  get hostShown(): string {
    const { authority, doubt } = this.parsed;
    if (doubt !== null) return `in doubt: ${doubt}`;
    if (authority === null) return 'none: no "//" authority';
    return authority.host === '' ? 'none: empty after "//"' : `"${authority.host}"`;
  }
  get hostKind(): HostKind {
    const { authority, doubt } = this.parsed;
    return authority === null || doubt !== null ? 'none' : hostFacts(authority).kind;
  }
  get port(): string | null {
    return this.parsed.authority?.port ?? null;
  }
  get path(): string {
    return this.parsed.parts.path;
  }
  get isLoopbackIp(): boolean {
    const host = this.host;
    return host === '127.0.0.1' || host === '[::1]';
  }
  get isLocalhost(): boolean {
    return this.host === 'localhost';
  }
  get hasFragment(): boolean {
    return this.raw.includes('#');
  }
  get hasWildcard(): boolean {
    return this.raw.includes('*');
  }
  get hasUserinfo(): boolean {
    return (this.parsed.authority?.userinfo ?? null) !== null;
  }
  get hasSurroundingSpace(): boolean {
    return this.head.stripped.length !== this.raw.length;
  }
  /** Read a field by name (what rule expressions do); unknown names are missing. */
  [READ_FACT](key: string): unknown {
    return FIELDS.has(key) ? this[key as keyof UriInfo] : undefined;
  }
  toJSON(): UriInfo {
    const out: Record<string, unknown> = {};
    for (const key of FIELDS) out[key] = this[key as keyof UriInfo];
    return out as unknown as UriInfo;
  }
}

/** Classify `input` (anything; only strings can be valid URIs). Pure. */
export function classifyUri(input: unknown): UriInfo {
  return typeof input === 'string' ? new UriView(input) : NOT_A_STRING;
}

/**
 * One reader per field of a classification, for compiled expressions (`$ | uri.scheme`): a direct
 * property read instead of a lookup by name. The same fields as `readFact` answers.
 */
export const URI_FIELD_READERS: Readonly<Record<keyof UriInfo, (info: UriInfo) => unknown>> = {
  isString: (info) => info.isString,
  valid: (info) => info.valid,
  problems: (info) => info.problems,
  problem: (info) => info.problem,
  scheme: (info) => info.scheme,
  isHttpLike: (info) => info.isHttpLike,
  hasAuthority: (info) => info.hasAuthority,
  host: (info) => info.host,
  hostShown: (info) => info.hostShown,
  hostKind: (info) => info.hostKind,
  port: (info) => info.port,
  path: (info) => info.path,
  isLoopbackIp: (info) => info.isLoopbackIp,
  isLocalhost: (info) => info.isLocalhost,
  hasFragment: (info) => info.hasFragment,
  hasWildcard: (info) => info.hasWildcard,
  hasUserinfo: (info) => info.hasUserinfo,
  hasSurroundingSpace: (info) => info.hasSurroundingSpace,
};
