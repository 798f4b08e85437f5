/**
 * `--format json`: a documented, stable shape (README, "JSON report"). New fields may be added;
 * existing ones keep their meaning.
 */
import type { Finding, FormatOptions, Formatter, LintResult } from '../types.js';
import { fails, summarize } from './summary.js';

const PLACEHOLDER = '\u0000findings\u0000';

/** A JSON value pretty-printed as it would be at `indent` inside the report. */
function pretty(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

/**
 * One finding exactly as `JSON.stringify(report, null, 2)` prints it inside "findings", written out
 * by hand: stringifying each finding whole and re-indenting it was the slowest part of a large run.
 */
function prettyFinding(finding: Finding): string {
  const q = JSON.stringify;
  const f = '      ';
  let out = `    {\n${f}"ruleId": ${q(finding.ruleId)},\n${f}"severity": ${q(finding.severity)},\n${f}"clientId": ${q(finding.clientId)},\n${f}"clientName": ${q(finding.clientName)},\n${f}"clientIndex": ${finding.clientIndex},\n${f}"path": ${q(finding.path)},\n`;
  out += finding.value === undefined ? `${f}"value": null,\n${f}"valueMissing": true,\n` : `${f}"value": ${pretty(finding.value, f)},\n`;
  out += `${f}"message": ${q(finding.message)}`;
  if (finding.exception) out += `,\n${f}"exception": ${pretty(finding.exception, f)}`;
  if (finding.baselineState) out += `,\n${f}"baselineState": ${q(finding.baselineState)}`;
  return `${out}\n    }`;
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
    const lines = result.findings.slice(i, i + BATCH).map(prettyFinding);
    yield `${i === 0 ? '' : ',\n'}${lines.join(',\n')}`;
  }
  yield `\n  ]${after}\n`;
}

export const formatJson: Formatter = (result, options) => [...formatJsonChunks(result, options)].join('');
