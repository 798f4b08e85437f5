/**
 * `--format sarif`: SARIF 2.1.0 that GitHub code scanning accepts. Our findings are about remote
 * resources, not files, so each result points at a stable virtual path built from the client id
 * (`telnyx/oauth-clients/<id>`), never from the name, which changes.
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import { gzipSync } from 'node:zlib';
import type { Location, Log, Notification, ReportingDescriptor, Result } from 'sarif';
import { OutputError } from '../errors.js';
import { fingerprintOf } from '../engine/fingerprint.js';
import { quotedText } from '../engine/functions.js';
import { asIs, shownLabel } from './escape.js';
import type { Finding, Formatter, RuleDefinition, Severity } from '../types.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/oauthlint/oauthlint';
export const DEFAULT_SARIF_CATEGORY = 'oauthlint/telnyx/';

/**
 * The category of a run without --sarif-category: one per part of the account it lints. GitHub closes
 * the alerts of a category that an upload no longer reports, so two jobs linting different parts
 * (`--client-type public` daily, the rest weekly) under one category would close each other's alerts.
 * The filters, by name and sorted, name the part: `oauthlint/telnyx/client_type=public/`.
 */
export function defaultSarifCategory(filters: Readonly<Record<string, string>>): string {
  const parts = Object.entries(filters)
    .map(([name, value]) => `${name.replace(/^filter\[/, '').replace(/\]$/, '').replace(/\]\[/g, '.')}=${encodeURIComponent(value)}`)
    .sort();
  return parts.length === 0 ? DEFAULT_SARIF_CATEGORY : `${DEFAULT_SARIF_CATEGORY}${parts.join(',')}/`;
}
/** GitHub rejects a run with more results than this. */
export const MAX_RESULTS = 25_000;
/** GitHub rejects an upload larger than this, gzipped. */
export const MAX_GZIP_BYTES = 10 * 1024 * 1024;
const MAX_DESCRIPTION = 1024;

const PROBLEM_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'recommendation' };

/**
 * A client id as one path segment: percent-encoded (`!'()*` too, so `!` never appears in an encoded
 * id and is free as our own marker). An id of only dots would be a dot-segment that URI resolution
 * removes, even percent-encoded (WHATWG reads `%2E%2E` as `..`), so its dots are written `!2E`.
 */
