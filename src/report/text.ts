/** `--format text`: findings grouped by client, then a summary. Data strings are escaped. */
import { type Finding, type FormatOptions, type Formatter, type LintResult, type Severity } from '../types.js';
import { escapeControl, shownLabel } from './escape.js';
import { bySeverityThenRule, fails, rulesByCount, summarize } from './summary.js';
import { counted, plural } from '../plural.js';
import { inventoryHeadline, inventoryLines } from './review.js';

const CODES = { red: 31, yellow: 33, cyan: 36, bold: 1, dim: 2, green: 32 } as const;
type Style = keyof typeof CODES;

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', note: 'cyan' };

/** Lines a piece of the text report holds (see formatTextChunks). */
const PIECE_LINES = 2000;
/** A report with more findings than this ends with their count by rule: the list is too long to count by eye. */
const BY_RULE_FROM = 50;

/**
 * The text report in pieces of whole lines, each ending in a newline, so a report of 100,000 clients
 * is never one 30 MB string, nor 260,000 line strings alive at once (they lived long enough to be
 * copied into the old generation, and collecting them was 40% of the report's time). The pieces join
 * to `formatText`'s string.
 */
export function* formatTextChunks(result: LintResult, options: FormatOptions): Generator<string> {
  const paint = (style: Style, text: string): string => (options.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
  const shown = options.quiet ? result.findings.filter((finding) => finding.severity === 'error' && finding.exception === undefined) : result.findings;
  const groups = new Map<number, Finding[]>();
  for (const finding of shown) {
    const group = groups.get(finding.clientIndex);
    if (group) group.push(finding);
    else groups.set(finding.clientIndex, [finding]);
  }
  const lines: string[] = [];
  // A loop, not Math.max(...list): spreading 100,000 findings into arguments overflows the stack.
  let ruleWidth = 0;
  for (const finding of shown) ruleWidth = Math.max(ruleWidth, finding.ruleId.length);
  for (const [index, findings] of [...groups].sort((a, b) => a[0] - b[0])) {
    const first = findings[0] as Finding;
    const name = shownLabel(first.clientName, escapeControl);
    const id = first.clientId === null ? `record #${index + 1}, no client_id` : `client_id ${shownLabel(first.clientId, escapeControl)}`;
    lines.push(`${paint('bold', name)} ${paint('dim', `(${id})`)}`);
    if (findings.length > 1) findings.sort(bySeverityThenRule);
    for (const finding of findings) {
      const severity = paint(SEVERITY_STYLE[finding.severity], finding.severity.padEnd(8));
      const path = finding.path === '' ? '(record)' : escapeControl(finding.path);
      const state = finding.baselineState === 'new' ? paint('bold', ' [new]') : finding.baselineState === 'unchanged' ? paint('dim', ' [unchanged]') : '';
      const excepted = finding.exception ? paint('dim', ` [excepted until ${finding.exception.expires}: ${escapeControl(finding.exception.reason)}]`) : '';
      lines.push(`  ${finding.exception ? paint('dim', 'excepted') : severity} ${finding.ruleId.padEnd(ruleWidth)}  ${escapeControl(finding.message)}  ${paint('dim', path)}${state}${excepted}`);
    }
    lines.push('');
    if (lines.length >= PIECE_LINES) {
      yield `${lines.join('\n')}\n`;
      lines.length = 0;
    }
  }
  const summary = summarize(result.clientCount, result.findings);
  const counts = [plural(summary.bySeverity.error, 'error'), plural(summary.bySeverity.warning, 'warning'), plural(summary.bySeverity.note, 'note')];
  const checked = `${plural(summary.clients, 'client')} checked`;
  const failed = fails(result.findings, options.failOn);
  const verdict =
    summary.findings === 0
      ? paint('green', `✔ No findings${summary.excepted > 0 ? ' (but for exceptions)' : ''}: ${checked}, ${plural(result.rules.length, 'rule')}.`)
      : paint(failed ? 'red' : 'yellow', `${failed ? '✖' : '⚠'} ${plural(summary.findings, 'finding')} (${counts.join(', ')}) in ${counted(summary.clientsWithFindings)} of ${checked}.`);
  if (result.baseline) {
    const b = result.baseline;
    if (b.fixed.length > 0 && !options.quiet) {
      lines.push(paint('green', `Fixed since the baseline (${counted(b.fixed.length)}):`));
      for (const entry of b.fixed.slice(0, 200)) {
        lines.push(`  ✔ ${entry.ruleId}  ${shownLabel(entry.clientName, escapeControl)} (${shownLabel(entry.clientId, escapeControl, 'no client_id')})  ${escapeControl(entry.path)}`);
      }
      if (b.fixed.length > 200) lines.push(`  … and ${counted(b.fixed.length - 200)} more`);
      lines.push('');
    }
  }
  if (result.inventory && !options.quiet) {
    lines.push(`Inventory since ${escapeControl(result.inventory.file)}: ${inventoryHeadline(result.inventory.diff)}`);
    for (const line of inventoryLines(result.inventory.diff)) lines.push(line);
    lines.push('');
  }
  if (result.collectionSummary && !options.quiet) lines.push(paint('dim', result.collectionSummary));
  const byRule = rulesByCount(summary);
  if (!options.quiet && summary.findings > BY_RULE_FROM && byRule.length > 1) {
    const width = counted(byRule[0]?.[1] ?? 0).length;
    lines.push('Findings by rule:');
    for (const [id, count] of byRule) lines.push(`  ${counted(count).padStart(width)}  ${id}`);
    lines.push('');
  }
  lines.push(verdict);
  if (result.baseline) {
    lines.push(`  Baseline ${escapeControl(result.baseline.file)}: ${counted(result.baseline.new)} new, ${counted(result.baseline.unchanged)} unchanged, ${counted(result.baseline.fixed.length)} fixed; the gate counts new findings only.`);
  }
  if (summary.excepted > 0) lines.push(`  ${plural(summary.excepted, 'finding')} excepted (listed above; they do not fail the gate).`);
  if (options.quiet && shown.length < result.findings.length) lines.push(`  (${hiddenByQuiet(result.findings)} not shown: --quiet)`);
  if (!options.quiet) for (const warning of result.warnings) lines.push(paint('yellow', `warning: ${escapeControl(warning)}`));
  const threshold = options.failOn === 'none' ? 'never fails on findings (--fail-on none)' : `fails on ${options.failOn} and above`;
  lines.push(paint('dim', `Verdict: ${failed ? 'FAIL' : 'PASS'} (${threshold}).`));
  yield `${lines.join('\n')}\n`;
}

export const formatText: Formatter = (result, options) => [...formatTextChunks(result, options)].join('');

/** What `--quiet` leaves out, counted: "6 warnings, 1 note", and excepted findings of any severity. */
function hiddenByQuiet(findings: readonly Finding[]): string {
  let warnings = 0;
  let notes = 0;
  let excepted = 0;
  for (const finding of findings) {
    if (finding.exception !== undefined) excepted++;
    else if (finding.severity === 'warning') warnings++;
    else if (finding.severity === 'note') notes++;
  }
  const parts = [warnings > 0 ? plural(warnings, 'warning') : '', notes > 0 ? plural(notes, 'note') : '', excepted > 0 ? `${counted(excepted)} excepted` : ''];
  return parts.filter((part) => part !== '').join(', ');
}
