/** Generated docs must match the rules; the README must open with the two newcomer commands. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinRules } from '../src/config/load-rules.js';
import { replaceGenerated, rulesMarkdownReference, rulesMarkdownTable } from '../src/report/rules-table.js';
import { ROOT, tempDir } from './helpers.js';

const rules = loadBuiltinRules();
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

describe('generated documentation', () => {
  it('README rule table is up to date (run npm run docs)', () => {
    const readme = read('README.md');
    expect(readme).toBe(replaceGenerated(readme, 'rules', rulesMarkdownTable(rules)));
  });
  it('docs/rules.md reference is up to date (run npm run docs)', () => {
    const doc = read('docs/rules.md');
    expect(doc).toBe(replaceGenerated(doc, 'reference', rulesMarkdownReference(rules)));
    for (const rule of rules) expect(doc).toContain(`### ${rule.id}\n`);
  });
  it('README opens with the example command and the test command', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(read('README.md'))?.[1] ?? '';
    expect(block).toMatch(/examples\/clients\.json/);
    expect(block).toMatch(/npm ci && npm test/);
    expect(read('README.md').indexOf('```sh')).toBeLessThan(40);
  });
  it('README documents the exit code table the code uses', async () => {
    const { EXIT } = await import('../src/errors.js');
    const readme = read('README.md');
    for (const code of Object.values(EXIT)) expect(readme).toMatch(new RegExp(`^\\| ${code} \\| `, 'm'));
  });
});

describe('the GitHub workflow example', () => {
  it('uploads SARIF with security-events: write, writes the job summary, and fails on the exit code after uploading', async () => {
    const yaml = (await import('js-yaml')).default;
    const text = read('examples/github/oauthlint.yml');
    const workflow = yaml.load(text) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: { review: { steps: { uses?: string; run?: string; name?: string; env?: Record<string, string> }[] } } };
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(workflow.permissions['security-events']).toBe('write');
    const steps = workflow.jobs.review.steps;
    const upload = steps.findIndex((step) => step.uses?.startsWith('github/codeql-action/upload-sarif'));
    const fail = steps.findIndex((step) => step.name === 'Fail on findings');
    expect(upload).toBeGreaterThan(-1);
    expect(fail).toBeGreaterThan(upload);
    expect(steps.some((step) => step.run?.includes('GITHUB_STEP_SUMMARY'))).toBe(true);
    expect(steps.some((step) => step.env?.TELNYX_API_KEY === '${{ secrets.TELNYX_API_KEY }}')).toBe(true);
  });
});

describe('the workflow step that fetches the previous state', () => {
  it("takes the newest finished run's state even when that run failed on findings, passing over runs that kept none", async () => {
    const yaml = (await import('js-yaml')).default;
    const { execFileSync } = await import('node:child_process');
    const { chmodSync } = await import('node:fs');
    const workflow = yaml.load(read('examples/github/oauthlint.yml')) as { jobs: { review: { steps: { name?: string; run?: string }[] } } };
    const script = workflow.jobs.review.steps.find((step) => step.name === "Fetch the previous review's snapshot and baseline")?.run ?? '';
    // A stand-in for gh: run 31 was cancelled (no state), 29 found new problems (failed, kept its
    // state), 28 passed. Newest first, as gh lists them.
    const gh = [
      '#!/bin/bash',
      'if [ "$1 $2" = "run list" ]; then',
      '  case " $* " in *" --status success "*) echo 28 ;; *" --status completed "*) printf "31\\n29\\n28\\n" ;; *) printf "32\\n31\\n29\\n28\\n" ;; esac',
      'elif [ "$1 $2" = "run download" ]; then',
      '  case "$3" in 29|28) mkdir -p last && echo "run $3" > last/baseline.json ;; *) echo "no valid artifacts found to download" >&2; exit 1 ;; esac',
      'fi',
    ].join('\n');
    const dir = tempDir({ 'bin/gh': gh });
    chmodSync(join(dir, 'bin', 'gh'), 0o755);
    execFileSync('bash', ['-e', '-c', script], { cwd: dir, env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, GITHUB_REPOSITORY: 'acme/security' }, stdio: 'pipe' });
    expect(readFileSync(join(dir, 'last', 'baseline.json'), 'utf8')).toBe('run 29\n');
  });
  it('installs the oauthlint version of this repository, pinned', () => {
    const version = (JSON.parse(read('package.json')) as { version: string }).version;
    expect(read('examples/github/oauthlint.yml')).toContain(`npm install --global oauthlint@${version}\n`);
  });
});

describe('the workflow job summary step', () => {
  it('appends a review up to 1 MB, and keeps a larger one with the artifact, saying so', async () => {
    const yaml = (await import('js-yaml')).default;
    const { execFileSync } = await import('node:child_process');
    const workflow = yaml.load(read('examples/github/oauthlint.yml')) as { jobs: { review: { steps: { name?: string; run?: string }[] } } };
    const script = workflow.jobs.review.steps.find((step) => step.name === 'Job summary')?.run ?? '';
    for (const [size, inSummary] of [[1000, true], [1_200_000, false]] as const) {
      const dir = tempDir({ 'review.md': 'x'.repeat(size), 'summary.md': '' });
      execFileSync('bash', ['-e', '-c', script], { cwd: dir, env: { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: join(dir, 'summary.md') } });
      const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
      if (inSummary) expect(summary).toBe('x'.repeat(size));
      else {
        expect(summary).toBe('The oauthlint review is 1200000 bytes, more than a job summary holds: it is review.md in the oauthlint-state artifact.\n');
        expect(readFileSync(join(dir, 'state', 'review.md'), 'utf8')).toHaveLength(size);
      }
    }
  });
});

describe('schema/oauthlintrc.schema.json', () => {
  it('is the schema the validator uses (run npm run docs)', async () => {
    const { CONFIG_SCHEMA } = await import('../src/config/schema.js');
    expect(read('schema/oauthlintrc.schema.json')).toBe(`${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);
  });
  it('is referenced from the example config for editors', () => {
    expect(read('.oauthlintrc.example.yml').split('\n')[0]).toBe('# yaml-language-server: $schema=./schema/oauthlintrc.schema.json');
  });
});

describe('README examples', () => {
  it('the custom rules shown in the README pass their own tests', async () => {
    const readme = read('README.md');
    const start = readme.indexOf('```yaml\ncustomRules:');
    expect(start).toBeGreaterThan(-1);
    const block = readme.slice(start + '```yaml\n'.length, readme.indexOf('```', start + 7));
    const { tempDir, runCli } = await import('./helpers.js');
    const dir = tempDir({ '.oauthlintrc.yml': block });
    const result = await runCli(['rules', '--test'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/23 rules: \d+ cases passed, 0 failed/);
    expect(result.code).toBe(0);
  });
});

describe('docs/rules.md examples', () => {
  it('the rule file shown first is a working rule: it loads and passes its own cases', async () => {
    const doc = read('docs/rules.md');
    const start = doc.indexOf('```yaml\n');
    const block = doc.slice(start + '```yaml\n'.length, doc.indexOf('```', start + 7));
    const id = /^id: ([a-z0-9-]+)/m.exec(block)?.[1];
    expect(id).toBe('no-http-redirect-uri');
    const { runCli } = await import('./helpers.js');
    const dir = tempDir({ [`rules/${id}.yml`]: block });
    const result = await runCli(['rules', '--test', join(dir, 'rules')], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/1 rule: 4 cases passed, 0 failed/);
    expect(result.code).toBe(0);
  });
});

/**
 * A documented sample is true of the real thing: every key it shows is there with the value shown; a
 * string with "..." stands for any text that starts with what precedes it; a list's items each match
 * one of the real list's.
 */
