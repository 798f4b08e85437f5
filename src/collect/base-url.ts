/**
 * The API base URL and its check, apart from the HTTP client so that loading them (for help text,
 * or a lint of a file) does not load ky and fetch.
 */
import { UsageError } from '../errors.js';

export const DEFAULT_BASE_URL = 'https://api.telnyx.com/v2';

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Parse and check a base URL: https, or http only to a loopback host. Usage error otherwise. */
export function parseBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`Invalid base URL ${JSON.stringify(text)}: expected an absolute URL such as ${DEFAULT_BASE_URL}`);
  }
  if (url.username || url.password) throw new UsageError('The base URL must not contain credentials; the API key comes from TELNYX_API_KEY or --api-key-file.');
  if (url.search || url.hash) throw new UsageError(`The base URL must not have a query or fragment: ${url.origin}${url.pathname}`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new UsageError(
    `Refusing base URL ${url.origin}${url.pathname}: the API key may only be sent over https (plain http is allowed to loopback hosts only, for tests and local proxies).`,
  );
}

