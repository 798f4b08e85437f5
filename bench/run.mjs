// npm run bench: every benchmark, in one run. Figures go to the README's performance section.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSnapshot } from './generate.mjs';
import { fmt, mb, medianOf, timeNode } from './lib.mjs';
import { fetchBenchmark } from './fetch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, '.bench');
mkdirSync(work, { recursive: true });
const cli = join(root, 'dist', 'cli.js');
const N = Number(process.env.BENCH_CLIENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const snapshot = join(work, `clients-${N}.json`);
const bytes = writeSnapshot(snapshot, N);
console.log(`lint benchmark: ${N.toLocaleString('en')} clients, snapshot ${(bytes / 1e6).toFixed(1)} MB, median of ${RUNS} runs`);

// The floor: start node, read the file, JSON.parse it.
const floor = await medianOf(RUNS, () => timeNode(['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(snapshot)}, 'utf8'))`]));
// A full lint: the CLI, every enabled rule, the JSON report written to a file.
const out = join(work, 'report.json');
const lint = await medianOf(RUNS, () => timeNode([cli, '--input', snapshot, '--format', 'json', '--output', out, '--fail-on', 'none', '--config', join(root, 'bench', 'empty-config.yml')]));
if (lint.code !== 0) throw new Error(`lint exited ${lint.code}: ${lint.stderr}`);
console.log(`  read + JSON.parse (floor): ${fmt(floor.ms)}, peak RSS ${mb(floor.peakRssKb)}`);
console.log(`  oauthlint full lint:       ${fmt(lint.ms)}, peak RSS ${mb(lint.peakRssKb)}`);
console.log(`  ratio lint / floor:        ${(lint.ms / floor.ms).toFixed(2)}x (target <= 2x)`);
console.log(`  peak RSS / snapshot size:  ${lint.peakRssKb ? ((lint.peakRssKb * 1024) / bytes).toFixed(2) : 'n/a'}x`);

// Fetch: 1,000 pages of 100 clients, 20 ms latency per request.
const PAGES = Number(process.env.BENCH_PAGES ?? 1000);
const f = await fetchBenchmark({ pages: PAGES, latencyMs: 20, concurrency: 8 });
if (f.ours.count !== PAGES * 100 || f.sdk.count !== PAGES * 100) throw new Error(`collected ${f.ours.count} / SDK ${f.sdk.count}, expected ${PAGES * 100}`);
console.log(`\nfetch benchmark: ${f.pages} pages of 100 clients, ${f.latencyMs} ms latency, concurrency ${f.concurrency}`);
console.log(`  oauthlint collector:          ${fmt(f.ours.ms)} (${f.ours.count.toLocaleString('en')} clients)`);
console.log(`  telnyx SDK list():            ${fmt(f.sdk.ms)} (${f.sdk.count.toLocaleString('en')} clients)`);
console.log(`  bound ceil(pages/c) x latency: ${fmt(f.bound)}`);
console.log(`  SDK / oauthlint:              ${(f.sdk.ms / f.ours.ms).toFixed(1)}x (target >= 6x)`);
console.log(`  oauthlint / bound:            ${(f.ours.ms / f.bound).toFixed(2)}x (target <= 1.25x)`);
