/**
 * One runner for every rules/*.yml: each rule's own valid and invalid cases (the same runner as
 * `oauthlint rules --test`), plus a meta-test of what every rule file must carry.
 */
import { loadBuiltinRules } from '../src/config/load-rules.js';
import { pathsOfCase, RULE_TEST_NOW } from '../src/engine/rule-tests.js';
import type { RuleDefinition, RuleTestCase } from '../src/types.js';

const rules = loadBuiltinRules();

function pathsOf(rule: RuleDefinition, testCase: RuleTestCase): string[] {
  const outcome = pathsOfCase(rule, testCase, RULE_TEST_NOW);
  if ('problem' in outcome) throw new Error(outcome.problem);
  return outcome.paths;
}

const CATALOG = [
  'client-record-schema', 'public-client-require-pkce', 'no-http-redirect-uri', 'missing-policy-uri',
  'redirect-uri-invalid', 'redirect-uri-fragment', 'redirect-uri-wildcard', 'redirect-uri-userinfo', 'dangerous-uri-scheme',
  'loopback-redirect-uses-localhost', 'private-use-scheme-not-reverse-dns', 'public-client-client-credentials',
  'authorization-code-without-redirect-uri', 'confidential-client-pkce-not-required', 'refresh-token-without-authorization-code',
  'public-client-has-secret', 'overly-broad-scope', 'metadata-uri-not-https', 'missing-tos-uri', 'stale-client', 'duplicate-client-name',
];

describe('the catalog', () => {
  it('has every rule of the catalog, and no other', () => {
    expect(rules.map((rule) => rule.id).sort()).toEqual([...CATALOG].sort());
  });

  describe.each(rules.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    it('carries its metadata: id = file name, docs, rationale, references, tests', () => {
      expect(rule.file?.endsWith(`/${id}.yml`)).toBe(true);
      expect(rule.docs).toBe(`https://github.com/oauthlint/oauthlint/blob/main/docs/rules.md#${id}`);
      expect(rule.rationale.length).toBeGreaterThan(80);
      expect(rule.references.length).toBeGreaterThan(0);
      for (const ref of rule.references) expect(ref.url).toMatch(/^https:\/\/(www\.rfc-editor\.org\/rfc\/rfc\d+(#section-[\d.]+)?|developers\.telnyx\.com\/)/);
      expect(rule.tags?.[0]).toBe('security');
      expect((rule.tests?.valid ?? []).length).toBeGreaterThan(0);
      expect((rule.tests?.invalid ?? []).length).toBeGreaterThan(0);
      expect(rule.message).toMatch(/^(Expected|Invalid|Disallowed|\{\{@detail\}\})/);
      expect([2.0, 5.5, 8.0, 9.5]).toContain(rule.securitySeverity);
    });

    const valid = (rule.tests?.valid ?? []).map((testCase, i) => [testCase.name ?? `valid #${i + 1}`, testCase] as const);
    it.each(valid)('accepts: %s', (_name, testCase) => {
      expect(pathsOf(rule, testCase)).toEqual([]);
    });

    const invalid = (rule.tests?.invalid ?? []).map((testCase, i) => [testCase.name ?? `invalid #${i + 1}`, testCase] as const);
    it.each(invalid)('rejects: %s', (_name, testCase) => {
      expect(pathsOf(rule, testCase)).toEqual([...(testCase.findings ?? [])].sort());
    });
  });
});
