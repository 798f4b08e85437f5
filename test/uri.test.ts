import { classifyUri, isIpv6Address } from '../src/engine/uri.js';
import { seededRandom } from './helpers.js';

describe('classifyUri: the scheme a browser acts on', () => {
  it.each([
    ['https://a.example/cb', 'https'],
    ['HTTP://a.example/cb', 'http'],
    [' http://a.example/cb', 'http'],
    ['\u0000\u001fhttp://a.example/cb\u0020', 'http'],
    ['ht\ttp://a.example/cb', 'http'],
    ['h\r\nttp://a.example/cb', 'http'],
    ['JavaScript:alert(1)', 'javascript'],
    ['com.example.app:/cb', 'com.example.app'],
    ['//a.example/cb', null],
    ['/cb', null],
    ['1http://a.example', null],
    ['', null],
  ])('%j → %j', (input, scheme) => {
    expect(classifyUri(input).scheme).toBe(scheme);
  });
});

describe('classifyUri: the host comes from the raw authority', () => {
  it.each([
    ['http://127.0.0.1/cb', '127.0.0.1', 'ipv4', true],
    ['http://127.0.0.1:8080', '127.0.0.1', 'ipv4', true],
    ['http://[::1]:8080/cb', '[::1]', 'ipv6', true],
    ['http://127.0.0.1.evil.com/', '127.0.0.1.evil.com', 'reg-name', false],
    ['http://127.0.0.1@evil.com/', 'evil.com', 'reg-name', false],
    ['http://a@b@evil.com/', 'evil.com', 'reg-name', false],
    // Browsers read a backslash as `/`, RFC 3986 does not: a host they disagree on is none (fail closed).
    ['http://evil.com\\@127.0.0.1/', null, 'none', false],
    ['http://127.0.0.1\\@evil.com/', null, 'none', false],
    ['http://[::1]\\@evil.com/', null, 'none', false],
    ['http:\\\\127.0.0.1\\', null, 'none', false],
    ['http://127.0.0.1/a\\b', '127.0.0.1', 'ipv4', true],
    // A malformed authority around the host leaves no host to trust either.
    ['http://[::1]]/', null, 'none', false],
    ['http://[::1', null, 'none', false],
    ['http://127.0.0.1:80x/', null, 'none', false],
    ['http://127.0.0.1:8080:90/', null, 'none', false],
    ['http://127.0.0.1:65536/', null, 'none', false],
    ['http://127.0.0.1:65535/', '127.0.0.1', 'ipv4', true],
    ['http://127.0.0.1:/', '127.0.0.1', 'ipv4', true],
    ['myapp://127.0.0.1\\@evil.com/', 'evil.com', 'reg-name', false],
    ['http://evil.com#@127.0.0.1/', 'evil.com', 'reg-name', false],
    ['http://evil.com?@127.0.0.1/', 'evil.com', 'reg-name', false],
    ['http://0x7f000001/', '0x7f000001', 'reg-name', false],
    ['http://2130706433/', '2130706433', 'reg-name', false],
    ['http://127.1/', '127.1', 'reg-name', false],
    ['http://127.000.000.001/', '127.000.000.001', 'reg-name', false],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:127.0.0.1]', 'ipv6', false],
    ['http://[0:0:0:0:0:0:0:1]/', '[0:0:0:0:0:0:0:1]', 'ipv6', false],
    ['http://LOCALHOST:3000/', 'localhost', 'reg-name', false],
  ])('%j → host %j (%s), loopback literal %j', (input, host, kind, loopback) => {
    const info = classifyUri(input);
    expect(info.host).toBe(host);
    expect(info.hostKind).toBe(kind);
    expect(info.isLoopbackIp).toBe(loopback);
  });

  it('knows localhost only as the exact name', () => {
    expect(classifyUri('http://LocalHost/cb').isLocalhost).toBe(true);
    expect(classifyUri('http://localhost./cb').isLocalhost).toBe(false);
    expect(classifyUri('http://app.localhost/cb').isLocalhost).toBe(false);
    expect(classifyUri('http://localhost@evil.com/cb').isLocalhost).toBe(false);
  });
});

