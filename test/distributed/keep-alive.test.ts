import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resultLines, runCli, saying, startCli } from '../cli/run-cli-process';
import { type ChatCompletionsServer, startChatCompletionsServer } from '../helpers/chat-completions-server';
import { startRedis } from './redis-server';

// A worker that finds the queue's last run complete and of another experiment waits for the next run (that run
// was never its own), while one that finds a run of another experiment in progress is refused, as before.

let redis: Awaited<ReturnType<typeof startRedis>>;
let server: ChatCompletionsServer;
let dir: string;
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(join(tmpdir(), 'verdict-keep-alive-'));
  server = await startChatCompletionsServer(({ prompt }) => ({ content: prompt }));
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ITEMS = 3;
const env = { VERDICT_TEST_API_KEY: 'sk-test-keep-alive' };

/** The one experiment (one queue name) at two candidate temperatures: two configuration hashes. */
function experimentFile(temperature: number): string {
  const file = join(dir, `experiment-${temperature}.json`);
  const openai = (model: string, parameters: object = {}) => ({
    type: 'openai',
    baseURL: server.baseURL,
    model,
    apiKeyEnv: 'VERDICT_TEST_API_KEY',
    ...parameters,
  });
  writeFileSync(
    file,
    JSON.stringify({
      name: 'keep-alive',
      items: Array.from({ length: ITEMS }, (_, i) => ({ id: `q${i}`, input: `q ${i}`, expected: `q ${i}` })),
      variants: { baseline: openai('base'), candidate: openai('cand', { temperature }) },
      score: { type: 'exact-match' },
    }),
  );
  return file;
}

const run = (file: string, out: string) =>
  runCli(['run', file, '--queue', redis.url, '--out', join(dir, out), '--no-cache', '--quiet'], env);

it('a --keep-alive worker waits past a completed run of another experiment, and refuses one in progress', async () => {
  const cold = experimentFile(0);
  const warm = experimentFile(0.5);

  // 1. A run of the first experiment, to completion.
  const first = startCli(['worker', cold, '--queue', redis.url], env);
  await saying(first, 'waiting for a coordinator');
  expect((await run(cold, 'cold')).stdout).toContain('run completed');
  expect((await first.done).code).toBe(0);

  // 2. A keep-alive worker of the second experiment meets that completed run: it says so and waits.
  const kept = startCli(['worker', warm, '--queue', redis.url, '--keep-alive'], env);
  await saying(kept, 'is complete and was of another experiment');
  const warmRun = await run(warm, 'warm');
  expect(warmRun.stdout).toContain('run completed');
  expect(resultLines(join(dir, 'warm'))).toHaveLength(2 * ITEMS);

  // 3. Kept alive after its run, it meets a run of the first experiment in progress: refused, clearly.
  const coldAgain = startCli(['run', cold, '--queue', redis.url, '--out', join(dir, 'cold-again'), '--no-cache'], env);
  const refused = await kept.done;
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain("this worker's experiment differs from the one the coordinator runs on queue");
  expect(refused.stdout).toBe('');
  // That run is done by a worker of its own experiment.
  const second = startCli(['worker', cold, '--queue', redis.url], env);
  expect((await coldAgain.done).stdout).toContain('run completed');
  expect((await second.done).code).toBe(0);
}, 120_000);
