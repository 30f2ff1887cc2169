import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CellJob } from '../../src/distributed/cell-job';
import { KEY_PREFIX, queueKeys } from '../../src/distributed/queue-keys';
import { QUEUED_STATES } from '../../src/distributed/run-coordinator';
import { type CliResult, ROOT, resultLines, startCli } from '../cli/run-cli-process';
import { startRedis } from './redis-server';
import { expectStoppedWhole } from './stop-early-claims';

// Between a `--stop-early` coordinator's decision and its taking back of the queued cells of the items no worker
// started, with real Redis and a worker process. Killed (kill -9) part way through taking them back: the queue
// paused, an item's two cells half removed; the coordinator resumed with --resume resumes the queue, and starts none
// of those items (the half-removed one included): every item in results.jsonl was started before the decision,
// whole, stored once, and counted. Held there while Redis restarts without persistence (every job lost): it ends,
// every item whole, once.

let redis: Awaited<ReturnType<typeof startRedis>>;
let dir: string;
beforeAll(async () => {
  [redis, dir] = [await startRedis(), mkdtempSync(join(tmpdir(), 'verdict-withdrawal-'))];
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** 600 items, the candidate clearly worse: decides `worse` after a few dozen pairs. */
const EXPERIMENT = 'test/fixtures/experiments/regressed.ts';
const ENV = { VERDICT_TEST_DELAY_MS: '20' };
const itemOf = (index: number) => `item-${String(index).padStart(4, '0')}`;

/** Longer than any run of these tests takes; a released coordinator still running then is stuck, and is killed. */
const STUCK_AFTER_MS = 60_000;

/**
 * The coordinator of test/distributed/coordinator-held-at-decision.ts, `decided` once it has decided; `release`
 * (with `releasable`) lets it go on, and resolves when it has ended (killed, SIGKILL, if still running STUCK_AFTER_MS
 * later).
 */
function heldCoordinator(out: string, name: string, { env = ENV as NodeJS.ProcessEnv, releasable = false } = {}) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/distributed/coordinator-held-at-decision.ts', EXPERIMENT, out, redis.url, name, '400'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, ...(releasable ? { VERDICT_TEST_RELEASE: 'SIGUSR2' } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += String(chunk);
  });
  const ended = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const exited = ended.then(({ signal }) => signal);
  const decided = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (stdout.includes('decided')) resolve();
    });
    void exited.then(() => reject(new Error(`the held coordinator ended before deciding: ${stderr}`)));
  });
  const release = () => {
    child.kill('SIGUSR2');
    const stuck = setTimeout(() => child.kill('SIGKILL'), STUCK_AFTER_MS);
    return ended.finally(() => clearTimeout(stuck));
  };
  return { child, decided, exited, release };
}

async function jobsByItem(cells: Queue) {
  const byItem = new Map<string, { waiting: number; other: number }>();
  for (const job of await cells.getJobs(QUEUED_STATES, 0, -1)) {
    const item = itemOf((job.data as CellJob).index);
    const entry = byItem.get(item) ?? { waiting: 0, other: 0 };
    const state = await job.getState();
    if (state === 'waiting' || state === 'prioritized') entry.waiting++;
    else entry.other++;
    byItem.set(item, entry);
  }
  return byItem;
}

it('killed with the queue paused and an item half taken back: the resumed run resumes the queue and starts none of the items not started', async () => {
  const name = 'half-withdrawn';
  const out = join(dir, name);
  const queue = ['--queue', redis.url, '--queue-name', name];
  const worker = startCli(['worker', EXPERIMENT, ...queue, '--concurrency', '8', '--in-process'], ENV);
  const client = new Redis(redis.url, { maxRetriesPerRequest: null });
  const cells = new Queue(queueKeys(name).cells, { connection: client, prefix: KEY_PREFIX });
  try {
    const held = heldCoordinator(out, name);
    await held.decided;
    // What the withdrawal does first: pause the queue; the cells in flight finish (their records are stored).
    await cells.pause();
    while ((await cells.getActiveCount()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const stored = new Set(resultLines(out).map((line) => JSON.parse(line).item as string));
    const byItem = await jobsByItem(cells);
    // Items not started: every cell of theirs waiting, none stored.
    const notStarted = [...byItem]
      .filter(([item, { waiting, other }]) => waiting === 2 && other === 0 && !stored.has(item))
      .map(([item]) => item);
    expect(notStarted.length).toBeGreaterThan(20);
    // Killed between removing the two cells of one of them.
    const halfTaken = notStarted[0]!;
    const [oneCell] = (await cells.getJobs(['waiting', 'prioritized'], 0, -1)).filter(
      (job) => itemOf((job.data as CellJob).index) === halfTaken,
    );
    expect(await cells.remove(oneCell!.id!)).toBe(1);
    held.child.kill('SIGKILL');
    expect(await held.exited).toBe('SIGKILL');

    const args = ['run', EXPERIMENT, ...queue, '--stop-early', '--out', out, '--no-cache', '--quiet'];
    const resumed = await startCli([...args, '--queue-window', '400', '--resume'], ENV).done;
    // The queue was resumed: the worker ran what was left and saw the run complete.
    expect((await worker.done).code).toBe(0);
    const { items } = expectStoppedWhole(resumed, out);
    // No item started after the decision: none of the items whose cells were all waiting, the half-removed one either.
    expect(notStarted.filter((item) => items.has(item))).toEqual([]);
  } finally {
    await cells.close();
    client.disconnect();
    worker.child.kill('SIGKILL');
  }
}, 120_000);

it('Redis restarted without persistence between the decision and the taking back: the coordinator ends, starts none of the items not stored again, every item whole, once', async () => {
  const name = 'lost-at-decision';
  const out = join(dir, name);
  const env = { VERDICT_TEST_DELAY_MS: '20' };
  const worker = startCli(
    ['worker', EXPERIMENT, '--queue', redis.url, '--queue-name', name, '--concurrency', '1', '--in-process'],
    env,
  );
  try {
    const held = heldCoordinator(out, name, { env, releasable: true });
    await held.decided;
    // The worker stopped while Redis restarts: what is stored then is what the run had, but for its one cell in flight.
    worker.child.kill('SIGSTOP');
    await redis.restart();
    const before = new Set(resultLines(out).map((line) => JSON.parse(line).item as string));
    worker.child.kill('SIGCONT');
    const ended = await held.release();
    expect(ended.signal, `the coordinator was stuck:\n${ended.stderr}`).toBe(null);
    // It said what happened, and nothing else.
    const said = ended.stderr.split('\n').filter((line) => line !== '');
    expect(said.filter((line) => !/^verdict: Redis at \S+ (is unreachable|reachable again)/.test(line))).toEqual([
      expect.stringMatching(
        /^verdict: Redis lost the run's queue after the run had decided; not starting again the \d+ items/,
      ),
    ]);
    const { items } = expectStoppedWhole({ ...ended, stderr: '' }, out);
    // No item started again but the one whose cell was on the worker (the coordinator enqueued again every item it had
    // enqueued before: some 200 of them, against 40 to 80 stored).
    expect([...before].filter((item) => !items.has(item))).toEqual([]);
    expect(items.size).toBeLessThanOrEqual(before.size + 1);
    expect((await worker.done).code).toBe(0);
  } finally {
    worker.child.kill('SIGKILL');
  }
}, 120_000);
