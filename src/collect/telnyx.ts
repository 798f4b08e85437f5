/**
 * The Telnyx HTTP client: one page of `GET {base}/oauth_clients`, with retries. The only module that
 * imports ky. The API key goes in one header, to one origin; it is never put into a URL, a message or
 * an error.
 */
import ky, { type Options as KyOptions } from 'ky';
import { CollectError, systemErrorWords } from '../errors.js';
import { escapeControl } from '../report/escape.js';
import { badUtf8Offset } from './utf8.js';
import { errorWords } from './input.js';
import { countKeys, describePlace, repeatedKeyIn } from './repeated-keys.js';
import { withoutClientSecrets } from './secret-text.js';

/** What a page request needs besides its number. */
export interface ClientOptions {
  baseUrl: URL;
  apiKey: string;
  userAgent: string;
  /** Query parameters other than page[number], by wire name. */
  query: Record<string, string>;
  /** Per-request timeout, ms (headers and body). */
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  /** Base of the exponential backoff, ms. */
  retryBaseMs: number;
  /** Upper bound of any single wait (backoff or Retry-After), ms. */
  maxWaitMs: number;
  /** The proxy agent (undici) requests go through, and the variable that named the proxy, for messages. */
  via?: { dispatcher: NonNullable<KyOptions['dispatcher']>; variable: string };
}

/** A page as the API returned it. */
export interface PageBody {
  data: unknown[];
  meta: { page_number?: unknown; page_size?: unknown; total_pages?: unknown; total_results?: unknown } | undefined;
  /**
   * False when no string of the page can hold the API key: the body has neither the key nor a
   * backslash (without escapes, every string is its raw text, so a key inside one would be in the
   * body). The collector then need not look through the records for it.
   */
  mayHoldKey: boolean;
}

/** Tells the run how the API is treating us, so it can slow down as a whole. */
export interface RateSignals {
  /**
   * A place on the wire: at most `--concurrency` requests are out at once. Held from the request to
   * the last byte of its body, not while the body is parsed and checked, nor between retries.
   */
  acquire(): Promise<void>;
  release(): void;
  /** The API asked everyone to wait until this time (429 Retry-After, or x-ratelimit-remaining: 0). */
  pauseUntil(epochMs: number, reason: string): void;
  /** Wait until any pause is over. */
  waitForPause(): Promise<void>;
  /** A retry is waiting (for progress display). */
  retryWaiting(delta: 1 | -1): void;
  /** Count of retries done. */
  retried(): void;
}

const RETRYABLE_STATUS = new Set([408, 409, 429]);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A page request failed in a way worth another try. */
class Transient extends Error {
  constructor(
    message: string,
    readonly waitMs?: number,
  ) {
    super(message);
  }
}

/** Parse Retry-After (delta-seconds or HTTP-date) and retry-after-ms into a wait in ms, or undefined. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms.trim());
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** When `x-ratelimit-remaining: 0`, how long until `x-ratelimit-reset` (seconds from now, or an epoch time). */
export function rateLimitResetMs(headers: Headers, now = Date.now()): number | undefined {
  if (headers.get('x-ratelimit-remaining')?.trim() !== '0') return undefined;
  const reset = Number(headers.get('x-ratelimit-reset')?.trim());
  if (!Number.isFinite(reset) || reset < 0) return 1000;
  // Epoch seconds are large; a small number is a delay in seconds.
  return reset > 1e9 ? Math.max(0, reset * 1000 - now) : reset * 1000;
}

/** The API's own words for an error, from either error shape the spec shows. */
export function apiErrorTitle(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { errors?: { code?: unknown; title?: unknown; detail?: unknown }[]; error?: unknown; error_description?: unknown };
    const first = Array.isArray(body.errors) ? body.errors[0] : undefined;
    if (first && (typeof first.title === 'string' || typeof first.detail === 'string')) return errorWords(first).join(': ');
    if (typeof body.error === 'string') return withoutClientSecrets(typeof body.error_description === 'string' ? `${body.error}: ${body.error_description}` : body.error);
  } catch {
    // not JSON
  }
  return undefined;
}

/** The first bytes of a body for an error message: control characters escaped, secrets removed. */
export function firstBytes(text: string, limit = 200): string {
  const head = withoutClientSecrets(text.slice(0, limit));
  return `${JSON.stringify(escapeControl(head)).slice(1, -1)}${text.length > limit ? '…' : ''}`;
}

/**
 * A page body larger than this is not a page of at most 100 clients (a large one is well under a
 * megabyte): a wrong base URL, or a server that never stops sending. Refused before it fills memory.
 */
export const MAX_PAGE_BYTES = 64 * 2 ** 20;

