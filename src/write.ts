/** Writing reports: atomically (temp file + rename), so a crash never leaves half a report behind. */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { systemErrorWords, OutputError } from './errors.js';

const CHUNK = 1 << 20;

/**
 * Temp files being written. Ctrl-C (or a CI job cancelled: SIGTERM) in the middle of a 60 MB report
 * left `.report.json.1234.ab12cd34.tmp` beside it for good: while one is open, those signals first
 * remove them, then end the process by the same signal, as it would have ended.
 */
const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function onSignal(signal: NodeJS.Signals): void {
  for (const temp of pending) rmSync(temp, { force: true });
  pending.clear();
  for (const name of SIGNALS) process.off(name, onSignal);
  process.kill(process.pid, signal);
}

function track(temp: string): void {
  if (pending.size === 0) for (const name of SIGNALS) process.on(name, onSignal);
  pending.add(temp);
}

function untrack(temp: string): void {
  if (!pending.delete(temp) || pending.size > 0) return;
  for (const name of SIGNALS) process.off(name, onSignal);
}

/**
 * Write `content` in slices to an open file: a 60 MB report need not become one 60 MB buffer as well.
 * One slice is in flight while the next piece is made, so the write (on libuv's thread) and the report
 * (on this one) overlap: waiting on each write left the process idle ~0.1 s of a 100,000-client run.
 */
async function writePieces(file: FileHandle, content: string | Iterable<string>): Promise<void> {
  let inFlight: Promise<unknown> = Promise.resolve();
  try {
    for (const piece of typeof content === 'string' ? [content] : content) {
      for (let i = 0; i < piece.length; i += CHUNK) {
        const slice = piece.slice(i, i + CHUNK);
        await inFlight;
        inFlight = file.write(slice, null, 'utf8');
      }
    }
  } catch (error) {
    // A piece that cannot be made: let the write in flight end before the file is closed.
    await inFlight.catch(() => undefined);
    throw error;
  }
  await inFlight;
}

/**
 * `mkdir -p`, a directory at a time. Node's `mkdir(…, { recursive: true })` spins forever when a
 * parent exists but refuses children with ENOENT (anything under /proc): `-o /proc/x/r.json` hung
 * the run at 100% CPU. Here a directory that cannot be made is an error.
 */
async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    const found = await stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (found !== undefined) {
      if (!found.isDirectory()) throw Object.assign(new Error(`${at} is not a directory`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing.reverse()) {
    await mkdir(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

/**
 * Write `content` (a string, or pieces of one) to `path` through a temp file renamed into place. A path
 * that is a symlink is followed (the link stays a link); one that is not a regular file (`/dev/null`,
 * `/dev/stdout`, a FIFO) is written to as it is: renaming over it would replace a device with a file.
 */
export async function writeFileAtomic(path: string, content: string | Iterable<string>): Promise<void> {
  const failed = (error: unknown): OutputError =>
    new OutputError(`cannot write ${path}: ${systemErrorWords(error)}`, { cause: error });
  const target = await realpath(path).catch(() => path);
  const existing = await stat(target).catch(() => undefined);
  if (existing !== undefined && !existing.isFile()) {
    try {
      const file = await open(target, 'w');
      try {
        await writePieces(file, content);
      } finally {
        await file.close();
      }
    } catch (error) {
      throw failed(error);
    }
    return;
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // `-o reports/oauthlint.sarif` in a fresh CI checkout: make the directory.
    await makeDirectories(dirname(target));
    // A file replaced keeps its permissions: a snapshot kept at 0600 must not come back world-readable.
    // The temp file starts as private as the old file (or 0644 less the umask, for a new one).
    // 'wx': a path that is already there (a link planted in a shared directory) is never written through.
    track(temp);
    const file = await open(temp, 'wx', existing === undefined ? 0o644 : existing.mode & 0o600);
    try {
      if (existing !== undefined) await file.chmod(existing.mode & 0o777);
      await writePieces(file, content);
    } finally {
      await file.close();
    }
    await rename(temp, target);
    untrack(temp);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    untrack(temp);
    throw failed(error);
  }
}
