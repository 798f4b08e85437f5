// Regenerates the generated parts of README.md and docs/rules.md from rules/*.yml (after `npm run build`).
// test/docs.test.ts fails when either is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadBuiltinRules } from '../dist/config/load-rules.js';
import { replaceGenerated, rulesMarkdownReference, rulesMarkdownTable } from '../dist/report/rules-table.js';

const rules = loadBuiltinRules();
const targets = [
  ['../README.md', 'rules', rulesMarkdownTable(rules)],
  ['../docs/rules.md', 'reference', rulesMarkdownReference(rules)],
];
for (const [path, name, content] of targets) {
  const file = new URL(path, import.meta.url);
  writeFileSync(file, replaceGenerated(readFileSync(file, 'utf8'), name, content));
  console.log(`${path.slice(3)}: ${name} updated`);
}
