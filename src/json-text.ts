/**
 * JSON text without recursion. `JSON.stringify` overflows the stack on a value nested some thousands
 * deep, and `[[[[…]]]]` a hundred thousand deep is valid JSON that `JSON.parse` reads: a record from a
 * file or an API page can be one. Walks with a stack of its own instead.
 */

/** Literal text on the work stack, told apart from the values being written (which are never one). */
class Text {
  constructor(readonly text: string) {}
}
const COMMA = new Text(',');
const END_ARRAY = new Text(']');
const END_OBJECT = new Text('}');

/**
 * `canonical`: object keys sorted and `undefined` written as `undefined` (the form fingerprints hash;
 * see fingerprint.ts). Otherwise exactly what `JSON.stringify(value)` gives for JSON data: `undefined`
 * properties left out, `undefined` items as `null`.
 */
export function jsonText(root: unknown, canonical: boolean): string {
  let out = '';
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof Text) {
      out += item.text;
    } else if (item === null || typeof item !== 'object') {
      out += JSON.stringify(item) ?? (canonical ? 'undefined' : 'null');
    } else if (Array.isArray(item)) {
      out += '[';
      stack.push(END_ARRAY);
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push(item[i]);
        if (i > 0) stack.push(COMMA);
      }
    } else {
      const record = item as Record<string, unknown>;
      const keys = canonical ? Object.keys(record).sort() : Object.keys(record).filter((key) => record[key] !== undefined);
      out += '{';
      stack.push(END_OBJECT);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push(record[key]);
        stack.push(new Text(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`));
      }
    }
  }
  return out;
}

/** `JSON.stringify(value)`, falling back to `jsonText` for a value too deep for it. */
export function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof RangeError) return jsonText(value, false);
    throw error;
  }
}
