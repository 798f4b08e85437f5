/** The rule catalog as a Markdown table: the README's rule table and `oauthlint rules --format markdown`. */
import type { RuleDefinition, SeverityOrOff } from '../types.js';
import { escapeControl } from './escape.js';
import { codeUnitOrder } from '../order.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function rulesMarkdownTable(rules: readonly RuleDefinition[], severities?: ReadonlyMap<string, SeverityOrOff>): string {
  const rows = [...rules]
    .sort((a, b) => codeUnitOrder(a.id, b.id))
    .map((rule) => {
      const refs = rule.references.map((ref) => `[${cell(ref.title.split(' — ')[0] ?? ref.title)}](${ref.url})`).join(', ');
      const effective = severities?.get(rule.id);
      const state = effective !== undefined ? effective : rule.enabled === false ? `${rule.severity} (off by default)` : rule.severity;
      return `| [\`${rule.id}\`](${rule.docs}) | ${state} | ${cell(rule.title)} | ${refs} |`;
    });
  return ['| Rule | Severity | What it checks | References |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function optionsTable(rule: RuleDefinition): string {
  const properties = (rule.options?.properties ?? {}) as Record<string, { type?: unknown; default?: unknown; description?: string }>;
  const names = Object.keys(properties);
  if (names.length === 0) return 'Options: none.';
  const rows = names.map((name) => {
    const schema = properties[name] ?? {};
    return `| \`${name}\` | ${cell(String(schema.type ?? ''))} | \`${JSON.stringify(schema.default)}\` | ${cell(schema.description ?? '')} |`;
  });
  return ['| Option | Type | Default | Meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** One section per rule, for docs/rules.md. */
export function rulesMarkdownReference(rules: readonly RuleDefinition[]): string {
  return [...rules]
    .sort((a, b) => codeUnitOrder(a.id, b.id))
    .map((rule) =>
      [
        `### ${rule.id}`,
        '',
        `**${cell(rule.title)}** — default severity \`${rule.severity}\`${rule.enabled === false ? ' (off unless enabled)' : ''}, security severity ${rule.securitySeverity.toFixed(1)}.`,
        '',
        cell(rule.description),
        '',
        `*Rationale.* ${cell(rule.rationale)}`,
        '',
        ...(rule.fix ? [`*Fix.* ${cell(rule.fix)}`, ''] : []),
        optionsTable(rule),
        '',
        `References: ${rule.references.map((ref) => `[${cell(ref.title)}](${ref.url})`).join('; ')}.`,
      ].join('\n'),
    )
    .join('\n\n');
}

/** Replace the text between `<!-- NAME:start … -->` and `<!-- NAME:end -->`; throws when the markers are missing. */
export function replaceGenerated(document: string, name: string, content: string): string {
  const start = new RegExp(`<!-- ${name}:start[^>]*-->`);
  const end = `<!-- ${name}:end -->`;
  const startMatch = start.exec(document);
  const endIndex = document.indexOf(end);
  if (!startMatch || endIndex === -1) throw new Error(`missing <!-- ${name}:start --> / ${end} markers`);
  return `${document.slice(0, startMatch.index + startMatch[0].length)}\n${content}\n${document.slice(endIndex)}`;
}

/** `oauthlint rules <id>`: one rule in full, for a terminal. */
export function ruleDetailText(rule: RuleDefinition, severity: SeverityOrOff, options: Record<string, unknown>): string {
  const wrap = (text: string): string => escapeControl(text.replace(/\s+/g, ' ').trim());
  const lines = [
    `${rule.id}: ${wrap(rule.title)}`,
    '',
    `Severity: ${severity} here (default ${rule.severity}${rule.enabled === false ? ', off unless enabled' : ''}); security severity ${rule.securitySeverity.toFixed(1)}`,
    '',
    wrap(rule.description),
    '',
    `Why: ${wrap(rule.rationale)}`,
  ];
  if (rule.fix) lines.push('', `Fix: ${wrap(rule.fix)}`);
  const properties = (rule.options?.properties ?? {}) as Record<string, { type?: unknown; default?: unknown; description?: string }>;
  if (Object.keys(properties).length > 0) {
    lines.push('', 'Options:');
    for (const [name, schema] of Object.entries(properties)) {
      lines.push(`  ${name} (${String(schema.type ?? 'any')}, default ${JSON.stringify(schema.default)}, here ${JSON.stringify(options[name])}): ${wrap(schema.description ?? '')}`);
    }
  }
  lines.push('', 'References:', ...rule.references.map((ref) => `  ${ref.title}: ${ref.url}`), '', `Docs: ${rule.docs}`);
  const examples = (kind: 'valid' | 'invalid') =>
    (rule.tests?.[kind] ?? []).slice(0, 6).map((c) => `  ${kind === 'valid' ? '✓' : '✗'} ${wrap(c.name ?? '')}${c.name ? ': ' : ''}${escapeControl(JSON.stringify(c.client ?? c.clients))}`);
  const shown = [...examples('invalid'), ...examples('valid')];
  if (shown.length > 0) lines.push('', 'Examples (✗ reported, ✓ accepted; fields over a complete record):', ...shown);
  return `${lines.join('\n')}\n`;
}
