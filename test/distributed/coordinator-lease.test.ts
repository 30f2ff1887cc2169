import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { acquireCoordinatorLease } from '../../src/distributed/coordinator-lease';
import { InputError } from '../../src/schema/input-error';
import { startRedis } from './redis-server';

let server: Awaited<ReturnType<typeof startRedis>>;
let redis: Redis;
beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});
beforeEach(async () => {
  await redis.flushdb();
});

const KEY = 'verdict:test:coordinator';
const quiet = { display: 'redis://127.0.0.1/0', onNotice: () => undefined };
/** The pid of a process that has exited (and been reaped): no process has it, for the length of a test. */
const deadPid = () => spawnSync('true').pid!;
const owner = (fields: { host: string; pid: number }) =>
  JSON.stringify({ ...fields, token: 'f00d', since: '2026-01-01T00:00:00.000Z' });

it('a second coordinator on this machine is refused while the first runs, naming it; the queue is free once the first releases', async () => {
  const first = await acquireCoordinatorLease(redis, KEY, quiet);
  const second = acquireCoordinatorLease(redis, KEY, quiet);
  await expect(second).rejects.toThrow(InputError);
  await expect(second).rejects.toThrow(
    `another coordinator (process ${process.pid} on this machine, since ${JSON.parse((await redis.get(KEY))!).since}) is running this queue; stop it, or give this run another --queue-name`,
  );
  await first.release();
  expect(await redis.get(KEY)).toBeNull();
  const third = await acquireCoordinatorLease(redis, KEY, quiet);
  expect(JSON.parse((await redis.get(KEY))!)).toMatchObject({ host: hostname(), pid: process.pid });
  await third.release();
});

it('a lease left by a coordinator of this machine that was killed (its process is gone) is taken over at once, before it expires', async () => {
  await redis.set(KEY, owner({ host: hostname(), pid: deadPid() }), 'PX', 60_000);
  const began = Date.now();
  const lease = await acquireCoordinatorLease(redis, KEY, quiet);
  expect(Date.now() - began).toBeLessThan(1000);
  expect(JSON.parse((await redis.get(KEY))!)).toMatchObject({ pid: process.pid });
  await lease.release();
});

it("a lease of another machine's coordinator is waited out (said once) until it expires, then taken", async () => {
  await redis.set(KEY, owner({ host: 'gpu-box-7', pid: 4242 }), 'PX', 600);
  const notices: string[] = [];
  const lease = await acquireCoordinatorLease(redis, KEY, {
    display: 'redis://:***@10.0.0.5:6379/0',
    onNotice: (m) => notices.push(m),
    ttlMs: 600,
  });
  expect(notices).toEqual([
    'the queue on redis://:***@10.0.0.5:6379/0 is held by a coordinator on gpu-box-7 (pid 4242); waiting for its lease to expire (0.6 s after its last renewal) (if it is still running, stop this one: Ctrl-C)',
  ]);
  expect(JSON.parse((await redis.get(KEY))!)).toMatchObject({ host: hostname(), pid: process.pid });
  await lease.release();
});

it("another machine's coordinator that keeps renewing its lease is refused once the lease has outlived its TTL", async () => {
  const text = owner({ host: 'gpu-box-7', pid: 4242 });
  await redis.set(KEY, text, 'PX', 300);
  const renew = setInterval(() => void redis.set(KEY, text, 'PX', 300), 100);
  try {
    await expect(acquireCoordinatorLease(redis, KEY, { ...quiet, ttlMs: 300 })).rejects.toThrow(
      /another coordinator \(pid 4242 on gpu-box-7, since 2026-01-01T00:00:00.000Z\) is running this queue and renewing its lease/,
    );
  } finally {
    clearInterval(renew);
  }
});

it('a held lease is renewed past its TTL, and a coordinator whose lease another took is told it lost it', async () => {
  const lease = await acquireCoordinatorLease(redis, KEY, { ...quiet, ttlMs: 300 });
  await new Promise((resolve) => setTimeout(resolve, 900));
  expect(JSON.parse((await redis.get(KEY))!)).toMatchObject({ pid: process.pid });
  expect(lease.lost()).toBe(false);
  // Another coordinator took the queue (as after Redis was unreachable longer than the TTL).
  const theirs = owner({ host: 'gpu-box-7', pid: 4242 });
  await redis.set(KEY, theirs, 'PX', 60_000);
  await expect.poll(() => lease.lost(), { timeout: 2000 }).toBe(true);
  // Releasing a lost lease leaves the other coordinator's alone.
  await lease.release();
  expect(await redis.get(KEY)).toBe(theirs);
});

it('an aborted wait stops at once', async () => {
  await redis.set(KEY, owner({ host: 'gpu-box-7', pid: 4242 }), 'PX', 60_000);
  const controller = new AbortController();
  const waiting = acquireCoordinatorLease(redis, KEY, { ...quiet, signal: controller.signal });
  setTimeout(() => controller.abort(new Error('Ctrl-C')), 100);
  const began = Date.now();
  await expect(waiting).rejects.toThrow('Ctrl-C');
  expect(Date.now() - began).toBeLessThan(600);
});
