/**
 * Reading the small files a run is given (config, rule files, the API key file, a baseline) with a
 * bound: a device or an endless pipe named as one (`--config /dev/zero`) must not fill memory.
 */
import { closeSync, fstatSync, lstatSync, openSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import { badUtf8Offset } from './collect/utf8.js';
import { systemErrorWords } from './errors.js';

const MIB = 1 << 20;
export const MAX_CONFIG_BYTES = 16 * MIB;
export const MAX_KEY_FILE_BYTES = 64 * 1024;
export const MAX_BASELINE_BYTES = 1024 * MIB;

function tooLarge(limit: number): Error {
  const size = limit >= 1024 * MIB ? `${limit / (1024 * MIB)} GiB` : limit >= MIB ? `${limit / MIB} MiB` : `${limit / 1024} KiB`;
  return new Error(`more than ${size}: not the file meant?`);
}

/** A file that is not UTF-8, with the place of its first bad byte (none for UTF-16, which is wrong throughout). */
export class NotUtf8Error extends Error {
  constructor(
    /** What is wrong, without the place (for messages that show line and column of their own). */
    readonly reason: string,
    /** Where the first bad byte is (1-based), when the file is not UTF-16. */
    readonly line?: number,
    readonly column?: number,
    offset?: number,
  ) {
    super(line === undefined ? reason : reason.replace(/^not UTF-8:/, `not UTF-8: line ${line}, column ${column} (byte offset ${offset}):`));
  }
}

/**
 * `buf` as text, or an error saying where it stops being UTF-8. Decoding would turn each bad byte into
 * U+FFFD without a word: a Latin-1 client id in an exception would then match nothing, and a UTF-16
 * file (Windows' "Unicode") would read as noise.
 */
function utf8Text(buf: Buffer): string {
  const at = badUtf8Offset(buf);
  if (at === -1) return buf.toString('utf8');
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new NotUtf8Error('not UTF-8: it is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8');
  }
  const before = buf.subarray(0, at);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  let line = 1;
  for (let i = before.indexOf(0x0a); i !== -1; i = before.indexOf(0x0a, i + 1)) line++;
  const column = buf.subarray(lineStart, at).toString('utf8').length + 1;
  throw new NotUtf8Error('not UTF-8: a byte that is not part of a UTF-8 character; save the file as UTF-8', line, column, at);
}

/**
 * The text of `path` (UTF-8), or an error (errno's, "more than N MiB", "not UTF-8: …") when it cannot be
 * read, is over `limit` bytes or is not UTF-8.
 */
export function readTextSync(path: string, limit: number): string {
  const fd = openSync(path, 'r');
  try {
    const info = fstatSync(fd);
    if (info.isFile()) {
      if (info.size > limit) throw tooLarge(limit);
      return utf8Text(readFileSync(fd));
    }
    // A pipe or a device has no size: read it a piece at a time, up to the limit.
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const piece = Buffer.allocUnsafe(64 * 1024);
      const read = readSync(fd, piece, 0, piece.length, null);
      if (read === 0) break;
      size += read;
      if (size > limit) throw tooLarge(limit);
      chunks.push(piece.subarray(0, read));
    }
    return utf8Text(Buffer.concat(chunks, size));
  } finally {
    closeSync(fd);
  }
}

/** Something is at `path`: a file, a directory, or a link (even to nothing, which existsSync calls absent). */
export function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why reading a file failed, for a message that shows the file (and any line and column) itself:
 * errno's code (`ENOENT`), or what readTextSync said, with the place of a byte that is not UTF-8.
 */
export function readFailure(error: unknown, path?: string): { line?: number; column?: number; reason: string } {
  if (error instanceof NotUtf8Error && error.line !== undefined) return { line: error.line, column: error.column, reason: error.reason };
  // A link to nothing (a shared config not checked out) reads as "no such file", which the link itself belies.
  if (path !== undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') {
    try {
      if (lstatSync(path).isSymbolicLink()) return { reason: `it is a symbolic link to ${readlinkSync(path)}, which does not exist (ENOENT)` };
    } catch {
      // Not there at all: the words below say so.
    }
  }
  return { reason: systemErrorWords(error) };
}