describe('classifyUri: hostShown says what the host is, or why there is none to trust', () => {
  it.each([
    ['http://evil.com/cb', '"evil.com"'],
    ['HTTP://127.0.0.1.NIP.IO/', '"127.0.0.1.nip.io"'],
    ['http://[::1]:8080/', '"[::1]"'],
    ['http:evil.com', 'none: no "//" authority'],
    ['http:///cb', 'none: empty after "//"'],
    ['http://127.0.0.1\\@evil.com/', 'in doubt: browsers read the host "127.0.0.1", RFC 3986 "evil.com"'],
    ['http://127.0.0.1\t/', 'in doubt: browsers read the host "127.0.0.1", RFC 3986 "127.0.0.1\t"'],
    ['http:\\\\127.0.0.1/', 'in doubt: browsers read the host "127.0.0.1", RFC 3986 no authority'],
    ['http://127.0.0.1:99999/', 'in doubt: the URI has a port above 65535 (99999)'],
    ['http://127.0.0.1:80x/', 'in doubt: the URI has an invalid port "80x"'],
    ['http://[::1]]/', 'in doubt: the URI has characters after the IP literal: "]"'],
    ['http://[::1', 'in doubt: the URI has an IP literal without a closing "]"'],
  ])('%j → %s', (input, shown) => {
    const info = classifyUri(input);
    expect(info.hostShown).toBe(shown);
    // A host is quoted exactly when there is one to trust.
    expect(info.host === null || info.host === '').toBe(!shown.startsWith('"'));
  });

  it('is "none: not a string" for anything else', () => {
    expect(classifyUri(42).hostShown).toBe('none: not a string');
  });
});

