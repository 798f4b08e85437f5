// Part of `npm run build`: parse, validate and compile rules/*.yml once and write dist/rules.catalog.json,
// which runs read instead of the YAML while it matches the files (src/config/load-rules.ts).
import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { BUILTIN_RULES_DIR, CATALOG_FILE, makeCatalog } from '../dist/config/load-rules.js';

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