/** The body, or undefined (and the rest left unread) once it passes `limit` bytes. */
async function readAtMost(response: Response, limit: number): Promise<Buffer | undefined> {
  if (Number(response.headers.get('content-length') ?? 0) > limit) {
    await response.body?.cancel();
    return undefined;
  }
  if (response.body === null) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    // Leaving the loop cancels the stream: the rest is never read.
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** The status a proxy answered a tunnel request with, where that is what failed (undici's words, some causes down). */
function proxyRefusal(error: unknown): number | undefined {
  let at = error as { cause?: unknown; message?: unknown } | undefined;
  for (let depth = 0; at !== undefined && at !== null && depth < 8; depth++) {
    const match = typeof at.message === 'string' ? /^Proxy response \((\d{3})\) !== 200/.exec(at.message) : null;
    if (match) return Number(match[1]);
    at = at.cause as typeof at;
  }
  return undefined;
}

function describeStatus(response: Response): string {
  return `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

/** A page after the first answered 404: the list got shorter while it was read (collect.ts reads it again). */
export class PageVanished extends CollectError {
  constructor(
    where: string,
    readonly pageNumber: number,
    url: string,
  ) {
    super(`${where} answered 404 Not Found: page ${pageNumber} vanished while the account was being listed.`, url);
  }
}

/** Fetch one page, retrying what is worth retrying. Throws CollectError when the page cannot be had. */
export async function fetchPage(options: ClientOptions, pageNumber: number, rate: RateSignals): Promise<PageBody> {
  const url = new URL('oauth_clients', options.baseUrl.href.endsWith('/') ? options.baseUrl : `${options.baseUrl.href}/`);
  for (const [name, value] of Object.entries(options.query)) url.searchParams.set(name, value);
  url.searchParams.set('page[number]', String(pageNumber));
  const where = `GET ${url.href}`;
  let lastProblem = '';
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    await rate.waitForPause();
    try {
      return await attemptPage(options, url, where, rate, pageNumber);
    } catch (error) {
      if (!(error instanceof Transient)) throw error;
      lastProblem = error.message;
      if (attempt === options.retries) break;
      // Exponential backoff with jitter (half fixed, half random), unless the server said how long.
      const backoff = Math.min(options.maxWaitMs, options.retryBaseMs * 2 ** attempt);
      const wait = Math.min(options.maxWaitMs, error.waitMs ?? backoff / 2 + Math.random() * (backoff / 2));
      rate.retried();
      rate.retryWaiting(1);
      await sleep(wait);
      rate.retryWaiting(-1);
    }
  }
  throw new CollectError(`${where} failed after ${options.retries + 1} attempt${options.retries === 0 ? '' : 's'}: ${lastProblem}`, url.href);
}

async function attemptPage(options: ClientOptions, url: URL, where: string, rate: RateSignals, pageNumber: number): Promise<PageBody> {
  let response: Response;
  let bytes: Buffer;
  let text: string;
  await rate.acquire();
  let held = true;
  // The timeout runs from the request, not from the wait for a place on the wire.
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    response = await ky.get(url, {
      headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json', 'user-agent': options.userAgent },
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      // Redirects are not followed: the key must never travel to another origin (see below).
      redirect: 'manual',
      signal,
      // Not a ky option: ky hands it to fetch, which sends the request through the proxy.
      ...(options.via ? { dispatcher: options.via.dispatcher } : {}),
    });
    const body = await readAtMost(response, MAX_PAGE_BYTES);
    if (body === undefined) {
      throw new CollectError(
        `${where} answered with a body of more than ${MAX_PAGE_BYTES / 2 ** 20} MiB (${describeStatus(response)}, ${response.headers.get('content-type') ?? 'no content type'}), far more than a page of clients: is the base URL the Telnyx API?`,
        url.href,
      );
    }
    bytes = body;
    // The body is in: another page's request goes out (one turn of the event loop) before this one is parsed.
    rate.release();
    held = false;
    await new Promise(setImmediate);
    text = bytes.toString('utf8');
  } catch (error) {
    if (held) rate.release();
    held = false;
    if (error instanceof CollectError) throw error;
    const name = (error as Error).name;
    if (name === 'TimeoutError' || signal.aborted) throw new Transient(`no complete response within ${options.timeoutMs / 1000} s (timeout)`);
    const refused = options.via === undefined ? undefined : proxyRefusal(error);
    if (refused !== undefined) {
      const said = `the proxy from ${options.via?.variable} answered ${refused} when asked to connect to ${url.host}${refused === 407 ? ': it wants credentials (give them in the proxy URL, http://user:password@host:port)' : ''}`;
      // A proxy in trouble (502, 503) may recover; one that refuses (403, 407) says the same again.
      if (refused >= 500) throw new Transient(said);
      throw new CollectError(`${where}: ${said}`, url.href);
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const through = options.via === undefined ? '' : ` (through the proxy from ${options.via.variable})`;
    throw new Transient(`network error: ${cause?.code !== undefined ? systemErrorWords(cause) : (cause?.message ?? (error as Error).message)}${through}`);
  }
  // What the server says goes into messages; a server that echoes the key must not make us print it.
  // Made only for a message: a page that is fine is not searched for the key.
  const said = (): string => (options.apiKey.length > 0 ? text.split(options.apiKey).join('[redacted]') : text);
  const resetWait = rateLimitResetMs(response.headers);
  if (resetWait !== undefined) rate.pauseUntil(Date.now() + Math.min(resetWait, options.maxWaitMs), 'x-ratelimit-remaining: 0');
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location');
    let target = '(no Location header)';
    if (location !== null) {
      const next = new URL(location, url);
      target = next.origin === url.origin ? next.href : `another origin, ${next.origin}`;
    }
    throw new CollectError(
      `${where} answered ${describeStatus(response)}, a redirect to ${target}: oauthlint does not follow redirects, so the API key is never sent anywhere but the base URL. Set --base-url to the final address.`,
      url.href,
    );
  }
  if (response.status === 401 || response.status === 403) {
    const title = apiErrorTitle(said());
    throw new CollectError(
      `Telnyx rejected the API key (${describeStatus(response)}${title ? `: ${escapeControl(title)}` : ''}). Check TELNYX_API_KEY (or --api-key-file): it must be a valid API v2 key of the account, allowed to list OAuth clients.`,
      url.href,
    );
  }
  if (response.status === 404 && pageNumber > 1) throw new PageVanished(where, pageNumber, url.href);
  if (response.status === 404) {
    throw new CollectError(
      `${where} answered 404 Not Found: the base URL looks wrong (it should end in /v2, e.g. https://api.telnyx.com/v2; got ${options.baseUrl.href}).`,
      url.href,
    );
  }
  if (response.status === 429) {
    const wait = retryAfterMs(response.headers);
    const pause = Math.min(wait ?? options.retryBaseMs * 2, options.maxWaitMs);
    rate.pauseUntil(Date.now() + pause, '429 Too Many Requests');
    throw new Transient(`429 Too Many Requests${wait === undefined ? '' : ` (Retry-After ${Math.round(wait / 100) / 10} s)`}`, 0);
  }
  if (RETRYABLE_STATUS.has(response.status) || response.status >= 500) {
    const title = apiErrorTitle(said());
    throw new Transient(`${describeStatus(response)}${title ? `: ${escapeControl(title)}` : ''}`, retryAfterMs(response.headers));
  }
  if (response.status !== 200) {
    const title = apiErrorTitle(said());
    throw new CollectError(`${where} answered ${describeStatus(response)}${title ? `: ${escapeControl(title)}` : ''}; body begins "${firstBytes(said())}"`, url.href);
  }
  // JSON is UTF-8: decoding other bytes would put U+FFFD into the records without a word.
  const bad = badUtf8Offset(bytes);
  if (bad !== -1) throw new Transient(`the body is not UTF-8 (${bytes.length} bytes; a byte that is not part of a UTF-8 character at offset ${bad})`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // A truncated or garbled body may be a passing fault: try again, and say what came if it persists.
    throw new Transient(`the body is not JSON (${response.headers.get('content-type') ?? 'no content type'}, ${text.length} bytes); it begins "${firstBytes(said())}"`);
  }
  const page = body as { data?: unknown; meta?: unknown };
  if (body === null || typeof body !== 'object' || !Array.isArray(page.data)) {
    throw new CollectError(`${where} answered 200 with a body that is not a list of clients (expected {"data": [...], "meta": {...}}); it begins "${firstBytes(said())}"`, url.href);
  }
  // As for a saved response (input.ts): a key twice (`client_type` public, then confidential) means
  // whatever one reader of the page says another may not; not a passing fault, so no retry.
  const repeated = repeatedKeyIn(text, countKeys(body));
  if (repeated !== undefined) {
    throw new CollectError(`${where} answered 200 with the key ${JSON.stringify(repeated.key)} twice ${describePlace(repeated.path)} of the page; JSON readers disagree on which one counts, so the page cannot be read`, url.href);
  }
  // As for a saved response (input.ts): an error beside the data says the page is not to be trusted.
  const errors = (body as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const title = apiErrorTitle(said());
    throw new CollectError(`${where} answered 200 with "errors" beside the clients${title ? `: ${escapeControl(title)}` : ''}; the page cannot be trusted to be whole`, url.href);
  }
  const meta = page.meta !== null && typeof page.meta === 'object' && !Array.isArray(page.meta) ? (page.meta as PageBody['meta']) : undefined;
  return { data: page.data, meta, mayHoldKey: text.includes(options.apiKey) || text.includes('\\') };
}
