import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { JsonlWriter } from '../../src/store/jsonl-writer';
import { temporaryDirectory } from './helpers';

// A disk that fills up in the middle of a line: the second write stores only half its bytes.
let writes = 0;
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = (fd: number, buffer: Buffer, offset: number, length: number) =>
    ++writes === 2
      ? fs.writeSync(fd, buffer, offset, Math.floor(length / 2))
      : fs.writeSync(fd, buffer, offset, length);
  return { ...fs, default: { ...fs, writeSync }, writeSync };
});

describe('JsonlWriter on a disk that fills up mid-line', () => {
  it('cuts the partial line back off and reports the file, so the file holds whole lines only', () => {
    const file = join(temporaryDirectory(), 'results.jsonl');
    const writer = new JsonlWriter(file);
    writer.append({ n: 1 });
    expect(() => writer.append({ n: 2, text: 'a longer line that will be cut in half' })).toThrow(
      `cannot append to ${file}: no space left on device (ENOSPC)`,
    );
    writer.append({ n: 3 });
    writer.close();
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}\n{"n":3}\n');
  });
});
