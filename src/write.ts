/** Writing reports: atomically (temp file + rename), so a crash never leaves half a report behind. */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OutputError } from './errors.js';

const CHUNK = 1 << 20;

/** Write `content` (a string, or pieces of one) to `path` through a temp file renamed into place. */
export async function writeFileAtomic(path: string, content: string | Iterable<string>): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // `-o reports/oauthlint.sarif` in a fresh CI checkout: make the directory.
    await mkdir(dirname(path), { recursive: true });
    // Written in slices: a 60 MB report need not become one 60 MB buffer as well.
    const file = await open(temp, 'w', 0o644);
    try {
      for (const piece of typeof content === 'string' ? [content] : content) {
        for (let i = 0; i < piece.length; i += CHUNK) await file.write(piece.slice(i, i + CHUNK), null, 'utf8');
      }
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new OutputError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}
