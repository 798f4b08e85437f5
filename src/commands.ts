/**
 * The `rules` and `init` commands: the catalog as a reader sees it, the rules' own tests, and a
 * starting config. The shell around pure formatting in report/rules-table.ts.
 */
import { join, resolve } from 'node:path';
import { EXIT, UsageError, type ExitCode } from './errors.js';
import { lstatExists } from './read.js';
import { loadBuiltinRules, loadRuleDir } from './config/load-rules.js';
import { meantSuffix } from './did-you-mean.js';
import { plural } from './plural.js';
import { loadConfig, resolveConfig, type EffectiveRule } from './config/load.js';
import { CONFIG_FILE_NAMES } from './config/schema.js';
import { RULE_TEST_NOW, runRuleTests } from './engine/rule-tests.js';
import { defuseWorkflowCommands, escapeControl } from './report/escape.js';
import { ruleDetailText, rulesMarkdownReference, rulesMarkdownTable } from './report/rules-table.js';
import { gather, inventoryWarnings, refuseOverwrites, sayWarnings, type ApiOptions, type Gathered, type RunIo } from './run.js';
import { evaluate, stringField } from './engine/evaluate.js';
import { applyExceptions } from './engine/exceptions.js';
import { diffFindings, diffInventory, idSet } from './engine/inventory.js';
import { diffJson, diffMarkdown, diffText, type DiffResult } from './report/diff.js';
import { writeFileAtomic } from './write.js';
import { collectedFilters, describeFilters, differentParts } from './collect/filters.js';

export interface RulesOptions {
  id?: string;
  format: 'text' | 'json' | 'markdown';
  config?: string;
  /** Run the rules' own test cases: `true` for the configured rules, or a directory of rule files. */
  test?: string | true;
}

function ruleJson(rule: EffectiveRule): Record<string, unknown> {
  const { file: _file, ...definition } = rule.definition;
  return { ...definition, effectiveSeverity: rule.severity, effectiveOptions: rule.options, custom: rule.custom };
}

export async function runRules(options: RulesOptions, io: RunIo): Promise<ExitCode> {
  if (options.test !== undefined) return runTests(options, io);
  const catalog = resolveConfig(loadConfig(options.config, io.cwd), loadBuiltinRules()).catalog;
  if (options.id !== undefined) {
    const rule = catalog.find((r) => r.definition.id === options.id);
    if (rule === undefined) {
      throw new UsageError(`Unknown rule ${JSON.stringify(options.id)}${meantSuffix(options.id, catalog.map((r) => r.definition.id))} (\`oauthlint rules\` lists them)`);
    }
    if (options.format === 'json') io.stdout.write(`${JSON.stringify(ruleJson(rule), null, 2)}\n`);
    else if (options.format === 'markdown') io.stdout.write(`${rulesMarkdownReference([rule.definition])}\n`);
    else io.stdout.write(ruleDetailText(rule.definition, rule.severity, rule.options));
    return EXIT.OK;
  }
  if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify(catalog.map(ruleJson), null, 2)}\n`);
  } else if (options.format === 'markdown') {
    io.stdout.write(`${rulesMarkdownTable(catalog.map((r) => r.definition), new Map(catalog.map((r) => [r.definition.id, r.severity])))}\n`);
  } else {
    const width = Math.max(...catalog.map((r) => r.definition.id.length));
    const lines = catalog.map((r) => `${r.definition.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${escapeControl(r.definition.title)}${r.custom ? '  (custom)' : ''}`);
    const on = catalog.filter((r) => r.severity !== 'off').length;
    io.stdout.write(`${'RULE'.padEnd(width)}  SEVERITY TITLE\n${lines.join('\n')}\n\n${on} of ${catalog.length} rules on. \`oauthlint rules <id>\` shows one in full.\n`);
  }
  return EXIT.OK;
}

