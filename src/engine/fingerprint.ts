/**
 * The identity of a finding across runs: rule id + client id + what is wrong (the field, without list
 * positions, and the offending value). Never the client's name (a rename must not resurrect or hide a
 * finding) and never rule + client alone (a new bad URI on an already-flagged client must not be
 * swallowed). SARIF's partialFingerprints and baselines both use it.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';

/** `redirect_uris[2]` → `redirect_uris[]`: reordering a list must not change identities. */
export function fieldOf(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

/** A stable JSON text: object keys sorted, so two equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/** The fingerprint: 32 hex characters of SHA-256. Records without a client_id use their position. */
export function fingerprintOf(finding: Pick<Finding, 'ruleId' | 'clientId' | 'clientIndex' | 'path' | 'value'>): string {
  const client = finding.clientId ?? `#${finding.clientIndex}`;
  return createHash('sha256')
    .update([finding.ruleId, client, fieldOf(finding.path), canonicalJson(finding.value)].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
