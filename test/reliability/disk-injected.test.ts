/**
 * Issue 7, disk faults injected through the store's fs layer (node:fs mocked), so that they run
 * anywhere, CI as root included, where chmod stops nothing and mounting may be refused. A disk that
 * fills up mid-line and a read-only output directory: a clear error naming the file, every stored line
 * whole and readable, and, once the disk has room again, a resume that completes the plan.
 * disk-mount.test.ts repeats this on real tmpfs mounts where the system allows them.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadExperiment, readRun, runExperiment } from '../../src/index';
import { runCliInProcess } from '../cli/run-cli-process';
import { temporaryDirectory } from '../store/helpers';
import { runOutcomes } from './run-outcomes';

/** The injected disk: free bytes (a write beyond them is cut short, then fails) and a read-only path. */
const disk = vi.hoisted(() => ({ freeBytes: Number.POSITIVE_INFINITY, readOnly: undefined as string | undefined }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const systemError = (code: string, syscall: string, path: unknown) =>
    Object.assign(new Error(`${code}: injected, ${syscall} '${String(path)}'`), { code, syscall, path });
  const guard = (syscall: string, path: unknown) => {
    if (disk.readOnly !== undefined && String(path).startsWith(disk.readOnly))
      throw systemError('EROFS', syscall, path);
  };
  const guarded =
    <A extends unknown[], R>(syscall: string, operation: (path: never, ...rest: A) => R) =>
    (path: never, ...rest: A): R => {
      guard(syscall, path);
      return operation(path, ...rest);
    };
  const openSync = (path: string, flags?: string | number, mode?: number) => {
    if (flags !== undefined && flags !== 'r' && flags !== fs.constants.O_RDONLY) guard('open', path);
    return fs.openSync(path, flags ?? 'r', mode);
  };
  const writeSync = (fd: number, data: never, ...rest: never[]) => {
    const bytes = typeof data === 'string' ? Buffer.from(data as string) : (data as Buffer);
    const [offset = 0, length = bytes.length - (offset as number)] = rest as unknown as number[];
    if (length > disk.freeBytes) {
      const room = Math.max(0, Math.floor(disk.freeBytes));
      disk.freeBytes = 0;
      if (room === 0) throw systemError('ENOSPC', 'write', fd);
      return fs.writeSync(fd, bytes, offset, room); // a short write, as a full disk gives
    }
    disk.freeBytes -= length;
    return fs.writeSync(fd, bytes, offset, length);
  };
  const patched = {
    openSync,
    writeSync,
    writeFileSync: guarded('open', fs.writeFileSync),
    linkSync: guarded('link', fs.linkSync),
    renameSync: guarded('rename', fs.renameSync),
    truncateSync: guarded('truncate', fs.truncateSync),
    unlinkSync: guarded('unlink', fs.unlinkSync),
    rmSync: guarded('rm', fs.rmSync),
  };
  return { ...fs, ...patched, default: { ...fs, ...patched } };
});

afterEach(() => {
  disk.freeBytes = Number.POSITIVE_INFINITY;
  disk.readOnly = undefined;
});

const FIXTURE = 'test/reliability/fixtures/padded-experiment.ts';
const PLANNED = 600;

/** Every line of results.jsonl whole and valid JSON, read back through readRun as well. */
async function expectWholeLines(dir: string): Promise<number> {
  const text = readFileSync(join(dir, 'results.jsonl'), 'utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  const lines = text.split('\n').filter((line) => line !== '');
  for (const line of lines) expect(() => JSON.parse(line), line.slice(0, 80)).not.toThrow();
  const { records } = await readRun(dir, { onWarning: (m) => expect.fail(m) });
  expect(records).toHaveLength(lines.length);
  expect(runOutcomes(dir).duplicates).toEqual([]);
  return lines.length;
}

describe('a disk that fills up mid-run (injected ENOSPC)', () => {
  it('fails with the file named, keeps every stored line whole, and a resume completes once there is room', async () => {
    const dir = join(temporaryDirectory(), 'full');
    const experiment = await loadExperiment(FIXTURE);
    let stored = 0;
    const run = runExperiment(experiment, {
      outDir: dir,
      command: ['test'],
      onResult: () => {
        // After 100 lines, room for a bit more than two: the third is cut mid-line.
        if (++stored === 100) disk.freeBytes = 1000;
      },
    });
    await expect(run).rejects.toThrow(`cannot append to ${dir}/results.jsonl: no space left on device (ENOSPC)`);
    const kept = await expectWholeLines(dir);
    expect(kept).toBeGreaterThanOrEqual(100);
    expect(kept).toBeLessThan(PLANNED);
    // The manifest is replaced atomically or not at all: still the one written at the start.
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).status).toBe('running');

    disk.freeBytes = Number.POSITIVE_INFINITY;
    const summary = await runExperiment(experiment, { outDir: dir, resume: true, command: ['test'] });
    expect(summary).toMatchObject({ status: 'completed', completed: PLANNED, resumed: kept });
    expect(await expectWholeLines(dir)).toBe(PLANNED);
  });

  it('through the CLI: exit 2 and one line naming the file, no stack trace', async () => {
    const dir = join(temporaryDirectory(), 'full-cli');
    mkdirSync(dir);
    disk.freeBytes = 20_000; // the manifest and a few dozen lines
    const result = await runCliInProcess(['run', FIXTURE, '--out', dir, '--quiet']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 2,
      stderr: `verdict: cannot append to ${dir}/results.jsonl: no space left on device (ENOSPC)\n`,
    });
    expect(await expectWholeLines(dir)).toBeGreaterThan(0);
  });
});

describe('a read-only output directory (injected EROFS)', () => {
  it('refuses a new run with the file named, writing nothing', async () => {
    const dir = join(temporaryDirectory(), 'read-only');
    mkdirSync(dir);
    disk.readOnly = dir;
    const result = await runCliInProcess(['run', FIXTURE, '--out', dir, '--quiet']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`verdict: cannot write ${dir}/lock: read-only file system (EROFS)\n`);
    expect(existsSync(join(dir, 'results.jsonl'))).toBe(false);
  });

  it('refuses to resume a stored run that became read-only, and every stored line stays readable', async () => {
    const dir = join(temporaryDirectory(), 'became-read-only');
    const experiment = await loadExperiment(FIXTURE);
    const controller = new AbortController();
    let stored = 0;
    await runExperiment(experiment, {
      outDir: dir,
      command: ['test'],
      signal: controller.signal,
      onResult: () => {
        if (++stored === 150) controller.abort();
      },
    });
    const kept = await expectWholeLines(dir);
    const before = readFileSync(join(dir, 'results.jsonl'));
    disk.readOnly = dir;
    await expect(runExperiment(experiment, { outDir: dir, resume: true, command: ['test'] })).rejects.toThrow(
      `cannot write ${dir}/lock: read-only file system (EROFS)`,
    );
    expect(readFileSync(join(dir, 'results.jsonl'))).toEqual(before);
    expect(await expectWholeLines(dir)).toBe(kept);
    disk.readOnly = undefined;
    const summary = await runExperiment(experiment, { outDir: dir, resume: true, command: ['test'] });
    expect(summary).toMatchObject({ status: 'completed', completed: PLANNED, resumed: kept });
  });
});
