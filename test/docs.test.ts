/** Generated docs must match the rules; the README must open with the two newcomer commands. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinRules } from '../src/config/load-rules.js';
import { replaceGenerated, rulesMarkdownReference, rulesMarkdownTable } from '../src/report/rules-table.js';
import { ROOT } from './helpers.js';

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
