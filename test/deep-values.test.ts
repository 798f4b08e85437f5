/**
 * Values nested far deeper than any real record (`[[[[…]]]]` a hundred thousand deep) are valid JSON,
 * and JSON.parse reads them: nothing downstream may overflow the stack on one.
 */
import { jsonText, compactJson } from '../src/json-text.js';
import { canonicalJson } from '../src/engine/fingerprint.js';
import { MAX_SHOWN_DEPTH, shownValue } from '../src/engine/expr.js';
import { formatSnapshot } from '../src/collect/snapshot.js';
import { cleanClient, runCli, seededRandom, tempDir } from './helpers.js';

const deepList = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** The recursive canonical form fingerprints have always hashed: the walk without recursion must give the same text. */
function recursiveCanonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(recursiveCanonical).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${recursiveCanonical((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/** Seeded JSON values of every kind, with keys out of order and awkward strings. */
function* jsonValues(count: number): Generator<unknown> {
  const random = seededRandom(7);
  const strings = ['', 'a', 'é', '"quoted"', 'line\nbreak', '\u0000', '\u2028', 'z', '10', '__proto__'];
  const make = (depth: number): unknown => {
    const pick = Math.floor(random() * (depth > 4 ? 5 : 7));
    if (pick === 0) return null;
    if (pick === 1) return random() < 0.5;
    if (pick === 2) return [0, -0, 1.5, -1e21, 123456789, NaN][Math.floor(random() * 6)];
    if (pick === 3 || pick === 4) return strings[Math.floor(random() * strings.length)];
    if (pick === 5) return Array.from({ length: Math.floor(random() * 4) }, () => make(depth + 1));
    const out: Record<string, unknown> = {};
    for (let i = Math.floor(random() * 4); i > 0; i--) out[strings[Math.floor(random() * strings.length)] as string] = make(depth + 1);
    return out;
  };
  for (let i = 0; i < count; i++) yield make(0);
}

describe('JSON text without recursion', () => {
  it('gives the canonical form fingerprints have always hashed, and what JSON.stringify gives', () => {
    let compared = 0;
    for (const value of jsonValues(2000)) {
      expect(canonicalJson(value)).toBe(recursiveCanonical(value));
      expect(jsonText(value, false)).toBe(JSON.stringify(value));
      compared++;
    }
    expect(compared).toBe(2000);
    expect(jsonText({ a: undefined, b: [undefined, 1] }, false)).toBe(JSON.stringify({ a: undefined, b: [undefined, 1] }));
  });

  it('writes a value a hundred thousand levels deep, which JSON.stringify cannot', () => {
    const deep = JSON.parse(deepList(100_000)) as unknown;
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(compactJson(deep)).toBe(deepList(100_000));
    expect(canonicalJson({ b: deep, a: 1 })).toBe(`{"a":1,"b":${deepList(100_000)}}`);
  });
});

describe('shownValue', () => {
  it('keeps values up to the limit as they are, and names the deeper ones', () => {
    const shallow = JSON.parse(deepList(MAX_SHOWN_DEPTH)) as unknown;
    expect(shownValue(shallow)).toBe(shallow);
    expect(shownValue('x')).toBe('x');
    expect(shownValue(JSON.parse(deepList(MAX_SHOWN_DEPTH + 1)))).toBe(`(a list nested more than ${MAX_SHOWN_DEPTH} levels deep, not shown)`);
    expect(shownValue({ a: [{ b: JSON.parse(deepList(100_000)) }] })).toBe(`(an object nested more than ${MAX_SHOWN_DEPTH} levels deep, not shown)`);
  });
});

describe('a record with a value nested 100,000 deep', () => {
  const deep = deepList(100_000);
  const record = (field: string): string => JSON.stringify(cleanClient({ [field]: '@@' })).replace('"@@"', deep);

  it('is linted like any other by the CLI, in every format, and in an inventory diff', async () => {
    const input = `[${record('policy_uri')},${record('redirect_uris')},${record('name')}]`;
    const dir = tempDir({ 'c.json': input });
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const result = await runCli(['-i', 'c.json', '-f', format, '--previous', 'c.json', '--now', '2026-12-01T00:00:00Z'], { cwd: dir });
      // The three records share a client_id: warnings, which only a text report on stdout shows itself.
      const notWarnings = result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('oauthlint: warning: '));
      expect({ format, code: result.code, notWarnings }).toEqual({ format, code: 1, notWarnings: [] });
      if (format === 'text') expect(result.stderr).toBe('');
      if (format === 'json') {
        const report = JSON.parse(result.stdout) as { findings: { ruleId: string; path: string; value: unknown }[] };
        // redirect_uris is a list, so its one item (99,999 deep) is what is not a string.
        const schema = report.findings.filter((f) => f.ruleId === 'client-record-schema').map((f) => [f.path, f.value]);
        const shown = `(a list nested more than ${MAX_SHOWN_DEPTH} levels deep, not shown)`;
        expect(schema).toEqual([['policy_uri', shown], ['redirect_uris[0]', shown], ['name', shown]]);
      }
    }
  }, 30_000);

  it('is kept whole in a snapshot', () => {
    const client = JSON.parse(record('allowed_scopes')) as Record<string, unknown>;
    const text = formatSnapshot({ fetchedAt: '2026-12-01T00:00:00Z', source: { kind: 'file', location: 'x' } as never, clients: [client] });
    const [again] = (JSON.parse(text) as { clients: unknown[] }).clients;
    expect(compactJson(again)).toBe(compactJson(client));
    expect(text).toContain(deep);
  });
});
