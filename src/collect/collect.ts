/**
 * Collect every OAuth client of the account: page 1, then the rest concurrently, in page order,
 * de-duplicated, with what went oddly reported. Any page that cannot be had fails the whole collection:
 * a partial account must never read as a pass.
 */
import { CollectError } from '../errors.js';
export { DEFAULT_BASE_URL, parseBaseUrl } from './base-url.js';
import type { OAuthClient } from '../types.js';
import { keyScrubber, withoutSecret } from './input.js';
import { fetchPage, type ClientOptions, type PageBody, type RateSignals } from './telnyx.js';
import type { ProxyChoice } from './proxy.js';

/** More pages than this without an end in sight is a misbehaving API, not an account (1,000,000 clients at 100 a page). */
export const MAX_PAGES = 10_000;

export interface CollectOptions extends Omit<ClientOptions, 'query' | 'via'> {
  /** The proxy to go through (proxy.ts); the agent is made here and closed when the collection ends. */
  proxy?: ProxyChoice;
  pageSize: number;
  concurrency: number;
  /** Filters, by wire name (`filter[client_type]` …). */
  filters: Record<string, string>;
  /** Called as pages arrive (for a progress line). */
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  pagesDone: number;
  /** Known total, or null while the API has not said. */
  pagesTotal: number | null;
  clients: number;
  retriesWaiting: number;
}

export interface Collected {
  clients: OAuthClient[];
  pages: number;
  /** `meta.total_results` of the last page that gave one. */
  totalResults: number | null;
  retries: number;
  warnings: string[];
  fetchedAt: string;
}

