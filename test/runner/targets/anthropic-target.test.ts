import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCells } from '../../../src/runner/plan-cells';
import { runCell } from '../../../src/runner/run-cell';
import { anthropicMessages, anthropicTarget } from '../../../src/runner/targets/anthropic-target';
import type { AnthropicTargetConfig } from '../../../src/schema/anthropic-target-config';
import type { CellRecord } from '../../../src/schema/cell-record';
import { InputError } from '../../../src/schema/input-error';
import { runCliInProcess } from '../../cli/run-cli-process';
import { temporaryDirectory } from '../../store/helpers';
import {
  apiError,
  type MessagesServer,
  messageEvents,
  sseEvent,
  startMessagesServer,
  stream,
} from './anthropic-messages-server';

const CANARY = 'sk-ant-canary-3d9e1f7a5b2c';
const KEY_ENV = 'VERDICT_TEST_ANTHROPIC_KEY';
const env = { [KEY_ENV]: CANARY };

let server: MessagesServer;
let config: AnthropicTargetConfig;

/** The first events of a message, then the socket destroyed in the middle of a delta event. */
const tornEvents = messageEvents({ text: 'never finished' }).slice(0, 4);

beforeAll(async () => {
  server = await startMessagesServer({
    '429 with retry-after': ({ count }, res) =>
      count === 1
        ? apiError(res, 429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', {
            'retry-after': '1',
          })
        : stream(res, messageEvents({ text: 'ok after 429' })),
    '529 once': ({ count }, res) =>
      count === 1
        ? apiError(res, 529, 'overloaded_error', 'Overloaded')
        : stream(res, messageEvents({ text: 'ok after 529' })),
    '500 once': ({ count }, res) =>
      count === 1
        ? apiError(res, 500, 'api_error', 'Internal server error')
        : stream(res, messageEvents({ text: 'ok after 500' })),
    'torn once': ({ count }, res, destroy) => {
      if (count > 1) return stream(res, messageEvents({ text: 'ok after tear' }));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const event of tornEvents) res.write(event);
      res.write('event: content_block_delta\ndata: {"type":"content_block_delta","ind');
      setTimeout(destroy, 20);
    },
    'ends early once': ({ count }, res) =>
      count === 1 ? stream(res, tornEvents) : stream(res, messageEvents({ text: 'ok after early end' })),
    'overloaded event once': ({ count }, res) =>
      count === 1
        ? stream(res, [
            ...tornEvents,
            sseEvent('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }),
          ])
        : stream(res, messageEvents({ text: 'ok after error event' })),
    'slow first byte once': ({ count }, res) =>
      count === 1
        ? setTimeout(() => stream(res, messageEvents({ text: 'too late' })), 2500)
        : stream(res, messageEvents({ text: 'ok after slow start' })),
    'always 529': (_, res) => apiError(res, 529, 'overloaded_error', 'Overloaded'),
    'invalid event': (_, res) =>
      stream(res, [
        ...tornEvents,
        sseEvent('error', { error: { type: 'invalid_request_error', message: 'prompt is too long' } }),
      ]),
    'bad request echoing the key': ({ headers }, res) =>
      apiError(res, 400, 'invalid_request_error', `x-api-key ${String(headers['x-api-key'])} is not valid here`),
    'should not retry': (_, res) => apiError(res, 503, 'api_error', 'try elsewhere', { 'x-should-retry': 'false' }),
    'not json data': (_, res) => stream(res, ['event: message_start\ndata: {not json}\n\n']),
    'key in the answer': ({ headers }, res) =>
      stream(res, messageEvents({ text: `ok, your key is ${String(headers['x-api-key'])}` })),
    'always slow': (_, res) => setTimeout(() => stream(res, messageEvents({ text: 'too late' })), 10_000),
  });
  config = {
    type: 'anthropic',
    baseURL: server.baseURL,
    model: 'claude-test',
    apiKeyEnv: KEY_ENV,
    system: 'Be brief.',
    maxTokens: 64,
    pricing: { inputPerMillion: 3, outputPerMillion: 15 },
  };
});
afterAll(() => server.close());

