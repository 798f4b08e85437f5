/**
 * Which proxy, if any, the API is reached through: from the environment, read as curl reads it, since
 * Node 20's fetch reads none of it. Pure; the agent itself is made where requests are (collect.ts).
 */
import { BlockList, isIP } from 'node:net';
import { UsageError } from '../errors.js';
import { isLoopbackHost } from './base-url.js';

/** A proxy to go through, and the variable it came from (messages name that, never the URL: it may hold a password). */
export interface ProxyChoice {
  url: string;
  variable: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The first of `names` that is set to something, lower-case spelling first as curl does. */
function firstSet(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') return { name, value };
  }
  return undefined;
}

/** Whether the IP address `host` (of `family` 4 or 6) is in `network/prefix`; false for a range that is none (`10.0.0.0/33`). */
function inRange(host: string, family: number, network: string, prefix: number): boolean {
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (isIP(network) !== family) return false;
  const list = new BlockList();
  try {
    list.addSubnet(network, prefix, type);
  } catch {
    return false;
  }
  return list.check(host, type);
}

/**
 * Whether NO_PROXY (no_proxy) sends `target` direct: `*` for every host; otherwise a list (commas or
 * white space) of host names, each matching itself and its subdomains (`example.com` and
 * `.example.com` both match `api.example.com`), optionally with `:port` for one port only, of IP
 * addresses (IPv6 with or without brackets), matched exactly, and of CIDR ranges (`10.0.0.0/8`,
 * `fd00::/8`), which match the IP addresses in them as curl (7.86 on) matches them.
 */
export function bypassesProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const family = isIP(host);
  for (const raw of noProxy.toLowerCase().split(/[\s,]+/)) {
    if (raw === '') continue;
    if (raw === '*') return true;
    const range = /^\[?([0-9a-f:.]+)\]?\/(\d{1,3})$/.exec(raw);
    if (range) {
      if (family !== 0 && inRange(host, family, range[1] as string, Number(range[2]))) return true;
      continue;
    }
    // An IP address however it is written (`2001:db8:0:0:0:0:0:1` is `[2001:db8::1]`).
    const address = raw.replace(/^\[|\]$/g, '');
    if (family !== 0 && isIP(address) === family && inRange(host, family, address, family === 4 ? 32 : 128)) return true;
    // "[::1]:8080", "[::1]", "::1", "example.com:443", ".example.com", "*.example.com".
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
    const ipv6 = raw.indexOf(':') !== raw.lastIndexOf(':');
    const [name, entryPort] = bracketed ? [bracketed[1] as string, bracketed[2]] : ipv6 ? [raw, undefined] : (raw.split(/:(?=\d+$)/) as [string, string | undefined]);
    if (entryPort !== undefined && entryPort !== port) continue;
    const domain = name.replace(/^\*?\./, '');
    if (domain !== '' && (host === domain || host.endsWith(`.${domain}`))) return true;
  }
  return false;
}

/**
 * The proxy for `target`: https_proxy / HTTPS_PROXY for https (http_proxy / HTTP_PROXY for http), else
 * all_proxy / ALL_PROXY; undefined to go direct (none set, NO_PROXY names the host, or the host is a
 * loopback one, which is never proxied: a proxy there could read the key sent over plain http). A
 * value without a scheme is http://, as curl takes `proxy.corp:3128`; one that is no http(s) URL is a
 * usage error naming the variable.
 */
export function chooseProxy(target: URL, env: Env): ProxyChoice | undefined {
  if (isLoopbackHost(target.hostname)) return undefined;
  const scheme = target.protocol === 'https:' ? 'https' : 'http';
  const set = firstSet(env, [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY']);
  if (set === undefined) return undefined;
  const noProxy = firstSet(env, ['no_proxy', 'NO_PROXY']);
  if (noProxy !== undefined && bypassesProxy(target, noProxy.value)) return undefined;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(set.value) ? set.value : `http://${set.value}`);
  } catch {
    throw new UsageError(`${set.name} is not a proxy URL (expected http://host:port): unset it or correct it`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${set.name} names a ${url.protocol.slice(0, -1)} proxy; oauthlint goes through http:// and https:// proxies only`);
  }
  return { url: url.href, variable: set.name };
}
