/**
 * One runner for every rules/*.yml: each rule's own valid and invalid cases, plus a meta-test of what
 * every rule file must carry.
 */
import { loadBuiltinRules } from '../src/config/load-rules.js';
import { evaluate } from '../src/engine/evaluate.js';
import { compileRule, resolveOptions } from '../src/engine/rules.js';
import type { RuleDefinition, RuleTestCase } from '../src/types.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const rules = loadBuiltinRules();

function recordOf(rule: RuleDefinition, testCase: RuleTestCase): unknown {
  if (testCase.replace) return testCase.client;
  return { ...(rule.tests?.base ?? {}), ...(testCase.client as Record<string, unknown>) };
}

function findingsOf(rule: RuleDefinition, testCase: RuleTestCase) {
  const { options, issues } = resolveOptions(rule, testCase.options);
  expect(issues).toEqual([]);
  const compileIssues: { keyPath: string; message: string }[] = [];
  const compiled = compileRule(rule, rule.severity, options, compileIssues);
  expect(compileIssues).toEqual([]);
  return evaluate([recordOf(rule, testCase) as never], [compiled], { now: NOW });
}

describe('the catalog', () => {
  it('has the mandated rules', () => {
    const ids = rules.map((rule) => rule.id);
    for (const id of ['client-record-schema', 'public-client-require-pkce', 'no-http-redirect-uri', 'missing-policy-uri']) {
      expect(ids).toContain(id);
    }
  });

  describe.each(rules.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    it('carries its metadata: id = file name, docs, rationale, references, tests', () => {
      expect(rule.file?.endsWith(`/${id}.yml`)).toBe(true);
      expect(rule.docs).toMatch(/^https:\/\/.+#/);
      expect(rule.rationale.length).toBeGreaterThan(80);
      expect(rule.references.length).toBeGreaterThan(0);
      expect(rule.tags?.[0]).toBe('security');
      expect((rule.tests?.valid ?? []).length).toBeGreaterThan(0);
      expect((rule.tests?.invalid ?? []).length).toBeGreaterThan(0);
      expect(rule.message).toMatch(/^(Expected|Invalid|Disallowed|\{\{@detail\}\})/);
    });

    const valid = (rule.tests?.valid ?? []).map((testCase, i) => [testCase.name ?? `valid #${i + 1}`, testCase] as const);
    it.each(valid)('accepts: %s', (_name, testCase) => {
      expect(findingsOf(rule, testCase).map((finding) => finding.path)).toEqual([]);
    });

    const invalid = (rule.tests?.invalid ?? []).map((testCase, i) => [testCase.name ?? `invalid #${i + 1}`, testCase] as const);
    it.each(invalid)('rejects: %s', (_name, testCase) => {
      const findings = findingsOf(rule, testCase);
      expect(findings.map((finding) => finding.path).sort()).toEqual([...(testCase.findings ?? [])].sort());
      for (const finding of findings) {
        expect(finding.ruleId).toBe(id);
        expect(finding.severity).toBe(rule.severity);
        expect(finding.message.length).toBeGreaterThan(10);
      }
    });
  });
});
