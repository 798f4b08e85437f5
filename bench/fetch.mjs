// The fetch benchmark: oauthlint's collector against the official Telnyx SDK's paginated list, both
// against the same loopback server (its own process) with a fixed latency per request.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export async function fetchBenchmark({ pages = 1000, latencyMs = 20, concurrency = 8 } = {}) {
  const server = fork(fileURLToPath(new URL('./api-server.mjs', import.meta.url)), [], {
    env: { ...process.env, PAGES: String(pages), PAGE_SIZE: '100', LATENCY_MS: String(latencyMs) },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const [line] = await once(server.stdout, 'data');
  const { port } = JSON.parse(String(line));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    const { collectClients } = await import('../dist/collect/collect.js');
    const time = async (fn) => {
      const start = performance.now();
      const count = await fn();
      return { ms: performance.now() - start, count };
    };
    const ours = await time(async () => {
      const collected = await collectClients({
        baseUrl: new URL(`${baseUrl}/v2`),
        apiKey: 'bench-key',
        userAgent: 'oauthlint/bench',
        pageSize: 100,
        concurrency,
        retries: 4,
        timeoutMs: 30_000,
        retryBaseMs: 500,
        maxWaitMs: 60_000,
        filters: {},
      });
      return collected.clients.length;
    });
    const { default: Telnyx } = await import('telnyx');
    const sdk = await time(async () => {
      const client = new Telnyx({ apiKey: 'bench-key', baseURL: baseUrl, maxRetries: 0 });
      let count = 0;
      for await (const _ of client.oauthClients.list({ page: { size: 100 } })) count++;
      return count;
    });
    const bound = Math.ceil(pages / concurrency) * latencyMs;
    return { pages, latencyMs, concurrency, ours, sdk, bound };
  } finally {
    server.kill();
  }
}
