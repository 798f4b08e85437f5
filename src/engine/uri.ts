/**
 * Classify a URI string the way a security reviewer needs: by its raw RFC 3986 parts, never through
 * WHATWG `new URL()`, which rewrites hosts (`http://0x7f000001/` becomes `127.0.0.1`).
 *
 * Two views are kept apart:
 * - `scheme` is the scheme a browser would act on: surrounding C0 controls and spaces stripped and tabs
 *   and newlines removed (WHATWG URL §4.4 basic URL parser, steps 1–3), then lower-cased. Scheme-based
 *   rules (`no-http-redirect-uri`, `dangerous-uri-scheme`) use it, so `" HTTP://x"` is http.
 * - `valid`/`problems` judge the raw string against RFC 3986 §3 / RFC 6749 §3.1.2 (an absolute URI).
 * Host-based facts (`host`, `isLoopbackIp`, …) come from the raw authority of that browser view.
 */

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
  /** Raw host, lower-cased (`[::1]` keeps its brackets), or null without an authority. */
  host: string | null;
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
const SPECIAL_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'file']);
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// RFC 3986 character classes.
const UNRESERVED = "A-Za-z0-9\\-._~";
const SUB_DELIMS = "!$&'()*+,;=";
const PCHAR_CLASS = `[${UNRESERVED}${SUB_DELIMS}:@%]`;
const REG_NAME = new RegExp(`^[${UNRESERVED}${SUB_DELIMS}%]*$`);
const USERINFO = new RegExp(`^[${UNRESERVED}${SUB_DELIMS}:%]*$`);
const PATH = new RegExp(`^(?:${PCHAR_CLASS}|/)*$`);
const QUERY_OR_FRAGMENT = new RegExp(`^(?:${PCHAR_CLASS}|[/?])*$`);
const ALREADY_REPORTED = /[^\u0021-\u007e]|\\/g;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const DEC_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${DEC_OCTET}(?:\\.${DEC_OCTET}){3}$`);
const H16 = /^[0-9A-Fa-f]{1,4}$/;
const IPVFUTURE = new RegExp(`^v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+$`);
// RFC 6874: a zone id after `%25`.
const ZONE_ID = new RegExp(`^(?:[${UNRESERVED}]|%[0-9A-Fa-f]{2})+$`);

/** RFC 3986 §3.2.2 IPv6address, with an optional RFC 6874 zone (`%25en0`). */
export function isIpv6Address(text: string): boolean {
  let address = text;
  const zone = text.indexOf('%25');
  if (zone !== -1) {
    if (!ZONE_ID.test(text.slice(zone + 3))) return false;
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

function split(text: string): Parts {
  const schemeMatch = SCHEME.exec(text);
  const scheme = schemeMatch ? (schemeMatch[1] ?? null) : null;
  let rest = schemeMatch ? text.slice(schemeMatch[0].length) : text;
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
  if (rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    authority = end === -1 ? rest.slice(2) : rest.slice(2, end);
    rest = end === -1 ? '' : rest.slice(end);
  }
  return { scheme, authority, path: rest, query, fragment };
}

interface Authority {
  userinfo: string | null;
  host: string;
  port: string | null;
  hostKind: HostKind;
  hostProblem: string | null;
}

function parseAuthority(authority: string): Authority {
  // Browsers take the host after the last `@`; so do we, so `http://127.0.0.1@evil.com/` has host evil.com.
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? null : authority.slice(0, at);
  const hostPort = at === -1 ? authority : authority.slice(at + 1);
  let host: string;
  let port: string | null = null;
  let hostKind: HostKind;
  let hostProblem: string | null = null;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close === -1) {
      return { userinfo, host: hostPort, port: null, hostKind: 'ipv6', hostProblem: 'has an IP literal without a closing "]"' };
    }
    host = hostPort.slice(0, close + 1);
    const after = hostPort.slice(close + 1);
    if (after.startsWith(':')) port = after.slice(1);
    else if (after !== '') hostProblem = `has characters after the IP literal: "${after}"`;
    const inner = host.slice(1, -1);
    if (/^v/i.test(inner)) {
      hostKind = 'ipvfuture';
      if (!IPVFUTURE.test(inner)) hostProblem ??= `has an invalid IPvFuture literal "${host}"`;
    } else {
      hostKind = 'ipv6';
      if (!isIpv6Address(inner)) hostProblem ??= `has an invalid IPv6 literal "${host}"`;
    }
  } else {
    const colon = hostPort.indexOf(':');
    host = colon === -1 ? hostPort : hostPort.slice(0, colon);
    if (colon !== -1) port = hostPort.slice(colon + 1);
    if (host === '') hostKind = 'none';
    else hostKind = IPV4.test(host) ? 'ipv4' : 'reg-name';
    if (host.includes('[') || host.includes(']')) hostProblem = `has "[" or "]" outside an IP literal`;
    else if (!REG_NAME.test(host)) hostProblem = `has characters not allowed in a host: "${host}"`;
  }
  return { userinfo, host: host.toLowerCase(), port, hostKind, hostProblem };
}