describe('classifyUri: RFC 3986 validity', () => {
  it.each([
    'https://a.example/cb',
    'https://a.example:443/cb?x=1&y=%20',
    'http://127.0.0.1:0/',
    // Every port up to 65535, leading zeros or not (the common shape is matched by a pattern of digits).
    'https://a.example:65535/cb',
    'https://a.example:65529',
    'https://a.example:64999/cb',
    'https://a.example:59999/cb',
    'https://a.example:9999/cb',
    'https://a.example:00080/cb',
    'https://a.example:065535/cb',
    'http://[::1]/cb',
    'http://[fe80::1%25en0]/cb',
    'http://[v1.fe]/cb',
    'com.example.app:/oauth2redirect',
    'urn:ietf:wg:oauth:2.0:oob',
    'https://a.example:/cb',
    'https://a.example/cb#',
    'https://*.example.com/cb',
  ])('%j is valid', (input) => {
    const info = classifyUri(input);
    expect(info.problems).toEqual([]);
    expect(info.valid).toBe(true);
  });

  it.each([
    ['', /empty/],
    ['   ', /blank/],
    [' https://a.example/cb', /surrounding/],
    ['https://a.example/cb\n', /surrounding/],
    ['https://a.example/c b', /whitespace/],
    ['https://a.example/c\u0007b', /control/],
    ['https://a.example\\cb', /backslash/],
    ['https://exämple.com/cb', /non-ASCII/],
    ['https://a.example/%zz', /"%"/],
    ['https://a.example/%2', /"%"/],
    ['/relative/cb', /not absolute/],
    ['://a.example', /invalid scheme/],
    ['1https://a.example', /invalid scheme/],
    ['https:example.com/cb', /without "\/\/" and a host/],
    ['https:///cb', /without "\/\/" and a host/],
    ['http://[::1/cb', /closing/],
    ['http://[::g]/cb', /invalid IPv6/],
    ['http://[1:2:3:4:5:6:7:8:9]/cb', /invalid IPv6/],
    ['http://[::1]x/cb', /after the IP literal/],
    ['https://a.example:65536/cb', /above 65535/],
    ['https://a.example:65540/cb', /above 65535/],
    ['https://a.example:65600', /above 65535/],
    ['https://a.example:70000/cb', /above 65535/],
    ['https://a.example:099999/cb', /above 65535/],
    ['https://a.example:8o/cb', /invalid port/],
    ['https://a.example/<script>', /path/],
    ['https://a.example/cb#a#b', /fragment/],
    ['https://a@b@c.example/cb', /a second "@" in the authority \(the host is what follows the last one\)/],
    ['http://[::1]@evil.com/cb', /a character not allowed in the userinfo \("\["\)/],
    ['https://a.example/cb?q={x}', /a character not allowed in the query \("\{"\)/],
    ['https://a.exa[mple/cb', /"\["/],
    [42, /not a string/],
    [null, /not a string/],
  ])('%j is invalid: %s', (input, problem) => {
    const info = classifyUri(input);
    expect(info.valid).toBe(false);
    expect(info.problems.join('; ')).toMatch(problem);
    expect(info.problem).toBe(info.problems[0]);
  });

  it("is RFC 3986's grammar (Appendix A written out as a regular expression), on 60,000 generated strings", () => {
    // URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ], with RFC 6874 zone ids, plus the two
    // rules oauthlint adds: http(s) needs a host (RFC 9110 §4.2), and a port is at most 65535.
    const unreserved = 'A-Za-z0-9\\-._~';
    const subDelims = "!$&'()*+,;=";
    const pct = '%[0-9A-Fa-f]{2}';
    const pchar = `(?:[${unreserved}${subDelims}:@]|${pct})`;
    const decOctet = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])';
    const ipv4 = `${decOctet}\\.${decOctet}\\.${decOctet}\\.${decOctet}`;
    const h16 = '[0-9A-Fa-f]{1,4}';
    const ls32 = `(?:${h16}:${h16}|${ipv4})`;
    const before = (n: number) => (n < 0 ? '' : `(?:(?:${h16}:){0,${n}}${h16})?`);
    const ipv6 = [
      `(?:${h16}:){6}${ls32}`,
      `::(?:${h16}:){5}${ls32}`,
      `${before(0)}::(?:${h16}:){4}${ls32}`,
      `${before(1)}::(?:${h16}:){3}${ls32}`,
      `${before(2)}::(?:${h16}:){2}${ls32}`,
      `${before(3)}::${h16}:${ls32}`,
      `${before(4)}::${ls32}`,
      `${before(5)}::${h16}`,
      `${before(6)}::`,
    ].map((form) => `(?:${form})`).join('|');
    const ipLiteral = `\\[(?:(?:${ipv6})(?:%25(?:[${unreserved}]|${pct})+)?|v[0-9A-Fa-f]+\\.[${unreserved}${subDelims}:]+)\\]`;
    const host = `(?:${ipLiteral}|${ipv4}|(?:[${unreserved}${subDelims}]|${pct})*)`;
    const authority = `(?:(?:[${unreserved}${subDelims}:]|${pct})*@)?(${host})(?::([0-9]*))?`;
    const hierPart = `(?://${authority}(?:/${pchar}*)*|/(?:${pchar}+(?:/${pchar}*)*)?|${pchar}+(?:/${pchar}*)*|)`;
    const rfc3986 = new RegExp(`^([A-Za-z][A-Za-z0-9+.-]*):${hierPart}(?:\\?(?:${pchar}|[/?])*)?(?:#(?:${pchar}|[/?])*)?$`);
    const grammar = (uri: string): boolean => {
      const match = rfc3986.exec(uri);
      if (match === null) return false;
      const scheme = (match[1] as string).toLowerCase();
      if ((scheme === 'http' || scheme === 'https') && !match[2]) return false;
      return !(match[3] && Number(match[3]) > 65535);
    };
    const pieces = [
      'http', 'https', 'HTTPS', 'com.example.app', 'urn', 'x-y', '1a', 'a', ':', '//', '/', '?', '#', '@', '[', ']', '::1', '::', 'fe80::1',
      '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '::ffff:1.2.3.4', '1.2.3.4', '256.1.1.1', '01.2.3.4', '%25en0', '%25', '%zz', '%2F', '%', 'v1.x',
      'v.x', 'vZ.x', 'example.com', '*', '.', '..', '-', '_', '~', "!$&'()*+,;=", ' ', '\t', '\\', '"', '<', '>', '^', '`', '{', '|', '}',
      '\u00e4', '\u0000', '80', '65535', '65536', '0', '999999', 'cb', 'a=b', '&', 'user:pw',
    ];
    const random = seededRandom(3986);
    const pick = (): string => pieces[Math.floor(random() * pieces.length)] as string;
    const wrong: string[] = [];
    let valid = 0;
    for (let n = 0; n < 60_000; n++) {
      let uri = ['http://', 'https://', 'com.example.app:', 'urn:', pick()][Math.floor(random() * 5)] as string;
      for (let i = Math.floor(random() * 7); i >= 0; i--) uri += pick();
      const expected = grammar(uri);
      if (expected) valid++;
      if (classifyUri(uri).valid !== expected) wrong.push(`${JSON.stringify(uri)}: RFC 3986 says ${expected ? 'valid' : 'invalid'}`);
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    // Both verdicts in number: about a quarter of the strings are URIs.
    expect(valid).toBeGreaterThan(6_000);
    expect(valid).toBeLessThan(54_000);
  });

  it('flags fragments, wildcards and userinfo', () => {
    expect(classifyUri('https://a.example/cb#').hasFragment).toBe(true);
    expect(classifyUri('https://a.example/cb').hasFragment).toBe(false);
    expect(classifyUri('https://*.example/cb').hasWildcard).toBe(true);
    expect(classifyUri('https://a.example/%2A').hasWildcard).toBe(false);
    expect(classifyUri('https://a.example@evil.com/cb').hasUserinfo).toBe(true);
    expect(classifyUri('https://a.example/cb?u=a@b').hasUserinfo).toBe(false);
  });
});

