/**
 * `--format markdown`: for $GITHUB_STEP_SUMMARY, a pull request comment or a review ticket. Every
 * string from the data is escaped for Markdown and HTML, so a client named `<img src=x onerror=…>` or
 * `](javascript:…)` renders as text.
 */
import { SEVERITY_RANK, type Finding, type FormatOptions, type Formatter, type LintResult, type Severity } from '../types.js';
import { bySeverityThenRule, fails, rulesByCount, summarize } from './summary.js';
import { counted, plural } from '../plural.js';
import { escapeControl, shownLabel } from './escape.js';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Text none of escapeMarkdown's replacements touch.
const PLAIN = /^[A-Za-z0-9 ,]*$/;
// The same with hyphens (UUIDs, kebab-case ids): only the hyphens are escaped, unless a `GH-12` in it
// needs defusing as well.
const PLAIN_AND_HYPHENS = /^[A-Za-z0-9 ,-]*$/;
const GH_REFERENCE = /gh-[0-9]/i;

/**
 * Text from the data, safe in Markdown and HTML, also inside a table cell: controls, line breaks and
 * invisible characters become the escapes the text report shows (`\n`, `\u200b`: see escape.ts), HTML
 * special characters entities, Markdown punctuation is backslash-escaped, and an @mention or an issue
 * reference is defused.
 */
