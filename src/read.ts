/**
 * Reading the small files a run is given (config, rule files, the API key file, a baseline) with a
 * bound: a device or an endless pipe named as one (`--config /dev/zero`) must not fill memory.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

const MIB = 1 << 20;
export const MAX_CONFIG_BYTES = 16 * MIB;
export const MAX_KEY_FILE_BYTES = 64 * 1024;
export const MAX_BASELINE_BYTES = 1024 * MIB;

function tooLarge(limit: number): Error {
  const size = limit >= 1024 * MIB ? `${limit / (1024 * MIB)} GiB` : limit >= MIB ? `${limit / MIB} MiB` : `${limit / 1024} KiB`;
  return new Error(`more than ${size}: not the file meant?`);
}

/** The text of `path` (UTF-8), or an error (errno's, or "more than N MiB") when it cannot be read or is over `limit` bytes. */
export function readTextSync(path: string, limit: number): string {
  const fd = openSync(path, 'r');
  try {
    const info = fstatSync(fd);
    if (info.isFile()) {
      if (info.size > limit) throw tooLarge(limit);
      return readFileSync(fd, 'utf8');
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
    return Buffer.concat(chunks, size).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
