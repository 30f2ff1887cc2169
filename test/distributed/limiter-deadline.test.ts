import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resultLines, runCli, saying, startCli } from '../cli/run-cli-process';
import { startRedis } from './redis-server';

// A cell whose deadline passes while it waits for the rate limiter shared in Redis is stored as what happened
// (`rate limit wait exceeded the deadline`, no attempt sent), not as its target timing out.

let redis: Awaited<ReturnType<typeof startRedis>>;
let dir: string;
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'verdict-limiter-deadline-'));
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('cells that wait past their deadline for the shared limiter are timeouts saying so, with no attempt sent', async () => {
  const file = join(dir, 'limited.ts');
  // `limited`: 6 requests a minute across all workers (one every 10 s), cells of 1.5 s: in a run of a few seconds
  // one call of it is sent, the others wait for the next slot past their deadline.
  writeFileSync(
    file,
    `export default {
  name: 'limiter-deadline',
  items: Array.from({ length: 4 }, (_, i) => ({ id: 'q' + i, input: i, expected: i })),
  variants: { limited: (input) => input, free: (input) => input },
  score: (output, item) => output === item.expected,
  rateLimit: { limited: { requestsPerMinute: 6 } },
  timeoutMs: 1500,
};
`,
  );
  const workers = [1, 2].map(() =>
    startCli(['worker', file, '--queue', redis.url, '--concurrency', '4', '--in-process']),
  );
  await Promise.all(workers.map((worker) => saying(worker, 'waiting for a coordinator')));
  const out = join(dir, 'run');
  const run = await runCli(['run', file, '--queue', redis.url, '--out', out, '--quiet', '--no-cache']);
  expect(run.code).toBe(0);
  for (const end of await Promise.all(workers.map((worker) => worker.done))) expect(end.code).toBe(0);
  const records = resultLines(out).map((line) => JSON.parse(line));
  expect(records).toHaveLength(8);
  const free = records.filter((r) => r.variant === 'free');
  expect(free.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  const limited = records.filter((r) => r.variant === 'limited');
  expect(limited.filter((r) => r.status === 'ok')).toHaveLength(1);
  const waited = limited.filter((r) => r.status !== 'ok');
  expect(waited).toHaveLength(3);
  for (const record of waited)
    expect(record).toMatchObject({
      status: 'timeout',
      error: 'rate limit wait exceeded the deadline of 1500 ms',
      attempts: 0,
    });
}, 60_000);
