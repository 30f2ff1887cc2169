/**
 * Issue 7, graceful stop and the lock, against the CLI as a process. SIGINT, SIGTERM and a double
 * SIGINT mid-run: exit 130, results kept as whole lines, the manifest `interrupted`, the lock released,
 * and a resume completes the plan. Two processes on one run directory: the second is refused, naming
 * the holder's pid; once the holder is killed (a stale lock, its pid dead) a resume takes the lock over.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCliInProcess, startCli, waitUntil } from '../cli/run-cli-process';
import { resultsText, runOutcomes } from './run-outcomes';

const FIXTURE = 'test/reliability/fixtures/faulty-experiment.ts';
const PLANNED = 3000;
/** Slow cells (0-40 ms each) so that a signal surely lands mid-run. */
const SLOW = { VERDICT_FAULTY_DELAY_MS: '20' };
/** Cells at once, and so worker threads per run (each loads tsx): 4 rather than the fixture's 16. */
// Without the output cache (on by default): these tests are about kills, signals and resumes of the results
// store, and a cache would serve the cells in flight at a kill instead of running them again.
const CONCURRENCY = ['--concurrency', '4', '--no-cache'];

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'verdict-signals-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const lockPid = (dir: string): number | undefined =>
  existsSync(join(dir, 'lock')) ? JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).pid : undefined;

/**
 * Start a slow run, wait until it holds the lock and stored `lines` results, then send the first of
 * `signals`, and each further one as soon as the CLI says it is stopping (sent together, the kernel
 * would merge them into one).
 */
async function interruptAt(dir: string, lines: number, signals: readonly NodeJS.Signals[]): Promise<CliResult> {
  const { child, done } = startCli(['run', FIXTURE, '--out', dir, ...CONCURRENCY], SLOW);
  let ended = false;
  void done.then(() => {
    ended = true;
  });
  await waitUntil(
    () => lockPid(dir) === child.pid && runOutcomes(dir).outcomes.size >= lines,
    () => ended,
  );
  const [first, ...more] = signals;
  child.stderr?.on('data', (chunk: Buffer) => {
    if (chunk.toString('utf8').includes(': stopping')) for (const signal of more) child.kill(signal);
  });
  child.kill(first);
  return done;
}

/** Resume a run with the CLI as a process (the same loader as the run it continues, so the same hash). */
const resume = (dir: string) => startCli(['run', FIXTURE, '--out', dir, '--resume', '--quiet', ...CONCURRENCY]).done;

describe('SIGINT and SIGTERM mid-run', () => {
  it('exit 130 with the manifest interrupted and every line kept; a resume completes the plan', async () => {
    const cases: NodeJS.Signals[][] = [['SIGINT'], ['SIGTERM'], ['SIGINT', 'SIGINT']];
    const dirs = cases.map((signals) => join(directory, signals.join('-')));
    const results = await Promise.all(cases.map((signals, i) => interruptAt(dirs[i]!, 60, signals)));
    for (const [i, signals] of cases.entries()) {
      const dir = dirs[i]!;
      const result = results[i]!;
      expect({ signals, code: result.code }, result.stderr).toEqual({ signals, code: 130 });
      expect(result.stderr).toContain(`verdict: ${signals[0]}: stopping`);
      const text = resultsText(dir);
      expect(text.endsWith('\n')).toBe(true);
      const { outcomes, duplicates } = runOutcomes(dir);
      expect(duplicates).toEqual([]);
      expect(outcomes.size).toBeGreaterThanOrEqual(60);
      expect(outcomes.size).toBeLessThan(PLANNED);
      if (signals.length === 1) {
        // A graceful stop: the manifest says so and the lock is released.
        expect(manifestOf(dir)).toMatchObject({
          status: 'interrupted',
          stopReason: 'signal',
          completed: outcomes.size,
        });
        expect(lockPid(dir)).toBeUndefined();
      }
      // A second signal exits at once, unless the graceful stop (milliseconds) finished first.
    }
    const resumes = await Promise.all(dirs.map(resume));
    for (const [i, dir] of dirs.entries()) {
      const resumed = resumes[i]!;
      expect(resumed.code, resumed.stderr).toBe(0);
      const { outcomes, duplicates } = runOutcomes(dir);
      expect({ cells: outcomes.size, duplicates }).toEqual({ cells: PLANNED, duplicates: [] });
      expect(manifestOf(dir)).toMatchObject({ status: 'completed', completed: PLANNED });
      expect(lockPid(dir)).toBeUndefined();
    }
  }, 240_000);
});

describe('two processes on one run directory', () => {
  it('refuses the second, naming the holder, and takes over the lock once the holder is dead', async () => {
    const dir = join(directory, 'locked');
    const { child, done } = startCli(['run', FIXTURE, '--out', dir, '--quiet', ...CONCURRENCY], SLOW);
    let ended = false;
    void done.then(() => {
      ended = true;
    });
    await waitUntil(
      () => lockPid(dir) === child.pid && runOutcomes(dir).outcomes.size >= 10,
      () => ended,
    );
    const startedAt = JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).startedAt;
    // The second process: this one (its loader hashes the experiment differently, but the lock is checked first).
    const second = await runCliInProcess(['run', FIXTURE, '--out', dir, '--resume', '--quiet']);
    expect({ code: second.code, stderr: second.stderr }).toEqual({
      code: 2,
      stderr: `verdict: ${dir}: another verdict run (pid ${child.pid}, since ${startedAt}) is using this directory; wait for it, or stop it, or delete lock if that process is gone\n`,
    });
    expect(lockPid(dir)).toBe(child.pid);

    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect(lockPid(dir)).toBe(child.pid); // stale: its process is dead
    const resumed = await resume(dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(runOutcomes(dir).outcomes.size).toBe(PLANNED);
    expect(lockPid(dir)).toBeUndefined();
  }, 120_000);
});
