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
  it('passes errno on for a file that cannot be read', () => {
    expect(() => readTextSync(join(tempDir(), 'missing'), 1024)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
