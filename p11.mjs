import { fetchBenchmark } from './bench/fetch.mjs';
for (const latencyMs of [0, 20]) {
  const f = await fetchBenchmark({ pages: 1000, latencyMs, concurrency: 8 });
  console.log(latencyMs, f.ours.ms.toFixed(0), f.bound);
}
