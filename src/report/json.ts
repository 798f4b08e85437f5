/**
 * `--format json`: a documented, stable shape (README, "JSON report"). New fields may be added;
 * existing ones keep their meaning.
 */
import type { Finding, FormatOptions, Formatter, LintResult } from '../types.js';
import { fails, summarize } from './summary.js';

const PLACEHOLDER = '\u0000findings\u0000';

/** A finding as the report shows it: its fields in the documented order, a missing value as null + valueMissing. */
function reportFinding(finding: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: finding.ruleId,
    severity: finding.severity,
    clientId: finding.clientId,
    clientName: finding.clientName,
    clientIndex: finding.clientIndex,
    path: finding.path,
    value: finding.value === undefined ? null : finding.value,
  };
  if (finding.value === undefined) out.valueMissing = true;
  out.message = finding.message;
  if (finding.exception) out.exception = finding.exception;
  if (finding.baselineState) out.baselineState = finding.baselineState;
  return out;
}

// `JSON.stringify({ findings: batch }, null, 2)` indents a batch exactly as it sits in the report
// (items at four spaces); cutting off this head and tail leaves the items. V8's own serializer does
// this several times faster than building each finding's text by hand.
const BATCH_HEAD = '{\n  "findings": [\n'.length;
const BATCH_TAIL = '\n  ]\n}'.length;

/**
 * The report in pieces, a thousand findings at a time, so a large one is never one string (nor
 * a copy of every finding) in memory. The pieces join to exactly `JSON.stringify(report, null, 2)`.
 */
export function* formatJsonChunks(result: LintResult, options: FormatOptions): Generator<string> {
  const summary = summarize(result.clientCount, result.findings);
  const report = {
    tool: { name: 'oauthlint', version: options.toolVersion },
    source: result.source,
    summary: { ...summary, failOn: options.failOn, failed: fails(result.findings, options.failOn) },
    rules: result.rules.map((rule) => ({ id: rule.definition.id, severity: rule.severity, title: rule.definition.title })),
    findings: PLACEHOLDER,
    warnings: result.warnings,
    ...(result.baseline ? { baseline: result.baseline } : {}),
    ...(result.inventory ? { inventory: result.inventory } : {}),
    ...(result.expiringExceptions && result.expiringExceptions.length > 0 ? { expiringExceptions: result.expiringExceptions } : {}),
  };
  const [before, after] = JSON.stringify(report, null, 2).split(`"findings": ${JSON.stringify(PLACEHOLDER)}`) as [string, string];
  if (result.findings.length === 0) {
    yield `${before}"findings": []${after}\n`;
    return;
  }
  yield `${before}"findings": [\n`;
  const BATCH = 1000;
  for (let i = 0; i < result.findings.length; i += BATCH) {
    const text = JSON.stringify({ findings: result.findings.slice(i, i + BATCH).map(reportFinding) }, null, 2);
    // The separator on its own: joined to the items it would make a third copy of them to write.
    if (i > 0) yield ',\n';
    yield text.slice(BATCH_HEAD, text.length - BATCH_TAIL);
  }
  yield `\n  ]${after}\n`;
}

export const formatJson: Formatter = (result, options) => [...formatJsonChunks(result, options)].join('');