function positiveInteger(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

/** Concurrency and pauses shared by every request of a run, so a rate limit slows the whole run down. */
class Limiter implements RateSignals {
  active = 0;
  retriesWaiting = 0;
  retries = 0;
  private pausedUntil = 0;
  private waiting: (() => void)[] = [];
  constructor(
    public limit: number,
    private readonly onPause: (reason: string, ms: number) => void,
  ) {}
  async acquire(): Promise<void> {
    while (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
  }
  release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
  pauseUntil(epochMs: number, reason: string): void {
    if (epochMs > this.pausedUntil) {
      this.onPause(reason, epochMs - Date.now());
      this.pausedUntil = epochMs;
    }
    // Fewer requests at once from now on: the API said it is overwhelmed.
    if (reason.startsWith('429')) this.limit = Math.max(1, Math.floor(this.limit / 2));
  }
  async waitForPause(): Promise<void> {
    for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  retryWaiting(delta: 1 | -1): void {
    this.retriesWaiting += delta;
  }
  retried(): void {
    this.retries++;
  }
}

/** Collect all pages. Throws CollectError when any page cannot be had. */
export async function collectClients(options: CollectOptions, now: () => Date = () => new Date()): Promise<Collected> {
  if (options.proxy === undefined) return collectPages(options, undefined, now);
  // undici, which Node's fetch is made of, has the proxy agent; it is loaded only when one is used.
  const { ProxyAgent } = await import('undici');
  const dispatcher = new ProxyAgent(options.proxy.url);
  try {
    return await collectPages(options, { dispatcher, variable: options.proxy.variable }, now);
  } finally {
    await dispatcher.destroy();
  }
}

async function collectPages(options: CollectOptions, via: ClientOptions['via'], now: () => Date): Promise<Collected> {
  const warnings: string[] = [];
  let slowedDown = false;
  const limiter = new Limiter(options.concurrency, (reason) => {
    if (!slowedDown) warnings.push(`the API asked to slow down (${reason}); concurrency was reduced and requests paused`);
    slowedDown = true;
  });
  const client: ClientOptions = { ...options, ...(via ? { via } : {}), query: { ...options.filters, 'page[size]': String(options.pageSize) } };
  const pages = new Map<number, PageBody>();
  const keys = keyScrubber(options.apiKey);
  let pagesTotal: number | null = null;
  let totalResults: number | null = null;
  let clientCount = 0;
  const report = (): void =>
    options.onProgress?.({ pagesDone: pages.size, pagesTotal, clients: clientCount, retriesWaiting: limiter.retriesWaiting });

  const get = async (n: number): Promise<PageBody> => {
    await limiter.acquire();
    try {
      const page = await fetchPage(client, n, limiter);
      // Secrets go as soon as a page arrives, while other requests are still on the wire.
      const records = page.data;
      // So goes the key itself, pasted into a client's fields: it would be printed in every report.
      for (let i = 0; i < records.length; i++) {
        const record = withoutSecret(records[i]);
        records[i] = (page.mayHoldKey ? keys.scrub(record, i, n) : record) as OAuthClient;
      }
      pages.set(n, page);
      clientCount += records.length;
      const total = positiveInteger(page.meta?.total_pages);
      if (total !== null && pagesTotal !== null && total !== pagesTotal) {
        warnings.push(`total_pages changed from ${pagesTotal} to ${total} while collecting (clients were added or removed)`);
      }
      if (total !== null) pagesTotal = Math.max(pagesTotal ?? 0, total);
      totalResults = positiveInteger(page.meta?.total_results) ?? totalResults;
      report();
      return page;
    } finally {
      limiter.release();
    }
  };

  const first = await get(1);
  if (positiveInteger(first.meta?.total_pages) !== null) {
    // Known total: fetch the rest concurrently. A total that grows mid-run extends the work.
    let next = 2;
    const failures: CollectError[] = [];
    const worker = async (): Promise<void> => {
      while (failures.length === 0 && next <= Math.min(pagesTotal ?? 1, MAX_PAGES)) {
        const n = next++;
        try {
          await get(n);
        } catch (error) {
          failures.push(error instanceof CollectError ? error : new CollectError(`page ${n}: ${(error as Error).message}`));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
    if (failures.length > 0) {
      const [firstFailure] = failures;
      throw new CollectError(
        `Could not collect every client: ${firstFailure?.message}${failures.length > 1 ? ` (and ${failures.length - 1} more page${failures.length > 2 ? 's' : ''} failed)` : ''}. No report was written.`,
        firstFailure?.url,
        { cause: firstFailure },
      );
    }
    if ((pagesTotal ?? 0) > MAX_PAGES) throw new CollectError(`The API reports ${pagesTotal} pages, more than the ${MAX_PAGES} oauthlint will fetch; narrow the run with filters.`);
  } else {
    // No usable meta: follow pages until one comes back empty.
    warnings.push('the API gave no meta.total_pages; pages were followed until one came back empty');
    let page = first;
    for (let n = 2; page.data.length > 0; n++) {
      if (n > MAX_PAGES) throw new CollectError(`Still finding clients after ${MAX_PAGES} pages with no meta.total_pages; stopping rather than looping forever.`);
      page = await get(n);
    }
  }

  // Assemble in page order, de-duplicated by client_id (the first occurrence stays).
  const clients: OAuthClient[] = [];
  const seen = new Set<string>();
  const duplicateIds: { id: string; page: number }[] = [];
  const order = [...pages.keys()].sort((a, b) => a - b);
  for (const n of order) {
    for (const record of (pages.get(n) as PageBody).data) {
      const id = record !== null && typeof record === 'object' ? (record as { client_id?: unknown }).client_id : undefined;
      if (typeof id === 'string') {
        if (seen.has(id)) {
          duplicateIds.push({ id, page: n });
          continue;
        }
        seen.add(id);
      }
      clients.push(record as OAuthClient);
    }
  }
  // Where a duplicate was first seen is looked up only for the (rare) duplicates.
  const firstPageOf = (id: string): number | undefined =>
    order.find((n) => (pages.get(n) as PageBody).data.some((record) => (record as { client_id?: unknown } | null)?.client_id === id));
  if (duplicateIds.length > 0) {
    const count = duplicateIds.length;
    const shown = duplicateIds.slice(0, 5).map(({ id, page }) => `${id} (pages ${firstPageOf(id)} and ${page})`);
    warnings.push(`${count} client${count === 1 ? '' : 's'} appeared on two pages and ${count === 1 ? 'was' : 'were'} counted once: ${shown.join(', ')}${count > 5 ? ', …' : ''}`);
  }
  warnings.push(...keys.warnings());
  if (totalResults !== null && clients.length < totalResults) {
    warnings.push(`the API reported ${totalResults} clients (meta.total_results) but ${clients.length} were collected`);
  }
  return { clients, pages: pages.size, totalResults, retries: limiter.retries, warnings, fetchedAt: now().toISOString() };
}
