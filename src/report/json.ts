/**
 * `--format json`: a documented, stable shape (README, "JSON report"). New fields may be added;
 * existing ones keep their meaning.
 */
import type { Finding, FormatOptions, Formatter, LintResult } from '../types.js';
import { fails, summarize } from './summary.js';

const PLACEHOLDER = '\u0000findings\u0000';

function findingJson(finding: Finding): Record<string, unknown> {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    clientId: finding.clientId,
    clientName: finding.clientName,
    clientIndex: finding.clientIndex,
    path: finding.path,
    value: finding.value === undefined ? null : finding.value,
    ...(finding.value === undefined ? { valueMissing: true } : {}),
    message: finding.message,
    ...(finding.exception ? { exception: finding.exception } : {}),
    ...(finding.baselineState ? { baselineState: finding.baselineState } : {}),
  };
}

/**
 * The report in pieces, a few hundred findings at a time, so a large one is never one string (nor
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
  const BATCH = 500;
  for (let i = 0; i < result.findings.length; i += BATCH) {
    const lines = result.findings.slice(i, i + BATCH).map((finding) => `    ${JSON.stringify(findingJson(finding), null, 2).replace(/\n/g, '\n    ')}`);
    yield `${i === 0 ? '' : ',\n'}${lines.join(',\n')}`;
  }
  yield `\n  ]${after}\n`;
}

export const formatJson: Formatter = (result, options) => [...formatJsonChunks(result, options)].join('');
