import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCells } from '../../../src/runner/plan-cells';
import { runCell } from '../../../src/runner/run-cell';
import { openAITarget } from '../../../src/runner/targets/openai-target';
import { retryAfterMs } from '../../../src/runner/targets/retry-after';
import { TransientError } from '../../../src/runner/transient-error';
import type { CellRecord } from '../../../src/schema/cell-record';
import type { OpenAITargetConfig } from '../../../src/schema/experiment-definition';
import { InputError } from '../../../src/schema/input-error';
import {
  type ChatCompletionsServer,
  type ChatReply,
  type ChatRequest,
  startChatCompletionsServer,
} from '../../helpers/chat-completions-server';
import { targetContext } from './target-context';

const CANARY = 'sk-canary-7f3a9c0e5d1b';
const env = { VERDICT_TEST_KEY: CANARY };

let server: ChatCompletionsServer;
const ok = (content: string): ChatReply => ({ content });
const JSON_TYPE = { 'content-type': 'application/json' };
let config: OpenAITargetConfig;

beforeAll(async () => {
  // The user message decides the reply (a 429, a reset, a hang ...); anything else gets an echo.
  const replies: Record<string, (request: ChatRequest) => ChatReply> = {
    'rate-limited once': ({ count }) =>
      count === 1
        ? { status: 429, headers: { 'retry-after': '0' }, body: '{"error":"slow down"}' }
        : ok('ok after 429'),
    '500 once': ({ count }) => (count === 1 ? { status: 500, body: 'boom' } : ok('ok after 500')),
    '503 twice': ({ count }) => (count <= 2 ? { status: 503, body: 'busy' } : ok('ok after 503')),
    'reset once': ({ count }) => (count === 1 ? { reset: true } : ok('ok after reset')),
    'always 503': () => ({ status: 503, body: '{"error":"overloaded"}' }),
    hang: () => ({ hang: true }),
    'no choices': () => ({ status: 200, headers: JSON_TYPE, body: '{"id":"x","choices":[]}' }),
    'not json': () => ({ status: 200, body: '<html>gateway</html>' }),
    'bad request': ({ authorization }) => ({
      status: 400,
      body: JSON.stringify({ error: { message: `Incorrect API key provided: ${authorization}` } }),
    }),
    'not found': () => ({ status: 404, body: '{"error":"model not found"}' }),
  };
  server = await startChatCompletionsServer(
    (request) => replies[request.prompt]?.(request) ?? ok(`echo:${request.prompt}`),
  );
  config = {
    type: 'openai',
    baseURL: server.baseURL,
    model: 'test-model',
    apiKeyEnv: 'VERDICT_TEST_KEY',
    pricing: { inputPerMillion: 1, outputPerMillion: 2 },
  };
});
afterAll(() => server.close());

async function runInputs(
  inputs: readonly string[],
  targetConfig: OpenAITargetConfig = config,
  timeoutMs = 2000,
): Promise<Map<string, CellRecord>> {
  const target = openAITarget(targetConfig, { env });
  const cells = planCells(
    inputs.map((input) => ({ id: input, input })),
    ['gpt'],
  );
  const records = await Promise.all(
    cells.map((cell) =>
      runCell(cell, target, {
        scorer: (output) => typeof output === 'string' && output.startsWith('ok'),
        timeoutMs,
        retries: { max: 3, baseDelayMs: 1, maxDelayMs: 5 },
      }),
    ),
  );
  return new Map(records.map((record) => [String(record.item), record]));
}

