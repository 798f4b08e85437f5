/** Plain-text pieces shared by the text and JSON reports for baselines and inventory changes. */
import type { InventoryDiff } from '../engine/inventory.js';
import { escapeControl, shownLabel } from './escape.js';
import { counted, plural } from '../plural.js';

const show = (value: unknown): string => (value === undefined ? '(absent)' : escapeControl(JSON.stringify(value)));

/** One line per change, for a terminal. */
export function inventoryLines(diff: InventoryDiff): string[] {
  const who = (c: { clientId: string; name: string | null }) => `${shownLabel(c.name, escapeControl)} (${shownLabel(c.clientId, escapeControl)})`;
  const lines: string[] = [];
  for (const c of diff.added) lines.push(`  + added    ${who(c)}`);
  for (const c of diff.removed) lines.push(`  - removed  ${who(c)}`);
  for (const c of diff.changed) {
    lines.push(`  ~ changed  ${who(c)}`);
    for (const change of c.changes) {
      if (change.added !== undefined || change.removed !== undefined) {
        const parts = [...(change.added ?? []).map((v) => `+${show(v)}`), ...(change.removed ?? []).map((v) => `-${show(v)}`)];
        lines.push(`      ${change.field}: ${parts.length > 0 ? parts.join(' ') : 'reordered'}`);
      } else {
        lines.push(`      ${change.field}: ${show(change.before)} → ${show(change.after)}`);
      }
    }
  }
  if (diff.unmatched.old + diff.unmatched.new > 0) lines.push(`  (${plural(diff.unmatched.old + diff.unmatched.new, 'record')} without a client_id could not be compared)`);
  return lines;
}

export function inventoryHeadline(diff: InventoryDiff): string {
  return `${counted(diff.added.length)} added, ${counted(diff.removed.length)} removed, ${counted(diff.changed.length)} changed`;
}
