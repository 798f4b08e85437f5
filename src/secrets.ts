/**
 * Secrets this process has read that no environment variable names — the API key from
 * `--api-key-file` — so the last-resort redaction of what reaches stderr (main.ts `redact`) knows
 * them too. The collector keeps the key out of its messages itself; this is the net under it.
 */
const known = new Set<string>();

export function rememberSecret(secret: string): void {
  // Shorter strings would blank out ordinary words; no real key is that short.
  if (secret.length >= 4) known.add(secret);
}

export function rememberedSecrets(): Iterable<string> {
  return known;
}
