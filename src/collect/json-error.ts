/**
 * Where a JSON text first goes wrong. Run only after `JSON.parse` has failed: V8's messages quote the
 * surrounding input (which may hold a secret) and often give no position, so we find it ourselves.
 */

export interface JsonSyntaxProblem {
  /** Character offset of the problem. */
  offset: number;
  /** What was expected there. */
  message: string;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
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
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };
  const describe = (): string => (i >= text.length ? 'the end of the input' : `${JSON.stringify(text[i])}`);
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
  // Stack of open containers: '{' or '['.
  const stack: string[] = [];
  try {
    skip();
    for (;;) {
      // Here a value is expected.
      skip();
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        skip();
        if (c === '{') {
          if (text[i] === '}') {
            i++;
            stack.pop();
          } else {
            if (text[i] !== '"') expect('a property name in double quotes or "}"');
            string();
            skip();
            if (text[i] !== ':') expect('":" after a property name');
            i++;
            continue;
          }
        } else if (text[i] === ']') {
          i++;
          stack.pop();
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
          continue;
        }
        if (text[i] !== ',') expect(`"," or "${closer}"`);
        i++;
        skip();
        if (top === '{') {
          if (text[i] !== '"') expect('a property name in double quotes');
          string();
          skip();
          if (text[i] !== ':') expect('":" after a property name');
          i++;
        }
        break;
      }
    }
  } catch (error) {
    if (error instanceof Fail) return { offset: error.offset, message: error.reason };
    throw error;
  }
}
