/**
 * Inventory changes between two sets of clients, by client_id: added, removed, and changed field by
 * field for the fields that matter to security (and the name, which reviewers read). Pure.
 */
import type { Finding, OAuthClient } from '../types.js';
import { shownValue } from './expr.js';
import { quotedText } from './functions.js';
import { canonicalJson, identityOf } from './fingerprint.js';

export const SECURITY_FIELDS = [
  'name',
  'client_type',
  'require_pkce',
  'allowed_grant_types',
  'allowed_scopes',
  'redirect_uris',
  'logo_uri',
  'tos_uri',
  'policy_uri',
  'has_client_secret',
] as const;

export interface ClientRef {
  clientId: string;
  name: string | null;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  /** For lists: items added and removed (order ignored). */
  added?: unknown[];
  removed?: unknown[];
}

export interface InventoryDiff {
  added: ClientRef[];
  removed: ClientRef[];
  changed: (ClientRef & { changes: FieldChange[] })[];
  /** Records without a string client_id cannot be matched and are counted here. */
  unmatched: { old: number; new: number };
}

function byId(clients: readonly OAuthClient[]): { map: Map<string, OAuthClient>; unmatched: number } {
  const map = new Map<string, OAuthClient>();
  let unmatched = 0;
  for (const client of clients) {
    const id = client !== null && typeof client === 'object' ? client.client_id : undefined;
    if (typeof id === 'string') map.set(id, client);
    else unmatched++;
  }
  return { map, unmatched };
}

const isPrimitive = (value: unknown): boolean => value === null || typeof value !== 'object';

/**
 * `canonicalJson(a) === canonicalJson(b)`, without writing either out where it need not: two JSON
 * primitives are the same exactly when they are ===, and so are two lists of them, item by item.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (isPrimitive(a) || isPrimitive(b)) return a === b;
  if (Array.isArray(a) && Array.isArray(b) && a.every(isPrimitive) && b.every(isPrimitive)) {
    return a.length === b.length && a.every((item, i) => item === b[i]);
  }
  return canonicalJson(a) === canonicalJson(b);
}

const nameOf = (client: OAuthClient): string | null => (typeof client.name === 'string' ? client.name : null);

export function diffInventory(before: readonly OAuthClient[], after: readonly OAuthClient[]): InventoryDiff {
  const old = byId(before);
  const now = byId(after);
  const added: ClientRef[] = [];
  const removed: ClientRef[] = [];
  const changed: InventoryDiff['changed'] = [];
  for (const [id, client] of now.map) {
    const previous = old.map.get(id);
    if (previous === undefined) {
      added.push({ clientId: id, name: nameOf(client) });
      continue;
    }
    const changes: FieldChange[] = [];
    for (const field of SECURITY_FIELDS) {
      const a = previous[field];
      const b = client[field];
      if (sameJson(a, b)) continue;
      // Compared whole; carried into the reports as a finding's value is (see shownValue).
      const change: FieldChange = { field, before: shownValue(a), after: shownValue(b) };
      if (Array.isArray(a) && Array.isArray(b)) {
        const keysA = new Set(a.map(canonicalJson));
        const keysB = new Set(b.map(canonicalJson));
        change.added = b.filter((item) => !keysA.has(canonicalJson(item))).map(shownValue);
        change.removed = a.filter((item) => !keysB.has(canonicalJson(item))).map(shownValue);
      }
      changes.push(change);
    }
    if (changes.length > 0) changed.push({ clientId: id, name: nameOf(client), changes });
  }
  for (const [id, client] of old.map) if (!now.map.has(id)) removed.push({ clientId: id, name: nameOf(client) });
  return { added, removed, changed, unmatched: { old: old.unmatched, new: now.unmatched } };
}

/**
 * Findings present after but not before (introduced), and before but not after (resolved), matched as
 * fingerprints match (by what they hash, each worked out once: hashing every finding of two
 * 100,000-client snapshots four times took a second).
 */
export function diffFindings(before: readonly Finding[], after: readonly Finding[]): { introduced: Finding[]; resolved: Finding[] } {
  const keyed = (findings: readonly Finding[]) => findings.filter((f) => f.exception === undefined).map((f) => ({ f, key: identityOf(f) }));
  const count = (findings: readonly { key: string }[]) => {
    const map = new Map<string, number>();
    for (const { key } of findings) map.set(key, (map.get(key) ?? 0) + 1);
    return map;
  };
  const take = (findings: readonly { f: Finding; key: string }[], other: Map<string, number>): Finding[] => {
    const out: Finding[] = [];
    for (const { f, key } of findings) {
      const left = other.get(key) ?? 0;
      if (left > 0) other.set(key, left - 1);
      else out.push(f);
    }
    return out;
  };
  const old = keyed(before);
  const now = keyed(after);
  return { introduced: take(now, count(old)), resolved: take(old, count(now)) };
}

/**
 * The string client_ids of `ids` as a set. `new Set(ids)` builds it in V8's own loop, ~40 ms for 100,000
 * ids where a loop of `has` and `add` took 60-110.
 */
export function idSet(ids: readonly (string | null)[]): Set<string> {
  const set = new Set<string | null | undefined>(ids);
  set.delete(null);
  set.delete(undefined);
  return set as Set<string>;
}

/**
 * A client_id held by more than one record (two exports pasted together), with the first five and
 * where each was first; null when no id repeats. The caller says what it means for its output.
 * `set` is `idSet(ids)`, for a caller that needs the ids as a set too (exceptions do).
 * (The API collector reads a listing again when an id is on two pages; one twice on a page comes here.)
 */
export function repeatedIdsWarning(ids: readonly (string | null)[], set: ReadonlySet<string> = idSet(ids)): string | null {
  let strings = 0;
  for (let i = 0; i < ids.length; i++) if (typeof ids[i] === 'string') strings++;
  // As many different ids as ids: none repeats (the common case, and no second set is made).
  if (set.size === strings) return null;
  const seen = new Set<string>();
  const shown: string[] = [];
  let count = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === null || id === undefined) continue;
    if (!seen.has(id)) {
      seen.add(id);
      continue;
    }
    count++;
    // Where it was first is looked up only for the few shown.
    if (shown.length < 5) shown.push(`${quotedText(id)} (records #${ids.indexOf(id) + 1} and #${i + 1})`);
  }
  if (count === 0) return null;
  const which = count === 1 ? 'a record repeats the client_id of an earlier one' : `${count} records repeat the client_id of an earlier one`;
  return `${which}: ${shown.join(', ')}${count > 5 ? ', …' : ''}`;
}
