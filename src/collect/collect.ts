/**
 * Collect every OAuth client of the account: page 1, then the rest concurrently, in page order, with
 * what went oddly reported. Any page that cannot be had fails the whole collection, and so does a
 * listing whose pages never agree (see MAX_COLLECTIONS): a partial account must never read as a pass.
 */
import { CollectError } from '../errors.js';
export { DEFAULT_BASE_URL, parseBaseUrl } from './base-url.js';
import type { OAuthClient } from '../types.js';
import { keyScrubber, withoutSecret } from './input.js';
import { fetchPage, PageVanished, type ClientOptions, type PageBody, type RateSignals } from './telnyx.js';
import type { ProxyChoice } from './proxy.js';
import { counted, plural } from '../plural.js';

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
  /** Which reading of the listing this is (1 unless the pages disagreed and it is read again). */
  reading: number;
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

/** A record's client_id, when it is a string. */
function idOf(record: unknown): string | undefined {
  const id = record !== null && typeof record === 'object' ? (record as { client_id?: unknown }).client_id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** The string client_ids of a page's records. */
function idsOf(page: PageBody): string[] {
  return page.data.map(idOf).filter((id): id is string => id !== undefined);
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

/**
 * How many times the whole listing is read before giving up on it. Clients added or removed while
 * the pages are read shift the rest of the list by offset (`page[number]`), so a client can fall
 * between two pages and never be seen: a collection whose pages disagree is read again from page 1.
 */
export const MAX_COLLECTIONS = 3;

/** Collect all pages. Throws CollectError when any page cannot be had, or the listing never holds still. */
export async function collectClients(options: CollectOptions, now: () => Date = () => new Date()): Promise<Collected> {
  if (options.proxy === undefined) return collectSteady(options, undefined, now);
  // undici, which Node's fetch is made of, has the proxy agent; it is loaded only when one is used.
  const { ProxyAgent } = await import('undici');
  const dispatcher = new ProxyAgent(options.proxy.url);
  try {
    return await collectSteady(options, { dispatcher, variable: options.proxy.variable }, now);
  } finally {
    await dispatcher.destroy();
  }
}

/** One reading of every page, and what says it may not be the whole account. */
interface Reading extends Omit<Collected, 'retries' | 'fetchedAt'> {
  /** Why the pages cannot be trusted to hold every client (they disagree with each other); empty when they agree. */
  unsteady: string[];
  /** A page came back as another (meta.page_number). */
  misnumbered: boolean;
}

/**
 * Read the listing until one reading's pages agree (the same totals on every page, each page the one
 * asked for, no later page gone, no client on two pages, no fewer clients than `total_results`), at
 * most MAX_COLLECTIONS times; a rate limit and the retry count carry over from one reading to the next.
 */
async function collectSteady(options: CollectOptions, via: ClientOptions['via'], now: () => Date): Promise<Collected> {
  const warnings: string[] = [];
  let slowedDown = false;
  const limiter = new Limiter(options.concurrency, (reason) => {
    if (!slowedDown) warnings.push(`the API asked to slow down (${reason}); concurrency was reduced and requests paused`);
    slowedDown = true;
  });
  // What made each reading unsteady, in words.
  const changes: string[] = [];
  const each = (): string => (changes.length > 1 && changes.every((change) => change === changes[0]) ? `the same each time: ${changes[0]}` : changes.map((change, i) => `reading ${i + 1}: ${change}`).join('; '));
  for (let attempt = 1; ; attempt++) {
    const { unsteady, ...reading } = await readListing(options, via, limiter, attempt);
    if (unsteady.length === 0) {
      if (changes.length > 0) {
        warnings.push(`the clients changed while they were collected (${each()}), so the listing was read again from page 1: reading ${attempt} of at most ${MAX_COLLECTIONS} was whole`);
      }
      return { ...reading, retries: limiter.retries, warnings: [...warnings, ...reading.warnings], fetchedAt: now().toISOString() };
    }
    changes.push(unsteady.join(', '));
    if (attempt >= MAX_COLLECTIONS) {
      // The same pages back as page 1 every time is no account changing: the page number is lost on the way.
      const lost = reading.misnumbered ? ' If pages come back as other pages every time, the page number (page[number]) does not reach the API: check --base-url and any proxy between.' : '';
      throw new CollectError(
        `Could not collect every client: the pages disagreed on each of ${MAX_COLLECTIONS} readings (${each()}). ` +
          'Clients added or removed while pages are read shift the pages, so a client may have been skipped; no report was written. ' +
          `Run again when the account is not being changed.${lost}`,
      );
    }
    // Let whatever is changing the account settle a little before starting over.
    await new Promise((resolve) => setTimeout(resolve, options.retryBaseMs * 4 * attempt));
  }
}

async function readListing(options: CollectOptions, via: ClientOptions['via'], limiter: Limiter, attempt: number): Promise<Reading> {
  const warnings: string[] = [];
  const unsteady: string[] = [];
  const client: ClientOptions = { ...options, ...(via ? { via } : {}), query: { ...options.filters, 'page[size]': String(options.pageSize) } };
  const pages = new Map<number, PageBody>();
  const keys = keyScrubber(options.apiKey);
  let pagesTotal: number | null = null;
  let totalResults: number | null = null;
  // What each page said of the whole, to see whether the pages agree.
  const pagesTotals = new Map<number, number>();
  const resultsTotals = new Map<number, number>();
  // Pages that came back as another page (a list grown shorter, or a query dropped on the way).
  const misnumbered = new Map<number, number>();
  let clientCount = 0;
  // The page each client_id was first seen on, kept as pages arrive (while others are on the wire),
  // not after the last one, where it put ~60-90 ms of 100,000 ids between the last page and the result.
  const pageOf = new Map<string, number>();
  let withoutId = 0;
  let onTwoPages = false;
  const report = (): void =>
    options.onProgress?.({ pagesDone: pages.size, pagesTotal, clients: clientCount, retriesWaiting: limiter.retriesWaiting, reading: attempt });

  const get = async (n: number): Promise<PageBody> => {
    const page = await fetchPage(client, n, limiter);
    // Secrets go as soon as a page arrives, while other requests are still on the wire.
    const records = page.data;
    // So goes the key itself, pasted into a client's fields: it would be printed in every report.
    for (let i = 0; i < records.length; i++) {
      const record = withoutSecret(records[i]);
      records[i] = (page.mayHoldKey ? keys.scrub(record, i, n) : record) as OAuthClient;
      const id = idOf(records[i]);
      if (id === undefined) {
        withoutId++;
        continue;
      }
      const seenOn = pageOf.get(id);
      if (seenOn === undefined) pageOf.set(id, n);
      else if (seenOn !== n) onTwoPages = true;
    }
    pages.set(n, page);
    clientCount += records.length;
    const total = positiveInteger(page.meta?.total_pages);
    if (total !== null) {
      pagesTotals.set(n, total);
      pagesTotal = Math.max(pagesTotal ?? 0, total);
    }
    const results = positiveInteger(page.meta?.total_results);
    if (results !== null) resultsTotals.set(n, results);
    const answered = positiveInteger(page.meta?.page_number);
    if (answered !== null && answered !== n) misnumbered.set(n, answered);
    totalResults = results ?? totalResults;
    report();
    return page;
  };

  const first = await get(1);
  if (positiveInteger(first.meta?.total_pages) !== null) {
    // Known total: fetch the rest concurrently. A total that grows mid-run extends the work.
    let next = 2;
    const failures: CollectError[] = [];
    const worker = async (): Promise<void> => {
      // A total past MAX_PAGES (said by page 1, or grown to) is refused below without fetching up to it.
      while (failures.length === 0 && (pagesTotal ?? 1) <= MAX_PAGES && next <= (pagesTotal ?? 1)) {
        const n = next++;
        try {
          await get(n);
        } catch (error) {
          failures.push(error instanceof CollectError ? error : new CollectError(`page ${n}: ${(error as Error).message}`));
        }
      }
    };
    // Twice as many workers as places on the wire (the limiter holds requests to --concurrency): while
    // one parses and checks the page it got, another's request is already out.
    await Promise.all(Array.from({ length: 2 * Math.max(1, options.concurrency) }, worker));
    // Pages that are gone (404) and nothing worse: the list got shorter under this reading.
    if (failures.length > 0 && failures.every((failure) => failure instanceof PageVanished)) {
      const gone = (failures as PageVanished[]).map((failure) => failure.pageNumber).sort((a, b) => a - b);
      unsteady.push(`page${gone.length === 1 ? '' : 's'} ${gone.join(', ')} of ${pagesTotal} answered 404 Not Found`);
      return { clients: [], pages: pages.size, totalResults, warnings, unsteady, misnumbered: misnumbered.size > 0 };
    }
    // Otherwise what failed is said (a vanished page beside it is no excuse).
    const failed = failures.filter((failure) => !(failure instanceof PageVanished));
    if (failed.length > 0) {
      const [firstFailure] = failed;
      throw new CollectError(
        `Could not collect every client: ${firstFailure?.message.replace(/\.$/, '')}${failed.length > 1 ? ` (and ${failed.length - 1} more page${failed.length > 2 ? 's' : ''} failed)` : ''}. No report was written.`,
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
      // A page of nothing but clients already seen (on an earlier page: `pageOf`) will not end: the API
      // is not turning pages (page[number] lost on the way). The assembly below names the repeats; the
      // reading is read again.
      const ids = idsOf(page);
      if (ids.length > 0 && ids.length === page.data.length && ids.every((id) => pageOf.get(id) !== n)) break;
    }
  }

  // Assemble in page order. A client_id on two pages means the pages shifted (the listing is read
  // again); twice on one page it is two records, each linted, as from a file (run.ts warns).
  const clients: OAuthClient[] = [];
  const duplicateIds: { id: string; first: number; page: number }[] = [];
  const order = [...pages.keys()].sort((a, b) => a - b);
  if (!onTwoPages) {
    for (const n of order) for (const record of (pages.get(n) as PageBody).data) clients.push(record as OAuthClient);
  } else {
    // Only for a reading that will be read again: each repeat named in page order, its later copies left out.
    const firstPage = new Map<string, number>();
    for (const n of order) {
      for (const record of (pages.get(n) as PageBody).data) {
        const id = idOf(record);
        if (id !== undefined) {
          const first = firstPage.get(id);
          if (first !== undefined && first !== n) {
            duplicateIds.push({ id, first, page: n });
            continue;
          }
          firstPage.set(id, n);
        }
        clients.push(record as OAuthClient);
      }
    }
  }
  if (misnumbered.size > 0) {
    const shown = [...misnumbered].sort((a, b) => a[0] - b[0]);
    unsteady.push(`${shown.slice(0, 3).map(([asked, answered]) => `page ${asked} came back as page ${answered}`).join(', ')}${shown.length > 3 ? ', …' : ''} (meta.page_number)`);
  }
  if (duplicateIds.length > 0) {
    const count = duplicateIds.length;
    const shown = duplicateIds.slice(0, 3).map(({ id, first, page }) => `${id} (pages ${first} and ${page})`);
    unsteady.push(`${plural(count, 'client')} appeared on two pages: ${shown.join(', ')}${count > 3 ? ', …' : ''}`);
  }
  // The first page, in page order, that says otherwise than page 1 (or the lowest page that said it).
  const changed = (name: string, said: Map<number, number>): void => {
    const [first, ...rest] = [...said].sort((a, b) => a[0] - b[0]);
    const other = rest.find(([, value]) => value !== first?.[1]);
    if (first !== undefined && other !== undefined) unsteady.push(`meta.${name} was ${first[1]} on page ${first[0]} but ${other[1]} on page ${other[0]}`);
  };
  changed('total_pages', pagesTotals);
  changed('total_results', resultsTotals);
  if (totalResults !== null && new Set(resultsTotals.values()).size === 1) {
    // Counted as different clients: a repeat on one page must not stand in for a client missing from another.
    const distinct = pageOf.size + withoutId;
    if (distinct < totalResults) unsteady.push(`the pages said ${plural(totalResults, 'client')} (meta.total_results) but held ${counted(distinct)}${distinct === clients.length ? '' : ` different ones (${plural(clients.length, 'record')})`}`);
    // More than was announced: nothing is missing, but the count is not the API's.
    else if (distinct > totalResults) warnings.push(`the API reported ${plural(totalResults, 'client')} (meta.total_results) but ${counted(distinct)} were collected`);
  }
  warnings.push(...keys.warnings());
  return { clients, pages: pages.size, totalResults, warnings, unsteady, misnumbered: misnumbered.size > 0 };
}