export function escapeMarkdown(text: string): string {
  // Letters, digits, spaces and commas need nothing below (most names do not): skip the six scans.
  if (PLAIN.test(text)) return text;
  if (PLAIN_AND_HYPHENS.test(text) && !GH_REFERENCE.test(text)) return text.replace(/-/g, '\\-');
  return escapeControl(text)
    .replace(/[\\`*_{}[\]()#+\-.!|~:]/g, '\\$&')
    .replace(/[&<>"']/g, (ch) => HTML[ch] as string)
    // A client named `@acme/security` must not ping that team where the report is posted: a zero-width
    // space after `@` keeps GitHub from reading a mention (the practice of bots such as Renovate).
    .replace(/@(?=[A-Za-z0-9_-])/g, '@&#8203;')
    // Nor may a client named `Fix for #12` (or `GH-12`, `acme/app#12`) put "mentioned this" on issue 12
    // of the repository where the report is posted: the same zero-width space after `#` (escaped as `\#`
    // above) and after `GH-`.
    .replace(/\\#(?=[0-9])/g, '\\#&#8203;')
    .replace(/\b(GH)\\-(?=[0-9])/gi, '$1\\-&#8203;');
}

const ICON: Record<Severity, string> = { error: '🔴 error', warning: '🟠 warning', note: '🔵 note' };
/** Sections longer than this are collapsed. */
const OPEN_LIMIT = 20;
/** Passed clients listed by name at most; the rest are counted. */
const PASSED_LIMIT = 500;

/** Clients' sections per piece of the report. */
const SECTIONS_PER_PIECE = 500;

const detailsHead = (summary: string, open: boolean): string => `<details${open ? ' open' : ''}>\n<summary>${summary}</summary>\n\n`;
const DETAILS_TAIL = '\n\n</details>';

function details(summary: string, body: string, open: boolean): string {
  return `${detailsHead(summary, open)}${body}${DETAILS_TAIL}`;
}

/**
 * The report in pieces: the findings by client, most of a large one, a few hundred clients at a
 * time, so it is never one string in memory (a 100,000-client report is ~50 MB). The pieces join to
 * exactly `formatMarkdown`.
 */
export function* formatMarkdownChunks(result: LintResult, options: FormatOptions): Generator<string> {
  const active = result.findings.filter((finding) => finding.exception === undefined);
  const summary = summarize(result.clientCount, active);
  const excepted = result.findings.length - active.length;
  const failed = fails(active, options.failOn);
  const docs = new Map(result.rules.map((rule) => [rule.definition.id, rule.definition]));
  const links = new Map<string, string>();
  const ruleLink = (id: string): string => {
    let link = links.get(id);
    if (link === undefined) {
      const rule = docs.get(id);
      link = rule ? `[${escapeMarkdown(id)}](${rule.docs})` : escapeMarkdown(id);
      links.set(id, link);
    }
    return link;
  };
  // Paths and messages repeat across an account (one message per rule and value): each is escaped once.
  const escapedOnce = new Map<string, string>();
  const escapeRepeated = (text: string): string => {
    let escaped = escapedOnce.get(text);
    if (escaped === undefined) {
      escaped = escapeMarkdown(text);
      if (escapedOnce.size < 10_000) escapedOnce.set(text, escaped);
    }
    return escaped;
  };
  let out: string[] = [];
  const headline = active.length === 0 ? '✅ oauthlint: no findings' : `${failed ? '❌' : '⚠️'} oauthlint: ${plural(active.length, 'finding')} in ${counted(summary.clientsWithFindings)} of ${plural(summary.clients, 'client')}`;
  out.push(`## ${headline}`, '');
  const threshold = options.failOn === 'none' ? 'the gate never fails on findings' : `the gate fails on ${options.failOn} and above`;
  out.push(`**Verdict: ${failed ? 'FAIL' : 'PASS'}** (${threshold}). ${plural(summary.clients, 'client')} checked against ${plural(result.rules.length, 'rule')}.${excepted > 0 ? ` ${plural(excepted, 'finding')} excepted.` : ''}`);
  if (result.collectionSummary) out.push('', escapeMarkdown(result.collectionSummary));
  const b = result.baseline;
  if (b) out.push('', `**Since the baseline:** ${counted(b.new)} new · ${counted(b.fixed.length)} fixed · ${counted(b.unchanged)} unchanged (the gate counts new findings only).`);
  out.push('', '| Severity | Findings |', '| --- | ---: |');
  for (const severity of ['error', 'warning', 'note'] as const) out.push(`| ${ICON[severity]} | ${counted(summary.bySeverity[severity])} |`);

  const expiring = result.expiringExceptions ?? [];
  if (expiring.length > 0) {
    out.push('', '### Exceptions expiring within 30 days', '', '| Rule | Clients | Reason | Expires |', '| --- | --- | --- | --- |');
    for (const e of expiring) out.push(`| ${ruleLink(e.rule)} | ${e.clients.map(escapeMarkdown).join(', ')} | ${escapeMarkdown(e.reason)} | ${escapeMarkdown(e.expires)} (in ${e.days} days) |`);
  }
  if (result.inventory) {
    const d = result.inventory.diff;
    const who = (c: { clientId: string; name: string | null }) => `${shownLabel(c.name, escapeMarkdown)} (${shownLabel(c.clientId, escapeMarkdown)})`;
    const cellOf = (v: unknown) => (v === undefined ? '(absent)' : escapeMarkdown(JSON.stringify(v)));
    out.push('', `### Inventory changes since ${escapeMarkdown(result.inventory.file)}`, '', `${counted(d.added.length)} added · ${counted(d.removed.length)} removed · ${counted(d.changed.length)} changed`, '');
    const rows: string[] = [];
    for (const c of d.added) rows.push(`| added | ${who(c)} | | |`);
    for (const c of d.removed) rows.push(`| removed | ${who(c)} | | |`);
    for (const c of d.changed) {
      for (const change of c.changes) {
        const detail = change.added || change.removed ? [...(change.added ?? []).map((v) => `\\+ ${cellOf(v)}`), ...(change.removed ?? []).map((v) => `\\- ${cellOf(v)}`)].join('<br>') || 'reordered' : `${cellOf(change.before)} → ${cellOf(change.after)}`;
        rows.push(`| changed | ${who(c)} | ${escapeMarkdown(change.field)} | ${detail} |`);
      }
    }
    if (rows.length > 0) {
      const table = ['| Change | Client | Field | Detail |', '| --- | --- | --- | --- |', ...rows].join('\n');
      out.push(rows.length > OPEN_LIMIT ? details(plural(rows.length, 'change'), table, false) : table);
    }
  }
  if (b) {
    const fresh = active.filter((f) => f.baselineState === 'new');
    out.push('', `### New findings (${counted(fresh.length)})`, '');
    if (fresh.length === 0) out.push('None.');
    else {
      const rows = fresh.map((f) => `| ${ICON[f.severity]} | ${ruleLink(f.ruleId)} | ${shownLabel(f.clientName, escapeMarkdown)} (${shownLabel(f.clientId, escapeMarkdown, `record #${f.clientIndex + 1}`)}) | ${escapeMarkdown(f.message)} |`);
      const table = ['| Severity | Rule | Client | Message |', '| --- | --- | --- | --- |', ...rows].join('\n');
      out.push(rows.length > OPEN_LIMIT ? details(`${counted(rows.length)} new findings`, table, true) : table);
    }
    out.push('', `### Fixed since the baseline (${counted(b.fixed.length)})`, '');
    if (b.fixed.length === 0) out.push('None.');
    else {
      const rows = b.fixed.map((e) => `| ${ruleLink(e.ruleId)} | ${shownLabel(e.clientName, escapeMarkdown)} (${shownLabel(e.clientId, escapeMarkdown, 'no client_id')}) | ${escapeMarkdown(e.path)} |`);
      const table = ['| Rule | Client | Field |', '| --- | --- | --- |', ...rows].join('\n');
      out.push(rows.length > OPEN_LIMIT ? details(`${counted(rows.length)} fixed`, table, false) : table);
    }
  }

  if (active.length > 0) {
    out.push('', '| Rule | Findings | What it checks |', '| --- | ---: | --- |');
    for (const [id, count] of rulesByCount(summary)) out.push(`| ${ruleLink(id)} | ${counted(count)} | ${escapeMarkdown(docs.get(id)?.title ?? '')} |`);

    // Findings grouped by client, most serious clients first.
    const groups = new Map<number, Finding[]>();
    for (const finding of result.findings) {
      const list = groups.get(finding.clientIndex) ?? [];
      list.push(finding);
      groups.set(finding.clientIndex, list);
    }
    const worst = (list: Finding[]): number => list.reduce((rank, f) => Math.max(rank, SEVERITY_RANK[f.severity]), -Infinity);
    const ordered = [...groups.values()].sort((a, b) => worst(b) - worst(a) || (a[0] as Finding).clientIndex - (b[0] as Finding).clientIndex);
    const section = (list: Finding[]): string => {
      const first = list[0] as Finding;
      const name = shownLabel(first.clientName, escapeMarkdown);
      const id = shownLabel(first.clientId, escapeMarkdown, `record #${first.clientIndex + 1}`);
      const rows = list
        .sort(bySeverityThenRule)
        .map((f) => {
          const state = f.exception ? ` (excepted: ${escapeMarkdown(f.exception.reason)}, until ${escapeMarkdown(f.exception.expires)})` : '';
          const tag = f.baselineState === 'new' ? ' **new**' : '';
          return `| ${ICON[f.severity]}${tag} | ${ruleLink(f.ruleId)} | ${f.path === '' ? '(record)' : escapeRepeated(f.path)} | ${escapeRepeated(f.message)}${state} |`;
        });
      return `#### ${name}\n\nclient\\_id ${id}\n\n| Severity | Rule | Field | Message |\n| --- | --- | --- | --- |\n${rows.join('\n')}`;
    };
    // In a review with a baseline the full list is reference material: collapsed.
    const collapse = ordered.length > OPEN_LIMIT || b !== undefined;
    out.push('', b ? '### All findings' : '### Findings by client', '');
    yield `${out.join('\n')}\n${collapse ? detailsHead(`${plural(ordered.length, 'client')} with findings`, false) : ''}`;
    for (let i = 0; i < ordered.length; i += SECTIONS_PER_PIECE) {
      yield `${i === 0 ? '' : '\n\n'}${ordered.slice(i, i + SECTIONS_PER_PIECE).map(section).join('\n\n')}`;
    }
    // What follows is joined as before, on a line of its own after the list.
    out = [collapse ? DETAILS_TAIL : ''];
  }

  const flagged = new Set(result.findings.map((finding) => finding.clientIndex));
  const passed = result.clientCount - flagged.size;
  if (passed > 0 && result.clientNames) {
    const names = result.clientNames
      .map((client, index) => ({ ...client, index }))
      .filter((client) => !flagged.has(client.index))
      .map((client) => `- ${shownLabel(client.name, escapeMarkdown)} (${shownLabel(client.id, escapeMarkdown, `record #${client.index + 1}`)})`);
    if (names.length > PASSED_LIMIT) names.splice(PASSED_LIMIT, names.length - PASSED_LIMIT, `- … and ${counted(names.length - PASSED_LIMIT)} more`);
    out.push('', '### Clients that passed', '', details(`${plural(passed, 'client')} without findings`, names.join('\n'), names.length <= OPEN_LIMIT));
  }
  if (result.warnings.length > 0) {
    out.push('', '### Warnings', '');
    for (const warning of result.warnings) out.push(`- ${escapeMarkdown(warning)}`);
  }
  out.push('', `<sub>oauthlint ${escapeMarkdown(options.toolVersion)}</sub>`);
  yield `${out.join('\n')}\n`;
}

export const formatMarkdown: Formatter = (result, options) => [...formatMarkdownChunks(result, options)].join('');
