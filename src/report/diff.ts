/** `oauthlint diff OLD NEW`: inventory changes and findings introduced and resolved. Pure formatters. */
import type { InventoryDiff } from '../engine/inventory.js';
import type { Finding } from '../types.js';
import { asIs, escapeControl, shownLabel } from './escape.js';
import { escapeMarkdown } from './markdown.js';
import { inventoryHeadline, inventoryLines } from './review.js';
import { counted, plural } from '../plural.js';

export interface DiffResult {
  old: { location: string; clients: number };
  new: { location: string; clients: number };
  inventory: InventoryDiff;
  introduced: Finding[];
  resolved: Finding[];
  /** What reading either side noted (secrets dropped, a client_id given twice, pages that changed), each naming its side. */
  warnings: string[];
}

// Raw: each caller escapes the whole label for its format.
const who = (f: Finding): string => `${shownLabel(f.clientName, asIs)} (${shownLabel(f.clientId, asIs, `record #${f.clientIndex + 1}`)})`;

export function diffText(diff: DiffResult): string {
  const lines = [
    `Inventory: ${escapeControl(diff.old.location)} (${plural(diff.old.clients, 'client')}) → ${escapeControl(diff.new.location)} (${plural(diff.new.clients, 'client')}): ${inventoryHeadline(diff.inventory)}`,
    ...inventoryLines(diff.inventory),
    '',
    `Findings introduced (${counted(diff.introduced.length)}):`,
    ...diff.introduced.map((f) => `  + ${f.severity.padEnd(7)} ${f.ruleId}  ${escapeControl(who(f))}  ${escapeControl(f.message)}`),
    '',
    `Findings resolved (${counted(diff.resolved.length)}):`,
    ...diff.resolved.map((f) => `  - ${f.severity.padEnd(7)} ${f.ruleId}  ${escapeControl(who(f))}  ${escapeControl(f.message)}`),
    ...(diff.warnings.length > 0 ? ['', ...diff.warnings.map((warning) => `warning: ${escapeControl(warning)}`)] : []),
  ];
  return `${lines.join('\n')}\n`;
}

const findingJson = (f: Finding) => ({ ruleId: f.ruleId, severity: f.severity, clientId: f.clientId, clientName: f.clientName, path: f.path, value: f.value ?? null, message: f.message });

export function diffJson(diff: DiffResult): string {
  return `${JSON.stringify({ old: diff.old, new: diff.new, inventory: diff.inventory, findings: { introduced: diff.introduced.map(findingJson), resolved: diff.resolved.map(findingJson) }, warnings: diff.warnings }, null, 2)}\n`;
}

export function diffMarkdown(diff: DiffResult): string {
  const d = diff.inventory;
  const ref = (c: { clientId: string; name: string | null }) => `${shownLabel(c.name, escapeMarkdown)} (${shownLabel(c.clientId, escapeMarkdown)})`;
  const out = [
    `## oauthlint diff: ${inventoryHeadline(d)}; ${plural(diff.introduced.length, 'finding')} introduced, ${diff.resolved.length} resolved`,
    '',
    `${escapeMarkdown(diff.old.location)} (${plural(diff.old.clients, 'client')}) → ${escapeMarkdown(diff.new.location)} (${plural(diff.new.clients, 'client')})`,
    '',
    '| Change | Client | Field | Before | After |',
    '| --- | --- | --- | --- | --- |',
    ...d.added.map((c) => `| added | ${ref(c)} | | | |`),
    ...d.removed.map((c) => `| removed | ${ref(c)} | | | |`),
    ...d.changed.flatMap((c) => c.changes.map((ch) => `| changed | ${ref(c)} | ${escapeMarkdown(ch.field)} | ${escapeMarkdown(JSON.stringify(ch.before) ?? '(absent)')} | ${escapeMarkdown(JSON.stringify(ch.after) ?? '(absent)')} |`)),
    '',
    `### Findings introduced (${counted(diff.introduced.length)})`,
    '',
    ...diff.introduced.map((f) => `- **${f.severity}** ${escapeMarkdown(f.ruleId)}: ${escapeMarkdown(who(f))} — ${escapeMarkdown(f.message)}`),
    '',
    `### Findings resolved (${counted(diff.resolved.length)})`,
    '',
    ...diff.resolved.map((f) => `- ${escapeMarkdown(f.ruleId)}: ${escapeMarkdown(who(f))} — ${escapeMarkdown(f.message)}`),
    ...(diff.warnings.length > 0 ? ['', '### Warnings', '', ...diff.warnings.map((warning) => `- ${escapeMarkdown(warning)}`)] : []),
  ];
  return `${out.join('\n')}\n`;
}
