import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cacheKey, decodeCacheEntry, targetIdentity } from '../../src/cache/index';
import { CACHE_KEY_PREFIX } from '../../src/distributed/redis-cache';
import { loadExperiment } from '../../src/runner/load-experiment';
import { iterateCells } from '../../src/runner/plan-cells';
import { resultLines, runCli, saying, startCli, waitUntil } from '../cli/run-cli-process';
import { type ChatCompletionsServer, startChatCompletionsServer } from '../helpers/chat-completions-server';
import { startRedis } from './redis-server';

// The shared output cache of distributed runs, counted where it matters: at a loopback provider that notes
// the model of every request. Three workers fill the cache while two of them are killed with kill -9 in
// the middle of the run's cache writes; a second run into a fresh --out makes no call at all; a changed
// parameter of the target misses exactly that variant; an entry damaged in Redis is recomputed with a warning.

const ITEMS = 40;
let redis: Awaited<ReturnType<typeof startRedis>>;
let server: ChatCompletionsServer;
let dir: string;
const calls: string[] = [];
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'verdict-shared-cache-'));
  server = await startChatCompletionsServer(
    ({ model, prompt }) => {
      calls.push(model);
      return { content: prompt };
    },
    { delayMs: 40 },
  );
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const count = (model: string) => calls.filter((m) => m === model).length;
const records = (out: string) => resultLines(out).map((line) => JSON.parse(line) as Record<string, unknown>);

it('workers share the cache in Redis: a rerun makes no call, a changed target misses only itself, kill -9 and damage never serve a bad entry', async () => {
  const { baseURL } = server;
  const file = join(dir, 'cached.json');
  const write = (temperature: number) =>
    writeFileSync(
      file,
      JSON.stringify({
        name: 'shared-cache',
        items: Array.from({ length: ITEMS }, (_, i) => ({
          id: `q${i}`,
          input: `question ${i}`,
          expected: `question ${i}`,
        })),
        variants: {
          baseline: { type: 'openai', baseURL, model: 'base', apiKeyEnv: 'VERDICT_TEST_API_KEY' },
          candidate: { type: 'openai', baseURL, model: 'cand', temperature, apiKeyEnv: 'VERDICT_TEST_API_KEY' },
        },
        score: { type: 'exact-match' },
      }),
    );
  write(0);
  const env = { VERDICT_TEST_API_KEY: 'sk-test-cache' };
  const worker = () =>
    startCli(
      ['worker', file, '--queue', redis.url, '--concurrency', '2', '--stalled-after', '2000', '--keep-alive'],
      env,
    );
  const run = (out: string) => runCli(['run', file, '--queue', redis.url, '--out', join(dir, out), '--quiet'], env);

  // 1. Fill the cache; two of the three workers are killed with kill -9 while cells finish and their entries are written.
  const workers = [worker(), worker(), worker()];
  const first = run('first');
  let ended = false;
  void first.then(() => (ended = true));
  await waitUntil(
    () => resultLines(join(dir, 'first')).length >= 15,
    () => ended,
  );
  workers[0]!.child.kill('SIGKILL');
  await waitUntil(
    () => resultLines(join(dir, 'first')).length >= 40,
    () => ended,
  );
  workers[1]!.child.kill('SIGKILL');
  const one = await first;
  expect(one.stdout).toContain('run completed');
  expect(records(join(dir, 'first'))).toHaveLength(2 * ITEMS);
  expect(new Set(records(join(dir, 'first')).map((r) => r.key)).size).toBe(2 * ITEMS);
  const stats = await runCli(['cache', 'stats', '--queue', redis.url, '--json']);
  expect(JSON.parse(stats.stdout)).toMatchObject({ entries: 2 * ITEMS, corrupt: 0 });

  // 2. The same experiment into a fresh --out: every cell served from the cache, no call made.
  const before = calls.length;
  const second = await run('second');
  expect(second.stdout).toContain('run completed');
  expect(calls.length - before).toBe(0);
  const served = records(join(dir, 'second'));
  expect(served).toHaveLength(2 * ITEMS);
  expect(served.every((r) => r.cached === true && r.attempts === 0 && r.status === 'ok')).toBe(true);
  const outputs = (rs: Record<string, unknown>[]) => new Map(rs.map((r) => [r.key, r.output]));
  expect(outputs(served)).toEqual(outputs(records(join(dir, 'first'))));
  expect(second.stdout).toContain(`${2 * ITEMS} calls saved`);
  workers[2]!.child.kill('SIGINT');
  await workers[2]!.done;

  // 3. A changed parameter of the candidate, and a baseline entry damaged in Redis: the candidate misses
  // every cell, the baseline only the damaged one (said by the worker that found it).
  write(0.5);
  const experiment = await loadExperiment(file);
  const cell = iterateCells(experiment.items, ['baseline'], { samples: 1, seed: 0 }).next().value!;
  const key = cacheKey({
    target: targetIdentity(experiment.variants.baseline!),
    input: cell.item.input,
    sample: cell.sample,
    seed: cell.seed,
  });
  const damaged = `${CACHE_KEY_PREFIX}${key}`;
  const client = new Redis(redis.url);
  const text = await client.get(damaged);
  expect(text).not.toBeNull();
  await client.set(damaged, text!.slice(0, 40));
  const [base, cand] = [count('base'), count('cand')];
  // A worker of the changed experiment meets the last run complete and of another configuration: it waits for the
  // next run (docs/distributed.md, faults), and runs it.
  const lone = startCli(['worker', file, '--queue', redis.url, '--concurrency', '4'], env);
  await saying(lone, 'is complete and was of another experiment');
  const thirdRun = run('third');
  const third = await thirdRun;
  expect(third.stdout).toContain('run completed');
  const end = await lone.done;
  expect(count('cand') - cand).toBe(ITEMS);
  expect(count('base') - base).toBe(1);
  expect(end.stderr).toContain(`cache entry ${damaged}`);
  expect(end.stderr).toContain('ignored, the cell runs again');
  expect(decodeCacheEntry(key, (await client.get(damaged)) ?? '').ok).toBe(true);
  const after = await runCli(['cache', 'stats', '--queue', redis.url, '--json']);
  expect(JSON.parse(after.stdout)).toMatchObject({ entries: 3 * ITEMS, corrupt: 0 });
  client.disconnect();
}, 240_000);
