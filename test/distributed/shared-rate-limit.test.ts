import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queueKeys } from '../../src/distributed/queue-keys';
import { resultLines, runCli, saying, startCli } from '../cli/run-cli-process';
import {
  type ChatCompletionsServer,
  rateLimitedReply,
  startChatCompletionsServer,
} from '../helpers/chat-completions-server';
import { startRedis } from './redis-server';

// A shared rate limit measured where it matters: at the provider. Three `verdict worker` processes
// run the cells of a `limited` variant (600 requests/min, so one every 100 ms at most) against a
// loopback chat-completions server that notes when each request arrives, and answers the 8th with
// a 429 and `Retry-After: 3`, which must pause the variant for every worker, not only the one that
// got it. Redis's MONITOR shows every command the run sends: the API key is in none of them.

const RPM = 600;
const SPACING_MS = 60_000 / RPM;
/** Requests a loaded machine may send early in a 1 s window: a request's send may lag its slot by up to 200 ms. */
const TOLERANCE = 2;
const ITEMS = 30;
const PAUSE_S = 3;
const API_KEY = 'sk-test-0123456789abcdef';

let redis: Awaited<ReturnType<typeof startRedis>>;
let server: ChatCompletionsServer;
let dir: string;
/** `at`: Date.now() (the clock Redis's TIME reads on this machine, which the shared limiter decides by). */
const arrivals: { model: string; at: number; authorization: string | undefined; status: number }[] = [];
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'verdict-limit-'));
  let limited = 0;
  server = await startChatCompletionsServer(({ model, prompt, authorization }) => {
    const throttled = model === 'limited' && ++limited === 8;
    arrivals.push({ model, at: Date.now(), authorization, status: throttled ? 429 : 200 });
    return throttled ? rateLimitedReply(PAUSE_S) : { content: prompt };
  });
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it(`${RPM} requests/min shared by 3 worker processes: at most ${RPM / 60} + ${TOLERANCE} arrive in any second, and a 429's Retry-After pauses every worker`, async () => {
  const { baseURL } = server;
  const file = join(dir, 'limited.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'shared-limit',
      items: Array.from({ length: ITEMS }, (_, i) => ({
        id: `q${i}`,
        input: `question ${i}`,
        expected: `question ${i}`,
      })),
      variants: {
        limited: { type: 'openai', baseURL, model: 'limited', apiKeyEnv: 'VERDICT_TEST_API_KEY' },
        free: { type: 'openai', baseURL, model: 'free', apiKeyEnv: 'VERDICT_TEST_API_KEY' },
      },
      score: { type: 'exact-match' },
      rateLimit: { limited: { requestsPerMinute: RPM } },
      retries: { max: 3, baseDelayMs: 10 },
    }),
  );
  const client = new Redis(redis.url);
  const monitor = await client.monitor();
  const commands: string[] = [];
  monitor.on('monitor', (_time: string, args: string[]) => commands.push(args.join(' ')));

  const env = { VERDICT_TEST_API_KEY: API_KEY };
  const workers = [1, 2, 3].map(() => startCli(['worker', file, '--queue', redis.url, '--concurrency', '4'], env));
  // Every worker waits for the run before it starts, so that all three share its cells.
  const waiting = workers.map((worker) => saying(worker, 'waiting for a coordinator'));
  await Promise.all(waiting);
  const run = await runCli(['run', file, '--queue', redis.url, '--out', join(dir, 'run'), '--quiet'], env);
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain(`run completed`);
  const ends = await Promise.all(workers.map((worker) => worker.done));
  monitor.disconnect();
  for (const end of ends) {
    expect(end.code).toBe(0);
    expect(Number(/ran (\d+) cells/.exec(end.stdout)?.[1])).toBeGreaterThan(0);
  }
  expect(resultLines(join(dir, 'run'))).toHaveLength(2 * ITEMS);

  const limited = arrivals.filter((a) => a.model === 'limited');
  expect(limited).toHaveLength(ITEMS + 1); // one retried after the 429
  const times = limited.map((a) => a.at);
  for (const start of times) {
    const inSecond = times.filter((t) => t >= start && t < start + 1000).length;
    expect(inSecond, `requests in the second from ${start.toFixed(0)} ms`).toBeLessThanOrEqual(
      1000 / SPACING_MS + TOLERANCE,
    );
  }
  // The 429 paused the variant on all three workers: from when the pause was set in Redis (its end,
  // less its length) and the requests already sent then have arrived, none until it is over. The slack
  // (800 ms) is for this process's own scheduling on a loaded machine: it notes arrivals when its event
  // loop gets to them. Without a shared pause the other workers would send ~20 requests meanwhile.
  const throttledAt = limited.find((a) => a.status === 429)!.at;
  const pausedUntil = Number(await client.hget(queueKeys('shared-limit').limiter('limited').state, 'paused'));
  expect(pausedUntil).toBeGreaterThan(throttledAt + PAUSE_S * 1000 - 100);
  const duringPause = times.filter((t) => t > pausedUntil - PAUSE_S * 1000 + 800 && t < pausedUntil);
  expect(
    duringPause.map((t) => t - throttledAt),
    `ms after the 429: ${times.map((t) => t - throttledAt).join(' ')}; paused until ${pausedUntil - throttledAt}`,
  ).toEqual([]);
  // And the whole run kept to the rate: 31 requests took at least 29 spacings (less the tolerance), plus most of the pause.
  expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual((ITEMS - 1 - TOLERANCE) * SPACING_MS + PAUSE_S * 1000 - 500);

  // Each worker sent its own environment's key; no command to Redis carried it.
  expect(new Set(arrivals.map((a) => a.authorization))).toEqual(new Set([`Bearer ${API_KEY}`]));
  expect(commands.length).toBeGreaterThan(100);
  expect(commands.filter((command) => command.includes(API_KEY))).toEqual([]);
  client.disconnect();
}, 120_000);
