import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KEY_PREFIX, queueKeys } from '../../src/distributed/queue-keys';
import { resultLines, startCli, waitUntil } from '../cli/run-cli-process';
import { startRedis } from './redis-server';
import { expectStoppedWhole } from './stop-early-claims';

// `verdict run --queue --stop-early` at its edges, with real Redis and worker processes: several samples and workers
// of concurrency > 1 with a kill -9 of the coordinator; Redis restarted (its data lost) once the run has decided;
// `maxItems` reached across a kill; and `--retry-errors` on a decided run. Each time: every cell stored once, every
// item with a stored cell whole and counted as started, no item started once the stored records have decided.

let redis: Awaited<ReturnType<typeof startRedis>>;
let dir: string;
beforeAll(async () => {
  [redis, dir] = [await startRedis(), mkdtempSync(join(tmpdir(), 'verdict-stop-edges-'))];
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const EXPERIMENT = 'test/fixtures/experiments/regressed.ts';
const ENV = { VERDICT_TEST_DELAY_MS: '20' };
const itemsOf = (out: string) => new Set(resultLines(out).map((line) => JSON.parse(line).item as string));

/** A run on a queue of its own: its worker processes started, the coordinator's arguments, a wait for the workers' clean exit. */
function setUp(
  name: string,
  { workers = 1, concurrency = 1, env = ENV as NodeJS.ProcessEnv, extra = [] as string[] } = {},
) {
  const out = join(dir, name);
  const queue = ['--queue', redis.url, '--queue-name', name];
  const started = Array.from({ length: workers }, () =>
    startCli(['worker', EXPERIMENT, ...queue, '--concurrency', String(concurrency), '--in-process'], env),
  );
  const args = ['run', EXPERIMENT, ...queue, '--stop-early', '--out', out, '--no-cache', '--quiet', ...extra];
  const workersDone = async () => {
    for (const end of await Promise.all(started.map((worker) => worker.done))) expect(end.code).toBe(0);
  };
  return { out, args, workersDone, workers: started };
}

async function killWhen(first: ReturnType<typeof startCli>, out: string, lines: number) {
  await waitUntil(
    () => resultLines(out).length >= lines,
    () => first.child.exitCode !== null,
  );
  first.child.kill('SIGKILL');
  expect((await first.done).signal).toBe('SIGKILL');
}

it('2 samples, two workers of concurrency 4, the coordinator killed late and resumed: every item whole (4 cells), once, counted', async () => {
  const { out, args, workersDone } = setUp('samples', { workers: 2, concurrency: 4, extra: ['--samples', '2'] });
  await killWhen(startCli([...args, '--queue-window', '400'], ENV), out, 200);
  const resumed = await startCli([...args, '--queue-window', '400', '--resume'], ENV).done;
  await workersDone();
  const { items } = expectStoppedWhole(resumed, out, { cellsPerItem: 4 });
  expect(items.size).toBeLessThan(300);
}, 120_000);

it('Redis restarted and its queue lost after the decision: the run re-enqueues only what its started items lack', async () => {
  const slow = { VERDICT_TEST_DELAY_MS: '250' };
  const { out, args, workers } = setUp('redis-lost', { env: slow });
  const worker = workers[0]!;
  const run = startCli([...args, '--queue-window', '400'], slow);
  const client = new Redis(redis.url, { maxRetriesPerRequest: null });
  const cells = new Queue(queueKeys('redis-lost').cells, { connection: client, prefix: KEY_PREFIX });
  try {
    // One cell at a time in the seeded order: 37 pairs (74 records) decide, and the coordinator takes back the ~160
    // items the window had enqueued (their cells no longer waiting) while the worker runs the last item started.
    await waitUntil(
      () => resultLines(out).length >= 74,
      () => run.child.exitCode !== null,
    );
    // Freeze the worker mid-cell once the queue is taken back, so that the run cannot end before Redis is back empty.
    for (;;) {
      expect(run.child.exitCode).toBeNull();
      worker.child.kill('SIGSTOP');
      const { waiting = 0, active = 0 } = await cells.getJobCounts('waiting', 'active');
      if (waiting <= 2 && active >= 1) break;
      worker.child.kill('SIGCONT');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await cells.close();
    client.disconnect();
  }
  const before = itemsOf(out);
  await redis.restart();
  worker.child.kill('SIGCONT');
  const ended = await run.done;
  expect(ended.stderr).toMatch(/Redis lost the run's queue/);
  // Not a claim here: a worker whose cell's record came in before the restart finds no run after it, and waits.
  await Promise.race([worker.done, new Promise((resolve) => setTimeout(resolve, 5000))]);
  worker.child.kill('SIGTERM');
  const { items } = expectStoppedWhole({ ...ended, stderr: '' }, out);
  // The item in flight at the restart finishes; none of those taken back runs.
  expect(items.size).toBeLessThanOrEqual(before.size + 1);
}, 120_000);

it('maxItems reached across a kill -9 of the coordinator: exactly maxItems items, each whole, the reason max-items', async () => {
  const env = { ...ENV, VERDICT_TEST_MAX_ITEMS: '25' };
  const { out, args, workersDone } = setUp('max-items', { env });
  await killWhen(startCli([...args, '--queue-window', '400'], env), out, 20);
  const resumed = await startCli([...args, '--queue-window', '400', '--resume'], env).done;
  await workersDone();
  const { items } = expectStoppedWhole(resumed, out, { reason: 'max-items' });
  expect(items.size).toBe(25);
}, 120_000);

it('--retry-errors on a run that has decided: the errors of its started items run again, no new item starts', async () => {
  const name = 'retry-errors';
  const failing = setUp(name, { env: { ...ENV, VERDICT_TEST_ERRORS: '1' }, extra: ['--max-retries', '0'] });
  const first = await startCli([...failing.args, '--queue-window', '400'], ENV).done;
  expect(first.code).toBe(0);
  await failing.workersDone();
  const erred = resultLines(failing.out)
    .map((line) => JSON.parse(line))
    .filter((record) => record.status === 'error');
  expect(erred.length).toBeGreaterThan(0);
  const before = itemsOf(failing.out);
  expect(JSON.parse(readFileSync(join(failing.out, 'manifest.json'), 'utf8')).stopping.reason).toBe('decided');

  const resumed = startCli([...failing.args, '--queue-window', '400', '--resume', '--retry-errors'], ENV);
  // A worker that meets the completed run exits: this one starts once the coordinator has described the new session.
  const client = new Redis(redis.url);
  try {
    while (JSON.parse((await client.get(queueKeys(name).meta)) ?? '{}').status !== 'running')
      await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    client.disconnect();
  }
  const worker = startCli(['worker', EXPERIMENT, '--queue', redis.url, '--queue-name', name, '--in-process'], ENV);
  const retried = await resumed.done;
  expect((await worker.done).code).toBe(0);
  const { items, latest } = expectStoppedWhole(retried, failing.out, { retried: true });
  expect([...items.keys()].sort()).toEqual([...before].sort());
  expect([...latest.values()].filter((record) => record.status !== 'ok')).toEqual([]);
}, 120_000);
