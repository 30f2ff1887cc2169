/**
 * Issue 7, crash and resume: the CLI (`node --import tsx src/cli/main.ts run ...`) is killed with
 * SIGKILL at 10 seeded moments of one run of a faulty, deterministic experiment (transient failures
 * that retries win, permanent failures, hangs, undefined outputs), resumed each time, and the end
 * state is compared cell for cell with an uninterrupted run of the same targets. Each kill leaves a
 * stale lock (a dead pid) that the next resume must take over, and possibly a torn last line that it
 * must cut off; no cell may be stored twice or lost.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment, runExperiment } from '../../src/index';
import { seededRandom } from '../../stats/seeded-random';
import { startCli, waitUntil } from '../cli/run-cli-process';
import { resultsText, runOutcomes, statusCounts } from './run-outcomes';

const FIXTURE = 'test/reliability/fixtures/faulty-experiment.ts';
const PLANNED = 3000; // 1500 items x 2 variants
const KILLS = 10;
/** Most new lines a session may write before its kill: 10 x 200 < 3000 keeps every kill inside the run. */
const MOST_LINES_PER_SESSION = 200;
/**
 * Cells at once: each run starts a worker thread per cell it runs at once (and a spare per four), each
 * loading tsx, so 4 rather than the fixture's 16 keeps the 21 process starts of this test affordable.
 */
// Without the output cache (on by default): these tests are about kills, signals and resumes of the results
// store, and a cache would serve the cells in flight at a kill instead of running them again.
const CONCURRENCY = ['--concurrency', '4', '--no-cache'];

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'verdict-crash-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

const wholeLines = (dir: string) => resultsText(dir).split('\n').length - 1;

describe('kill -9 at 10 seeded moments of one run, resuming each time', () => {
  it('ends with every planned cell stored once, equal to an uninterrupted run cell for cell', async () => {
    const reference = join(directory, 'reference');
    const killed = join(directory, 'killed');
    // The uninterrupted run, in this process, runs while the CLI is killed and resumed.
    const uninterrupted = loadExperiment(FIXTURE).then((experiment) =>
      runExperiment(experiment, { outDir: reference, command: ['reference'], onWarning: () => {}, concurrency: 4 }),
    );

    const random = seededRandom(7007);
    const torn: number[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      const before = wholeLines(killed);
      // A moment: 0 new lines (right after the lock is taken, before any result) up to 200.
      const newLines = Math.floor(random() * (MOST_LINES_PER_SESSION + 1));
      const { child, done } = startCli(['run', FIXTURE, '--out', killed, '--resume', '--quiet', ...CONCURRENCY]);
      let ended = false;
      void done.then(() => {
        ended = true;
      });
      const lockFile = join(killed, 'lock');
      const ownsLock = () => existsSync(lockFile) && readFileSync(lockFile, 'utf8').includes(`"pid":${child.pid},`);
      await waitUntil(
        () => ownsLock() && wholeLines(killed) >= before + newLines,
        () => ended,
      );
      child.kill('SIGKILL');
      const result = await done;
      expect(result.signal, `session ${kill} ended on its own: ${result.stderr}`).toBe('SIGKILL');
      // What a kill leaves: a lock naming a dead process, whole lines and at most one torn line.
      expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(child.pid);
      const text = resultsText(killed);
      if (!text.endsWith('\n') && text !== '') torn.push(kill);
      const { duplicates } = runOutcomes(killed);
      expect(duplicates).toEqual([]);
      if (kill > 1) expect(result.stderr).not.toMatch(/another verdict run/);
      if (kill > 1 && torn.at(-1) === kill - 1)
        expect(result.stderr).toMatch(/results\.jsonl:\d+: incomplete last line skipped/);
      // Half a line, as a power cut mid-write leaves it (a kill rarely does: each line is one write).
      if (kill === KILLS / 2 && !torn.includes(kill)) {
        appendFileSync(join(killed, 'results.jsonl'), '{"key":"[\\"item-0');
        torn.push(kill);
      }
    }
    const last = await startCli(['run', FIXTURE, '--out', killed, '--resume', '--quiet', ...CONCURRENCY]).done;
    expect(last.code, last.stderr).toBe(0);
    if (torn.at(-1) === KILLS) expect(last.stderr).toMatch(/incomplete last line skipped/);
    expect(existsSync(join(killed, 'lock'))).toBe(false);

    const summary = await uninterrupted;
    expect(summary.status).toBe('completed');
    const want = runOutcomes(reference);
    const got = runOutcomes(killed);
    expect(got.duplicates).toEqual([]);
    expect(want.outcomes.size).toBe(PLANNED);
    expect(got.outcomes.size).toBe(PLANNED);
    expect(got.outcomes).toEqual(want.outcomes);
    // The faults were there to survive: every status, and retried cells among the ok ones.
    const counts = statusCounts(want.outcomes);
    expect(Object.keys(counts).sort()).toEqual(['error', 'ok', 'timeout']);
    expect([...want.outcomes.values()].some((o) => o.status === 'ok' && o.attempts > 1)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(killed, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ status: 'completed', completed: PLANNED, counts: { ...counts, skipped: 0 } });
    expect(manifest.sessions).toHaveLength(KILLS + 1);
    expect(manifest.sessions.slice(0, KILLS).map((s: { status: string }) => s.status)).toEqual(
      Array(KILLS).fill('running'),
    );
    console.info(`crash-resume: ${KILLS} kills, ${torn.length} torn last lines cut off, ${PLANNED} cells, none lost`);
  }, 240_000);
});
