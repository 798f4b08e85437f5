// Shared benchmark helpers: run a command as a process, measure wall time and peak RSS.
import { spawn } from 'node:child_process';

const RSS_HOOK = new URL('./report-rss.mjs', import.meta.url).href;

/** Run `node args` and return { ms, peakRssKb, code, stdout, stderr }; peak RSS is reported by a preloaded hook. */
export function timeNode(args, { env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', RSS_HOOK, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const rss = /__RSS__(\d+)/.exec(stderr);
      resolve({ ms, peakRssKb: rss ? Number(rss[1]) : null, code, stdout, stderr: stderr.replace(/__RSS__\d+\n?/, '') });
    });
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Run `fn` `times` times (after one warm-up) and return the median result by ms. */
export async function medianOf(times, fn) {
  await fn();
  const results = [];
  for (let i = 0; i < times; i++) results.push(await fn());
  const ms = median(results.map((r) => r.ms));
  return { ...results.find((r) => r.ms === ms), ms, peakRssKb: Math.max(...results.map((r) => r.peakRssKb ?? 0)) || null };
}

/**
 * Run several commands `times` rounds each (after one warm-up of each), taking turns, the order rotated
 * each round, so a machine that slows down for a while slows every one of them alike; returns, per
 * name, the median result by ms (as `medianOf`) and every round's ms in `rounds`.
 */
export async function interleavedMedians(times, fns) {
  const names = Object.keys(fns);
  for (const name of names) await fns[name]();
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < times; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      results[name][round] = await fns[name]();
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const all = results[name];
      const ms = median(all.map((r) => r.ms));
      return [name, { ...all.find((r) => r.ms === ms), ms, rounds: all.map((r) => r.ms), peakRssKb: Math.max(...all.map((r) => r.peakRssKb ?? 0)) || null }];
    }),
  );
}

/** The lowest and highest ratio of `a` to `b` over rounds run side by side: `2.91-3.20x`. */
export function roundRatios(a, b) {
  const ratios = a.rounds.map((ms, i) => ms / b.rounds[i]);
  return `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x`;
}

export const fmt = (ms) => `${ms.toFixed(0)} ms`;
export const mb = (kb) => (kb === null ? "n/a" : `${(kb / 1024).toFixed(0)} MiB`);
