/**
 * The three mandated rules against a second, independent reading of issue 2's words, on generated
 * hostile records and redirect URIs. The reading below shares no code with src/: it is the issue's
 * text written out (browsers' trimming, the host from the raw authority, exact loopback literals,
 * fail-closed types), so a change to the engine, the URI classifier or a rule file that moves a
 * verdict shows up here as the URI or record that moved.
 */
import { loadBuiltinRules } from '../src/config/load-rules.js';
import { evaluate } from '../src/engine/evaluate.js';
import { compileRule, defaultOptions } from '../src/engine/rules.js';
import type { CompiledRule } from '../src/engine/rules.js';
import { seededRandom } from './helpers.js';

const catalog = loadBuiltinRules();
function rule(id: string, options: Record<string, unknown> = {}): CompiledRule {
  const definition = catalog.find((r) => r.id === id);
  if (definition === undefined) throw new Error(`no rule ${id}`);
  const issues: { keyPath: string; message: string }[] = [];
  const compiled = compileRule(definition, definition.severity, { ...defaultOptions(definition), ...options }, issues);
  expect(issues).toEqual([]);
  return compiled;
}

/** Host and port of an authority (after the last "@"); null when the port is not 0-65535 or brackets do not close. */
function hostPort(authority: string): { host: string } | null {
  const hostport = authority.slice(authority.lastIndexOf('@') + 1);
  let host: string;
  let port: string;
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close < 0) return null;
    host = hostport.slice(0, close + 1);
    const after = hostport.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return null;
    port = after.slice(1);
  } else {
    const colon = hostport.indexOf(':');
    host = colon < 0 ? hostport : hostport.slice(0, colon);
    port = colon < 0 ? '' : hostport.slice(colon + 1);
  }
  if (!/^[0-9]*$/.test(port) || (port !== '' && Number(port) > 65535)) return null;
  return { host: host.toLowerCase() };
}

interface HttpOptions {
  allowLoopback: boolean;
  allowLocalhost: boolean;
  allowedHosts: string[];
}
const DEFAULTS: HttpOptions = { allowLoopback: true, allowLocalhost: true, allowedHosts: [] };