describe('isIpv6Address', () => {
  it.each(['::1', '::', '1::', '1:2:3:4:5:6:7:8', '1::8', '::ffff:1.2.3.4', 'fe80::1%25eth0', 'ABCD::ef'])('accepts %s', (text) => {
    expect(isIpv6Address(text)).toBe(true);
  });
  it.each(['', ':', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1:::2', '1::2::3', '12345::', '::1.2.3', '::256.1.1.1', 'fe80::1%eth0', 'g::'])('rejects %s', (text) => {
    expect(isIpv6Address(text)).toBe(false);
  });
});

describe('classifyUri on very long strings', () => {
  it('judges a URI of 12 million characters without overflowing the stack (path, query, fragment, zone id)', () => {
    // The path and query checks were `(?:pchar|/)*`, which keeps a backtrack entry per character.
    const long = 'a/'.repeat(6_000_000);
    const cases: [string, string][] = [
      [`https://a.example/${long} x`, 'contains whitespace or a control character (U+0020)'],
      [`https://a.example/?${long}[`, 'has a character not allowed in the query ("[")'],
      [`https://a.example/#${long}[`, 'has a character not allowed in the fragment ("[")'],
      [`x:${long}[`, 'has a character not allowed in the path ("[")'],
      [`http://[fe80::1%25${'a'.repeat(12_000_000)}!]/`, 'has an invalid IPv6 literal'],
    ];
    for (const [uri, problem] of cases) expect(classifyUri(uri).problem?.startsWith(problem)).toBe(true);
    expect(classifyUri(`https://a.example/${long}`).valid).toBe(true);
  }, 30_000);
  it('reads a zone id as RFC 6874 does: unreserved characters and whole %XX escapes', () => {
    for (const [zone, valid] of [['en0', true], ['%41b', true], ['eth0.1~_-', true], ['', false], ['%4', false], ['a%zz', false], ['a!', false], ['a:b', false]] as const) {
      expect([zone, classifyUri(`http://[fe80::1%25${zone}]/`).valid]).toEqual([zone, valid]);
    }
  });
});