export function encodeSegment(text: string): string {
  const percent = (part: string): string => encodeURIComponent(part).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  // A lone surrogate has no UTF-8 form (encodeURIComponent throws "URI malformed"): it is written
  // `!uD800`, distinct from every encoded character and from any other id.
  let encoded = '';
  let last = 0;
  for (const match of text.matchAll(LONE_SURROGATE)) {
    encoded += `${percent(text.slice(last, match.index))}!u${match[0].charCodeAt(0).toString(16).toUpperCase()}`;
    last = match.index + 1;
  }
  encoded += percent(text.slice(last));
  return /^\.+$/.test(encoded) ? encoded.replace(/\./g, '!2E') : encoded;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The virtual artifact of a client: relative, no spaces, no colon in the first segment, one per client id. */
export function artifactUriOf(finding: Pick<Finding, 'clientId' | 'clientIndex'>): string {
  return finding.clientId === null || finding.clientId === ''
    ? `telnyx/oauth-clients/!record-${finding.clientIndex + 1}`
    : `telnyx/oauth-clients/${encodeSegment(finding.clientId)}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** PascalCase of a kebab-case id: SARIF's `name` is an identifier. */
function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _dash, ch: string) => ch.toUpperCase());
}

function helpText(rule: RuleDefinition): string {
  const refs = rule.references.map((ref) => `- ${ref.title}: ${ref.url}`).join('\n');
  return `${rule.description}\n\nWhy: ${rule.rationale}\n\n${rule.fix ? `How to fix: ${rule.fix}\n\n` : ''}References:\n${refs}\n\nDocs: ${rule.docs}`;
}

function helpMarkdown(rule: RuleDefinition): string {
  const refs = rule.references.map((ref) => `- [${ref.title}](${ref.url})`).join('\n');
  return `${rule.description}\n\n**Why.** ${rule.rationale}\n\n${rule.fix ? `**How to fix.** ${rule.fix}\n\n` : ''}**References**\n\n${refs}\n\n[Rule documentation](${rule.docs})`;
}

/** GitHub reads the first tag as the category; `security` must come first, at most 10 in all. */
function tagsOf(rule: RuleDefinition): string[] {
  const tags = ['security', ...(rule.tags ?? []).filter((tag) => tag !== 'security'), 'oauth'];
  return [...new Set(tags)].slice(0, 10);
}

export function sarifRule(rule: RuleDefinition, severity: Severity): ReportingDescriptor {
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: truncate(rule.description, MAX_DESCRIPTION) },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    helpUri: rule.docs,
    defaultConfiguration: { level: severity },
    properties: {
      tags: tagsOf(rule),
      precision: rule.precision ?? 'very-high',
      'problem.severity': PROBLEM_SEVERITY[severity],
      // A numeric string with one decimal, as GitHub expects.
      'security-severity': rule.securitySeverity.toFixed(1),
    },
  };
}

function locationOf(finding: Finding): Location {
  const uri = artifactUriOf(finding);
  const where = finding.path === '' ? uri : `${uri}/${finding.path}`;
  return {
    physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
    logicalLocations: [{ kind: 'resource', name: finding.clientName === null ? (finding.clientId ?? uri) : shownLabel(finding.clientName, asIs), fullyQualifiedName: where }],
  };
}

/**
 * A SARIF plain-text message (§3.11.6) reads `[text](destination)` as an embedded link, to a related
 * location or a URI, and GitHub code scanning draws it as one: a client named
 * `[Rotate your key here](https://evil.example)` would put a link in our alert. Literal brackets
 * and backslashes are escaped with a backslash, as CodeQL writes its messages and its consumers
 * unescape them, so what is drawn is the text.
 */
export function sarifText(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&');
}

function resultOf(finding: Finding, ruleIndex: number): Result {
  const who = `${finding.clientName === null ? '(no name)' : quotedText(finding.clientName)} (client_id ${finding.clientId === null ? `none, record #${finding.clientIndex + 1}` : shownLabel(finding.clientId, asIs)})`;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.severity,
    message: { text: sarifText(`${finding.message} — client ${who}${finding.path ? `, ${finding.path}` : ''}`) },
    locations: [locationOf(finding)],
    partialFingerprints: { primaryLocationLineHash: fingerprintOf(finding) },
    ...(finding.baselineState ? { baselineState: finding.baselineState } : {}),
  };
}

/**
 * A SARIF GitHub would refuse, with what makes it smaller: not --fail-on (it gates the exit code;
 * every finding is a result) and not a baseline (unchanged findings stay results, or GitHub would
 * close their alerts), but fewer rules or fewer clients. `what` says what is too large, given the
 * rules that find the most, counted ("(overly-broad-scope 100,000, …)").
 */
function tooLarge(findings: readonly Finding[], what: (largest: string) => string): OutputError {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const largest = `(${top.slice(0, 3).map(([id, n]) => `${id} ${n.toLocaleString('en')}`).join(', ')}${top.length > 3 ? ', …' : ''})`;
  return new OutputError(
    `${what(largest)}. Nothing was written. Turn off the rules that find the most in the config (rules: { ${top[0]?.[0] ?? 'rule-id'}: off }), ` +
      'or lint the account a part at a time with the filters (--client-type, --name-contains …), each part with its own --sarif-category.',
  );
}

export const formatSarif: Formatter = (result, options) => {
  const rules = result.rules.map((rule) => sarifRule(rule.definition, rule.severity));
  const index = new Map(result.rules.map((rule, i) => [rule.definition.id, i]));
  // Excepted findings are left out: GitHub ignores `suppressions` and would raise them as alerts.
  const failing = result.findings.filter((finding) => finding.exception === undefined);
  if (failing.length > MAX_RESULTS) {
    throw tooLarge(failing, (largest) => `The SARIF would have ${failing.length.toLocaleString('en')} results ${largest}; GitHub code scanning accepts at most ${MAX_RESULTS.toLocaleString('en')} per run`);
  }
  const notifications: Notification[] = result.warnings.map((text) => ({ level: 'warning', message: { text: sarifText(text) } }));
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'oauthlint', version: options.toolVersion, semanticVersion: options.toolVersion, informationUri: INFORMATION_URI, rules } },
        automationDetails: { id: options.sarifCategory ?? DEFAULT_SARIF_CATEGORY },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results: failing.map((finding) => resultOf(finding, index.get(finding.ruleId) ?? -1)),
      },
    ],
  };
  const text = `${JSON.stringify(log, null, 2)}\n`;
  const gzipped = gzipSync(text).length;
  if (gzipped > MAX_GZIP_BYTES) {
    throw tooLarge(failing, (largest) => `The SARIF is ${(gzipped / 1048576).toFixed(1)} MB gzipped, of ${failing.length.toLocaleString('en')} results ${largest}; GitHub accepts at most 10 MB`);
  }
  return text;
};