/** Issue 2, rule 2: is this redirect URI a finding? */
function httpFinding(raw: string, options: HttpOptions = DEFAULTS): boolean {
  // "after trimming the surrounding whitespace/control characters the way browsers do": WHATWG strips
  // leading and trailing C0 controls and spaces, and removes every tab and newline.
  const trimmed = raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  const browser = trimmed.replace(/[\t\n\r]/g, '');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(browser);
  if (scheme === null || (scheme[1] as string).toLowerCase() !== 'http') return false;
  // The host a browser goes to: after "//" (either slash may be a backslash), up to / \ ? #.
  const rest = browser.slice((scheme[0] as string).length);
  if (!/^[/\\]{2}(?![/\\])/.test(rest)) return true; // no authority (or more slashes, which browsers skip and RFC 3986 reads as an empty one)
  const browserAuthority = /^[^/\\?#]*/.exec(rest.slice(2))?.[0] ?? '';
  // The host RFC 3986 reads in the text as written: after "//", up to / ? #.
  const written = trimmed.slice(trimmed.indexOf(':') + 1);
  if (!written.startsWith('//')) return true;
  const rfcAuthority = /^[^/?#]*/.exec(written.slice(2))?.[0] ?? '';
  const b = hostPort(browserAuthority);
  const r = hostPort(rfcAuthority);
  // "Take the host from the raw authority": where the two readings disagree, or either is malformed, nothing is exempt.
  if (b === null || r === null || b.host !== r.host) return true;
  const exempt = [...(options.allowLoopback ? ['127.0.0.1', '[::1]'] : []), ...(options.allowLocalhost ? ['localhost'] : []), ...options.allowedHosts];
  return !exempt.includes(b.host);
}

/** Issue 2, rules 1 and 3, failing closed; "blank" as docs/rules.md defines it for `is: blank` (white space, controls, characters drawn as nothing). */
const pkceFinding = (record: Record<string, unknown>): boolean => record.client_type !== 'confidential' && record.require_pkce !== true;
const policyFinding = (record: Record<string, unknown>): boolean =>
  typeof record.policy_uri !== 'string' || /^[\p{White_Space}\p{Cc}\p{Default_Ignorable_Code_Point}\u2800]*$/u.test(record.policy_uri);

const SCHEMES = ['http', 'HTTP', 'Http', 'hTtP', 'https', 'httpx', 'ht\ttp', 'h\nttp', 'http\r', 'ftp', 'h ttp', 'http+unix', 'htt', ''];
const BEFORE = ['', ' ', '\t', '\u0000', '\u001f ', '\u000b', '\n', ' \u0007', '\u00a0', '\ufeff', '\u200b', '\u2028', '\u007f', '\u3000'];
const SEPARATORS = ['://', ':/', ':', ':///', ':\\\\', ':/\\', ':\\/', '://\t', ': //', '://\n'];
const HOSTS = [
  '127.0.0.1', '[::1]', 'localhost', 'LOCALHOST', 'LocalHost', '127.0.0.1.evil.com', '127.0.0.1@evil.com', 'evil.com@127.0.0.1', 'localhost.',
  'app.localhost', '0x7f000001', '2130706433', '127.1', '127.0.0.2', '[::ffff:127.0.0.1]', '[0:0:0:0:0:0:0:1]', '[::01]', '[::1', '::1', '[::1]]',
  '127.0.0.1\\@evil.com', '127.0.0.1%2f@evil.com', '127.0.0.1%2e', '%31%32%37.0.0.1', '127.0.0.1\t', '127.0\t.0.1', 'loc\nalhost', '', '@127.0.0.1',
  'u:p@localhost', '\tu:p@localhost', '[::1]@evil.com', '127.0.0.1 ', ' 127.0.0.1', '127.000.000.001', '[::1%25lo]', 'example.com', '127.0.0.1#@evil.com',
  '127.0.0.1?@evil.com', '\uff4cocalhost', '127\u30020\u30020\u30021', 'a@b@127.0.0.1', '127.0.0.1@', '[::1]:80@evil.com', '[v1.x]', '[::1]%5d',
  'localhost:80@127.0.0.1', 'localhost%00', 'local%68ost', '127.0.0.1\u0000', '[::1]\t', '\u0130localhost', 'LOCALHO\u017fT',
];
const PORTS = ['', ':', ':0', ':80', ':8080', ':65535', ':65536', ':99999', ':080', ':0000000080', ':-1', ':8o', ':80:80', ': 80', ':+80', ':\uff18\uff10', '\uff1a80', ':80\t', ':\t80'];
const PATHS = ['', '/', '/cb', '?x=1', '#frag', '/a?b#c', '\\cb', '/@evil.com', '/%2e%2e/', ' /cb', '\t/cb', '\\@evil.com', '%2f', ';x', '//evil.com'];
const AFTER = ['', ' ', '\n', '\u0000', '\u00a0', '\t'];

const MISSING = Symbol('missing');
const CLIENT_TYPES: unknown[] = [MISSING, 'confidential', 'public', 'Confidential', 'CONFIDENTIAL', ' confidential', 'confidential ', 'confidential\u0000', 'confidentiaI', 'c\u03bfnfidential', null, true, 1, [], ['confidential'], {}, '', 'native'];
const REQUIRE_PKCE: unknown[] = [MISSING, true, false, 'true', 'True', 1, 0, null, [], [true], {}, 'yes', ' true'];
const POLICY_URIS: unknown[] = [
  MISSING, null, '', ' ', '\t\n', '\u00a0', '\u200b', '\u2060', '\ufeff', '\u00ad', '\u3164', '\u2800', '\u3000', '\u0000', '\u180e', '\u034f', '\u115f',
  '\uffa0', '\u{e0020}', '\u200b\u200c\u200d', 'x', '.', 'https://p.example', ' https://p.example ', 0, true, false, [], ['https://p.example'], {},
];

describe('the three mandated rules agree with an independent reading of issue 2', () => {
  const random = seededRandom(20261204);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

  it('no-http-redirect-uri, on 30,000 generated hostile redirect URIs', () => {
    const uris = Array.from({ length: 30_000 }, () => pick(BEFORE) + pick(SCHEMES) + pick(SEPARATORS) + pick(HOSTS) + pick(PORTS) + pick(PATHS) + pick(AFTER));
    // Five URIs a client, so each finding's path (redirect_uris[i]) is checked too.
    const clients = [];
    for (let i = 0; i < uris.length; i += 5) clients.push({ client_id: `c${i}`, client_type: 'confidential', redirect_uris: uris.slice(i, i + 5) });
    const found = new Set(evaluate(clients as never[], [rule('no-http-redirect-uri')], { now: new Date() }).map((f) => `${f.clientIndex}:${f.path}`));
    const wrong = uris.filter((uri, n) => found.has(`${Math.floor(n / 5)}:redirect_uris[${n % 5}]`) !== httpFinding(uri));
    expect([...new Set(wrong)].map((uri) => `${JSON.stringify(uri)}: issue 2 reads ${httpFinding(uri) ? 'a finding' : 'no finding'}`)).toEqual([]);
    // The corpus holds both verdicts in number, so agreement is not agreement on "always" or "never".
    const findings = uris.filter((uri) => httpFinding(uri)).length;
    expect(findings).toBeGreaterThan(3_000);
    expect(uris.length - findings).toBeGreaterThan(3_000);
    // ... and exempt ones that take the loopback and localhost exemptions, not only non-http URIs.
    expect(uris.filter((uri) => !httpFinding(uri) && /^[\u0000-\u0020]*h\s*t\s*t\s*p\s*:/i.test(uri)).length).toBeGreaterThan(300);
  });

  it('no-http-redirect-uri with its options (allowLoopback, allowLocalhost, allowedHosts), on 5,000 URIs each', () => {
    // Half of them start plainly with http://, so the hosts the options name come up often.
    const start = (): string => (random() < 0.5 ? 'http://' : pick(BEFORE) + pick(SCHEMES) + pick(SEPARATORS));
    const uris = Array.from({ length: 5_000 }, () => start() + pick([...HOSTS, 'example.com', 'EXAMPLE.com', 'intranet.example', '[fd00::1]', '10.0.0.5']) + pick(PORTS) + pick(PATHS) + pick(AFTER));
    const clients = uris.map((uri, i) => ({ client_id: `c${i}`, redirect_uris: [uri] }));
    const settings: HttpOptions[] = [
      { allowLoopback: false, allowLocalhost: true, allowedHosts: [] },
      { allowLoopback: true, allowLocalhost: false, allowedHosts: [] },
      { allowLoopback: false, allowLocalhost: false, allowedHosts: [] },
      { allowLoopback: false, allowLocalhost: false, allowedHosts: ['example.com', '[fd00::1]', '10.0.0.5'] },
    ];
    for (const options of settings) {
      const found = new Set(evaluate(clients as never[], [rule('no-http-redirect-uri', { ...options })], { now: new Date() }).map((f) => f.clientIndex));
      const wrong = uris.filter((uri, i) => found.has(i) !== httpFinding(uri, options));
      expect([JSON.stringify(options), [...new Set(wrong)].map((uri) => `${JSON.stringify(uri)}: issue 2 reads ${httpFinding(uri, options) ? 'a finding' : 'no finding'}`)]).toEqual([JSON.stringify(options), []]);
      // Each setting moves verdicts: the options are not ignored.
      expect([JSON.stringify(options), uris.filter((uri) => httpFinding(uri, options) !== httpFinding(uri)).length > 50]).toEqual([JSON.stringify(options), true]);
    }
  });

  it('public-client-require-pkce and missing-policy-uri, on 10,000 generated records', () => {
    const records = Array.from({ length: 10_000 }, (_, i) => {
      const record: Record<string, unknown> = { client_id: `c${i}` };
      for (const [field, values] of [['client_type', CLIENT_TYPES], ['require_pkce', REQUIRE_PKCE], ['policy_uri', POLICY_URIS]] as const) {
        const value = pick(values);
        if (value !== MISSING) record[field] = value;
      }
      return record;
    });
    const findings = evaluate(records as never[], [rule('public-client-require-pkce'), rule('missing-policy-uri')], { now: new Date() });
    const has = (id: string) => new Set(findings.filter((f) => f.ruleId === id).map((f) => f.clientIndex));
    const pkce = has('public-client-require-pkce');
    const policy = has('missing-policy-uri');
    const show = (record: Record<string, unknown>, field: string) => (field in record ? JSON.stringify(record[field]) : '(missing)');
    const wrong = records.flatMap((record, i) => [
      ...(pkce.has(i) !== pkceFinding(record) ? [`pkce: client_type ${show(record, 'client_type')}, require_pkce ${show(record, 'require_pkce')}`] : []),
      ...(policy.has(i) !== policyFinding(record) ? [`policy_uri ${show(record, 'policy_uri')}`] : []),
    ]);
    expect([...new Set(wrong)]).toEqual([]);
    expect(pkce.size).toBeGreaterThan(1_000);
    expect(records.length - pkce.size).toBeGreaterThan(200);
    expect(policy.size).toBeGreaterThan(1_000);
    expect(records.length - policy.size).toBeGreaterThan(200);
  });
});
