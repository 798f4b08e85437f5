/**
 * The identity of a finding across runs: rule id + client id + what is wrong (the field, without list
 * positions, and the offending value). Never the client's name (a rename must not resurrect or hide a
 * finding) and never rule + client alone (a new bad URI on an already-flagged client must not be
 * swallowed). SARIF's partialFingerprints and baselines both use it.
 */
import { createHash } from 'node:crypto';
import { jsonText } from '../json-text.js';
import type { Finding } from '../types.js';

/** `redirect_uris[2]` → `redirect_uris[]`: reordering a list must not change identities. */
export function fieldOf(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

/** A stable JSON text: object keys sorted, so two equal values always hash alike. Any depth. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  return jsonText(value, true);
}

type Identified = Pick<Finding, 'ruleId' | 'clientId' | 'clientIndex' | 'path' | 'value'>;

/**
 * What the fingerprint is a hash of: equal for two findings exactly when their fingerprints are (what a
 * comparison within one run can match on without hashing). Records without a client_id use their position.
 */
export function identityOf(finding: Identified): string {
  const client = finding.clientId ?? `#${finding.clientIndex}`;
  return [finding.ruleId, client, fieldOf(finding.path), canonicalJson(finding.value)].join('\u0000');
}

/** The fingerprint: 32 hex characters of SHA-256 of the identity. */
export function fingerprintOf(finding: Identified): string {
  return createHash('sha256').update(identityOf(finding)).digest('hex').slice(0, 32);
}
