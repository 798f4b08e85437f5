/** Shared test helpers: temp dirs, running the CLI as a process, compiling ad-hoc rules. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileRule, defaultOptions } from '../src/engine/rules.js';
import { evaluate } from '../src/engine/evaluate.js';
import type { RuleDefinition } from '../src/types.js';
import { ConfigError } from '../src/errors.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A seeded generator of numbers in [0, 1) (a linear congruential one), so generated test cases repeat run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}
export const CLI = join(ROOT, 'dist', 'cli.js');

/** The temp dirs this test file made, removed when it ends (a run of the suite made over a thousand). */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A test that took its own permissions away from a directory: left for the OS to clear.
    }
  }
});

export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'oauthlint-test-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI as a child process. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; stdin?: string | Buffer } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...options.env })) {
      if (value !== undefined) env[key] = value;
    }
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** A minimal valid rule definition for grammar tests. */
export function ruleWith(check: unknown, extra: Partial<RuleDefinition> = {}): RuleDefinition {
  return {
    id: 'test-rule',
    title: 'Test rule',
    description: 'A rule for tests.',
    severity: 'error',
    rationale: 'Because tests need one.',
    references: [{ title: 'RFC 6749', url: 'https://www.rfc-editor.org/rfc/rfc6749' }],
    docs: 'https://example.com/docs#test-rule',
    securitySeverity: 5,
    check,
    message: 'Invalid value {{$}}',
    ...extra,
  };
}

/** Compile `rule` (throwing on compile issues) and return the finding paths on `client`. */
export function pathsFor(rule: RuleDefinition, client: unknown, options?: Record<string, unknown>): string[] {
  const issues: { keyPath: string; message: string }[] = [];
  const compiled = compileRule(rule, rule.severity, options ?? defaultOptions(rule), issues);
  if (issues.length > 0) throw new Error(JSON.stringify(issues));
  return evaluate([client as never], [compiled], { now: new Date('2026-06-01T00:00:00Z') }).map((finding) => finding.path);
}

/** A complete, clean client record. */
export function cleanClient(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    record_type: 'oauth_client',
    client_id: '11111111-2222-4333-8444-555555555555',
    name: 'Clean app',
    org_id: 'org-1',
    user_id: 'user-1',
    client_type: 'confidential',
    require_pkce: true,
    allowed_grant_types: ['authorization_code', 'refresh_token'],
    allowed_scopes: ['messaging.read'],
    redirect_uris: ['https://app.example.com/cb'],
    logo_uri: 'https://app.example.com/logo.png',
    tos_uri: 'https://app.example.com/terms',
    policy_uri: 'https://app.example.com/privacy',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-05-01T00:00:00Z',
    ...overrides,
  };
}

/** The ConfigError `fn` throws (anything else fails the test). */
export function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
