/**
 * Where a JSON text first goes wrong. Run only after `JSON.parse` has failed: V8's messages quote the
 * surrounding input (which may hold a secret) and often give no position, so we find it ourselves.
 */
import { isJsonSpace } from './repeated-keys.js';

export interface JsonSyntaxProblem {
  /** Character offset of the problem. */
  offset: number;
  /** What was expected there. */
  message: string;
  /** Where in the document: the keys and indexes of the containers it is in (`["data", 48123, "client_id"]`). */
  path: (string | number)[];
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Fail extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Find the first syntax error of `text`, or null when it is valid JSON. Iterative, so deep nesting cannot overflow. */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  };
  // Even one character of a client_secret is more of it than a message may show.
  const describe = (): string => (i >= text.length ? 'the end of the input' : at.includes('client_secret') ? 'a character not shown (it is in a client_secret)' : `${JSON.stringify(text[i])}`);
  const expect = (what: string): never => {
    throw new Fail(i, `expected ${what}, found ${describe()}`);
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) throw new Fail(i, 'unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) throw new Fail(i, 'a control character inside a string (it must be escaped)');
      if (c === 0x5c) {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Fail(i, 'an invalid \\u escape');
          i += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) throw new Fail(i, 'an invalid escape');
        i += 2;
        continue;
      }
      i++;
    }
  };
  const scalar = (): void => {
    const c = text[i];
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    expect('a value');
  };
  // Stack of open containers: '{' or '['; beside it, the key or index each is at (null while a key is read).
  const stack: string[] = [];
  const at: (string | number | null)[] = [];
  const key = (): void => {
    at[at.length - 1] = null;
    const start = i;
    string();
    try {
      at[at.length - 1] = JSON.parse(text.slice(start, i)) as string;
    } catch {
      at[at.length - 1] = text.slice(start + 1, i - 1);
    }
  };
  try {
    skip();
    for (;;) {
      // Here a value is expected.
      skip();
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        at.push(c === '[' ? 0 : null);
        i++;
        skip();
        if (c === '{') {
          if (text[i] === '}') {
            i++;
            stack.pop();
            at.pop();
          } else {
            if (text[i] !== '"') expect('a property name in double quotes or "}"');
            key();
            skip();
            if (text[i] !== ':') expect('":" after a property name');
            i++;
            continue;
          }
        } else if (text[i] === ']') {
          i++;
          stack.pop();
          at.pop();
        } else {
          continue;
        }
      } else {
        scalar();
      }
      // After a value: close containers or move on to the next element.
      for (;;) {
        skip();
        const top = stack[stack.length - 1];
        if (top === undefined) {
          if (i < text.length) expect('the end of the input');
          return null;
        }
        const closer = top === '{' ? '}' : ']';
        if (text[i] === closer) {
          i++;
          stack.pop();
          at.pop();
          continue;
        }
        if (text[i] !== ',') expect(`"," or "${closer}"`);
        i++;
        skip();
        if (top === '[') at[at.length - 1] = (at[at.length - 1] as number) + 1;
        if (top === '{') {
          at[at.length - 1] = null;
          if (text[i] !== '"') expect('a property name in double quotes');
          key();
          skip();
          if (text[i] !== ':') expect('":" after a property name');
          i++;
        }
        break;
      }
    }
  } catch (error) {
    if (error instanceof Fail) return { offset: error.offset, message: error.reason, path: at.filter((step): step is string | number => step !== null) };
    throw error;
  }
}

/** A document path as messages write it: `data[48123].client_id`, `data[0]["odd key"]`; long keys cut. */
export function formatJsonPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else {
      const shown = step.length > 40 ? `${step.slice(0, 40)}…` : step;
      out += /^[A-Za-z_$][\w$-]*$/.test(shown) ? `${out === '' ? '' : '.'}${shown}` : `[${JSON.stringify(shown)}]`;
    }
  }
  return out;
}
