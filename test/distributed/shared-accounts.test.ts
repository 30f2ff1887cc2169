import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queueKeys } from '../../src/distributed/queue-keys';
import { resultLines, runCli, saying, startCli } from '../cli/run-cli-process';
import {
  busiestWindow,
  type ChatCompletionsServer,
  rateLimitedReply,
  startChatCompletionsServer,
} from '../helpers/chat-completions-server';
import { startRedis } from './redis-server';

// The experiment's `accounts` held across three `verdict worker` processes, measured at a loopback
// provider that notes when each request arrives: one account shared by two variants (requests per
// minute, and a 429 with Retry-After to one variant pausing both, on every worker).

const RPM = 600;
const SPACING_MS = 60_000 / RPM;
/** Requests a loaded machine may send early in a 1 s window: a request's send may lag its slot by up to 200 ms. */
const TOLERANCE = 2;
const PAUSE_S = 3;

let redis: Awaited<ReturnType<typeof startRedis>>;
let server: ChatCompletionsServer;
let dir: string;
let baseURL: string;
const arrivals: { model: string; at: number; status: number }[] = [];
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'verdict-accounts-'));
  let b = 0;
  server = await startChatCompletionsServer(({ model, prompt }) => {
    const throttled = model === 'b' && ++b === 6;
    arrivals.push({ model, at: Date.now(), status: throttled ? 429 : 200 });
    return throttled ? rateLimitedReply(PAUSE_S) : { content: prompt };
  });
  baseURL = server.baseURL;
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Run `experiment` on three worker processes (each `concurrency` cells at once); the arrivals it caused. */
async function runOnThreeWorkers(name: string, experiment: object, concurrency: number) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, ...experiment }));
  const env = { VERDICT_TEST_API_KEY: 'sk-test-accounts' };
  const workers = [1, 2, 3].map(() =>
    startCli(['worker', file, '--queue', redis.url, '--concurrency', String(concurrency)], env),
  );
  await Promise.all(workers.map((worker) => saying(worker, 'waiting for a coordinator')));
  const from = arrivals.length;
  const run = await runCli(['run', file, '--queue', redis.url, '--out', join(dir, name), '--no-cache', '--quiet'], env);
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain('run completed');
  for (const end of await Promise.all(workers.map((worker) => worker.done))) {
    expect(end.code).toBe(0);
    expect(Number(/ran (\d+) cells/.exec(end.stdout)?.[1])).toBeGreaterThan(0);
  }
  return { arrivals: arrivals.slice(from), results: resultLines(join(dir, name)) };
}

const openai = (model: string) => ({ type: 'openai', baseURL: '', model, apiKeyEnv: 'VERDICT_TEST_API_KEY' });
const items = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `q${i}`, input: `q ${i}`, expected: `q ${i}` }));

it(`an account of ${RPM} requests/min shared by two variants on 3 workers: at most ${RPM / 60} + ${TOLERANCE} of theirs in any second, and a 429 to one pauses both on every worker`, async () => {
  const ITEMS = 20;
  const { arrivals: seen, results } = await runOnThreeWorkers(
    'shared-account',
    {
      items: items(ITEMS),
      variants: {
        A: { ...openai('a'), baseURL },
        B: { ...openai('b'), baseURL },
        free: { ...openai('free'), baseURL },
      },
      score: { type: 'exact-match' },
      accounts: { team: { requestsPerMinute: RPM, variants: ['A', 'B'] } },
      retries: { max: 3, baseDelayMs: 10 },
    },
    4,
  );
  expect(results).toHaveLength(3 * ITEMS);
  const team = seen.filter((a) => a.model === 'a' || a.model === 'b');
  expect(team).toHaveLength(2 * ITEMS + 1); // one retried after the 429
  const times = team.map((a) => a.at);
  expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(1000 / SPACING_MS + TOLERANCE);
  // The 429 to B paused the account: no request of A or B from any worker from once the pause was
  // written (its end less its length, plus 800 ms for this process's own scheduling) until it ended.
  const throttledAt = team.find((a) => a.status === 429)!.at;
  const client = new Redis(redis.url);
  const pausedUntil = Number(await client.hget(queueKeys('shared-account').account('team').state, 'paused'));
  client.disconnect();
  expect(pausedUntil).toBeGreaterThan(throttledAt + PAUSE_S * 1000 - 100);
  const duringPause = times.filter((t) => t > pausedUntil - PAUSE_S * 1000 + 800 && t < pausedUntil);
  expect(duringPause.map((t) => t - throttledAt)).toEqual([]);
  expect(new Set(seen.filter((a) => a.at > throttledAt + 800 && a.at < pausedUntil).map((a) => a.model))).not.toContain(
    'a',
  );
  // The variant outside the account was neither spaced nor paused: its requests went meanwhile.
  expect(seen.filter((a) => a.model === 'free')).toHaveLength(ITEMS);
}, 120_000);