async function runInputs(
  inputs: readonly string[],
  {
    targetConfig = config,
    timeoutMs = 3000,
    attemptTimeoutMs,
  }: { targetConfig?: AnthropicTargetConfig; timeoutMs?: number; attemptTimeoutMs?: number } = {},
): Promise<Map<string, CellRecord>> {
  const target = anthropicTarget(targetConfig, { env });
  const cells = planCells(
    inputs.map((input) => ({ id: input, input })),
    ['claude'],
  );
  const records = await Promise.all(
    cells.map((cell) =>
      runCell(cell, target, {
        scorer: (output) => typeof output === 'string' && output.startsWith('ok'),
        timeoutMs,
        retries: { max: 3, baseDelayMs: 1, maxDelayMs: 5 },
        ...(attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs }),
      }),
    ),
  );
  return new Map(records.map((record) => [String(record.item), record]));
}

const outcome = ({ status, attempts, output, error }: CellRecord) => ({
  status,
  attempts,
  ...(output === undefined ? {} : { output }),
  ...(error === undefined ? {} : { error }),
});

describe('anthropicTarget against a Messages API server speaking server-sent events', () => {
  it('streams the answer, sending the key, the version and the request the API expects; records usage and cost', async () => {
    const records = await runInputs(['ok hello']);
    const record = records.get('ok hello')!;
    expect(outcome(record)).toEqual({ status: 'ok', attempts: 1, output: 'echo:ok hello' });
    expect(record.tokens).toEqual({ prompt: 12, completion: 5, total: 17 });
    expect(record.costUsd).toBeCloseTo((12 * 3 + 5 * 15) / 1e6, 15);
    const seen = server.requests.find((r) => r.input === 'ok hello')!;
    expect(seen.headers['x-api-key']).toBe(CANARY);
    expect(seen.headers['anthropic-version']).toBe('2023-06-01');
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.body).toEqual({
      model: 'claude-test',
      max_tokens: 64,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'ok hello' }],
      stream: true,
    });
  });

  it('retries 429, 529, 500, a torn stream, a stream cut before message_stop and an overloaded_error event', async () => {
    const inputs = ['529 once', '500 once', 'torn once', 'ends early once', 'overloaded event once'];
    const records = await runInputs(inputs);
    expect(Object.fromEntries([...records].map(([input, r]) => [input, outcome(r)]))).toEqual({
      '529 once': { status: 'ok', attempts: 2, output: 'ok after 529' },
      '500 once': { status: 'ok', attempts: 2, output: 'ok after 500' },
      'torn once': { status: 'ok', attempts: 2, output: 'ok after tear' },
      'ends early once': { status: 'ok', attempts: 2, output: 'ok after early end' },
      'overloaded event once': { status: 'ok', attempts: 2, output: 'ok after error event' },
    });
    for (const input of inputs) expect(server.countOf(input)).toBe(2);
    // The broken stream had sent message_start: its input tokens were billed and are counted with the retry's.
    expect(records.get('torn once')!.tokens).toEqual({ prompt: 24, completion: 6, total: 30 });
  });

  it('waits the Retry-After a 429 asks for before the next attempt', async () => {
    const records = await runInputs(['429 with retry-after']);
    expect(outcome(records.get('429 with retry-after')!)).toEqual({
      status: 'ok',
      attempts: 2,
      output: 'ok after 429',
    });
    const [first, second] = server.requests.filter((r) => r.input === '429 with retry-after');
    // Backoff alone is at most 5 ms here: only the header explains a wait of a second.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
  });

  it('abandons an attempt whose first byte is later than the attempt timeout and retries it in the cell', async () => {
    const records = await runInputs(['slow first byte once', 'always slow'], {
      attemptTimeoutMs: 1000,
      timeoutMs: 6000,
    });
    expect(outcome(records.get('slow first byte once')!)).toEqual({
      status: 'ok',
      attempts: 2,
      output: 'ok after slow start',
    });
    const slow = records.get('always slow')!;
    expect(slow).toMatchObject({ status: 'timeout', attempts: 4, error: 'every attempt (4) timed out after 1000 ms' });
    expect(slow).not.toHaveProperty('pass');
  });

  it('ends permanent failures at once and transient ones after 1 + max attempts, with redacted messages', async () => {
    const inputs = ['always 529', 'invalid event', 'bad request echoing the key', 'should not retry', 'not json data'];
    const records = await runInputs(inputs);
    expect(Object.fromEntries([...records].map(([input, r]) => [input, outcome(r)]))).toEqual({
      'always 529': {
        status: 'error',
        attempts: 4,
        error:
          'TransientError: HTTP 529 overloaded_error: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      },
      'invalid event': {
        status: 'error',
        attempts: 1,
        error: 'stream error event invalid_request_error: prompt is too long',
      },
      'bad request echoing the key': {
        status: 'error',
        attempts: 1,
        error:
          'HTTP 400 Bad Request invalid_request_error: {"type":"error","error":{"type":"invalid_request_error","message":"x-api-key [REDACTED] is not valid here"}}',
      },
      'should not retry': {
        status: 'error',
        attempts: 1,
        error:
          'HTTP 503 Service Unavailable api_error: {"type":"error","error":{"type":"api_error","message":"try elsewhere"}}',
      },
      'not json data': {
        status: 'error',
        attempts: 1,
        error: "malformed response: a `message_start` event's data is not JSON: {not json}",
      },
    });
    for (const record of records.values()) expect(record).not.toHaveProperty('pass');
    expect(server.countOf('always 529')).toBe(4);
    expect(server.countOf('invalid event')).toBe(1);
  });

  it('reads a JSON message when streaming is off, and moves system messages of a chat array to `system`', async () => {
    const target = anthropicTarget({ ...config, stream: false }, { env });
    const reported: unknown[] = [];
    const output = await target('plain', {
      signal: new AbortController().signal,
      item: { id: 1, input: 'plain' },
      variant: 'claude',
      sample: 0,
      attempt: 1,
      seed: 0,
      report: (usage) => reported.push(usage),
    });
    expect(output).toBe('echo:plain');
    expect(reported).toEqual([{ tokens: { prompt: 7, completion: 3, total: 10 }, costUsd: (7 * 3 + 3 * 15) / 1e6 }]);
    expect(
      anthropicMessages(
        [
          { role: 'system', content: 'Use units.' },
          { role: 'user', content: 'How far?' },
        ],
        'Be brief.',
      ),
    ).toEqual({ system: 'Be brief.\n\nUse units.', messages: [{ role: 'user', content: 'How far?' }] });
  });

  it('names a missing key variable, not a key', () => {
    expect(() => anthropicTarget({ ...config, apiKeyEnv: 'VERDICT_NO_SUCH_KEY' }, { env })).toThrow(
      new InputError("environment variable VERDICT_NO_SUCH_KEY is not set (the anthropic target's API key)", {
        field: 'apiKeyEnv',
      }),
    );
  });
});

