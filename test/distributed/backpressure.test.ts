import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KEY_PREFIX, queueKeys } from '../../src/distributed/queue-keys';
import { parseQueueUrl } from '../../src/distributed/queue-url';
import { runDistributed } from '../../src/distributed/run-coordinator';
import { runWorker } from '../../src/distributed/run-worker';
import { loadExperiment } from '../../src/runner/load-experiment';
import { resultLines } from '../cli/run-cli-process';
import { startRedis } from './redis-server';

let redis: Awaited<ReturnType<typeof startRedis>>;
let dir: string;
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'verdict-window-'));
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('the coordinator keeps at most --queue-window cells in Redis, topping it up as records come back, and the run still stores every cell once', async () => {
  const WINDOW = 100;
  const experiment = await loadExperiment('test/fixtures/experiments/deterministic.ts'); // 2000 cells
  const queue = parseQueueUrl(redis.url);
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const cells = new Queue(queueKeys('deterministic').cells, { connection, prefix: KEY_PREFIX });
  // Watch what Redis holds: cells not yet done (waiting, running, retrying) and done ones not yet removed.
  let maxUnfinished = 0;
  let maxHeld = 0;
  let watching = true;
  const watch = (async () => {
    while (watching) {
      const counts = await cells.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed');
      const unfinished = counts.waiting! + counts.active! + counts.delayed! + counts.prioritized!;
      maxUnfinished = Math.max(maxUnfinished, unfinished);
      maxHeld = Math.max(maxHeld, unfinished + counts.completed!);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const notices: string[] = [];
  const workers = [1, 2].map(() =>
    runWorker(experiment, { queue, concurrency: 8, isolation: 'in-process', onNotice: (m) => notices.push(m) }),
  );
  const summary = await runDistributed(experiment, {
    queue,
    outDir: join(dir, 'run'),
    queueWindow: WINDOW,
    onNotice: (m) => notices.push(m),
  });
  watching = false;
  await watch;
  await Promise.all(workers);
  await cells.close();
  connection.disconnect();
  expect(summary).toMatchObject({ status: 'completed', planned: 2000, completed: 2000 });
  const keys = resultLines(join(dir, 'run')).map((line) => JSON.parse(line).key);
  expect(new Set(keys).size).toBe(2000);
  expect(keys).toHaveLength(2000);
  // Never more than the window unfinished; done jobs wait a moment for their removal (at most one
  // sweep's worth, here bounded by the window again).
  expect(maxUnfinished).toBeLessThanOrEqual(WINDOW);
  expect(maxUnfinished).toBeGreaterThanOrEqual(WINDOW / 2);
  expect(maxHeld).toBeLessThanOrEqual(2 * WINDOW);
}, 120_000);
