// Regenerates README.md's rule table, docs/rules.md's rule reference and schema/oauthlintrc.schema.json
// (after `npm run build`).
// test/docs.test.ts fails when either is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadBuiltinRules } from '../dist/config/load-rules.js';
import { replaceGenerated, rulesMarkdownReference, rulesMarkdownTable } from '../dist/report/rules-table.js';
import { CONFIG_SCHEMA } from '../dist/config/schema.js';

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

// The config's JSON Schema, the very object the validator uses (test/docs.test.ts checks it).
writeFileSync(new URL('../schema/oauthlintrc.schema.json', import.meta.url), `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);
console.log('schema/oauthlintrc.schema.json updated');
