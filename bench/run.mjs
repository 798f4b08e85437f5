// npm run bench: every benchmark, in one run, on the same generated data. BENCH_ONLY=lint,spectral,
// startup,fetch picks some; BENCH_CLIENTS and BENCH_RUNS change the size and repetitions.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSnapshot } from './generate.mjs';
import { fmt, interleavedMedians, mb, medianOf, roundRatios, timeNode } from './lib.mjs';
import { fetchBenchmark } from './fetch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, '.bench');
mkdirSync(work, { recursive: true });
const cli = join(root, 'dist', 'cli.js');
const N = Number(process.env.BENCH_CLIENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const only = new Set((process.env.BENCH_ONLY ?? 'lint,spectral,startup,fetch').split(','));
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

const snapshot = join(work, `clients-${N}.json`);
const bytes = writeSnapshot(snapshot, N);
const out = join(work, 'report.json');
const lintArgs = [cli, '--input', snapshot, '--format', 'json', '--output', out, '--fail-on', 'none', '--config', join(root, 'bench', 'empty-config.yml')];
let lint;

if (only.has('lint') || only.has('spectral')) {
  console.log(`lint benchmark: ${N.toLocaleString('en')} clients, snapshot ${(bytes / 1e6).toFixed(1)} MB, median of ${RUNS} runs, taking turns`);
  // The floor: start node, read the file, JSON.parse it.
  const floorArgs = ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(snapshot)}, 'utf8'))`];
  // The lint (lintArgs): the CLI, the whole catalog as configured by default, the JSON report written
  // to a file. The same with only the rules issue 2 defined (schema + the three mandated ones), for comparison.
  const coreArgs = lintArgs.map((arg) => (arg.endsWith('empty-config.yml') ? join(root, 'bench', 'core-rules.yml') : arg));
  // The same whole-catalog lint with the default report, text (to a file, as a CI log would hold it).
  const textArgs = lintArgs.map((arg) => (arg === 'json' ? 'text' : arg === out ? join(work, 'report.txt') : arg));
  // Taking turns: this machine's speed drifts by a third within minutes, and a ratio of runs made
  // minutes apart measured the drift as much as the lint.
  const runs = await interleavedMedians(RUNS, { floor: () => timeNode(floorArgs), lint: () => timeNode(lintArgs), core: () => timeNode(coreArgs), text: () => timeNode(textArgs) });
  const { floor, core, text } = runs;
  lint = runs.lint;
  if (lint.code !== 0) throw new Error(`lint exited ${lint.code}: ${lint.stderr}`);
  if (core.code !== 0) throw new Error(`core lint exited ${core.code}: ${core.stderr}`);
  if (text.code !== 0) throw new Error(`text lint exited ${text.code}: ${text.stderr}`);
  console.log(`  read + JSON.parse (floor):      ${fmt(floor.ms)}, peak RSS ${mb(floor.peakRssKb)}`);
  console.log(`  oauthlint, 4 core rules:        ${fmt(core.ms)}, peak RSS ${mb(core.peakRssKb)}`);
  console.log(`  oauthlint, full catalog:        ${fmt(lint.ms)}, peak RSS ${mb(lint.peakRssKb)}`);
  console.log(`  ... with the text report:       ${fmt(text.ms)}, peak RSS ${mb(text.peakRssKb)}`);
  console.log(`  core lint / floor:              ${ratio(core.ms, floor.ms)} (target <= 2x; rounds ${roundRatios(core, floor)})`);
  console.log(`  full-catalog lint / floor:      ${ratio(lint.ms, floor.ms)} (target <= 2x; rounds ${roundRatios(lint, floor)})`);
  console.log(`  peak RSS / snapshot size:       ${ratio(lint.peakRssKb * 1024, bytes)} (target <= 4x)`);
}

if (only.has('spectral')) {
  // Spectral with the three mandated rules (bench/spectral-ruleset.yml), once: it is slow.
  const spectralCli = join(root, 'node_modules', '@stoplight', 'spectral-cli', 'dist', 'index.js');
  const spectral = await timeNode([spectralCli, 'lint', '--ruleset', join(root, 'bench', 'spectral-ruleset.yml'), '-f', 'json', '-o', join(work, 'spectral.json'), '--quiet', snapshot]);
  if (spectral.code !== 0 && spectral.code !== 1) throw new Error(`spectral exited ${spectral.code}: ${spectral.stderr.slice(0, 500)}`);
  console.log(`\nvs Spectral (three rules, one run):`);
  console.log(`  spectral lint:                  ${fmt(spectral.ms)}, peak RSS ${mb(spectral.peakRssKb)}`);
  console.log(`  spectral / oauthlint (time):    ${ratio(spectral.ms, lint.ms)} (target >= 5x)`);
  console.log(`  oauthlint / spectral (memory):  ${ratio(lint.peakRssKb, spectral.peakRssKb)} (target <= 1x)`);
}

if (only.has('startup')) {
  const version = await medianOf(RUNS * 2, () => timeNode([cli, '--version']));
  const bare = await medianOf(RUNS * 2, () => timeNode(['-e', '0']));
  console.log(`\nstart-up (median of ${RUNS * 2}):`);
  console.log(`  node -e 0:                      ${fmt(bare.ms)}`);
  console.log(`  oauthlint --version:            ${fmt(version.ms)}`);
  console.log(`  ratio:                          ${ratio(version.ms, bare.ms)} (target <= 3x)`);
}

if (only.has('fetch')) {
  // Fetch: 1,000 pages of 100 clients, 20 ms latency per request.
  const PAGES = Number(process.env.BENCH_PAGES ?? 1000);
  const f = await fetchBenchmark({ pages: PAGES, latencyMs: 20, concurrency: 8 });
  if (f.ours.count !== PAGES * 100 || f.sdk.count !== PAGES * 100) throw new Error(`collected ${f.ours.count} / SDK ${f.sdk.count}, expected ${PAGES * 100}`);
  console.log(`\nfetch benchmark: ${f.pages} pages of 100 clients, ${f.latencyMs} ms latency, concurrency ${f.concurrency}`);
  console.log(`  oauthlint collector:            ${fmt(f.ours.ms)} (${f.ours.count.toLocaleString('en')} clients)`);
  console.log(`  telnyx SDK list():              ${fmt(f.sdk.ms)} (${f.sdk.count.toLocaleString('en')} clients)`);
  console.log(`  bound ceil(pages/c) x latency:  ${fmt(f.bound)}`);
  console.log(`  SDK / oauthlint:                ${ratio(f.sdk.ms, f.ours.ms)} (target >= 6x)`);
  console.log(`  oauthlint / bound:              ${ratio(f.ours.ms, f.bound)} (target <= 1.25x)`);
}
