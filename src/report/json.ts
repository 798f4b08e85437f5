/**
 * `--format json`: a documented, stable shape (docs/json-report.md). New fields may be added; existing
 * ones keep their meaning.
 */
import type { Formatter } from '../types.js';
import { fails, summarize } from './summary.js';

export const formatJson: Formatter = (result, options) => {
  const summary = summarize(result.clientCount, result.findings);
  const report = {
    tool: { name: 'oauthlint', version: options.toolVersion },
    source: result.source,
    summary: { ...summary, failOn: options.failOn, failed: fails(result.findings, options.failOn) },
    rules: result.rules.map((rule) => ({ id: rule.definition.id, severity: rule.severity, title: rule.definition.title })),
    findings: result.findings.map((finding) => ({
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
    })),
    warnings: result.warnings,
    ...(result.baseline ? { baseline: result.baseline } : {}),
    ...(result.inventory ? { inventory: result.inventory } : {}),
    ...(result.expiringExceptions && result.expiringExceptions.length > 0 ? { expiringExceptions: result.expiringExceptions } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
};
