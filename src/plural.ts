/** `1 client`, `164,526 findings`: a count in words, for people to read (reports and messages). Pure. */
export function plural(count: number, word: string): string {
  return `${counted(count)} ${word}${count === 1 ? '' : 's'}`;
}

/** `100,000`: a bare count, written as `plural` writes one. */
export function counted(count: number): string {
  return count.toLocaleString('en');
}
