/**
 * Exceptions a team accepts, each with a reason and an end date. Pure: `now` is passed in.
 * An excepted finding does not fail the gate and is left out of SARIF, but is counted and listed.
 * An exception past its date no longer applies and says so; one that matched nothing is stale.
 */
import type { Finding } from '../types.js';
import { plural } from '../plural.js';

export interface ExceptionRule {
  rule: string;
  clients: string[];
  reason: string;
  /** YYYY-MM-DD; the exception holds through the end of that day (UTC). */
  expires: string;
  /** Only these offending values (exact), when given. */
  values?: unknown[];
  /** Where it was written, for messages (`.oauthlintrc.yml:12`). */
  where: string;
}

export interface ExceptionOutcome {
  /** Warnings: expired, stale, expiring soon. */
  warnings: string[];
  /** Count of findings excepted. */
  excepted: number;
  /** Exceptions that end within `soonDays`, for the review report. */
  expiringSoon: { exception: ExceptionRule; days: number }[];
}

const DAY = 86_400_000;

function endOfDay(date: string): number {
  return Date.parse(`${date}T23:59:59.999Z`);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describe(exception: ExceptionRule): string {
  const clients = exception.clients.length === 1 ? `client ${exception.clients[0]}` : `${exception.clients.length} clients`;
  return `exception for ${exception.rule} on ${clients} (${exception.where}, "${exception.reason}")`;
}

/** Mark the findings that exceptions cover (setting `exception`), and say what else is worth knowing. */
export function applyExceptions(
  findings: Finding[],
  exceptions: readonly ExceptionRule[],
  now: Date,
  context: { enabledRules?: ReadonlySet<string>; clientIds?: readonly (string | null)[]; clientNames?: readonly (string | null)[]; knownIds?: ReadonlySet<string | null> } = {},
  soonDays = 30,
): ExceptionOutcome {
  // The ids read, as a set (the caller's, when it has one), made only when there are exceptions to check.
  let knownSet: ReadonlySet<string | null> | undefined = context.knownIds;
  const known = (): ReadonlySet<string | null> | undefined => (context.clientIds === undefined ? undefined : (knownSet ??= new Set(context.clientIds)));
  // Ids no client has, quoted; one that is a client's name says whose (looked up only for these).
  const unknownIds = (absent: readonly string[]): string => {
    const shown = absent.slice(0, 5).map((id) => {
      const at = context.clientNames?.indexOf(id) ?? -1;
      const owner = at === -1 ? undefined : context.clientIds?.[at];
      return `${JSON.stringify(id)}${typeof owner === 'string' ? ` (the name of client ${owner})` : ''}`;
    });
    return `${shown.join(', ')}${absent.length > 5 ? ', …' : ''}`;
  };
  const warnings: string[] = [];
  const expiringSoon: ExceptionOutcome['expiringSoon'] = [];
  let excepted = 0;
  for (const exception of exceptions) {
    const clients = new Set(exception.clients);
    const matches = findings.filter(
      (f) => f.ruleId === exception.rule && f.clientId !== null && clients.has(f.clientId) && (exception.values === undefined || exception.values.some((v) => sameValue(v, f.value))),
    );
    const end = endOfDay(exception.expires);
    if (now.getTime() > end) {
      warnings.push(`${describe(exception)} expired on ${exception.expires}${matches.length > 0 ? `; its ${matches.length} finding${matches.length === 1 ? ' counts' : 's count'} again` : ''}`);
      continue;
    }
    const knownIds = known();
    const absent = knownIds === undefined ? [] : exception.clients.filter((id) => !knownIds.has(id));
    if (matches.length === 0) {
      // Say why, where it can be told: "stale" is wrong for a rule turned off or a client not read.
      let why = 'it is stale (fixed, or wrong ids); remove it';
      if (context.enabledRules !== undefined && !context.enabledRules.has(exception.rule)) why = `the rule ${exception.rule} is off in this configuration`;
      else if (absent.length === exception.clients.length) why = `no client read has ${absent.length === 1 ? 'that id' : 'any of those ids'} (${unknownIds(absent)}): check the ids (client_id, not the name)`;
      else if (knownIds !== undefined) why = `it is stale: ${exception.clients.length === 1 ? 'the client has' : 'its clients have'} no such finding now (fixed?); remove it${absent.length > 0 ? `; and no client read has ${unknownIds(absent)}` : ''}`;
      warnings.push(`${describe(exception)} matched no finding: ${why}`);
      continue;
    }
    // It applies to some of its clients: an id among them that no client has (a typo, a name) would
    // otherwise pass unseen beside the ones that match.
    if (absent.length > 0) {
      warnings.push(`${describe(exception)} names ${absent.length === 1 ? 'a client id' : `${absent.length} client ids`} no client read has: ${unknownIds(absent)}; check the ids (client_id, not the name)`);
    }
    const days = Math.floor((end - now.getTime()) / DAY);
    if (days < soonDays) expiringSoon.push({ exception, days });
    for (const finding of matches) {
      if (finding.exception === undefined) excepted++;
      finding.exception = { reason: exception.reason, expires: exception.expires };
    }
  }
  for (const { exception, days } of expiringSoon) {
    warnings.push(`${describe(exception)} expires ${days === 0 ? 'today' : `in ${plural(days, 'day')}`} (${exception.expires})`);
  }
  return { warnings, excepted, expiringSoon };
}
