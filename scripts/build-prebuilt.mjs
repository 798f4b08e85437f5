// Part of `npm run build`: what a run would otherwise work out at start-up, done once.
// - dist/rules.catalog.json: rules/*.yml parsed, validated and compiled (src/config/load-rules.ts reads
//   it while it matches the files);
// - dist/prebuilt-validators.cjs: ajv's standalone code for the config schema and the record check
//   (src/ajv.ts uses each while its digest matches the schema and options it is asked for).
import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { BUILTIN_RULES_DIR, CATALOG_FILE, makeCatalog } from '../dist/config/load-rules.js';
import { CONFIG_SCHEMA } from '../dist/config/schema.js';
import { CONFIG_VALIDATOR_OPTIONS } from '../dist/config/load.js';
import { QUICK_RECORD_OPTIONS, QUICK_RECORD_SCHEMA } from '../dist/engine/record-schema.js';
import { PREBUILT_FILE, schemaDigest } from '../dist/ajv.js';

let catalog;
try {
  catalog = makeCatalog(BUILTIN_RULES_DIR);
} catch (error) {
  // A broken rule file fails the build with the same messages a run would give.
  console.error(error.issues ? error.issues.map((i) => `${i.file}${i.line ? `:${i.line}` : ''}: ${i.keyPath}: ${i.message}`).join('\n') : error);
  process.exit(1);
}
const text = JSON.stringify(catalog);
// The YAML must survive JSON unchanged (no dates, infinities or other non-JSON values), else the catalog would lie.
if (!isDeepStrictEqual(JSON.parse(text), catalog)) {
  console.error('rules/*.yml hold values JSON cannot carry; the catalog would differ from the files');
  process.exit(1);
}
writeFileSync(CATALOG_FILE, text);

// One module, one ajv instance per validator (their options differ), CommonJS as ajv writes it.
const validators = { config: [CONFIG_SCHEMA, CONFIG_VALIDATOR_OPTIONS], record: [QUICK_RECORD_SCHEMA, QUICK_RECORD_OPTIONS] };
let code = '"use strict";\nexports.validators = {};\nexports.digests = {};\n';
for (const [name, [schema, options]] of Object.entries(validators)) {
  const ajv = new Ajv({ ...options, code: { source: true } });
  const source = standaloneCode(ajv, ajv.compile(schema));
  code += `exports.validators[${JSON.stringify(name)}] = (function () {\nconst module = { exports: {} };\nconst exports = module.exports;\n${source}\nreturn module.exports;\n})();\n`;
  code += `exports.digests[${JSON.stringify(name)}] = ${JSON.stringify(schemaDigest(schema, options))};\n`;
}
writeFileSync(new URL(PREBUILT_FILE, new URL('../dist/ajv.js', import.meta.url)), code);
