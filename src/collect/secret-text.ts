/**
 * Text from outside (the start of a body the API sent, the words of an error) with every client
 * secret in it blanked, before it goes into a message. Pure.
 */
import { closingQuote, isJsonSpace } from './repeated-keys.js';

/** Index just past the string that opens at `start` (a `"`), or the end of the text when it is cut off. */
function stringEnd(text: string, start: number): number {
  const end = closingQuote(text, start);
  return end === -1 ? text.length : end + 1;
}

/** Index just past the JSON value that starts at `start`: a string, a whole object or list (to the end of the text when cut off), or a bare word. */
function valueEnd(text: string, start: number): number {
  const first = text[start];
  if (first === '"') return stringEnd(text, start);
  if (first !== '{' && first !== '[') {
    let i = start;
    while (i < text.length && !',}]'.includes(text[i] as string) && !isJsonSpace(text.charCodeAt(i))) i++;
    return i;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = stringEnd(text, i) - 1;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
  }
  return text.length;
}

/**
 * The start of a body (JSON, maybe cut off anywhere, or not JSON at all) with the value of every
 * `client_secret` key replaced by "[redacted]": the key read with its escapes (`"client_sec\u0072et"`),
 * the value whatever it is, an object or list to its end (a pattern on the text missed both). JSON
 * held in a string (a gateway that wraps the API's answer as `{"body": "{\"data\": …}"}`) is read
 * the same way, and so is a form-encoded `client_secret=…` anywhere.
 */
export function withoutClientSecrets(text: string): string {
  let out = '';
  let kept = 0;
  for (let i = text.indexOf('"'); i !== -1 && i < text.length; i = text.indexOf('"', i)) {
    const end = stringEnd(text, i);
    let colon = end;
    while (colon < text.length && isJsonSpace(text.charCodeAt(colon))) colon++;
    const quoted = text.slice(i, end);
    const inner = readString(quoted);
    // A key is compared as JSON reads it, or as written when it cannot be read.
    if (text[colon] !== ':' || (inner ?? quoted.slice(1, -1)) !== 'client_secret') {
      // A string that holds JSON (or a form) naming a client_secret: redacted inside, and written
      // back as a JSON string again.
      const mention = quoted.indexOf('client_secret');
      if (inner === undefined && mention !== -1) {
        // Not readable as a string: nothing after the mention is shown.
        out += `${text.slice(kept, i + mention)}client_secret [redacted]"`;
        kept = end;
      } else if (inner !== undefined && inner.includes('client_secret')) {
        const redacted = withoutClientSecrets(inner);
        if (redacted !== inner) {
          out += `${text.slice(kept, i)}${JSON.stringify(redacted)}`;
          kept = end;
        }
      }
      i = end;
      continue;
    }
    let value = colon + 1;
    while (value < text.length && isJsonSpace(text.charCodeAt(value))) value++;
    out += `${text.slice(kept, value)}"[redacted]"`;
    kept = i = valueEnd(text, value);
  }
  return (out + text.slice(kept)).replace(FORM_SECRET, '$1[redacted]');
}

// `client_secret=sk_live_…` as a form or query string writes it (up to the next `&` or the end of the word).
const FORM_SECRET = /(client_secret\s*=\s*)(?!\[redacted\])[^&\s"'<>\\]+/g;

/** What a JSON string says (its escapes read), also when it is cut off; undefined when it cannot be read. */
function readString(quoted: string): string | undefined {
  const closed = quoted.length >= 2 && closingQuote(quoted, 0) === quoted.length - 1;
  // Cut off: closed where it stops, or before an escape it stops inside of.
  const cut = quoted.lastIndexOf('\\');
  for (const candidate of closed ? [quoted] : [`${quoted}"`, `${quoted.slice(0, cut === -1 ? quoted.length : cut)}"`]) {
    try {
      return JSON.parse(candidate) as string;
    } catch {
      // the next reading
    }
  }
  return undefined;
}
