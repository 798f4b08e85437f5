/**
 * Running a rule's own test cases (`tests.valid` / `tests.invalid` in its file): the jest suite and
 * `oauthlint rules --test` use this one runner. Pure.
 */
import type { RuleDefinition, RuleTestCase } from '../types.js';
import { evaluate } from './evaluate.js';
import { compileRule, resolveOptions } from './rules.js';

export interface CaseResult {
  rule: string;
  kind: 'valid' | 'invalid';
  name: string;
  ok: boolean;
  /** What went wrong, when not ok. */
  problem?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function recordOf(rule: RuleDefinition, client: unknown, replace: boolean | undefined): unknown {
  if (replace || !isObject(client)) return client;
  return { ...(rule.tests?.base ?? {}), ...client };
}

/** The finding paths a case produces (sorted), or the problem compiling it. */
export function pathsOfCase(rule: RuleDefinition, testCase: RuleTestCase, now: Date): { paths: string[] } | { problem: string } {
  const { options, issues } = resolveOptions(rule, testCase.options);
  if (issues.length > 0) return { problem: `options: ${issues.map((i) => `${i.keyPath} ${i.message}`).join('; ')}` };
  const compileIssues: { keyPath: string; message: string }[] = [];
  const compiled = compileRule(rule, rule.severity, options, compileIssues);
  if (compileIssues.length > 0) return { problem: compileIssues.map((i) => `${i.keyPath}: ${i.message}`).join('; ') };
  const many = testCase.clients !== undefined;
  const records = many ? (testCase.clients ?? []).map((c) => recordOf(rule, c, testCase.replace)) : [recordOf(rule, testCase.client, testCase.replace)];
  const findings = evaluate(records as never[], [compiled], { now });
  return { paths: findings.map((f) => (many ? `${f.clientIndex}:${f.path}` : f.path)).sort() };
}

/** Run every case of every rule. `now` is fixed by the caller so cases about time stay stable. */
export function runRuleTests(rules: readonly RuleDefinition[], now: Date): CaseResult[] {
  const results: CaseResult[] = [];
  for (const rule of rules) {
    for (const kind of ['valid', 'invalid'] as const) {
      (rule.tests?.[kind] ?? []).forEach((testCase, i) => {
        const name = testCase.name ?? `${kind} #${i + 1}`;
        const outcome = pathsOfCase(rule, testCase, now);
        if ('problem' in outcome) {
          results.push({ rule: rule.id, kind, name, ok: false, problem: outcome.problem });
          return;
        }
        const expected = kind === 'valid' ? [] : [...(testCase.findings ?? [])].sort();
        const ok = JSON.stringify(outcome.paths) === JSON.stringify(expected);
        results.push({
          rule: rule.id,
          kind,
          name,
          ok,
          ...(ok ? {} : { problem: `expected findings at ${JSON.stringify(expected)}, got ${JSON.stringify(outcome.paths)}` }),
        });
      });
    }
  }
  return results;
}

/** Rule tests are written against this fixed "now" (rules about time, like stale-client, use it). */
export const RULE_TEST_NOW = new Date('2026-06-01T00:00:00Z');
