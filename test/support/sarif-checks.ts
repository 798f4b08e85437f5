/**
 * SARIF validation for tests: the SARIF 2.1.0 schema that @microsoft/jest-sarif ships (draft-04, so
 * ajv-draft-04 + ajv-formats), and GitHub code scanning's own rules, which the schema does not catch.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { Log } from 'sarif';

const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
const AjvClass = ((Ajv04 as unknown as { default?: unknown }).default ?? Ajv04) as new (options: object) => {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
};
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: unknown) => void;
// rtm.5 has a `language` pattern that is invalid in unicode mode.
const ajv = new AjvClass({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Problems against the SARIF 2.1.0 schema (empty when valid). */
export function schemaProblems(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => JSON.stringify(error));
}

/** Problems against GitHub code scanning's upload rules (empty when it would be accepted). */
export function githubProblems(log: Log): string[] {
  const problems: string[] = [];
  if (log.version !== '2.1.0') problems.push('version must be 2.1.0');
  if (log.runs.length !== 1) problems.push('one run expected');
  for (const run of log.runs) {
    const rules = run.tool.driver.rules ?? [];
    if (!run.tool.driver.name) problems.push('tool.driver.name missing');
    if (!run.automationDetails?.id) problems.push('automationDetails.id missing');
    if (run.results === undefined) problems.push('results must be present (an empty list when clean)');
    if ((run.results ?? []).length > 25_000) problems.push('more than 25,000 results');
    for (const rule of rules) {
      const where = `rule ${rule.id}`;
      if (!rule.shortDescription?.text) problems.push(`${where}: shortDescription.text missing`);
      if (!rule.fullDescription?.text || rule.fullDescription.text.length > 1024) problems.push(`${where}: fullDescription.text missing or over 1024`);
      if (!rule.help?.text || !rule.help.markdown) problems.push(`${where}: help.text / help.markdown missing`);
      if (!rule.helpUri) problems.push(`${where}: helpUri missing`);
      const props = rule.properties ?? {};
      const tags = props.tags as string[] | undefined;
      if (!tags || tags[0] !== 'security' || tags.length > 10) problems.push(`${where}: tags must start with security, at most 10`);
      const sev = props['security-severity'];
      if (typeof sev !== 'string' || !/^\d+(\.\d+)?$/.test(sev) || Number(sev) < 0 || Number(sev) > 10) problems.push(`${where}: security-severity must be a numeric string 0..10`);
      if (!['error', 'warning', 'recommendation'].includes(String(props['problem.severity']))) problems.push(`${where}: problem.severity`);
      if (!['very-high', 'high', 'medium', 'low'].includes(String(props.precision))) problems.push(`${where}: precision`);
    }
    for (const [i, result] of (run.results ?? []).entries()) {
      const where = `result ${i}`;
      if (result.kind !== undefined && result.kind !== 'fail') problems.push(`${where}: kind ${result.kind}`);
      if (result.suppressions !== undefined) problems.push(`${where}: suppressions (GitHub ignores them)`);
      if (!result.ruleId || rules[result.ruleIndex ?? -1]?.id !== result.ruleId) problems.push(`${where}: ruleIndex does not point at ruleId`);
      if (!result.message.text) problems.push(`${where}: message.text missing`);
      if (result.locations?.length !== 1) problems.push(`${where}: exactly one location expected`);
      const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
      if (uri === '' || /^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/') || /\s/.test(uri) || (uri.split('/')[0] ?? '').includes(':')) {
        problems.push(`${where}: artifact URI ${JSON.stringify(uri)} must be relative, without spaces or a colon in the first segment`);
      }
      try {
        if (new URL(uri, 'file:///repo/').href.slice('file:///repo/'.length) !== uri) problems.push(`${where}: artifact URI ${uri} is not normalised`);
      } catch {
        problems.push(`${where}: artifact URI ${uri} does not parse`);
      }
      if ((result.locations?.[0]?.physicalLocation?.region?.startLine ?? 0) < 1) problems.push(`${where}: region.startLine must be >= 1`);
      const logical = result.locations?.[0]?.logicalLocations?.[0];
      if (logical?.kind !== 'resource' || !logical.fullyQualifiedName) problems.push(`${where}: logicalLocations resource entry missing`);
      if (!result.partialFingerprints?.primaryLocationLineHash) problems.push(`${where}: partialFingerprints.primaryLocationLineHash missing`);
    }
  }
  return problems;
}
