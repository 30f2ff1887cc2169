import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { JsonlWriter } from '../../src/store/jsonl-writer';
import { temporaryDirectory } from './helpers';

// A disk that fills up in the middle of a batch: the second write stores only half its bytes.
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
  it('keeps the whole lines a short write stored, cuts the partial one off and reports the file', () => {
    const file = join(temporaryDirectory(), 'results.jsonl');
    const writer = new JsonlWriter(file);
    writer.append({ n: 1 });
    writer.flush();
    // One batch of two lines; half its bytes hold the short first line whole and cut the second.
    writer.append({ n: 2 });
    writer.append({ n: 3, text: 'a longer line that will be cut in half' });
    expect(() => writer.flush()).toThrow(`cannot append to ${file}: no space left on device (ENOSPC)`);
    writer.append({ n: 4 });
    writer.close();
    expect(readFileSync(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":4}\n');
  });

  it('writes the lines of one event-loop turn with one write call, at the end of the turn', async () => {
    const file = join(temporaryDirectory(), 'batched.jsonl');
    const writer = new JsonlWriter(file);
    const before = writes;
    for (let n = 0; n < 100; n++) writer.append({ n });
    expect([writes - before, readFileSync(file, 'utf8')]).toEqual([0, '']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes - before).toBe(1);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(101);
    writer.close();
  });
});