describe('openAITarget against a chat-completions server with injected faults', () => {
  it('retries 429, 500, 503 and connection resets, then succeeds; reports tokens and cost', async () => {
    const records = await runInputs(['rate-limited once', '500 once', '503 twice', 'reset once']);
    expect(
      [...records.values()].map(({ item, status, attempts, output }) => ({ item, status, attempts, output })),
    ).toEqual([
      { item: 'rate-limited once', status: 'ok', attempts: 2, output: 'ok after 429' },
      { item: '500 once', status: 'ok', attempts: 2, output: 'ok after 500' },
      { item: '503 twice', status: 'ok', attempts: 3, output: 'ok after 503' },
      { item: 'reset once', status: 'ok', attempts: 2, output: 'ok after reset' },
    ]);
    const record = records.get('500 once');
    expect(record?.tokens).toEqual({ prompt: 10, completion: 4, total: 14 });
    expect(record?.costUsd).toBeCloseTo((10 * 1 + 4 * 2) / 1e6, 15);
  });

  it('fails the right cells with the right messages, none retried but the transient one, none hanging', async () => {
    const records = await runInputs(
      ['always 503', 'hang', 'no choices', 'not json', 'bad request', 'not found'],
      config,
      400,
    );
    const summary = Object.fromEntries(
      [...records].map(([item, r]) => [item, { status: r.status, attempts: r.attempts, error: r.error }]),
    );
    expect(summary).toEqual({
      'always 503': {
        status: 'error',
        attempts: 4,
        error: 'TransientError: HTTP 503 Service Unavailable: {"error":"overloaded"}',
      },
      hang: { status: 'timeout', attempts: 1, error: 'target timed out after 400 ms' },
      'no choices': {
        status: 'error',
        attempts: 1,
        error: 'malformed response: no `choices`: {"id":"x","choices":[]}',
      },
      'not json': { status: 'error', attempts: 1, error: 'malformed response: body is not JSON: <html>gateway</html>' },
      'bad request': {
        status: 'error',
        attempts: 1,
        error: 'HTTP 400 Bad Request: {"error":{"message":"Incorrect API key provided: Bearer [REDACTED]"}}',
      },
      'not found': { status: 'error', attempts: 1, error: 'HTTP 404 Not Found: {"error":"model not found"}' },
    });
    for (const record of records.values()) expect(record).not.toHaveProperty('pass');
    expect(server.counts.get('always 503')).toBe(4);
    expect(server.counts.get('bad request')).toBe(1);
  });

  it('never lets the API key into a record or an error, while sending it to the server', async () => {
    let seen: string | undefined;
    const spy = await startChatCompletionsServer(({ authorization }) => {
      seen = authorization;
      return { status: 401, body: `unauthorized: ${authorization}` };
    });
    try {
      const records = await runInputs(['echo'], { ...config, baseURL: spy.baseURL });
      expect(seen).toBe(`Bearer ${CANARY}`);
      expect(JSON.stringify([...records.values()])).not.toContain(CANARY);
      expect(records.get('echo')?.error).toBe('HTTP 401 Unauthorized: unauthorized: Bearer [REDACTED]');
    } finally {
      await spy.close();
    }
  });

  it('treats a refused connection as transient, naming the URL but never the key', async () => {
    const closed = await startChatCompletionsServer(() => ok('never'));
    await closed.close();
    const target = openAITarget({ ...config, baseURL: closed.baseURL }, { env });
    const context = targetContext('gpt');
    const error = await Promise.resolve(target('x', context)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toBe(
      `network error calling ${closed.baseURL}/chat/completions: connect ECONNREFUSED ${closed.baseURL.slice(7, -3)}`,
    );
  });

  it('sends a string as one user message after the system prompt, and an array of messages as given', async () => {
    const bodies: unknown[] = [];
    const capture = await startChatCompletionsServer(() => ok('ok'));
    const originalFetch = globalThis.fetch;
    globalThis.fetch = (url, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      return originalFetch(url, init);
    };
    try {
      const target = openAITarget(
        { ...config, baseURL: capture.baseURL, system: 'Be brief.', temperature: 0, maxTokens: 5 },
        { env },
      );
      const context = targetContext('gpt');
      await target('hello', context);
      await target([{ role: 'user', content: 'again' }], context);
    } finally {
      globalThis.fetch = originalFetch;
      await capture.close();
    }
    expect(bodies).toEqual([
      {
        model: 'test-model',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'hello' },
        ],
        temperature: 0,
        max_tokens: 5,
      },
      {
        model: 'test-model',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'again' },
        ],
        temperature: 0,
        max_tokens: 5,
      },
    ]);
  });

  it('names a missing API key variable, not a key', () => {
    expect(() => openAITarget({ ...config, apiKeyEnv: 'VERDICT_NO_SUCH_KEY' }, { env })).toThrow(
      new InputError("environment variable VERDICT_NO_SUCH_KEY is not set (the openai target's API key)", {
        field: 'apiKeyEnv',
      }),
    );
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, 5000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    [{ 'retry-after': '3', 'retry-after-ms': '250' }, 250],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('reads %j as %s ms', (headers, expected) => {
    expect(retryAfterMs(new Headers(headers), now)).toBe(expected);
  });
});
