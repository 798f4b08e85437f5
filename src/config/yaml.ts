/**
 * YAML (and JSON, a subset of it) read with js-yaml's default safe schema, keeping where every key
 * and item is, so errors can name the line. `!!js/function` and other custom tags are errors.
 */
import yaml from 'js-yaml';
import { ConfigError } from '../errors.js';
import { formatPath, type Segment } from '../engine/expr.js';

interface NodeMark {
  line: number;
  column: number;
  kind: string | null;
  result: unknown;
  children: NodeMark[];
}

export interface Located {
  data: unknown;
  /** 1-based line and column of the key (or item) at `segments`, or of its nearest ancestor. */
  locate(segments: readonly Segment[]): { line: number; column: number } | undefined;
}

function unwrap(node: NodeMark): NodeMark {
  // js-yaml opens a node more than once for some constructs (a flow collection at the root, an item
  // that was first tried as a key); the inner node holds the same result.
  let current = node;
  for (let child = current.children[0]; current.children.length === 1 && child !== undefined && child.result === current.result; child = current.children[0]) current = child;
  return current;
}

/**
 * The node of each item of a list, by index. js-yaml makes no node for an empty item (`-` with nothing
 * after it), so the list's nodes are matched to its items in order, an item without one left undefined.
 */
function itemNodes(list: NodeMark): (NodeMark | undefined)[] {
  const items = list.result as unknown[];
  if (list.children.length === items.length) return list.children;
  const nodes: (NodeMark | undefined)[] = [];
  let next = 0;
  for (const item of items) {
    const child = list.children[next];
    if (child !== undefined && Object.is(unwrap(child).result, item)) {
      nodes.push(child);
      next++;
    } else {
      nodes.push(undefined);
    }
  }
  // Among nulls side by side, an empty item and a written `~` cannot be told apart: none of them is placed.
  for (let i = 0; i < items.length; i++) {
    if (nodes[i] !== undefined || items[i] !== null) continue;
    let start = i;
    while (start > 0 && items[start - 1] === null) start--;
    let end = i;
    while (end + 1 < items.length && items[end + 1] === null) end++;
    nodes.fill(undefined, start, end + 1);
    i = end;
  }
  return nodes;
}

/**
 * js-yaml's default safe schema, except that timestamps stay the text they were written as: an
 * unquoted `expires: 2027-02-30` must be reported as no such date, not rolled over to 2 March.
 */
// `types` is in js-yaml 4 but not in its type definitions.
const types = (yaml as unknown as { types: Record<'timestamp' | 'merge' | 'binary' | 'omap' | 'pairs' | 'set', yaml.Type> }).types;
const TIMESTAMP_AS_TEXT = new yaml.Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  resolve: (data: string) => (types.timestamp as unknown as { resolve(d: string): boolean }).resolve(data),
  construct: (data: string) => data,
});
export const CONFIG_YAML_SCHEMA = yaml.CORE_SCHEMA.extend({
  implicit: [TIMESTAMP_AS_TEXT, types.merge],
  explicit: [types.binary, types.omap, types.pairs, types.set],
});

/**
 * The words for js-yaml's "duplicated mapping key": which key, and where it was first. js-yaml throws
 * once the pair is read, so the mapping being read holds ..., first, ..., key, value as its last nodes.
 */
function repeatedKey(stack: readonly NodeMark[]): string | null {
  const pairs = stack[stack.length - 1]?.children ?? [];
  const again = pairs[pairs.length - 2];
  if (again === undefined || pairs.length % 2 !== 0) return null;
  const name = String(unwrap(again).result);
  for (let i = 0; i + 2 < pairs.length; i += 2) {
    const key = pairs[i] as NodeMark;
    if (String(unwrap(key).result) === name) return `the key ${JSON.stringify(name)} appears twice (first at line ${key.line}, column ${key.column}): keep one`;
  }
  return `the key ${JSON.stringify(name)} appears twice: keep one`;
}

/** How many values a document may expand to through aliases before it is refused. */
export const MAX_EXPANDED_VALUES = 1_000_000;

/**
 * js-yaml gives an alias the very object its anchor names, so ten lists of ten aliases of the list
 * before, nine deep, hold a billion values in a few hundred bytes; everything that walks the data
 * afterwards (validation, option defaults, rule tests) then runs for ever. Counts the values as a walk
 * sees them, up to the limit: the limit when reached, null otherwise. Without recursion.
 */
