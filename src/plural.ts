/** `1 client`, `164,526 findings`: a count in words, for people to read (reports and messages). Pure. */
export function plural(count: number, word: string): string {
  return `${count.toLocaleString('en')} ${word}${count === 1 ? '' : 's'}`;
}