async function runTests(options: RulesOptions, io: RunIo): Promise<ExitCode> {
  const rules =
    typeof options.test === 'string'
      ? loadRuleDir(resolve(io.cwd, options.test), options.test)
      : resolveConfig(loadConfig(options.config, io.cwd), loadBuiltinRules()).catalog.map((r) => r.definition);
  const selected = options.id === undefined ? rules : rules.filter((rule) => rule.id === options.id);
  if (selected.length === 0) throw new UsageError(options.id === undefined ? 'No rules to test.' : `No rule ${JSON.stringify(options.id)} to test.`);
  const results = runRuleTests(selected, RULE_TEST_NOW);
  const failed = results.filter((r) => !r.ok);
  if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify({ passed: results.length - failed.length, failed: failed.length, results }, null, 2)}\n`);
  } else {
    for (const result of failed) io.stdout.write(`✗ ${result.rule} (${result.kind}) ${escapeControl(result.name)}: ${escapeControl(result.problem ?? '')}\n`);
    const withoutCases = selected.filter((rule) => (rule.tests?.valid ?? []).length + (rule.tests?.invalid ?? []).length === 0);
    for (const rule of withoutCases) io.stdout.write(`! ${rule.id} has no test cases\n`);
    io.stdout.write(`${plural(selected.length, 'rule')}: ${results.length - failed.length} cases passed, ${failed.length} failed\n`);
  }
  return failed.length > 0 ? EXIT.FINDINGS : EXIT.OK;
}

export const INIT_TEMPLATE = `# yaml-language-server: $schema=https://raw.githubusercontent.com/oauthlint/oauthlint/main/schema/oauthlintrc.schema.json
# oauthlint configuration. Every key is optional; \`oauthlint rules\` lists the rules and their
# severity under this file, \`oauthlint rules <id>\` explains one. Problems in this file are reported
# with file, line and key, all at once, and exit 2.

# oauthlint:recommended (the rules' defaults) or oauthlint:strict (every rule on, no http://localhost
# redirects, notes promoted). The settings below override the preset rule by rule.
extends: oauthlint:recommended

# The lowest severity that fails the run (exit 1): error, warning, note or none. --fail-on wins.
failOn: error

# Per rule: off | note | warning | error, or { severity, options }.
rules:
  # no-http-redirect-uri:
  #   options: { allowLocalhost: false }
  # overly-broad-scope:
  #   options: { deniedScopes: [admin], errorForPublicClients: true }
  # stale-client:
  #   options: { maxAgeDays: 180 }
  # missing-tos-uri: note

# Your own rules, in the language of the built-in ones (see docs/rules.md), as files ...
# rulesDir: ./oauth-policies
# ... or inline:
# customRules:
#   - id: no-admin-scope-unless-confidential
#     title: Only confidential clients may have the admin scope
#     ...

# Findings you accept for now: rule, client ids, reason, and a date after which they count again.
# exceptions:
#   - rule: no-http-redirect-uri
#     clients: ["5f1c2b9e-..."]
#     values: ["http://kiosk.example.com/oauth"]   # optional: only these offending values
#     reason: "Legacy kiosk, replaced in SEC-142"
#     expires: "2027-03-31"
`;

/** `oauthlint init`: write a commented .oauthlintrc.yml; never over an existing config without --force. */
export async function runInit(options: { force: boolean }, io: RunIo): Promise<ExitCode> {
  const target = join(io.cwd, '.oauthlintrc.yml');
  const existing = CONFIG_FILE_NAMES.map((name) => join(io.cwd, name)).filter((file) => lstatExists(file));
  if (existing.length > 0 && !options.force) {
    throw new UsageError(`${existing.map((file) => file.slice(io.cwd.length + 1)).join(' and ')} already exist${existing.length === 1 ? 's' : ''}; pass --force to overwrite .oauthlintrc.yml.`);
  }
  const others = existing.filter((file) => file !== target);
  if (others.length > 0) {
    throw new UsageError(`${others.map((file) => file.slice(io.cwd.length + 1)).join(' and ')} would sit beside .oauthlintrc.yml (two config files are an error); remove it first.`);
  }
  await writeFileAtomic(target, INIT_TEMPLATE);
  io.stdout.write(`Wrote .oauthlintrc.yml. Edit it, then run oauthlint (\`oauthlint rules\` shows what is checked).\n`);
  return EXIT.OK;
}

