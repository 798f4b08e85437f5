/** Snapshots: what was collected, so a review can be re-linted, diffed and audited later. */
import type { OAuthClient, SnapshotV1 } from '../types.js';
import { compactJson } from '../json-text.js';
import { withoutSecret } from './input.js';

export interface SnapshotInput {
  fetchedAt: string;
  source: SnapshotV1['source'];
  clients: readonly OAuthClient[];
  /** What the collection noted; kept in the snapshot only when there is something. */
  warnings?: readonly string[];
}

/** The snapshot text (JSON, one client per line so diffs stay readable). Secrets are removed again, in case. */
export function formatSnapshot({ fetchedAt, source, clients, warnings = [] }: SnapshotInput): string {
  const header: Omit<SnapshotV1, 'clients'> = { oauthlintSnapshot: 1, fetchedAt, source, ...(warnings.length > 0 ? { warnings: [...warnings] } : {}), clientCount: clients.length };
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, '');
  const body = clients.map((client) => `    ${compactJson(withoutSecret(client))}`).join(',\n');
  return `${head},\n  "clients": [${clients.length === 0 ? '' : `\n${body}\n  `}]\n}\n`;
}
