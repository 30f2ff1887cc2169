import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resultLines, startCli, waitUntil } from '../cli/run-cli-process';
import { startRedis } from './redis-server';
import { expectStoppedWhole } from './stop-early-claims';

// `verdict run --queue --stop-early` whose coordinator is killed with kill -9 and resumed with --resume, with real
// Redis and a worker process that goes on running the queue meanwhile: the resumed run finishes, stores every cell
// once, every started item whole, and its stopping record counts as started every item with a stored cell.

let redis: Awaited<ReturnType<typeof startRedis>>;
let dir: string;
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'verdict-stop-resume-'));
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** 600 items, the candidate clearly worse: one cell at a time in the seeded order decides `worse` at pair 37. */
const EXPERIMENT = 'test/fixtures/experiments/regressed.ts';
/** Slow enough cells that the kill lands while the worker still has queued cells to run. */
const ENV = { VERDICT_TEST_DELAY_MS: '40' };
async function killAndResume(name: string, killAtLines: number) {
  const out = join(dir, name);
  const queue = ['--queue', redis.url, '--queue-name', name];
  const worker = startCli(['worker', EXPERIMENT, ...queue, '--concurrency', '1', '--in-process'], ENV);
  // A window far larger than the decision point: the killed coordinator leaves cells of many items in the queue.
  const args = ['run', EXPERIMENT, ...queue, '--stop-early', '--out', out, '--no-cache', '--quiet'];
  const window = ['--queue-window', '400'];
  const first = startCli([...args, ...window], ENV);
  await waitUntil(
    () => resultLines(out).length >= killAtLines,
    () => first.child.exitCode !== null,
  );
  first.child.kill('SIGKILL');
  expect((await first.done).signal).toBe('SIGKILL');
  const storedBefore = resultLines(out).length;
  expect(storedBefore).toBeGreaterThanOrEqual(killAtLines);

  const resumed = await startCli([...args, ...window, '--resume'], ENV).done;
  expect((await worker.done).code).toBe(0);
  // Every item with a stored cell is started, counted once, and whole (both variants); pairs are the whole items.
  const { items } = expectStoppedWhole(resumed, out);
  expect(resultLines(out).length).toBeGreaterThanOrEqual(storedBefore);
  expect(items.size).toBeLessThan(600);
  return { storedBefore, itemsStarted: items.size };
}

it('killed before the decision and resumed: it decides, finishes, every cell once, every started item counted', async () => {
  await killAndResume('before-decision', 20);
}, 120_000);

it('killed after the decision and resumed: it finishes at once, every cell once, every started item counted', async () => {
  // 74 records: the 37 pairs that decide in the seeded order with one cell at a time.
  await killAndResume('after-decision', 74);
}, 120_000);
