/**
 * The engine: (clients, compiled rules, now) → findings. Pure: no file, no network, no clock.
 */
import type { EvaluateOptions, Finding, OAuthClient } from '../types.js';
import type { EvalContext } from './expr.js';
import type { CompiledRule, RawFinding } from './rules.js';

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

/** Evaluate every rule on every client, in input order, rules in the order given. */
export function evaluate(clients: readonly OAuthClient[], rules: readonly CompiledRule[], options: EvaluateOptions): Finding[] {
  const findings: Finding[] = [];
  const context: EvalContext = { client: undefined, current: undefined, path: '', clientIndex: 0, options: {}, now: options.now, uriMemo: [] };
  for (const rule of rules) rule.prepare?.(clients);
  let rule: CompiledRule;
  let clientId: string | null = null;
  let clientName: string | null = null;
  let clientIndex = 0;
  const emit = (raw: RawFinding): void => {
    findings.push({
      ruleId: rule.definition.id,
      severity: raw.severity ?? rule.severity,
      clientId,
      clientName,
      clientIndex,
      path: raw.path,
      value: isSecretPath(raw.path) ? REDACTED : raw.value,
      message: raw.message,
    });
  };
  for (let i = 0; i < clients.length; i++) {
    const client = clients[i];
    context.client = client;
    context.uriMemo.length = 0;
    clientIndex = i;
    context.clientIndex = i;
    clientId = stringField(client, 'client_id');
    clientName = stringField(client, 'name');
    for (rule of rules) {
      context.options = rule.options;
      rule.evaluate(context, emit);
    }
  }
  return findings;
}