describe('classifyUri: a host it gives is where the browser goes', () => {
  // Seeded strings built from the pieces host-confusion bypasses are made of. Whenever the classifier
  // names a host an http rule could exempt (a loopback literal, localhost, a plain DNS name as
  // allowedHosts lists them), WHATWG URL — what browsers follow — must reach exactly that host, and an
  // RFC 3986 reading (Appendix B) must find it too. Hosts browsers read as IPv4 numbers (`0x7f.1`, `80`)
  // are left out: they are never exempt, and WHATWG rewrites them.
  const pieces = ['http:', 'HTTP:', '//', '/', '\\', '@', ':', '[', ']', '::1', '127.0.0.1', 'localhost', 'evil.com', 'a.example', '%', '%2e', '%40', '%5c', '%2f', '#', '?', '\t', '\n', ' ', '.', '80', '0', 'x', '[::1]', 'user@', '\u0000', '\u3002', 'LOCALHOST', '\u00ad', '\u200b', 'ß', 'ａ', '0x7f.1', ';', '=', '!', '$', '*', ',', '~', '_', '-', '\u001f', '\u007f'];
  const APPENDIX_B = /^(([^:/?#]+):)?(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?/;

  it('holds on 100,000 generated URIs', () => {
    const random = seededRandom(20261201);
    const pick = (): string => pieces[Math.floor(random() * pieces.length)] as string;
    let checked = 0;
    const wrong: string[] = [];
    for (let n = 0; n < 100_000; n++) {
      let uri = random() < 0.7 ? 'http://' : `${pick()}${random() < 0.5 ? '//' : ''}`;
      for (let i = Math.floor(random() * 7); i >= 0; i--) uri += pick();
      const info = classifyUri(uri);
      if (info.scheme !== 'http' || info.host === null) continue;
      const last = info.host.replace(/\.$/, '').split('.').pop() as string;
      const plainName = /^[a-z0-9.-]+$/.test(info.host) && !/^(0x[0-9a-f]*|[0-9]+)$/.test(last);
      if (!info.isLoopbackIp && !info.isLocalhost && !plainName) continue;
      let url: URL | undefined;
      try {
        url = new URL(uri);
      } catch {
        continue; // a browser goes nowhere
      }
      checked++;
      // The raw string, trimmed as browsers trim it, but with tabs and newlines inside kept: browsers
      // delete those, an RFC 3986 reading does not (`http://127.0.0.1\t/` is no exact loopback host).
      const authority = APPENDIX_B.exec(uri.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, ''))?.[4];
      const hostPort = authority?.slice(authority.lastIndexOf('@') + 1);
      const rfcHost = hostPort?.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort?.split(':')[0];
      if (url.hostname !== info.host || rfcHost?.toLowerCase() !== info.host) wrong.push(`${JSON.stringify(uri)}: ours ${info.host}, WHATWG ${url.hostname}, RFC 3986 ${String(rfcHost)}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(4000);
  });
});

describe('classifyUri: the scheme is the one browsers act on', () => {
  it('is the scheme WHATWG URL reads (so http and the dangerous ones are seen as browsers see them), on 20,000 generated spellings', () => {
    // Surrounding and embedded white space and controls, case, look-alikes, slashes and backslashes.
    const around = ['', ' ', '\t', '\n', '\u0000', '\u001f', '\u00a0', '\ufeff', '\u200b', '\r\n', '\u000b', '\u000c', '\u0085', '\u3000'];
    const schemes = ['http', 'HTTP', 'h\ttp', 'ht\ntp', 'htt\rp', 'Http', 'http\t', 'ｈttp', 'http\u0000', 'ht tp', 'http ', 'h%74tp', 'https', 'httpx', 'xhttp', 'http+x', 'javascript', 'Java\tScript', 'DATA', 'vbscript', 'fi\nle', 'blob', 'view-source'];
    const separators = [':', ':/', '://', ':\\\\', ':\\/', ':/\\', '\t:', ': //', ':\t//', ':////'];
    const random = seededRandom(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    let parsed = 0;
    const wrong: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      const uri = `${pick(around)}${pick(schemes)}${pick(separators)}a.example/cb${pick(around)}`;
      let url: URL;
      try {
        url = new URL(uri);
      } catch {
        continue;
      }
      parsed++;
      const ours = classifyUri(uri).scheme;
      if (url.protocol !== `${String(ours)}:`) wrong.push(`${JSON.stringify(uri)}: WHATWG ${url.protocol}, ours ${String(ours)}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(parsed).toBeGreaterThan(5000);
  });
});
