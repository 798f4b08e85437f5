// Deterministic stand-in accounts for the benchmarks: N clients shaped like ListOAuthClients records,
// with a realistic share of problems (http redirects, public clients without PKCE, missing policy URIs).
import { writeFileSync } from 'node:fs';

/** Small seeded PRNG (mulberry32), so every run lints the same data. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(random) {
  const hex = () => Math.floor(random() * 16).toString(16);
  const part = (n) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-8${part(3)}-${part(12)}`;
}

const REDIRECTS = [
  (i) => `https://app${i}.example.com/oauth/callback`,
  (i) => `https://portal.example.org/tenants/${i}/cb`,
  (i) => `com.example.app${i}:/oauth2redirect`,
  () => 'http://127.0.0.1/callback',
  () => 'http://[::1]:8080/cb',
  (i) => `http://legacy${i}.example.net/oauth`,
  () => 'http://localhost:3000/auth/callback',
  (i) => `HTTP://127.0.0.1.nip.io/${i}`,
];

export function makeClient(i, random) {
  const isPublic = random() < 0.3;
  const uris = [];
  const count = 1 + Math.floor(random() * 3);
  for (let k = 0; k < count; k++) {
    // Mostly https, sometimes a problem.
    const pick = random() < 0.8 ? Math.floor(random() * 3) : 3 + Math.floor(random() * 5);
    uris.push(REDIRECTS[pick](i));
  }
  const day = 1 + Math.floor(random() * 28);
  return {
    record_type: 'oauth_client',
    client_id: uuid(random),
    name: `Client ${i}`,
    org_id: `org-${Math.floor(i / 1000)}`,
    user_id: uuid(random),
    client_type: isPublic ? 'public' : 'confidential',
    require_pkce: isPublic ? random() < 0.9 : random() < 0.5,
    allowed_grant_types: isPublic ? ['authorization_code', 'refresh_token'] : random() < 0.5 ? ['client_credentials'] : ['authorization_code', 'refresh_token'],
    allowed_scopes: ['admin'],
    redirect_uris: uris,
    logo_uri: random() < 0.5 ? `https://cdn.example.com/logos/${i}.png` : null,
    tos_uri: random() < 0.7 ? 'https://example.com/terms' : null,
    policy_uri: random() < 0.8 ? 'https://example.com/privacy' : null,
    created_at: `2024-0${1 + Math.floor(random() * 9)}-${String(day).padStart(2, '0')}T10:00:00Z`,
    updated_at: `2026-0${1 + Math.floor(random() * 9)}-${String(day).padStart(2, '0')}T12:30:00Z`,
  };
}

export function makeClients(n, seed = 42) {
  const random = prng(seed);
  return Array.from({ length: n }, (_, i) => makeClient(i, random));
}

/** Write a snapshot of n clients to `file`; returns its size in bytes. */
export function writeSnapshot(file, n, seed = 42) {
  const clients = makeClients(n, seed);
  const text = JSON.stringify({
    oauthlintSnapshot: 1,
    fetchedAt: '2026-12-01T00:00:00Z',
    source: { kind: 'api', baseUrl: 'https://api.telnyx.com/v2', pages: Math.ceil(n / 100), totalResults: n },
    clientCount: n,
    clients,
  });
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}
