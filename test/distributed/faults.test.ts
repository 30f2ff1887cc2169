import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CliResult, resultLines, runCli, startCli } from '../cli/run-cli-process';
import { startRedis } from './redis-server';

// One distributed run through every fault the issue names, with real processes: three worker
// processes killed with SIGKILL mid-run (each replaced, as a supervisor would), the coordinator
// killed with SIGKILL twice and each time started again with --resume, and Redis restarted once
// without persistence (it comes back empty: the coordinator must describe the run and enqueue what
// is not stored again). The faults are spaced by what the run directory shows (cells stored), not by
// sleeps. The results file must then hold every planned cell exactly once, with the outcome a local
// run of the same seeded experiment gives it.

let redis: Awaited<ReturnType<typeof startRedis>>;
let dir: string;
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'verdict-faults-'));
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const EXPERIMENT = 'test/fixtures/experiments/deterministic.ts';
/** 1000 items x 2 variants x 1 sample. */
const PLANNED = 2000;
/** A cell waits 0, 1 or 2 x this (by its hash): the run lasts long enough for the faults, not longer. */
const SLOW = { VERDICT_TEST_DELAY_MS: '60' };
/** Short locks, so that a killed worker's cells (and a killed coordinator's results) are taken back in ~2 s, not 30. */
const STALLED = ['--stalled-after', '1500'];

const outcome = (line: string) => {
  const { key, item, variant, sample, status, pass, score, attempts, output, error, seed } = JSON.parse(line);
  return [key, { item, variant, sample, status, pass, score, attempts, output, error, seed }] as const;
};

/** What happened, in order, with times: shown when the test fails (a fault test that fails must say where). */
const events: string[] = [];
const note = (event: string) => events.push(`${(performance.now() / 1000).toFixed(1)} s ${event}`);

interface Proc {
  child: ReturnType<typeof startCli>['child'];
  done: Promise<CliResult>;
  ended: boolean;
}
const track = ({ child, done }: ReturnType<typeof startCli>): Proc => {
  const proc: Proc = { child, done, ended: false };
  note(`started ${child.pid}: verdict ${child.spawnargs.slice(4).join(' ')}`);
  child.stderr?.on('data', (chunk: Buffer) => note(`[${child.pid}] ${String(chunk).trimEnd()}`));
  void done.then(() => {
    proc.ended = true;
  });
  return proc;
};

it('kill -9 of 3 workers and 2 coordinators (each resumed) and a Redis restart: every cell stored once, as a local run stores it', async () => {
  try {
    await faultyRun();
  } catch (error) {
    (error as Error).message += `\n\nwhat happened:\n${events.join('\n')}`;
    throw error;
  }
}, 180_000);

async function faultyRun() {
  const out = join(dir, 'd');
  const startWorker = () =>
    track(
      startCli(['worker', EXPERIMENT, '--queue', redis.url, '--concurrency', '6', '--in-process', ...STALLED], SLOW),
    );
  const startCoordinator = (resume: boolean) =>
    track(
      startCli(
        // A window smaller than the plan: the resumes and Redis's loss must refill it right.
        [
          'run',
          EXPERIMENT,
          '--queue',
          redis.url,
          '--out',
          out,
          '--quiet',
          '--queue-window',
          '300',
          // Without the shared cache: a stalled cell whose killed worker had cached its output would be served from
          // the cache when run again (attempts 0, `cached: true`), which is right but not the local run's record;
          // test/distributed/shared-cache.test.ts kills workers with the cache on.
          '--no-cache',
          ...STALLED,
          ...(resume ? ['--resume'] : []),
        ],
        SLOW,
      ),
    );
  // Four workers, three of which are killed on the way (process starts are what this test spends its time on).
  const workers = [startWorker(), startWorker(), startWorker(), startWorker()];
  const coordinators = [startCoordinator(false)];
  const coordinator = () => coordinators.at(-1)!;
  const stored = () => resultLines(out).length;
  /** Until `count` cells are stored; fails if the coordinator ends first (it must not, before the faults are done). */
  const storedAtLeast = async (count: number) => {
    note(`waiting for ${count} cells stored (${stored()} now)`);
    while (stored() < count) {
      if (coordinator().ended) {
        const end = await coordinator().done;
        throw new Error(`the coordinator ended (${end.code}) before ${count} cells were stored:\n${end.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const kill = async (proc: Proc) => {
    note(`kill -9 ${proc.child.pid}`);
    proc.child.kill('SIGKILL');
    expect((await proc.done).signal).toBe('SIGKILL');
  };
  const resumeCoordinator = async () => {
    await kill(coordinator());
    const before = stored();
    coordinators.push(startCoordinator(true));
    return before;
  };

  await storedAtLeast(200);
  await kill(workers[0]!);
  await storedAtLeast(400);
  const atFirstKill = await resumeCoordinator();
  // The resumed coordinator stores more: it took over the dead one's lease and run directory.
  await storedAtLeast(atFirstKill + 150);
  await kill(workers[1]!);
  await storedAtLeast(800);
  note('restarting Redis');
  await redis.restart();
  await storedAtLeast(1000);
  const atSecondKill = await resumeCoordinator();
  await storedAtLeast(atSecondKill + 150);
  await kill(workers[2]!);

  const end = await coordinator().done;
  expect(end.stderr).toBe('');
  expect(end.code).toBe(0);
  expect(end.stdout).toMatch(/run completed in .*: 2000\/2000 cells stored \(\d+ run now, \d+ from before\)/);
  const survivor = await workers[3]!.done;
  expect(survivor.code).toBe(0);
  expect(survivor.stdout).toMatch(/run completed/);

  // What the survivors said: the Redis restart (lost, back, and the run enqueued again by the
  // coordinator that saw it), and cells of the killed workers taken back as stalled.
  const said = (await Promise.all([...workers, ...coordinators].map((p) => p.done))).map((r) => r.stderr).join('');
  expect(said).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+\/0 is unreachable/);
  expect(said).toMatch(/reachable again after/);
  expect(said).toMatch(/Redis lost the run's queue; enqueueing the \d+ cells not stored yet again/);
  expect(said).toMatch(/stalled: (its|their) worker stopped renewing the lock/);

  const lines = resultLines(out);
  const keys = lines.map((line) => JSON.parse(line).key as string);
  expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  expect(lines.length).toBe(PLANNED);

  // The same experiment on one machine, in-process (no delay: outcomes do not depend on it).
  const local = await runCli(['run', EXPERIMENT, '--out', join(dir, 'l'), '--quiet', '--in-process', '--no-cache'], {
    VERDICT_TEST_DELAY_MS: '0',
  });
  expect(local.code).toBe(0);
  expect(new Map(lines.map(outcome))).toEqual(new Map(resultLines(join(dir, 'l')).map(outcome)));
}
