import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queueKeys } from '../../src/distributed/queue-keys';
import { resultLines, saying, startCli } from '../cli/run-cli-process';
import { type ChatCompletionsServer, startChatCompletionsServer } from '../helpers/chat-completions-server';
import { startRedis } from './redis-server';

// Tokens per minute of one account held across three `verdict worker` processes, measured at a loopback
// provider whose every completion reports USAGE tokens. The limiter's window is a minute (what providers count),
// so the test measures the first window, which a run whose cells need more than the budget must fill and then
// wait out: at most BUDGET + TOLERANCE tokens are served in it, and the other cells wait (not sent, not timed
// out) while Redis's log holds the budget until its first entry is a minute old.

const USAGE = { prompt: 10, completion: 4 };
const TOKENS = USAGE.prompt + USAGE.completion;
const BUDGET = 10 * TOKENS;
const WORKERS = 3;
/**
 * A request's tokens are known only once it is answered, so a request may go while the others in flight have not
 * been charged yet: the one admitted last (below the budget) and one on each other worker's slot (concurrency 1).
 * A worker's own charges go before its next request on the same Redis connection, so no more than that.
 */
const TOLERANCE = WORKERS * TOKENS;
/** Cells of the run: more than the first window can admit, so some must wait for it to roll. */
const ITEMS = 10;
/** No request for this long after the last one, while cells wait, is the first window filled. */
const QUIET_MS = 5000;

let redis: Awaited<ReturnType<typeof startRedis>>;
let server: ChatCompletionsServer;
let dir: string;
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'verdict-tokens-'));
  server = await startChatCompletionsServer(({ prompt }) => ({ content: prompt }), { usage: USAGE });
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it(`an account of ${BUDGET} tokens/min shared by ${WORKERS} workers: at most ${BUDGET} + ${TOLERANCE} tokens served in the first minute, and the other cells wait for it to roll`, async () => {
  const file = join(dir, 'tokens.json');
  const openai = (model: string) => ({
    type: 'openai',
    baseURL: server.baseURL,
    model,
    apiKeyEnv: 'VERDICT_TEST_API_KEY',
  });
  writeFileSync(
    file,
    JSON.stringify({
      name: 'shared-tokens',
      items: Array.from({ length: ITEMS }, (_, i) => ({ id: `q${i}`, input: `q ${i}`, expected: `q ${i}` })),
      variants: { A: openai('a'), B: openai('b') },
      score: { type: 'exact-match' },
      accounts: { team: { tokensPerMinute: BUDGET, variants: ['A', 'B'] } },
      // A cell's deadline includes its wait for the limiter (as in a local run): longer than the window.
      timeoutMs: 120_000,
    }),
  );
  const env = { VERDICT_TEST_API_KEY: 'sk-test-tokens' };
  const workers = Array.from({ length: WORKERS }, () =>
    startCli(['worker', file, '--queue', redis.url, '--concurrency', '1'], env),
  );
  await Promise.all(workers.map((worker) => saying(worker, 'waiting for a coordinator')));
  const out = join(dir, 'run');
  const coordinator = startCli(['run', file, '--queue', redis.url, '--out', out, '--no-cache', '--quiet'], env);
  const { requests } = server;
  while (requests.length === 0 || performance.now() - requests.at(-1)!.arrivedAt < QUIET_MS)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const first = requests[0]!.arrivedAt;
  const last = requests.at(-1)!.arrivedAt;
  // All of it inside the first minute (else this is not the first window's measure).
  expect(last - first).toBeLessThan(60_000 - QUIET_MS);
  const served = requests.length * TOKENS;
  expect(served).toBeLessThanOrEqual(BUDGET + TOLERANCE);
  // The budget, not something else, stopped the requests: it was reached, and the rest of the cells wait.
  expect(served).toBeGreaterThanOrEqual(BUDGET);
  expect(requests.length).toBeLessThan(2 * ITEMS);
  // Every response was charged in Redis, and the log holds the account until its oldest entry is a minute old.
  const client = new Redis(redis.url);
  const { state, log } = queueKeys('shared-tokens').account('team');
  const [tokens, oldest, time] = await Promise.all([
    client.hget(state, 'tokens'),
    client.zrange(log, 0, 0, 'WITHSCORES'),
    client.time(),
  ]);
  client.disconnect();
  expect(Number(tokens)).toBe(served);
  const now = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
  expect(Number(oldest[1]) + 60_000).toBeGreaterThan(now);
  // What was sent is stored, each `ok`; the waiting cells neither ran nor timed out.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const records = resultLines(out).map((line) => JSON.parse(line) as { status: string });
  expect(records.map((r) => r.status)).toEqual(requests.map(() => 'ok'));
  expect(requests.length).toBe(records.length);

  coordinator.child.kill('SIGINT');
  expect((await coordinator.done).code).toBe(130);
  for (const worker of workers) worker.child.kill('SIGINT');
  for (const end of await Promise.all(workers.map((worker) => worker.done))) expect(end.code).toBe(130);
}, 120_000);