export interface DiffOptions {
  old: string;
  /** Without it, the live account (from the API). */
  new?: string;
  format: 'text' | 'json' | 'markdown';
  config?: string;
  output?: string;
  now?: Date;
  api: ApiOptions;
  quiet: boolean;
}

/**
 * What a comparison should say of the parts of the account its two sides hold: the filters the live
 * side was collected with (OLD's), or that two snapshots were collected with different filters, whose
 * clients outside one part then show as added or removed.
 */
function comparedParts(before: Gathered, after: Gathered, oldFilters: Record<string, string> | undefined, live: boolean): string[] {
  if (live) return oldFilters === undefined || Object.keys(oldFilters).length === 0 ? [] : [`the live account was collected with the filters of ${before.source.location} (${describeFilters(oldFilters)}), so like is compared with like`];
  return differentParts({ source: before.snapshotSource, location: before.source.location }, { source: after.snapshotSource, location: after.source.location });
}

/** `oauthlint diff OLD [NEW]`: what changed between two snapshots (or a snapshot and the live account). */
export async function runDiff(options: DiffOptions, io: RunIo): Promise<ExitCode> {
  refuseOverwrites([['--output', options.output]], [['OLD', options.old], ['NEW', options.new], ['--config', options.config]]);
  const config = resolveConfig(loadConfig(options.config, io.cwd), loadBuiltinRules());
  const before = await gather({ input: options.old, api: options.api, quiet: options.quiet }, io);
  // Against the live account, the part of it OLD holds: collected with OLD's filters, or every
  // confidential client would show as added to a snapshot of the public ones.
  const oldFilters = collectedFilters(before.snapshotSource, before.source.location);
  const live = options.new === undefined;
  const after = await gather({ input: options.new, api: live && oldFilters !== undefined ? { ...options.api, filters: oldFilters } : options.api, quiet: options.quiet }, io);
  const compared = comparedParts(before, after, oldFilters, live);
  const enabledRules = new Set(config.rules.map((rule) => rule.definition.id));
  // One side: its findings, what reading it noted, and the exceptions as they stand for it. The ids
  // are read once, and made a set once (for the repeated-id check and the exceptions alike).
  const lint = (g: Gathered) => {
    const now = options.now ?? g.asOf ?? io.now();
    const findings = evaluate(g.clients, config.rules, { now });
    const ids = g.clients.map((client) => stringField(client, 'client_id'));
    const names = g.clients.map((client) => stringField(client, 'name'));
    const known = idSet(ids);
    const read = inventoryWarnings(g.source.location, g.warnings, ids, known);
    return { findings, read, exceptions: applyExceptions(findings, config.exceptions, now, { enabledRules, clientIds: ids, clientNames: names, knownIds: known }) };
  };
  const earlier = lint(before);
  const later = lint(after);
  const { introduced, resolved } = diffFindings(earlier.findings, later.findings);
  const result: DiffResult = {
    old: { location: before.source.location, clients: before.clients.length },
    new: { location: after.source.location, clients: after.clients.length },
    inventory: diffInventory(before.clients, after.clients),
    introduced,
    resolved,
    // What reading each side noted; the exceptions as they stand for the later side, as a lint of it says.
    warnings: [...compared, ...earlier.read, ...later.read, ...later.exceptions.warnings],
  };
  // Kept from issuing GitHub workflow commands (escape.ts); the Markdown's own escaping leaves none.
  const text = options.format === 'json' ? defuseWorkflowCommands(diffJson(result), false) : options.format === 'markdown' ? diffMarkdown(result) : defuseWorkflowCommands(diffText(result));
  const toFile = options.output !== undefined && options.output !== '-';
  if (toFile) await writeFileAtomic(options.output as string, text);
  else io.stdout.write(text);
  if (!options.quiet && (toFile || options.format !== 'text')) sayWarnings(result.warnings, io);
  return EXIT.OK;
}
