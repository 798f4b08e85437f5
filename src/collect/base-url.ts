/**
 * The API base URL and its check, apart from the HTTP client so that loading them (for help text,
 * or a lint of a file) does not load ky and fetch.
 */
import { UsageError } from '../errors.js';

export const DEFAULT_BASE_URL = 'https://api.telnyx.com/v2';

/** localhost, 127.x.x.x or ::1 (with or without brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Parse and check a base URL: https, or http only to a loopback host. Usage error otherwise, naming
 * where the URL came from (`from`: "--base-url", "TELNYX_BASE_URL") when it is given.
 */
export function parseBaseUrl(text: string, from?: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`Invalid base URL ${JSON.stringify(text)}${from === undefined ? '' : ` (${from})`}: expected an absolute URL such as ${DEFAULT_BASE_URL}`);
  }
  if (url.username || url.password) throw new UsageError('The base URL must not contain credentials; the API key comes from TELNYX_API_KEY or --api-key-file.');
  if (url.search || url.hash) throw new UsageError(`The base URL must not have a query or fragment: ${url.origin}${url.pathname}`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new UsageError(
    `Refusing base URL ${url.origin}${url.pathname}: the API key may only be sent over https (plain http is allowed to loopback hosts only, for tests and local proxies).`,
  );
}

/**
 * The base URL a run uses and where it came from: --base-url, else TELNYX_BASE_URL (set to nothing
 * counts as unset, as a CI variable that is not defined expands to ""), else the default.
 */
export function chooseBaseUrl(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): URL {
  if (flag !== undefined) return parseBaseUrl(flag, '--base-url');
  const fromEnv = env.TELNYX_BASE_URL;
  if (fromEnv !== undefined && fromEnv !== '') return parseBaseUrl(fromEnv, 'TELNYX_BASE_URL');
  return parseBaseUrl(DEFAULT_BASE_URL);
}
