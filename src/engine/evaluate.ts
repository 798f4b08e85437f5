/**
 * The engine: (clients, compiled rules, now) → findings. Pure: no file, no network, no clock.
 */
import type { EvaluateOptions, Finding, OAuthClient } from '../types.js';
import { shownValue, type EvalContext } from './expr.js';
import type { CompiledRule, Emit } from './rules.js';

const REDACTED = '[redacted]';

/** Paths under which a value is a secret and is never carried into a finding. */
function isSecretPath(path: string): boolean {
  return path === 'client_secret' || path.startsWith('client_secret.') || path.startsWith('client_secret[');
}

/** A field of a record when it is a string, else null (records are untrusted). */
export function stringField(record: unknown, field: string): string | null {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return null;
  const value = (record as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : null;
}

export interface Evaluation {
  findings: Finding[];
  clientCount: number;
  /** client_id and name of every record, by index (null when not strings). */
  ids: (string | null)[];
  names: (string | null)[];
}

/** Records in, one at a time, so a caller can drop each after it is added; findings out at the end. */
export interface Evaluator {
  add(record: unknown): void;
  finish(): Evaluation;
}

export function createEvaluator(rules: readonly CompiledRule[], options: EvaluateOptions): Evaluator {
  const findings: Finding[] = [];
  const ids: (string | null)[] = [];
  const names: (string | null)[] = [];
  const context: EvalContext = { client: undefined, current: undefined, path: '', clientIndex: 0, options: {}, now: options.now, uriMemo: [] };
  const recordRules = rules.filter((r) => r.set === undefined);
  const setRules = rules.filter((r) => r.set !== undefined);
  let rule: CompiledRule;
  let clientId: string | null = null;
  let clientName: string | null = null;
  let clientIndex = 0;
  const emit: Emit = (path, value, message, severity) => {
    findings.push({
      ruleId: rule.definition.id,
      severity: severity ?? rule.severity,
      clientId,
      clientName,
      clientIndex,
      path,
      value: isSecretPath(path) ? REDACTED : shownValue(value),
      message,
    });
  };
  return {
    add(client) {
      const i = ids.length;
      context.client = client;
      context.uriMemo.length = 0;
      clientIndex = i;
      context.clientIndex = i;
      clientId = stringField(client, 'client_id');
      clientName = stringField(client, 'name');
      ids.push(clientId);
      names.push(clientName);
      for (const r of setRules) r.set?.observe(client, i);
      for (rule of recordRules) {
        context.options = rule.options;
        rule.evaluate(context, emit);
      }
    },
    finish() {
      let late = false;
      for (rule of setRules) {
        context.options = rule.options;
        for (const index of rule.set?.settle() ?? []) {
          // The record itself is gone by now: set rules speak from what they observed.
          context.client = undefined;
          context.uriMemo.length = 0;
          clientIndex = index;
          context.clientIndex = index;
          clientId = ids[index] ?? null;
          clientName = names[index] ?? null;
          rule.evaluate(context, emit);
          late = true;
        }
      }
      // Keep findings in input order (stable: rule order is kept within a client).
      if (late) findings.sort((a, b) => a.clientIndex - b.clientIndex);
      return { findings, clientCount: ids.length, ids, names };
    },
  };
}

/** Evaluate every rule on every client, in input order, rules in the order given. */
export function evaluate(clients: readonly OAuthClient[], rules: readonly CompiledRule[], options: EvaluateOptions): Finding[] {
  const evaluator = createEvaluator(rules, options);
  for (const client of clients) evaluator.add(client);
  return evaluator.finish().findings;
}