function aliasExpansion(data: unknown): number | null {
  let seen = 0;
  // A list or mapping met twice is an alias (js-yaml makes a new object for every other node); a
  // large file without aliases is not refused here, however many values it has.
  const met = new WeakSet<object>();
  let aliased = false;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const value = stack.pop();
    seen++;
    if (value !== null && typeof value === 'object') {
      if (met.has(value)) aliased = true;
      else met.add(value);
      for (const child of Array.isArray(value) ? value : Object.values(value as object)) stack.push(child);
    }
    if (aliased && seen > MAX_EXPANDED_VALUES) return MAX_EXPANDED_VALUES;
  }
  return null;
}

/**
 * Where the second document of a stream begins. js-yaml says only that there is more than one, not
 * where. A "---" line begins a document; so does content after a "..." line (which ends one); comments,
 * blank lines and directives belong to no document.
 */
function secondDocument(text: string): { line: number; column: number } | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  let begun = 0;
  let open = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^---(?:[ \t]|$)/.test(line)) {
      begun++;
      open = true;
    } else if (/^\.\.\.(?:[ \t]|$)/.test(line)) {
      open = false;
    } else if (!open && !/^(?:[ \t]*(?:#.*)?|%.*)$/.test(line)) {
      begun++;
      open = true;
    }
    if (begun === 2) return { line: i + 1, column: 1 };
  }
  return undefined;
}

/** What one pass of js-yaml over the text made: the data and where each node is, or the error and the nodes open at it. */
interface Pass {
  root: NodeMark;
  stack: NodeMark[];
  data?: unknown;
  error?: unknown;
}

function loadOnce(text: string, file: string): Pass {
  const root: NodeMark = { line: 0, column: 0, kind: null, result: undefined, children: [] };
  const stack: NodeMark[] = [root];
  try {
    const data = yaml.load(text, {
      filename: file,
      json: false,
      schema: CONFIG_YAML_SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          stack.push({ line: state.line + 1, column: state.position - state.lineStart + 1, kind: null, result: undefined, children: [] });
        } else {
          const node = stack.pop() as NodeMark;
          node.result = state.result;
          node.kind = state.kind;
          stack[stack.length - 1]?.children.push(node);
        }
      },
    });
    return { root, stack, data };
  } catch (error) {
    return { root, stack, error };
  }
}

/** A tag as written: `!` up to white space or a flow indicator. */
const TAG_AT = /^!(?:<[^>\s]*>|[^\s,[\]{}]*)/;

/**
 * Where the tag js-yaml refused is written, and its extent. js-yaml marks the end of the value it
 * tagged; the node it had just opened begins at the tag (or at the white space before it). Null
 * when the text there is not a tag, so the error keeps js-yaml's own mark.
 */
function refusedTag(text: string, pass: Pass): { offset: number; tag: string; line: number; column: number; valueColumn: number } | null {
  const open = pass.stack[pass.stack.length - 1];
  if (open === undefined || open === pass.root) return null;
  const lines = text.split(/(?<=\r\n|\r(?!\n)|\n)/);
  const lineText = lines[open.line - 1];
  if (lineText === undefined) return null;
  // The node begins at its properties: white space, then an anchor (`&name`) and the tag, in either order.
  let column = open.column;
  while (lineText[column - 1] === ' ' || lineText[column - 1] === '\t') column++;
  const anchor = /^&[^\s,[\]{}]*[ \t]+(?=!)/.exec(lineText.slice(column - 1))?.[0];
  if (anchor !== undefined) column += anchor.length;
  const tag = TAG_AT.exec(lineText.slice(column - 1))?.[0];
  if (tag === undefined || tag.length < 2) return null;
  let offset = column - 1;
  for (let i = 0; i < open.line - 1; i++) offset += (lines[i] as string).length;
  let valueColumn = column + tag.length;
  while (lineText[valueColumn - 1] === ' ' || lineText[valueColumn - 1] === '\t') valueColumn++;
  return { offset, tag, line: open.line, column, valueColumn };
}

/**
 * The key path of the node a refused tag stood on, once the tag is blanked out: the deepest node that
 * begins at or before the value after the tag (js-yaml opens a mapping's value just after the colon,
 * but a list item where its text begins). Null when that is in doubt: the node found begins on another
 * line (the tagged value was empty, so js-yaml made no node for it, or it is below the tag).
 */
