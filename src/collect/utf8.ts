/** Input bytes are UTF-8, as JSON must be (RFC 8259 §8.1), or we say where they stop being. */
import { isUtf8 } from 'node:buffer';
import { InputError } from '../errors.js';

/** Offset of the first byte of `buf` that does not belong to a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function firstBadUtf8(buf: Buffer): number {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    // The length of the sequence and the range its second byte must fall in (no overlongs, no surrogates, <= U+10FFFF).
    const [length, low, high] =
      b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf] : b === 0xe0 ? [3, 0xa0, 0xbf] : b === 0xed ? [3, 0x80, 0x9f] : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf] : b === 0xf0 ? [4, 0x90, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : [0, 0, 0];
    if (length === 0 || i + length > buf.length) return i;
    const second = buf[i + 1] as number;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if (((buf[i + k] as number) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

/**
 * JSON is UTF-8 (RFC 8259 §8.1). Decoding anything else would turn each bad byte into U+FFFD and lint
 * altered data without a word; say where the input stops being UTF-8 instead. `base` is the file
 * offset of `buf`.
 */
export function checkUtf8(buf: Buffer, location: string, base = 0): void {
  const at = badUtf8Offset(buf);
  if (at === -1) return;
  const hint = base === 0 ? encodingHint(buf) : undefined;
  throw new InputError(`${location}: not UTF-8 (as JSON must be): ${hint ?? `a byte that is not part of a UTF-8 character at byte offset ${base + at}`}`, location);
}

/**
 * What the first bytes of a file say it is, when that is a common reason it is not UTF-8 JSON: a
 * UTF-16 byte order mark (what Windows PowerShell's `>` and Notepad's "Unicode" write), a zero byte
 * beside each of the first characters (UTF-16 without the mark), or gzip's magic number.
 */
export function encodingHint(start: Buffer | string): string | undefined {
  const at = (i: number): number => (typeof start === 'string' ? start.charCodeAt(i) : (start[i] ?? -1));
  if ((at(0) === 0xff && at(1) === 0xfe) || (at(0) === 0xfe && at(1) === 0xff)) {
    return "it is UTF-16 (it starts with a UTF-16 byte order mark, as Windows PowerShell's > writes): save it as UTF-8 (Out-File -Encoding utf8, or curl -o FILE)";
  }
  if (at(0) === 0x1f && at(1) === 0x8b) return 'it is gzip-compressed (it starts with the gzip magic number): decompress it first (gunzip)';
  // Little- or big-endian UTF-16 of ASCII text: every other one of the first bytes is zero.
  let zeros = 0;
  for (let i = 0; i < 16 && at(i) !== -1 && !Number.isNaN(at(i)); i++) if (at(i) === 0) zeros++;
  if (zeros >= 4 && (at(0) === 0 || at(1) === 0)) return 'it looks like UTF-16 without a byte order mark (a zero byte beside each character): save it as UTF-8';
  return undefined;
}

/** `firstBadUtf8`, after the fast check that almost always says there is none. */
export function badUtf8Offset(buf: Buffer): number {
  if (isUtf8(buf)) return -1;
  // The two agree (a test holds them to it); were they ever not to, the bytes are still refused.
  return Math.max(firstBadUtf8(buf), 0);
}
