/** Counting findings, shared by every format. */
import { SEVERITY_RANK, type FailOn, type Finding, type Severity } from '../types.js';
import { codeUnitOrder } from '../order.js';

export interface Summary {
  clients: number;
  /** Clients with at least one finding that is not excepted. */
  clientsWithFindings: number;
  /** Findings that are not excepted (they are what the gate counts). */
  findings: number;
  /** Findings covered by an exception: listed, but not counted above. */
  excepted: number;
  bySeverity: Record<Severity, number>;
  byRule: Record<string, number>;
}

export function summarize(clientCount: number, findings: readonly Finding[]): Summary {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  const byRule: Record<string, number> = {};
  const clients = new Set<number>();
  let excepted = 0;
  for (const finding of findings) {
    if (finding.exception !== undefined) {
      excepted++;
      continue;
    }
    bySeverity[finding.severity] += 1;
    byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
    clients.add(finding.clientIndex);
  }
  return { clients: clientCount, clientsWithFindings: clients.size, findings: findings.length - excepted, excepted, bySeverity, byRule };
}

/** True when `finding` is at or above the threshold. */
export function meetsThreshold(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
}

/** A finding the gate counts: not excepted, and not already in the baseline. */
export function counts(finding: Finding): boolean {
  return finding.exception === undefined && finding.baselineState !== 'unchanged';
}

/** True when the findings fail the run at this threshold. Excepted and baselined findings never do. */
export function fails(findings: readonly Finding[], failOn: FailOn): boolean {
  return findings.some((finding) => counts(finding) && meetsThreshold(finding.severity, failOn));
}

/** The rules that found something, with how much: the most first, then by rule id. */
export function rulesByCount(summary: Summary): [string, number][] {
  return Object.entries(summary.byRule).sort((a, b) => b[1] - a[1] || codeUnitOrder(a[0], b[0]));
}

/** A client's findings as the reports list them: errors first, then warnings, then notes; by rule id within each. */
export function bySeverityThenRule(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || codeUnitOrder(a.ruleId, b.ruleId);
}