describe('an anthropic target in an experiment file, run by verdict run', () => {
  it('runs, and the key appears in no file written, no output and no log, though the server echoed it', async () => {
    const dir = temporaryDirectory();
    process.env[KEY_ENV] = CANARY;
    try {
      const items = ['key in the answer', 'bad request echoing the key', 'ok fine'].map((input, i) => ({
        id: `i${i}`,
        input,
        expected: `echo:${input}`,
      }));
      writeFileSync(join(dir, 'items.jsonl'), items.map((item) => `${JSON.stringify(item)}\n`).join(''));
      const target = (model: string) =>
        `    type: anthropic\n    baseURL: ${server.baseURL}\n    model: ${model}\n    apiKeyEnv: ${KEY_ENV}\n    maxTokens: 32\n`;
      writeFileSync(
        join(dir, 'exp.yaml'),
        `name: anthropic-canary\nitems: { path: items.jsonl }\nvariants:\n  A:\n${target('claude-a')}  B:\n${target('claude-b')}retries: { max: 1, baseDelayMs: 1, maxDelayMs: 2 }\n`,
      );
      const plan = await runCliInProcess(['run', join(dir, 'exp.yaml'), '--out', join(dir, 'run'), '--dry-run']);
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).toContain(`anthropic claude-a at ${server.baseURL} (key from $${KEY_ENV})`);
      const ran = await runCliInProcess(['run', join(dir, 'exp.yaml'), '--out', join(dir, 'run'), '--quiet']);
      expect(ran.code, ran.stderr).toBe(0);
      const records = readFileSync(join(dir, 'run', 'results.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as CellRecord);
      expect(records.map((r) => [r.variant, r.item, r.status]).sort()).toEqual([
        ['A', 'i0', 'ok'],
        ['A', 'i1', 'error'],
        ['A', 'i2', 'ok'],
        ['B', 'i0', 'ok'],
        ['B', 'i1', 'error'],
        ['B', 'i2', 'ok'],
      ]);
      expect(records.find((r) => r.item === 'i0')?.output).toBe('ok, your key is [REDACTED]');
      const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      expect(files.length).toBeGreaterThanOrEqual(4);
      for (const entry of files)
        expect(readFileSync(join(entry.parentPath, entry.name), 'utf8'), entry.name).not.toContain(CANARY);
      expect(plan.stdout + plan.stderr + ran.stdout + ran.stderr).not.toContain(CANARY);
    } finally {
      delete process.env[KEY_ENV];
    }
  });
});
