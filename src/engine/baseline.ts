/**
 * Baselines: the findings of a past run, by fingerprint, so a review says what is new and what got
 * fixed, and a gate can fail only on what is new. Pure; reading and writing happen in run.ts.
 */
import type { Finding } from '../types.js';
import { fingerprintOf } from './fingerprint.js';
import { codeUnitOrder } from '../order.js';

/** One recorded finding. Only `fingerprint` decides identity; the rest is for people. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  clientId: string | null;
  clientName: string | null;
  path: string;
  value?: unknown;
  severity: string;
  message: string;
}

/** Version 1 of the baseline file (`--write-baseline`), documented in docs/baseline.md. */
export interface BaselineV1 {
  oauthlintBaseline: 1;
  createdAt: string;
  tool: { name: 'oauthlint'; version: string };
  /** Where the findings came from (file or API base URL). */
  source: string;
  entries: BaselineEntry[];
}

/** The baseline of a run: every finding that is not excepted, sorted by fingerprint. */
export function makeBaseline(findings: readonly Finding[], meta: { createdAt: string; toolVersion: string; source: string }): BaselineV1 {
  const entries = findings
    .filter((finding) => finding.exception === undefined)
    .map((finding) => ({
      fingerprint: fingerprintOf(finding),
      ruleId: finding.ruleId,
      clientId: finding.clientId,
      clientName: finding.clientName,
      path: finding.path,
      ...(finding.value === undefined ? {} : { value: finding.value }),
      severity: finding.severity,
      message: finding.message,
    }))
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  return { oauthlintBaseline: 1, createdAt: meta.createdAt, tool: { name: 'oauthlint', version: meta.toolVersion }, source: meta.source, entries };
}

/** What is wrong with a parsed baseline file (empty when it is one). */
export function baselineProblems(data: unknown): string[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return ['expected an oauthlint baseline object ({"oauthlintBaseline": 1, ...})'];
  const b = data as Record<string, unknown>;
  if (!('oauthlintBaseline' in b)) return ['not an oauthlint baseline: no "oauthlintBaseline" key (is this a report or a snapshot?)'];
  if (b.oauthlintBaseline !== 1) return [`unsupported baseline version ${JSON.stringify(b.oauthlintBaseline)} (this oauthlint reads version 1)`];
  if (!Array.isArray(b.entries)) return ['"entries" must be a list'];
  const problems: string[] = [];
  b.entries.forEach((entry, i) => {
    const e = entry as Record<string, unknown> | null;
    if (e === null || typeof e !== 'object') problems.push(`entries[${i}]: expected an object`);
    else {
      if (typeof e.fingerprint !== 'string' || !/^[0-9a-f]{32}$/.test(e.fingerprint)) problems.push(`entries[${i}].fingerprint: expected 32 hex characters`);
      if (typeof e.ruleId !== 'string') problems.push(`entries[${i}].ruleId: expected a string`);
    }
  });
  return problems.slice(0, 20);
}

export interface BaselineComparison {
  new: number;
  unchanged: number;
  /** Entries of the baseline that no current finding matches: fixed (or their client is gone). */
  fixed: BaselineEntry[];
}

/**
 * Mark each finding `new` or `unchanged` (setting `baselineState`) and list what was fixed. Matching
 * counts multiplicity: the same problem twice in the baseline and once now leaves one fixed.
 */
export function compareToBaseline(findings: readonly Finding[], baseline: BaselineV1): BaselineComparison {
  const remaining = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.entries) {
    const list = remaining.get(entry.fingerprint);
    if (list) list.push(entry);
    else remaining.set(entry.fingerprint, [entry]);
  }
  let added = 0;
  let unchanged = 0;
  for (const finding of findings) {
    if (finding.exception !== undefined) continue;
    const list = remaining.get(fingerprintOf(finding));
    if (list && list.length > 0) {
      list.pop();
      finding.baselineState = 'unchanged';
      unchanged++;
    } else {
      finding.baselineState = 'new';
      added++;
    }
  }
  const fixed = [...remaining.values()].flat().sort((a, b) => codeUnitOrder(a.ruleId, b.ruleId) || codeUnitOrder(String(a.clientId), String(b.clientId)));
  return { new: added, unchanged, fixed };
}
