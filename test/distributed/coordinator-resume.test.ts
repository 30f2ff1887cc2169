import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { keyOfCellJobId } from '../../src/distributed/cell-job';
import { KEY_PREFIX, queueKeys } from '../../src/distributed/queue-keys';
import { resultLines, startCli } from '../cli/run-cli-process';
import { startRedis } from './redis-server';

// A coordinator killed with kill -9 while it holds results it has not stored (result jobs active, locked by it):
// the coordinator resumed with --resume takes them back at once, not after its lock duration (--stalled-after,
// set here to 120 s, far longer than the whole test may take), and stores every planned cell once.

let redis: Awaited<ReturnType<typeof startRedis>>;
let client: Redis;
let dir: string;
beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { maxRetriesPerRequest: null });
  dir = mkdtempSync(join(tmpdir(), 'verdict-resume-'));
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const EXPERIMENT = 'test/fixtures/experiments/deterministic.ts';
const PLANNED = 2000;
const STALLED_AFTER_MS = 120_000;
const FAST = { VERDICT_TEST_DELAY_MS: '5' };

it('a coordinator resumed after kill -9 stores the results its predecessor held at once, not after --stalled-after', async () => {
  const out = join(dir, 'run');
  const stalled = ['--stalled-after', String(STALLED_AFTER_MS)];
  const workers = [1, 2].map(() =>
    startCli(['worker', EXPERIMENT, '--queue', redis.url, '--concurrency', '8', '--in-process', ...stalled], FAST),
  );
  const coordinatorArgs = ['run', EXPERIMENT, '--queue', redis.url, '--out', out, '--quiet', '--no-cache', ...stalled];
  const first = startCli(coordinatorArgs, FAST);
  const results = new Queue(queueKeys('deterministic').results, { connection: client, prefix: KEY_PREFIX });
  try {
    while (resultLines(out).length < 300) {
      expect(first.child.exitCode).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Freeze the coordinator until it holds some results (taken, not yet stored and acknowledged), then kill it.
    let held: string[] = [];
    for (let tries = 0; held.length === 0; tries++) {
      expect(tries).toBeLessThan(200);
      first.child.kill('SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 50));
      held = (await results.getActive(0, -1)).map((job) => keyOfCellJobId(job.id!));
      if (held.length === 0) {
        first.child.kill('SIGCONT');
        await new Promise((resolve) => setTimeout(resolve, 10 + (tries % 7) * 3));
      }
    }
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const storedBefore = new Set(resultLines(out).map((line) => JSON.parse(line).key as string));
    const orphaned = held.filter((key) => !storedBefore.has(key));

    const began = performance.now();
    const resumed = await startCli([...coordinatorArgs, '--resume'], FAST).done;
    const tookMs = performance.now() - began;
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/2000\/2000 cells stored/);
    // Far below the 120 s a lock of the dead coordinator lasts: the resume did not wait for it.
    expect(tookMs).toBeLessThan(STALLED_AFTER_MS / 4);

    const keys = resultLines(out).map((line) => JSON.parse(line).key as string);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
    expect(keys.length).toBe(PLANNED);
    for (const key of orphaned) expect(keys).toContain(key);
    for (const end of await Promise.all(workers.map((w) => w.done))) expect(end.code).toBe(0);
  } finally {
    await results.close();
    for (const w of workers) w.child.kill('SIGKILL');
  }
}, 90_000);
