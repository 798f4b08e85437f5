import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/write.js';
import { OutputError } from '../src/errors.js';
import { tempDir } from './helpers.js';

describe('writeFileAtomic', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('leaves no temp file behind when %s stops the process mid-write, and dies by it', async (signal) => {
    const dir = tempDir({ 'report.json': 'the old report' });
    // A writer (the built module, as the CLI runs it) that says when it is under way, then keeps writing.
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(new URL('../dist/write.js', import.meta.url).href)};
      function* pieces() {
        yield 'x'.repeat(1 << 20);
        process.stdout.write('writing\\n');
        for (let i = 0; i < 2000; i++) yield 'y'.repeat(1 << 20);
      }
      await writeFileAtomic(process.argv[1], pieces());
      process.stdout.write('finished\\n');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, join(dir, 'report.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => ((out += chunk.toString()), out.includes('writing') && resolve())));
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toHaveLength(1);
    child.kill(signal);
    const [code, died] = await new Promise<[number | null, string | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    expect({ code, died, out }).toEqual({ code: null, died: signal, out: 'writing\n' });
    // The old report stands, whole; nothing else is there.
    expect(readdirSync(dir)).toEqual(['report.json']);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('the old report');
  });

  it('replaces a regular file through a temp file, leaving nothing else behind', async () => {
    const dir = tempDir({ 'report.json': 'old' });
    await writeFileAtomic(join(dir, 'report.json'), ['{"a":', '1}']);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('{"a":1}');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('keeps the permissions of the file it replaces (a 0600 snapshot stays 0600), and gives a new one 0644 less the umask', async () => {
    const { chmodSync } = await import('node:fs');
    const dir = tempDir({ 'snapshot.json': 'old', 'shared.json': 'old' });
    chmodSync(join(dir, 'snapshot.json'), 0o600);
    chmodSync(join(dir, 'shared.json'), 0o664);
    await writeFileAtomic(join(dir, 'snapshot.json'), 'new');
    await writeFileAtomic(join(dir, 'shared.json'), 'new');
    await writeFileAtomic(join(dir, 'fresh.json'), 'new');
    expect(statSync(join(dir, 'snapshot.json')).mode & 0o7777).toBe(0o600);
    expect(statSync(join(dir, 'shared.json')).mode & 0o7777).toBe(0o664);
    const umask = process.umask();
    expect(statSync(join(dir, 'fresh.json')).mode & 0o7777).toBe(0o644 & ~umask);
    expect(readFileSync(join(dir, 'snapshot.json'), 'utf8')).toBe('new');
  });

  it('makes missing directories, and fails (rather than spins) where one cannot be made', async () => {
    const dir = tempDir({ file: 'x' });
    await writeFileAtomic(join(dir, 'a', 'b', 'c', 'r.json'), 'ok');
    expect(readFileSync(join(dir, 'a', 'b', 'c', 'r.json'), 'utf8')).toBe('ok');
    await expect(writeFileAtomic(join(dir, 'file', 'sub', 'r.json'), 'x')).rejects.toThrow(/cannot write .*file\/sub\/r\.json: not a directory \(ENOTDIR\)/);
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    await expect(writeFileAtomic(join(dir, 'dangling', 'sub', 'r.json'), 'x')).rejects.toThrow(/: no such file or directory \(ENOENT\)$/);
  });

  (existsSync('/proc/self') ? it : it.skip)('fails under /proc instead of spinning forever (Node\'s recursive mkdir loops there; this then times out)', async () => {
    // procfs answers ENOENT for a child it will not make, under a parent that exists.
    await expect(writeFileAtomic('/proc/oauthlint-test/sub/r.json', 'x')).rejects.toThrow(/cannot write \/proc\/oauthlint-test\/sub\/r\.json: no such file or directory \(ENOENT\)/);
  });

  it('follows a symlink: the target gets the report and the link stays a link', async () => {
    const dir = tempDir({ 'real.json': 'old' });
    symlinkSync('real.json', join(dir, 'link.json'));
    await writeFileAtomic(join(dir, 'link.json'), 'new');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.json'))).toBe('real.json');
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('new');
  });

  it('writes into what is not a regular file (a FIFO, like /dev/stdout) instead of renaming a file over it', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const received = new Promise<string>((resolve, reject) => {
      let text = '';
      createReadStream(fifo, 'utf8')
        .on('data', (chunk) => (text += chunk))
        .on('end', () => resolve(text))
        .on('error', reject);
    });
    await writeFileAtomic(fifo, ['part one, ', 'part two']);
    expect(await received).toBe('part one, part two');
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
  });

  it('writes many pieces of over a megabyte in order, each whole', async () => {
    const dir = tempDir();
    const pieces = Array.from({ length: 7 }, (_, i) => String.fromCharCode(97 + i).repeat(1_500_000 + i) + 'é'.repeat(i));
    await writeFileAtomic(join(dir, 'r.json'), pieces);
    expect(readFileSync(join(dir, 'r.json'), 'utf8') === pieces.join('')).toBe(true);
  });

  it('keeps the old file and leaves no temp file when a piece cannot be made after a write began', async () => {
    const dir = tempDir({ 'r.json': 'old' });
    function* pieces(): Generator<string> {
      yield 'x'.repeat(3_000_000);
      throw new Error('report failed');
    }
    await expect(writeFileAtomic(join(dir, 'r.json'), pieces())).rejects.toThrow('report failed');
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  (existsSync('/dev/full') ? it : it.skip)('reports a write that fails while the next piece is made (/dev/full: ENOSPC)', async () => {
    const pieces = Array.from({ length: 4 }, () => 'x'.repeat(1_500_000));
    await expect(writeFileAtomic('/dev/full', pieces)).rejects.toThrow('cannot write /dev/full: no space left on the device (ENOSPC)');
  });

  it('names the path when it cannot write', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    const error = await writeFileAtomic(dir, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).message).toBe(`cannot write ${dir}: is a directory (EISDIR)`);
    await expect(writeFileAtomic(join(dir, 'file', 'below'), 'x')).rejects.toThrow(/cannot write .*file\/below: (not a directory \(ENOTDIR\)|a file is in the way \(EEXIST\))/);
  });
});
