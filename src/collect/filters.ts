/**
 * The API's list filters: the flags that set them, by the wire names the spec and the official SDK use,
 * and the filters a snapshot says it was collected with (so that it is compared with like).
 */
import { InputError } from '../errors.js';
import type { SnapshotV1 } from '../types.js';

export const FILTERS: readonly (readonly [flag: string, wire: string])[] = [
  ['client-type', 'filter[client_type]'],
  ['verified', 'filter[verified]'],
  ['grant-type', 'filter[allowed_grant_types][contains]'],
  ['name', 'filter[name]'],
  ['name-contains', 'filter[name][contains]'],
  ['client-id', 'filter[client_id]'],
];

const WIRE_NAMES = FILTERS.map(([, wire]) => wire);

/**
 * The filters of a snapshot collected from the API (`source.filters`), checked, since they may be sent
 * to the API again (`diff OLD` against the live account); undefined when the snapshot cannot say (it
 * was made from a file, or is not a snapshot).
 */
export function collectedFilters(source: SnapshotV1['source'] | undefined, location: string): Record<string, string> | undefined {
  if (source === null || typeof source !== 'object' || source.kind !== 'api') return undefined;
  const filters = source.filters as unknown;
  if (filters === undefined || filters === null) return {};
  const fault = (what: string): InputError => new InputError(`${location}: snapshot "source.filters" ${what}`, location);
  if (typeof filters !== 'object' || Array.isArray(filters)) throw fault(`is ${Array.isArray(filters) ? 'a list' : typeof filters}, not an object of filters`);
  for (const [name, value] of Object.entries(filters)) {
    if (!WIRE_NAMES.includes(name)) throw fault(`has ${JSON.stringify(name)}, which is no filter oauthlint sends (${WIRE_NAMES.join(', ')})`);
    if (typeof value !== 'string') throw fault(`gives ${JSON.stringify(name)} a ${value === null ? 'null' : typeof value}, not a text`);
  }
  return filters as Record<string, string>;
}

/** `filter[client_type]="public", filter[verified]="true"`, or `no filters`. */
export function describeFilters(filters: Readonly<Record<string, string>>): string {
  const entries = Object.entries(filters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? 'no filters' : entries.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(', ');
}

/**
 * A warning when two sides of an inventory comparison were collected with different filters: the
 * clients in only one of those parts then show as added or removed. Nothing when either cannot say.
 */
export function differentParts(
  old: { source: SnapshotV1['source'] | undefined; location: string },
  now: { source: SnapshotV1['source'] | undefined; location: string },
): string[] {
  const before = collectedFilters(old.source, old.location);
  const after = collectedFilters(now.source, now.location);
  if (before === undefined || after === undefined || describeFilters(before) === describeFilters(after)) return [];
  return [`${old.location} was collected with ${describeFilters(before)} and ${now.location} with ${describeFilters(after)}: clients in only one of those parts show as added or removed`];
}
