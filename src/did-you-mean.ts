/** Did-you-mean for names a user types: options, commands, rule ids, config keys, choices. Pure. */

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/**
 * The known name a typed one most likely meant: the same but for case (`SARIF`), the one name it begins
 * (`warn` → `warning`, three letters at least), or the closest within a few edits that leave some of
 * it standing. Undefined when none is close enough to be a likely typo.
 */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  const typed = name.toLowerCase();
  const sameButCase = known.find((candidate) => candidate.toLowerCase() === typed);
  if (sameButCase !== undefined) return sameButCase;
  const begun = typed.length >= 3 ? known.filter((candidate) => candidate.toLowerCase().startsWith(typed)) : [];
  if (begun.length === 1) return begun[0];
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of known) {
    const score = distance(typed, candidate.toLowerCase());
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  // A guess keeps something of what was typed: every one-letter flag is one edit from every other
  // (`-x` is not "-i?"), and a two-letter name is two edits from any other two letters.
  return best !== undefined && bestScore <= Math.max(2, Math.floor(name.length / 3)) && bestScore < typed.length ? best : undefined;
}

/** `; did you mean "severity"?` after a message about `name`, or nothing when no known name is close. */
export function meantSuffix(name: string, known: readonly string[]): string {
  const guess = didYouMean(name, known);
  return guess === undefined ? '' : `; did you mean ${JSON.stringify(guess)}?`;
}
