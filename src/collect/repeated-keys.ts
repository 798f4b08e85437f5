/**
 * A key given twice in one JSON object (`{"client_type": "public", "client_type": "confidential"}`):
 * RFC 8259 §4 leaves what it means to the reader, and readers differ (JSON.parse keeps the last, others
 * the first or refuse), so a linter that reads one of them may pass what the API or a reviewer reads as
 * the other. oauthlint refuses such input wherever the key sits.
 *
 * Finding one is cheap to rule out: every key's colon follows its closing quote (and white space), so
 * the colons that follow an unescaped quote are at least the keys as written, and a parsed value holds
 * fewer keys than written exactly when one repeated. Only when the counts differ is the text walked
 * token by token to say which key, where. (The count can also run high, for a string that begins with
 * a colon — `": x"` — whose opening quote looks like a closing one; the walk then finds nothing.)
 */

/** JSON's white space (RFC 8259 §2): space, tab, line feed, carriage return. */
export function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Whether the `"` at `at` ends a string (is not escaped by an odd run of backslashes). */
function unescapedQuote(text: string, at: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
  return backslashes % 2 === 0;
}

/** The index of the `"` that closes the string opening at `start`, or -1 when the text ends first. */
export function closingQuote(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1 && !unescapedQuote(text, end)) end = text.indexOf('"', end + 1);
  return end;
}

/**
 * At least the number of keys written in `text` (valid JSON) at every depth, and almost always exactly
 * it: the colons that follow an unescaped quote and white space. Never fewer, since every key's colon
 * does; more only for a string whose text begins with white space and a colon.
 */
export function keyColons(text: string): number {
  let count = 0;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    let q = i - 1;
    let c = text.charCodeAt(q);
    while (isJsonSpace(c)) c = text.charCodeAt(--q);
    if (c === 0x22 && unescapedQuote(text, q)) count++;
  }
  return count;
}

/** The keys a parsed JSON value holds at every depth. Walks without recursion (values may nest deeply). */
export function countKeys(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let count = 0;
  const stack: object[] = [value];
  while (stack.length > 0) {
    const item = stack.pop() as object;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const child: unknown = item[i];
        if (child !== null && typeof child === 'object') stack.push(child);
      }
      continue;
    }
    for (const key in item) {
      count++;
      const child = (item as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return count;
}

/**
 * The key `text` (valid JSON, whose parse holds `parsedKeys` keys) gives twice in some object, if any:
 * the count first, the walk only when it differs. `colons` is `keyColons(text)` when the caller has it.
 */
export function repeatedKeyIn(text: string, parsedKeys: number, colons = keyColons(text)): RepeatedKey | undefined {
  return colons === parsedKeys ? undefined : repeatedKey(text);
}

export interface RepeatedKey {
  key: string;
  /** Where the second one begins (a character offset into the text). */
  offset: number;
  /** Where the object holding it sits: `[]` for the top level, `['data', 3]` for a record. */
  path: (string | number)[];
}

const TOKENS = /["{}[\],]/g;

/** The first key that some object of `text` (valid JSON) has twice, or undefined. */
export function repeatedKey(text: string): RepeatedKey | undefined {
  // One frame per open object or list: the keys seen and the one being read, or the item index.
  const frames: { keys: Set<string> | undefined; at: string | number }[] = [];
  TOKENS.lastIndex = 0;
  for (let match = TOKENS.exec(text); match !== null; match = TOKENS.exec(text)) {
    const start = match.index;
    const c = text.charCodeAt(start);
    const top = frames[frames.length - 1];
    if (c === 0x22) {
      const end = closingQuote(text, start);
      if (end === -1) return undefined;
      TOKENS.lastIndex = end + 1;
      if (top?.keys === undefined) continue;
      let next = end + 1;
      while (isJsonSpace(text.charCodeAt(next))) next++;
      if (text[next] !== ':') continue;
      const key = JSON.parse(text.slice(start, end + 1)) as string;
      if (top.keys.has(key)) return { key, offset: start, path: frames.slice(0, -1).map((frame) => frame.at) };
      top.keys.add(key);
      top.at = key;
    } else if (c === 0x7b) {
      frames.push({ keys: new Set(), at: '' });
    } else if (c === 0x5b) {
      frames.push({ keys: undefined, at: 0 });
    } else if (c === 0x2c) {
      if (top !== undefined && top.keys === undefined) top.at = (top.at as number) + 1;
    } else {
      frames.pop();
    }
  }
  return undefined;
}

/**
 * Where an object sits, in words: "at the top level", "in client record 4 (data[3])", "in meta".
 * A record is an item of the bare list, or of the top-level "data" or "clients" list.
 */
export function describePlace(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'at the top level';
  let written = '';
  for (const segment of path) {
    if (typeof segment === 'number') written += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) written += written === '' ? segment : `.${segment}`;
    else written += `[${JSON.stringify(segment)}]`;
  }
  const index = typeof path[0] === 'number' ? path[0] : (path[0] === 'data' || path[0] === 'clients') && typeof path[1] === 'number' ? path[1] : undefined;
  return index === undefined ? `in ${written}` : `in client record ${index + 1} (${written})`;
}