function segmentsAt(root: NodeMark, line: number, column: number): Segment[] | null {
  const before = (node: NodeMark): boolean => node.line < line || (node.line === line && node.column <= column);
  const segments: Segment[] = [];
  const top = root.children[0];
  if (top === undefined || !before(top)) return null;
  let node = unwrap(top);
  for (;;) {
    let next: NodeMark | undefined;
    if (Array.isArray(node.result)) {
      let index = -1;
      const items = itemNodes(node);
      items.forEach((item, i) => {
        if (item !== undefined && before(item)) index = i;
      });
      if (index >= 0) {
        segments.push(index);
        next = unwrap(items[index] as NodeMark);
      }
    } else if (node.result !== null && typeof node.result === 'object') {
      let key: NodeMark | undefined;
      for (let i = 0; i + 1 < node.children.length; i += 2) {
        if (before(node.children[i] as NodeMark)) {
          key = node.children[i];
          next = node.children[i + 1];
        }
      }
      if (key !== undefined) segments.push(String(unwrap(key).result));
      next = next !== undefined && before(next) ? unwrap(next) : undefined;
    }
    if (next === undefined) return node.line === line ? segments : null;
    node = next;
  }
}

/** How many refused tags one file is read past, to report them all at once. */
const MAX_REFUSED_TAGS = 100;

/** Parse YAML text; throws ConfigError naming file, line and column on a syntax error or unsafe tag. */
export function parseYaml(withBom: string, file: string): Located {
  // js-yaml drops a byte order mark before it counts columns; so does everything here that counts them.
  const text = withBom.charCodeAt(0) === 0xfeff ? withBom.slice(1) : withBom;
  let pass = loadOnce(text, file);
  // A refused tag is blanked out (positions kept) and the text read again, so that every one is
  // reported, each with the key it tags, not only the first at the end of its value.
  const tags: { line: number; column: number; tag: string; valueColumn: number }[] = [];
  let blanked = text;
  while (pass.error !== undefined && tags.length < MAX_REFUSED_TAGS && /^unknown tag /.test((pass.error as { reason?: string }).reason ?? '')) {
    const at = refusedTag(blanked, pass);
    if (at === null) break;
    tags.push(at);
    blanked = blanked.slice(0, at.offset) + ' '.repeat(at.tag.length) + blanked.slice(at.offset + at.tag.length);
    pass = loadOnce(blanked, file);
  }
  const tagIssues = tags.map((at) => ({
    file,
    line: at.line,
    column: at.column,
    keyPath: formatPath((pass.error === undefined ? segmentsAt(pass.root, at.line, at.valueColumn) : null) ?? []),
    message: `cannot parse: unknown tag ${at.tag}: oauthlint reads YAML with the safe schema, which has no tag for a function, a regular expression or any other object: remove it`,
  }));
  if (pass.error !== undefined) {
    const error = pass.error;
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    let reason = (error as { reason?: string }).reason ?? String(error);
    let at = mark ? { line: mark.line + 1, column: mark.column + 1 } : undefined;
    if (reason === 'duplicated mapping key') reason = repeatedKey(pass.stack) ?? reason;
    if (reason === 'expected a single document in the stream, but found more') {
      at = secondDocument(text);
      reason = 'a second YAML document starts here; oauthlint reads one document per file (a "---" or "..." line ended the first): merge them or delete one';
    }
    throw new ConfigError([...tagIssues, { file, line: at?.line, column: at?.column, keyPath: '', message: `cannot parse: ${reason}` }], { cause: error });
  }
  if (tagIssues.length > 0) throw new ConfigError(tagIssues);
  const { data, root } = pass;
  const expanded = aliasExpansion(data);
  if (expanded !== null) {
    throw new ConfigError([{ file, keyPath: '', message: `cannot parse: its aliases (*name) expand it to more than ${expanded.toLocaleString('en')} values: a "billion laughs" file, not a configuration` }]);
  }
  const top = root.children[0];
  return {
    data,
    locate(segments) {
      if (top === undefined) return undefined;
      let node = unwrap(top);
      let found = { line: node.line, column: node.column };
      for (const segment of segments) {
        let next: NodeMark | undefined;
        if (Array.isArray(node.result)) {
          const item = typeof segment === 'number' ? itemNodes(node)[segment] : undefined;
          if (item) {
            next = unwrap(item);
            found = { line: next.line, column: next.column };
          }
        } else if (node.result !== null && typeof node.result === 'object') {
          for (let i = 0; i + 1 < node.children.length; i += 2) {
            const key = node.children[i] as NodeMark;
            if (String(unwrap(key).result) === String(segment)) {
              found = { line: key.line, column: key.column };
              next = unwrap(node.children[i + 1] as NodeMark);
            }
          }
        }
        if (next === undefined) break;
        node = next;
      }
      return found;
    },
  };
}