function isSampleOf(sample: unknown, real: unknown): boolean {
  if (typeof sample === 'string' && sample.includes('...')) return typeof real === 'string' && real.startsWith(sample.slice(0, sample.indexOf('...')));
  if (Array.isArray(sample)) return Array.isArray(real) && sample.every((item) => real.some((candidate) => isSampleOf(item, candidate)));
  if (sample !== null && typeof sample === 'object') {
    if (real === null || typeof real !== 'object' || Array.isArray(real)) return false;
    return Object.entries(sample).every(([key, value]) => Object.prototype.hasOwnProperty.call(real, key) && isSampleOf(value, (real as Record<string, unknown>)[key]));
  }
  return sample === real;
}

describe('the README\'s JSON report sample', () => {
  it('is what --format json gives for the bundled example, field for field', async () => {
    const readme = read('README.md');
    const start = readme.indexOf('```json\n', readme.indexOf('## JSON report'));
    const sample = JSON.parse(readme.slice(start + '```json\n'.length, readme.indexOf('```', start + 7))) as Record<string, unknown>;
    const { runCli } = await import('./helpers.js');
    const result = await runCli(['--input', 'examples/clients.json', '--format', 'json']);
    expect(result.code).toBe(1);
    const real = JSON.parse(result.stdout) as Record<string, unknown>;
    for (const key of Object.keys(sample)) expect({ key, matches: isSampleOf(sample[key], real[key]) }).toEqual({ key, matches: true });
    // The helper itself: a wrong number, a missing key or an unmatched item is caught.
    expect(isSampleOf({ summary: { findings: 10 } }, real)).toBe(false);
    expect(isSampleOf({ summary: { finding: 14 } }, real)).toBe(false);
    expect(isSampleOf({ findings: [{ ruleId: 'no-such-rule' }] }, real)).toBe(false);
    expect(isSampleOf({ findings: [{ clientName: 'Support dash...' }] }, real)).toBe(true);
  });
});

describe('the example config against the published schema, as another tool would read it', () => {
  it('validates with plain js-yaml and ajv', async () => {
    const yaml = (await import('js-yaml')).default;
    const { Ajv } = await import('ajv');
    const schema = JSON.parse(read('schema/oauthlintrc.schema.json'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const ok = validate(yaml.load(read('.oauthlintrc.example.yml')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});
