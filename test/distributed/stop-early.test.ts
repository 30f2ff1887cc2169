import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resultLines, runCli, startCli } from '../cli/run-cli-process';
import { startRedis } from './redis-server';

// `verdict run --queue --stop-early` with real Redis and worker processes: the coordinator feeds the local runner's
// sequential comparison as records come back, stops enqueueing items once it has decided, takes back the queued
// cells of items no worker started, and records why and where in the manifest as a local run does.

let redis: Awaited<ReturnType<typeof startRedis>>;
let dir: string;
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'verdict-stop-early-'));
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** 600 items, the candidate clearly worse: a local run with one cell at a time decides `worse` at pair 37. */
const EXPERIMENT = 'test/fixtures/experiments/regressed.ts';
const ENV = { VERDICT_TEST_DELAY_MS: '2' };
const manifestOf = (out: string) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
const outcomes = (out: string) =>
  new Map(
    resultLines(out).map((line) => {
      const { key, status, pass, attempts } = JSON.parse(line);
      return [key as string, { status, pass, attempts }];
    }),
  );

it('one worker taking one cell at a time: the same decision at the same pair as a local run, every started item whole and once', async () => {
  const local = join(dir, 'local');
  const ran = await runCli(
    ['run', EXPERIMENT, '--stop-early', '--out', local, '--quiet', '--in-process', '--no-cache', '--concurrency', '1'],
    ENV,
  );
  expect(ran.code).toBe(0);
  const expected = manifestOf(local).stopping;
  expect(expected).toMatchObject({ reason: 'decided', finding: 'worse', decidedAtPair: 37, itemsStarted: 37 });

  const out = join(dir, 'distributed');
  const worker = startCli(['worker', EXPERIMENT, '--queue', redis.url, '--concurrency', '1', '--in-process'], ENV);
  // A window far larger than the decision point: the queue holds cells of items the run must not start.
  const coordinator = await runCli(
    ['run', EXPERIMENT, '--queue', redis.url, '--stop-early', '--out', out, '--no-cache', '--queue-window', '400'],
    ENV,
  );
  expect(coordinator.code).toBe(0);
  expect(coordinator.stdout).toMatch(/stopped early: decided \(worse at pair 37\)/);
  expect((await worker.done).code).toBe(0);

  const manifest = manifestOf(out);
  expect(manifest.status).toBe('completed');
  expect(manifest.policy.stopping).toEqual(expected.policy);
  const { itemsStarted, pairs, ...decision } = manifest.stopping;
  const { itemsStarted: localStarted, pairs: _localPairs, ...localDecision } = expected;
  expect(decision).toEqual(localDecision);
  // The worker goes on with the next cells while the coordinator stores the deciding one and takes the queue back
  // (a few more items on a loaded machine), but far fewer than the 200 items the window had enqueued: the queued
  // cells of items not started were taken back, not run.
  expect(itemsStarted).toBeGreaterThanOrEqual(localStarted);
  expect(itemsStarted).toBeLessThan(200);
  expect(pairs).toBe(itemsStarted);

  const lines = resultLines(out);
  const keys = lines.map((line) => JSON.parse(line).key as string);
  expect(new Set(keys).size).toBe(keys.length);
  // Every started item whole (both variants), nothing of an item not started.
  const items = new Map<string, number>();
  for (const line of lines) {
    const { item } = JSON.parse(line);
    items.set(item, (items.get(item) ?? 0) + 1);
  }
  expect(items.size).toBe(itemsStarted);
  expect([...items.values()].every((count) => count === 2)).toBe(true);
  // The local run's cells, with the same outcomes.
  const mine = outcomes(out);
  for (const [key, outcome] of outcomes(local)) expect(mine.get(key)).toEqual(outcome);
}, 120_000);

it('three workers: it stops, records the decision, and stores each cell of a started item once', async () => {
  const out = join(dir, 'three');
  // A queue of its own: workers that meet the first test's completed run on the default queue would exit.
  const queue = ['--queue', redis.url, '--queue-name', 'regressed-three'];
  const workers = [1, 2, 3].map(() =>
    startCli(['worker', EXPERIMENT, ...queue, '--concurrency', '4', '--in-process'], ENV),
  );
  const coordinator = await runCli(
    ['run', EXPERIMENT, ...queue, '--stop-early', '--out', out, '--quiet', '--no-cache'],
    ENV,
  );
  expect(coordinator.code).toBe(0);
  for (const end of await Promise.all(workers.map((w) => w.done))) expect(end.code).toBe(0);
  const { stopping } = manifestOf(out);
  expect(stopping).toMatchObject({ reason: 'decided', finding: 'worse' });
  expect(stopping.itemsStarted).toBeLessThan(600);
  const lines = resultLines(out);
  const keys = lines.map((line) => JSON.parse(line).key as string);
  expect(new Set(keys).size).toBe(keys.length);
  const items = new Set(lines.map((line) => JSON.parse(line).item as string));
  expect(items.size).toBe(stopping.itemsStarted);
  expect(keys.length).toBe(2 * stopping.itemsStarted);
}, 120_000);
