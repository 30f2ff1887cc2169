import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunStoreError, runExperiment } from '../../src/index';
import { JsonlWriter } from '../../src/store/jsonl-writer';
import { doublingExperiment, temporaryDirectory } from './helpers';

afterEach(() => {
  vi.useRealTimers();
});

describe('JsonlWriter', () => {
  it('appends one complete line per value after what the file holds', () => {
    const file = join(temporaryDirectory(), 'results.jsonl');
    writeFileSync(file, '{"n":0}\n');
    const writer = new JsonlWriter(file);
    writer.append({ n: 1, text: 'line\nbreak' });
    writer.append({ n: 2 });
    writer.close();
    writer.close();
    expect(readFileSync(file, 'utf8')).toBe('{"n":0}\n{"n":1,"text":"line\\nbreak"}\n{"n":2}\n');
  });

  it('fsyncs within the interval after a write, and not before there is something to sync', async () => {
    vi.useFakeTimers();
    const file = join(temporaryDirectory(), 'results.jsonl');
    const writer = new JsonlWriter(file, { fsyncIntervalMs: 1000 });
    const sync = vi.spyOn(writer, 'sync');
    expect(vi.getTimerCount()).toBe(0);
    writer.append({ n: 1 });
    writer.append({ n: 2 });
    expect(vi.getTimerCount()).toBe(0); // buffered: nothing written yet
    writer.flush();
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(sync).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(sync).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    writer.close();
  });

  it('reports a full disk as one error naming the file', () => {
    // /dev/full answers every write with ENOSPC (Linux).
    if (!existsSync('/dev/full')) return;
    const writer = new JsonlWriter('/dev/full');
    writer.append({ n: 1 }); // buffered: the write happens at flush
    expect(() => writer.flush()).toThrow(RunStoreError);
    writer.append({ n: 2 });
    expect(() => writer.close()).toThrow('cannot append to /dev/full: no space left on device (ENOSPC)');
  });

  it('reports a run directory that cannot be created, naming it', async () => {
    const file = join(temporaryDirectory(), 'a-file');
    writeFileSync(file, '');
    await expect(runExperiment(doublingExperiment(), { outDir: join(file, 'run') })).rejects.toThrow(
      `cannot create directory ${join(file, 'run')}: a part of the path is not a directory (ENOTDIR)`,
    );
  });
});
