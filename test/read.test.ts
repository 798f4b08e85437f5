import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTextSync } from '../src/read.js';
import { tempDir } from './helpers.js';

describe('readTextSync', () => {
  it('reads a file up to the limit', () => {
    const dir = tempDir({ 'a.yml': 'failOn: none\n' });
    expect(readTextSync(join(dir, 'a.yml'), 1024)).toBe('failOn: none\n');
  });
  it('refuses a regular file over the limit without reading it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big.yml'), 'x'.repeat(2048));
    expect(() => readTextSync(join(dir, 'big.yml'), 1024)).toThrow('more than 1 KiB: not the file meant?');
  });
  (existsSync('/dev/zero') ? it : it.skip)('stops reading an endless device at the limit (--config /dev/zero filled memory)', () => {
    expect(() => readTextSync('/dev/zero', 16 << 20)).toThrow('more than 16 MiB: not the file meant?');
  });
  it('refuses bytes that are not UTF-8 (decoding made each one U+FFFD without a word), with line, column and offset', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'latin1.yml'), Buffer.from('failOn: none\nrules: {}\n# na\xefve\n', 'latin1'));
    expect(() => readTextSync(join(dir, 'latin1.yml'), 1024)).toThrow(
      expect.objectContaining({ line: 3, column: 5, message: 'not UTF-8: line 3, column 5 (byte offset 27): a byte that is not part of a UTF-8 character; save the file as UTF-8' }),
    );
    // The column counts characters, not bytes.
    writeFileSync(join(dir, 'after-utf8.yml'), Buffer.concat([Buffer.from('# é€ '), Buffer.from([0xc3, 0x28])]));
    expect(() => readTextSync(join(dir, 'after-utf8.yml'), 1024)).toThrow(expect.objectContaining({ line: 1, column: 6 }));
    for (const bom of [[0xff, 0xfe], [0xfe, 0xff]]) {
      writeFileSync(join(dir, 'utf16.yml'), Buffer.from([...bom, 0x66, 0x00]));
      expect(() => readTextSync(join(dir, 'utf16.yml'), 1024)).toThrow('not UTF-8: it is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8');
    }
    // UTF-8, with or without its byte order mark, reads as it is.
    writeFileSync(join(dir, 'ok.yml'), Buffer.from('\ufeff# naïve €\n'));
    expect(readTextSync(join(dir, 'ok.yml'), 1024)).toBe('\ufeff# naïve €\n');
  });
  it('refuses bytes that are not UTF-8 from a pipe too', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = `import('${new URL('../dist/read.js', import.meta.url).href}').then((m) => { try { m.readTextSync('/dev/stdin', 1024); } catch (e) { console.log(e.message); } })`;
    // Through sh, so that stdin is a pipe (spawn's own stdin is a socket, which /dev/stdin cannot open).
    const result = spawnSync('sh', ['-c', `printf 'a\\n\\200' | "${process.execPath}" -e "$0"`, script], { encoding: 'utf8' });
    expect(result.stdout).toBe('not UTF-8: line 2, column 1 (byte offset 2): a byte that is not part of a UTF-8 character; save the file as UTF-8\n');
  });
  it('passes errno on for a file that cannot be read', () => {
    expect(() => readTextSync(join(tempDir(), 'missing'), 1024)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
