import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../src/runner/load-experiment';
import { runCell } from '../../src/runner/run-cell';
import { runExperiment } from '../../src/runner/run-experiment';
import { judgeScorer } from '../../src/runner/scorers/judge-scorer';
import { openAITarget } from '../../src/runner/targets/openai-target';
import type { Experiment } from '../../src/schema/experiment-definition';
import {
  busiestWindow,
  type ChatCompletionsServer,
  type ChatReply,
  type ChatRequest,
  startChatCompletionsServer,
} from '../helpers/chat-completions-server';

let dir: string;
let server: ChatCompletionsServer | undefined;
/** The variants' and the judge's server: every completion reports 50 + 20 tokens. */
const startJudgeServer = (answer: (request: ChatRequest) => ChatReply) =>
  startChatCompletionsServer(answer, { usage: { prompt: 50, completion: 20 } });
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verdict-accounts-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const openai = (baseURL: string, model: string) => ({ type: 'openai' as const, baseURL, model });
const items = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `q${i}`, input: `question ${i}`, expected: 'yes' }));

describe('accounts shared by variants and the judge', () => {
  it('two variants and the judge on one account make at most its limit together, measured at the server', async () => {
    server = await startJudgeServer((request) => ({ content: request.model === 'grader' ? 'GRADE: C' : 'yes' }));
    const perSecond = 40; // requestsPerMinute 2400: the limit of a minute, scaled to a second
    const experiment: Experiment = {
      name: 'shared',
      items: items(20),
      variants: { A: openai(server.baseURL, 'a'), B: openai(server.baseURL, 'b') },
      score: { type: 'judge', judge: openai(server.baseURL, 'grader'), rubric: 'Says yes.', account: 'team' },
      accounts: { team: { requestsPerMinute: perSecond * 60, variants: ['A', 'B'] } },
      concurrency: 8,
    };
    const started = performance.now();
    const summary = await runExperiment(experiment, { isolation: 'in-process' });
    const elapsed = performance.now() - started;
    expect(summary).toMatchObject({ ok: 40, error: 0 });
    const times = server.requests.map((request) => request.arrivedAt);
    expect(server.requests.filter((request) => request.model === 'grader')).toHaveLength(40);
    expect(times).toHaveLength(80);
    // One limit for the three of them: 80 requests at 40/s take at least 79 intervals of 25 ms
    // (separate limits would have let each through at 40/s, in about a second).
    expect(elapsed).toBeGreaterThanOrEqual(79 * 25 - 5);
    // No second holds more than the limit; the tolerance is arrival jitter on a loaded machine.
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(perSecond + Math.ceil(perSecond * 0.1));
  });

  it("pauses the whole account on a 429's Retry-After: no variant sends a request during the pause", async () => {
    const pauseMs = 1200;
    let limited: ChatRequest | undefined;
    server = await startJudgeServer((request) => {
      if (limited === undefined && request.model === 'a') {
        limited = request;
        return { status: 429, headers: { 'retry-after-ms': String(pauseMs) } };
      }
      return { content: 'yes' };
    });
    const experiment: Experiment = {
      name: 'paused',
      items: items(3),
      variants: { A: openai(server.baseURL, 'a'), B: openai(server.baseURL, 'b') },
      score: { type: 'exact-match' },
      // 400 ms apart: the 429 is back long before the next request is due.
      accounts: { team: { requestsPerMinute: 150, variants: ['A', 'B'] } },
      retries: { max: 2, baseDelayMs: 1, maxDelayMs: 5 },
      concurrency: 4,
    };
    const summary = await runExperiment(experiment, { isolation: 'in-process' });
    expect(summary).toMatchObject({ ok: 6, error: 0 });
    const after = server.requests.filter((request) => request.arrivedAt > limited!.arrivedAt);
    expect(after.map((request) => request.model).sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
    for (const request of after) expect(request.arrivedAt - limited!.arrivedAt).toBeGreaterThanOrEqual(pauseMs - 2);
  });

  it("counts each response's tokens against its account's limiter, the judge's too", async () => {
    server = await startJudgeServer((request) => ({ content: request.model === 'grader' ? 'GRADE: C' : 'yes' }));
    const charged: number[] = [];
    const rateLimiter = { acquire: async () => {}, pause: () => {}, charge: (tokens: number) => charged.push(tokens) };
    const cell = { key: '["q0","A",0]', item: items(1)[0]!, variant: 'A', sample: 0, seed: 1 };
    const judge = judgeScorer(
      { type: 'judge', judge: openai(server.baseURL, 'grader'), rubric: 'Says yes.' },
      { rateLimiter },
    );
    const record = await runCell(cell, openAITarget(openai(server.baseURL, 'a')), { scorer: judge, rateLimiter });
    expect(record).toMatchObject({ status: 'ok', pass: true, tokens: { total: 70 }, judge: { tokens: { total: 70 } } });
    expect(charged).toEqual([70, 70]);
  });

  it('refuses accounts that name no variant, share a variant, clash with rateLimit or are not declared', async () => {
    const file = join(dir, 'accounts.yaml');
    const write = (accounts: string, more = '') =>
      writeFile(
        file,
        [
          'name: accounts',
          'items: [{ id: 1, input: x, expected: x }]',
          'variants:',
          '  A: { type: openai, baseURL: "http://127.0.0.1:9/v1", model: a }',
          '  B: { type: openai, baseURL: "http://127.0.0.1:9/v1", model: b }',
          accounts,
          more,
        ].join('\n'),
      );
    await write('accounts:\n  team: { requestsPerMinute: 60, tokensPerMinute: 90000, variants: [A, B] }');
    expect((await loadExperiment(file)).accounts).toEqual({
      team: { requestsPerMinute: 60, tokensPerMinute: 90000, variants: ['A', 'B'] },
    });
    await write('accounts:\n  team: { variants: [A, C] }');
    await expect(loadExperiment(file)).rejects.toThrow(
      /accounts\.yaml:7: `accounts\.team\.variants\[1\]`: no variant named "C"/,
    );
    await write('accounts:\n  one: { variants: [A] }\n  two: { variants: [A, B] }');
    await expect(loadExperiment(file)).rejects.toThrow(
      /`accounts\.two\.variants\[0\]`: variant "A" is in account "one" already/,
    );
    await write('accounts:\n  team: { variants: [A] }', 'rateLimit: { A: { requestsPerMinute: 5 } }');
    await expect(loadExperiment(file)).rejects.toThrow(/variant "A" has a `rateLimit` of its own too/);
    await write('accounts:\n  team: { requestsPerMinute: 5 }');
    await expect(loadExperiment(file)).rejects.toThrow(/`accounts\.team`: no variant and no judge uses this account/);
    await write('accounts:\n  team: { requestsPerMinute: 5, variants: [A], limit: 3 }');
    await expect(loadExperiment(file)).rejects.toThrow(/`accounts\.team\.limit`: unknown field/);
    await write(
      'accounts:\n  team: { variants: [A] }',
      'score: { type: judge, judge: { type: openai, baseURL: "http://127.0.0.1:9/v1", model: g }, account: teem }',
    );
    await expect(loadExperiment(file)).rejects.toThrow(
      /`score\.account`: no account named "teem" in `accounts` \(accounts: team\)/,
    );
    // The same checks hold for an experiment built in code.
    const inCode: Experiment = {
      name: 'code',
      items: [{ id: 1, input: 'x', expected: 'x' }],
      variants: { A: () => 'x', B: () => 'x' },
      accounts: { team: { variants: ['A', 'Z'] } },
    };
    await expect(runExperiment(inCode)).rejects.toThrow(/`accounts\.team\.variants\[1\]`: no variant named "Z"/);
  });
});
