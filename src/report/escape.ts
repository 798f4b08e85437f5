/**
 * Data from the API is hostile until shown otherwise: a client name can carry ANSI escapes that repaint
 * a terminal, bidirectional overrides that reorder what a reviewer reads (CVE-2021-42574), or
 * characters drawn as nothing, so that `Bill\u200bing` reads as `Billing` beside the real one.
 */
import { head, MESSAGE_VALUE_LIMIT, more } from '../engine/functions.js';

// C0 and C1 controls, DEL, the Unicode bidi embedding/override/isolate/mark controls, the line and
// paragraph separators, and the default-ignorable characters that no script needs to be drawn right:
// soft hyphen, combining grapheme joiner, Hangul fillers, Khmer inherent vowels, the Mongolian vowel
// separator, zero-width space, word joiner and invisible operators, the deprecated format controls,
// the BOM, shorthand format controls, tag characters ("ASCII smuggling"), and a surrogate without
// its pair (which a UTF-8 terminal would show as U+FFFD, hiding what it was). Left as they are: ZWNJ
// and ZWJ (Persian, Indic scripts, emoji sequences) and the variation selectors.
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\u{1bca0}-\u{1bca3}\u{e0000}-\u{e007f}\ud800-\udfff]/gu;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Replace those characters with visible escapes: `\n`, `\t`, `\r`, `\u200b`, `\u{e0041}`. */
export function escapeControl(text: string): string {
  // Most text is printable ASCII, which has none of them: skip the Unicode-aware scan.
  if (PRINTABLE_ASCII.test(text)) return text;
  return text.replace(UNSAFE, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    if (ch === '\r') return '\\r';
    const code = ch.codePointAt(0) ?? 0;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** For `shownLabel` where the text needs no escaping of its own (already plain text, or quoted around). */
export const asIs = (text: string): string => text;

/**
 * A client's name or id as a report shows it, through the report's own `escape`: `(no name)` for none
 * (`missing`), quoted when it is empty or only white space (`""`, `"   "`), which printed as nothing
 * (a heading " (client_id a)"); as it is otherwise, up to MESSAGE_VALUE_LIMIT characters, with how
 * many there are in all after a longer one.
 */
export function shownLabel(text: string | null, escape: (text: string) => string, missing = '(no name)'): string {
  if (text === null) return missing;
  // A name of 100,000 characters is not printed whole above each client (and in every SARIF message).
  const cut = text.length <= MESSAGE_VALUE_LIMIT ? text : head(text);
  const shown = escape(cut.trim() === '' ? JSON.stringify(cut) : cut);
  return cut === text ? shown : `${shown}${more(text.length, 'characters')}`;
}

/**
 * GitHub Actions reads workflow commands in what a step prints: a line that begins, after white
 * space, with "::" (`::error::`, `::add-mask::`, `::stop-commands::`, `::set-output name=…::`), and
 * "##[" anywhere in a line, the older form the runner still parses. A client named
 * `##[set-output name=exit-code;]0`, printed in a report, could spoof an annotation, mask the log or
 * set the step output a gate reads. Here `##[` becomes `#\u0023[` (in JSON the same string, in text
 * the reports' escape notation) and a line's leading `::` becomes `\u003a:`. For JSON, whose lines
 * begin with punctuation and never with "::", `lineStarts` can be false.
 */
export function defuseWorkflowCommands(text: string, lineStarts = true): string {
  let out = text.includes('##[') ? text.replaceAll('##[', '#\\u0023[') : text;
  // White space, and the colour codes a coloured report starts its lines with (in case a log reader drops them).
  if (lineStarts && out.includes('::')) out = out.replace(/^((?:[^\S\n]|\u001b\[[0-9;]*m)*)::/gm, '$1\\u003a:');
  return out;
}