/** Classify `input` (anything; only strings can be valid URIs). Pure. */
export function classifyUri(input: unknown): UriInfo {
  if (typeof input !== 'string') return NOT_A_STRING;
  const raw = input;
  const problems: string[] = [];

  // The browser's view, for the scheme and host.
  const stripped = raw.replace(C0_OR_SPACE, '');
  const browser = stripped.replace(TAB_OR_NEWLINE, '');
  const hasSurroundingSpace = stripped.length !== raw.length;

  if (raw.length === 0) problems.push('is empty');
  else if (stripped.length === 0) problems.push('is blank');
  if (hasSurroundingSpace && stripped.length > 0) problems.push('has surrounding whitespace or control characters');
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

  // For special schemes browsers read `\` as `/` (WHATWG URL, "special authority slashes" and path states),
  // so `http://evil.com\@127.0.0.1/` goes to evil.com, not to the loopback address.
  const browserScheme = SCHEME.exec(browser)?.[1]?.toLowerCase();
  const parts = split(browserScheme !== undefined && SPECIAL_SCHEMES.has(browserScheme) ? browser.replace(/\\/g, '/') : browser);
  const scheme = parts.scheme === null ? null : parts.scheme.toLowerCase();
  if (scheme === null) {
    problems.push(/^[^/?#:]*:/.test(browser) ? 'has an invalid scheme' : 'is not absolute (no scheme)');
  }
  const isHttpLike = scheme === 'http' || scheme === 'https';

  let host: string | null = null;
  let hostKind: HostKind = 'none';
  let port: string | null = null;
  let hasUserinfo = false;
  if (parts.authority !== null) {
    const authority = parseAuthority(parts.authority);
    host = authority.host;
    hostKind = authority.hostKind;
    port = authority.port;
    hasUserinfo = authority.userinfo !== null;
    if (authority.hostProblem) problems.push(authority.hostProblem);
    if (authority.userinfo !== null && !USERINFO.test(authority.userinfo)) {
      problems.push('has characters not allowed in the userinfo (a second "@"?)');
    }
    if (port !== null) {
      if (!/^[0-9]*$/.test(port)) problems.push(`has an invalid port "${port}"`);
      else if (port !== '' && Number(port) > 65535) problems.push(`has a port above 65535 (${port})`);
    }
  }
  if (isHttpLike && (parts.authority === null || host === '' || host === null)) {
    problems.push(`is an ${scheme} URI without "//" and a host`);
  }
  if (parts.authority === null && parts.path.startsWith('//')) problems.push('has an empty authority');
  // Characters already reported above (whitespace, controls, `\`, non-ASCII) are not reported again here.
  const charset = (part: string): string => part.replace(ALREADY_REPORTED, 'x');
  if (!PATH.test(charset(parts.path))) problems.push('has characters not allowed in the path');
  if (parts.query !== null && !QUERY_OR_FRAGMENT.test(charset(parts.query))) {
    problems.push('has characters not allowed in the query');
  }
  if (parts.fragment !== null && !QUERY_OR_FRAGMENT.test(charset(parts.fragment))) {
    problems.push('has characters not allowed in the fragment');
  }
  // Several checks above can describe one fault; keep each sentence once.
  const unique = [...new Set(problems)];
  return {
    isString: true,
    valid: unique.length === 0,
    problems: unique,
    problem: unique[0] ?? null,
    scheme,
    isHttpLike,
    hasAuthority: parts.authority !== null,
    host,
    hostKind,
    port,
    path: parts.path,
    isLoopbackIp: host === '127.0.0.1' || host === '[::1]',
    isLocalhost: host === 'localhost',
    hasFragment: raw.includes('#'),
    hasWildcard: raw.includes('*'),
    hasUserinfo,
    hasSurroundingSpace,
  };
}
