/**
 * A real HTTP server on 127.0.0.1 (port 0) that behaves like the Telnyx ListOAuthClients endpoint:
 * pages with meta, filters, and scripted faults. Every request is recorded for assertions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
}

/** A fault for one request: return true when it handled the response. */
export type Fault = (req: IncomingMessage, res: ServerResponse, page: number, attempt: number) => boolean | Promise<boolean>;

/** A fault that answers every request 200, application/json, with `body` as it is (malformed or not). */
export function answers200(body: string | Buffer): Fault {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
    return true;
  };
}

export interface FakeOptions {
  clients: Record<string, unknown>[];
  /** Extra per-request behaviour (faults, odd meta); tried before the normal answer. */
  fault?: Fault;
  /** Shape meta: return undefined to omit it. */
  meta?: (page: number, size: number, total: number) => Record<string, unknown> | undefined;
  /** Pages to serve per page number (override), e.g. duplicates. */
  pageData?: (page: number, size: number, clients: Record<string, unknown>[]) => unknown[];
  latencyMs?: number;
  apiKey?: string;
}

export interface FakeTelnyx {
  url: string;
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
  server: Server;
}

export function makeClient(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    record_type: 'oauth_client',
    client_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `Client ${i}`,
    org_id: 'org-1',
    user_id: 'user-1',
    client_type: 'confidential',
    require_pkce: true,
    allowed_grant_types: ['authorization_code'],
    allowed_scopes: ['messaging.read'],
    redirect_uris: [`https://app${i}.example.com/cb`],
    logo_uri: null,
    tos_uri: 'https://example.com/terms',
    policy_uri: 'https://example.com/privacy',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-06-01T00:00:00Z',
    ...overrides,
  };
}

function applyFilters(clients: Record<string, unknown>[], query: URLSearchParams): Record<string, unknown>[] {
  return clients.filter((client) => {
    const type = query.get('filter[client_type]');
    if (type !== null && client.client_type !== type) return false;
    const grant = query.get('filter[allowed_grant_types][contains]');
    if (grant !== null && !(Array.isArray(client.allowed_grant_types) && client.allowed_grant_types.includes(grant))) return false;
    const name = query.get('filter[name]');
    if (name !== null && client.name !== name) return false;
    const contains = query.get('filter[name][contains]');
    if (contains !== null && !String(client.name).includes(contains)) return false;
    const id = query.get('filter[client_id]');
    if (id !== null && client.client_id !== id) return false;
    return true;
  });
}

export async function startFakeTelnyx(options: FakeOptions): Promise<FakeTelnyx> {
  const requests: RecordedRequest[] = [];
  const attempts = new Map<number, number>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '', path: url.pathname, query: url.searchParams, headers: req.headers });
    const page = Number(url.searchParams.get('page[number]') ?? '1');
    const attempt = (attempts.get(page) ?? 0) + 1;
    attempts.set(page, attempt);
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    if (options.fault && (await options.fault(req, res, page, attempt))) return;
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: '10009', title: 'Authentication failed', detail: 'The API key is invalid.' }] }));
      return;
    }
    if (url.pathname !== '/v2/oauth_clients') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: '10005', title: 'Resource not found' }] }));
      return;
    }
    const size = Number(url.searchParams.get('page[size]') ?? '20');
    const filtered = applyFilters(options.clients, url.searchParams);
    const total = Math.max(1, Math.ceil(filtered.length / size));
    const data = options.pageData ? options.pageData(page, size, filtered) : filtered.slice((page - 1) * size, page * size);
    const meta = options.meta ? options.meta(page, size, total) : { page_number: page, page_size: size, total_pages: total, total_results: filtered.length };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(meta === undefined ? { data } : { data, meta }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrl: `${url}/v2`,
    requests,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A `fake(options)` for a test file: every server it starts is closed after each test. */
export function fakeTelnyxPerTest(): (options: FakeOptions) => Promise<FakeTelnyx> {
  const servers: FakeTelnyx[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (options) => {
    const server = await startFakeTelnyx(options);
    servers.push(server);
    return server;
  };
}
