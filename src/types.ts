/**
 * The contract between the parts of oauthlint. Engine and reporters depend on these types only.
 */

/** How serious a finding is. `off` exists only in configuration. */
export type Severity = 'error' | 'warning' | 'note';
export type SeverityOrOff = Severity | 'off';
/** The `--fail-on` threshold: the lowest severity that fails the run, or `none`. */
export type FailOn = Severity | 'none';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];
/** Higher is more serious. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, note: 1 };

/**
 * An OAuth client as the Telnyx API returns it (`OAuthClient` in the OpenAPI spec).
 * Records come from outside, so every field is `unknown` until a rule looks at it:
 * the engine never trusts a record's shape (see `client-record-schema`).
 */
export interface OAuthClient {
  record_type?: unknown;
  client_id?: unknown;
  name?: unknown;
  org_id?: unknown;
  user_id?: unknown;
  client_type?: unknown;
  require_pkce?: unknown;
  allowed_grant_types?: unknown;
  allowed_scopes?: unknown;
  redirect_uris?: unknown;
  logo_uri?: unknown;
  tos_uri?: unknown;
  policy_uri?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
  /** Stands in for `client_secret`, which is dropped when records are read or collected. */
  has_client_secret?: boolean;
  [field: string]: unknown;
}

/** Where a set of clients came from. */
export interface ClientSource {
  /** `file` (a path or `-` for stdin) or `api` (a base URL). */
  kind: 'file' | 'api';
  /** The file path, `-`, or the API base URL (never with credentials). */
  location: string;
  /** The shape the input had. */
  shape?: 'list-response' | 'array' | 'snapshot';
  /** For the API: pages fetched, requests retried, and the API's own count of clients. */
  pages?: number;
  retries?: number;
  totalResults?: number | null;
}

/** Version 1 of the snapshot file written by `--save-snapshot` and read back by `--input`. */
export interface SnapshotV1 {
  oauthlintSnapshot: 1;
  /** ISO 8601 time the collection finished. */
  fetchedAt: string;
  source: {
    kind: 'api' | 'file';
    /** API base URL or input file the clients came from. */
    baseUrl?: string;
    location?: string;
    /** Query filters applied, by wire name (e.g. `filter[client_type]`). */
    filters?: Record<string, string>;
    pages?: number;
    totalResults?: number | null;
  };
  /**
   * What was noted while the clients were collected (a listing read again, the API key found in the
   * data, a page that asked to slow down); absent when nothing was. A lint of the snapshot repeats them.
   */
  warnings?: string[];
  /** Number of clients in `clients`. */
  clientCount: number;
  /** The clients, with `client_secret` removed. */
  clients: OAuthClient[];
}

/** One problem found: one offending value of one client, by one rule. */
export interface Finding {
  /** Rule id, e.g. `no-http-redirect-uri`. */
  ruleId: string;
  /** Effective severity after configuration. */
  severity: Severity;
  /** The client's `client_id`, or null when the record has no string id. */
  clientId: string | null;
  /** The client's `name`, or null when it has no string name. */
  clientName: string | null;
  /** Index of the record in the input, to tell apart records without ids. */
  clientIndex: number;
  /** Path of the offending value inside the record, e.g. `redirect_uris[2]`; `` for the record itself. */
  path: string;
  /** The offending value (JSON), never a secret. `undefined` when the field is missing. */
  value: unknown;
  /** Human message, quoting the value. */
  message: string;
  /** Set when a configured exception covers this finding: it is listed, but does not fail the gate. */
  exception?: { reason: string; expires: string };
  /** Set when a baseline was given. */
  baselineState?: 'new' | 'unchanged';
}

/** A reference to a specification section. */
export interface RuleReference {
  title: string;
  url: string;
}

/** A rule's own test case. */
export interface RuleTestCase {
  /** What the case shows. */
  name?: string;
  /** A client record (merged onto the rule's `tests.base` record unless `replace: true`). */
  client?: unknown;
  /** Several records, for rules over the whole set; finding paths are then `<index>:<path>`. */
  clients?: unknown[];
  /** Use `client` as the whole record instead of an override of the base. */
  replace?: boolean;
  /** Options for this case (merged onto the rule's defaults). */
  options?: Record<string, unknown>;
  /** For invalid cases: the paths the findings must have, in order. */
  findings?: string[];
}

/** A rule file (`rules/<id>.yml`) after validation against the meta-schema. */
export interface RuleDefinition {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  /** Off unless a config or preset enables it. */
  enabled?: boolean;
  rationale: string;
  references: RuleReference[];
  /** Documentation URL. */
  docs: string;
  /** 0.0–10.0, for SARIF `security-severity`. */
  securitySeverity: number;
  /** SARIF precision: how rarely the rule is wrong (default very-high). */
  precision?: 'very-high' | 'high' | 'medium' | 'low';
  tags?: string[];
  /** JSON Schema of the rule's options; defaults are applied from it. */
  options?: Record<string, unknown>;
  /** The declarative check (see docs/rules.md). */
  check: unknown;
  /** Message template; `{{expr}}` placeholders are replaced by JSON-quoted values. */
  message: string;
  /** How to fix it. */
  fix?: string;
  tests?: { base?: Record<string, unknown>; valid?: RuleTestCase[]; invalid?: RuleTestCase[] };
  /** The file the rule came from (set by the loader). */
  file?: string;
}

/** Evaluation context handed to the engine: everything a rule may depend on besides the records. */
export interface EvaluateOptions {
  /** The current time; the engine never reads the clock. */
  now: Date;
}

/** The outcome of a lint, before reporting. */
export interface LintResult {
  clientCount: number;
  findings: Finding[];
  /** Rules that were enabled, with their effective severity. */
  rules: { definition: RuleDefinition; severity: Severity }[];
  source: ClientSource;
  /** Non-fatal things worth telling (e.g. duplicate clients during collection). */
  warnings: string[];
  /** One sentence on what was collected from the API, when it was. */
  collectionSummary?: string;
  /** Id and name of every client, in input order (for listing the clients that passed). */
  clientNames?: { id: string | null; name: string | null }[];
  /** With --baseline: how the findings compare, and what was fixed. */
  baseline?: { file: string; new: number; unchanged: number; fixed: import('./engine/baseline.js').BaselineEntry[] };
  /** With --previous: what changed in the inventory since that snapshot. */
  inventory?: { file: string; diff: import('./engine/inventory.js').InventoryDiff };
  /** Exceptions that end within 30 days. */
  expiringExceptions?: { rule: string; clients: string[]; reason: string; expires: string; days: number }[];
}

/** Report formats. */
export type OutputFormat = 'text' | 'json' | 'sarif' | 'markdown';

/** Options every formatter receives. */
export interface FormatOptions {
  toolVersion: string;
  /** SARIF `automationDetails.id`. */
  sarifCategory?: string;
  failOn: FailOn;
  color: boolean;
  quiet: boolean;
}

/** A formatter is pure: a result in, a string out. Writing is the caller's job. */
export type Formatter = (result: LintResult, options: FormatOptions) => string;
