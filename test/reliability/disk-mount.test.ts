/**
 * Issue 7, disk faults on real file systems: a 64 KiB tmpfs that fills up mid-run, and a tmpfs
 * remounted read-only under a stored run. Root ignores chmod, so only a mount makes a directory truly
 * read-only; where mounting is not permitted these tests are skipped, and disk-injected.test.ts (which
 * always runs) covers the same claims through an injected fs layer.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperiment, readRun, runExperiment } from '../../src/index';
import { runOutcomes } from './run-outcomes';

const FIXTURE = 'test/reliability/fixtures/padded-experiment.ts';
const PLANNED = 600;
const root = mkdtempSync(join(tmpdir(), 'verdict-mount-'));
const mounted: string[] = [];

const mount = (...args: string[]) => spawnSync('mount', args, { encoding: 'utf8' });

/** Mount a tmpfs of `size` at a new directory; undefined when the system does not allow it. */
function tmpfs(name: string, size: string): string | undefined {
  const dir = join(root, name);
  mkdirSync(dir);
  if (mount('-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir).status !== 0) return undefined;
  mounted.push(dir);
  return dir;
}

const canMount = tmpfs('probe', '64k') !== undefined;

afterAll(() => {
  for (const dir of mounted) spawnSync('umount', [dir]);
  rmSync(root, { recursive: true, force: true });
});

async function expectWholeLines(dir: string): Promise<number> {
  const text = readFileSync(join(dir, 'results.jsonl'), 'utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  const lines = text.split('\n').filter((line) => line !== '');
  for (const line of lines) expect(() => JSON.parse(line), line.slice(0, 80)).not.toThrow();
  expect((await readRun(dir, { onWarning: (m) => expect.fail(m) })).records).toHaveLength(lines.length);
  expect(runOutcomes(dir).duplicates).toEqual([]);
  return lines.length;
}

describe.runIf(canMount)('real file systems (tmpfs mounts)', () => {
  it('a full 64 KiB tmpfs: ENOSPC naming results.jsonl, whole lines, and a resume completes after growing it', async () => {
    const dir = tmpfs('full', '64k')!;
    const experiment = await loadExperiment(FIXTURE);
    await expect(runExperiment(experiment, { outDir: dir, command: ['test'] })).rejects.toThrow(
      `cannot append to ${dir}/results.jsonl: no space left on device (ENOSPC)`,
    );
    const kept = await expectWholeLines(dir);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(PLANNED);
    expect(mount('-o', 'remount,size=2m', dir).status).toBe(0);
    const summary = await runExperiment(experiment, { outDir: dir, resume: true, command: ['test'] });
    expect(summary).toMatchObject({ status: 'completed', completed: PLANNED, resumed: kept });
    expect(await expectWholeLines(dir)).toBe(PLANNED);
  });

  it('a run directory remounted read-only: EROFS naming the file, the stored lines untouched and readable', async () => {
    const dir = tmpfs('read-only', '2m')!;
    const experiment = await loadExperiment(FIXTURE);
    const controller = new AbortController();
    let stored = 0;
    const first = await runExperiment(experiment, {
      outDir: dir,
      command: ['test'],
      signal: controller.signal,
      onResult: () => {
        if (++stored === 150) controller.abort();
      },
    });
    expect(first.status).toBe('interrupted');
    const before = readFileSync(join(dir, 'results.jsonl'));
    expect(mount('-o', 'remount,ro', dir).status).toBe(0);
    await expect(runExperiment(experiment, { outDir: dir, resume: true, command: ['test'] })).rejects.toThrow(
      `cannot write ${dir}/lock: read-only file system (EROFS)`,
    );
    expect(readFileSync(join(dir, 'results.jsonl'))).toEqual(before);
    const kept = await expectWholeLines(dir);
    expect(mount('-o', 'remount,rw', dir).status).toBe(0);
    const summary = await runExperiment(experiment, { outDir: dir, resume: true, command: ['test'] });
    expect(summary).toMatchObject({ status: 'completed', completed: PLANNED, resumed: kept });
  });
});
