/**
 * Data from the API is hostile until shown otherwise: a client name can carry ANSI escapes that repaint
 * a terminal, or bidirectional overrides that reorder what a reviewer reads (CVE-2021-42574).
 */
// C0 and C1 controls, DEL, and the Unicode bidi embedding/override/isolate controls.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Replace control and bidi characters with visible `\uXXXX` escapes (`\n`, `\t`, `\r` as such). */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    if (ch === '\r') return '\\r';
    return `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
  });
}
