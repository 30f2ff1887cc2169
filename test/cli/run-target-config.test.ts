/**
 * Issue 15: a provider target's configuration is checked before the first cell. A bad field, an unknown
 * provider, an unset key variable or an unknown template placeholder is one line naming the experiment
 * file and the field, exit 2, with no request sent and nothing stored. `attemptTimeoutMs` (and
 * `verdict run --attempt-timeout`, which wins) retries a hung call within the cell's deadline.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generation, type JsonApiServer, startJsonApiServer } from '../runner/targets/json-api-server';
import { temporaryDirectory } from '../store/helpers';
import { runCliInProcess } from './run-cli-process';

let server: JsonApiServer;

beforeAll(async () => {
  server = await startJsonApiServer({
    // Every first request of an item hangs; the next one answers.
    'hang once a': ({ count }, res) => (count === 1 ? undefined : generation(res, 'ok')),
    'hang once b': ({ count }, res) => (count === 1 ? undefined : generation(res, 'ok')),
  });
});
afterAll(() => server.close());

const items = [{ id: 'q1', input: 'hello', expected: 'echo:hello' }];

function experimentFile(dir: string, variants: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const file = join(dir, 'exp.json');
  writeFileSync(file, withServer({ name: 'config-check', items, variants, ...extra }));
  return file;
}

const withServer = (experiment: unknown): string => JSON.stringify(experiment).replaceAll('SERVER', server.url);

const http = (extra: Record<string, unknown> = {}) => ({
  type: 'http',
  // The server's address is known only once it listens: filled in when the file is written.
  url: 'SERVER/generate',
  body: { prompt: '{{input}}' },
  output: '$.generations[1].text',
  ...extra,
});

describe('verdict run with a bad provider configuration', () => {
  it.each([
    [
      'an unknown provider',
      { A: http(), B: { type: 'gemini', model: 'g' } },
      "`variants.B.type`: expected a target: an async function, or { type: 'openai' | 'anthropic' | 'http' | 'command', ... }, got type \"gemini\"",
    ],
    [
      'a misspelt anthropic field',
      { A: http(), B: { type: 'anthropic', model: 'claude', maxTokns: 5 } },
      '`variants.B.maxTokns`: unknown field',
    ],
    [
      'an out-of-range anthropic field',
      { A: http(), B: { type: 'anthropic', model: 'c', maxTokens: -5 } },
      '`variants.B.maxTokens`',
    ],
    [
      'an unset key variable',
      { A: http(), B: { type: 'anthropic', model: 'c', apiKeyEnv: 'VERDICT_UNSET_KEY_VAR' } },
      "`variants.B.apiKeyEnv`: environment variable VERDICT_UNSET_KEY_VAR is not set (the anthropic target's API key)",
    ],
    [
      'an unknown placeholder',
      { A: http(), B: http({ body: { prompt: '{{question}}' } }) },
      '`variants.B.body.prompt`: unknown placeholder {{question}}',
    ],
    [
      'an unset variable in a header',
      { A: http(), B: http({ headers: { Authorization: 'Bearer {{env.VERDICT_UNSET_KEY_VAR}}' } }) },
      '`variants.B.headers.Authorization`: environment variable VERDICT_UNSET_KEY_VAR is not set',
    ],
    ['a JSONPath without $', { A: http(), B: http({ output: 'generations[0]' }) }, '`variants.B.output`'],
    ['a GET with a body', { A: http(), B: http({ method: 'GET' }) }, '`variants.B.body`: a GET request has no body'],
  ])('%s: exit 2, one line naming the file and the field, no request, nothing stored', async (_, variants, problem) => {
    const dir = temporaryDirectory();
    const file = experimentFile(dir, variants);
    const before = server.requests.length;
    const result = await runCliInProcess(['run', file, '--out', join(dir, 'run'), '--quiet']);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${file}`);
    expect(lines[0]).toContain(problem);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(server.requests.length).toBe(before);
    expect(existsSync(join(dir, 'run', 'results.jsonl'))).toBe(false);
  });
});

describe('an attempt timeout from the experiment file or --attempt-timeout', () => {
  const run = async (extra: Record<string, unknown>, flags: string[], input: string) => {
    const dir = temporaryDirectory();
    const file = join(dir, 'exp.json');
    writeFileSync(
      file,
      withServer({
        name: 'attempts',
        items: [{ id: 'q1', input, expected: 'ok' }],
        variants: { A: http(), B: http({ body: { prompt: '{{input}}', v: 'b' } }) },
        timeoutMs: 20000,
        retries: { max: 2, baseDelayMs: 1, maxDelayMs: 2 },
        ...extra,
      }),
    );
    const result = await runCliInProcess(['run', file, '--out', join(dir, 'run'), '--quiet', ...flags]);
    expect(result.code, result.stderr).toBe(0);
    return readFileSync(join(dir, 'run', 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { status: string; attempts: number; latencyMs: number });
  };

  it('retries a hung first attempt within the cell, from attemptTimeoutMs in the file', async () => {
    const records = await run({ attemptTimeoutMs: 1500 }, [], 'hang once a');
    // A and B share the item's input: the first request of the two hangs, the other and the retry answer.
    expect(records.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(records.map((r) => r.attempts).sort()).toEqual([1, 2]);
    expect(Math.max(...records.map((r) => r.latencyMs))).toBeLessThan(10000);
  });

  it('takes --attempt-timeout over the file, shows it in the plan, and refuses a bad value with exit 2', async () => {
    const records = await run({ attemptTimeoutMs: 60000 }, ['--attempt-timeout', '1500'], 'hang once b');
    expect(records.map((r) => r.attempts).sort()).toEqual([1, 2]);
    const dir = temporaryDirectory();
    const file = experimentFile(dir, { A: http(), B: http() }, { attemptTimeoutMs: 250 });
    const plan = await runCliInProcess(['run', file, '--dry-run']);
    expect(plan.stdout).toContain('(250 ms per attempt)');
    const bad = await runCliInProcess(['run', file, '--attempt-timeout', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('verdict: `--attempt-timeout`: expected an integer from 1 to 2147483647, got "0"');
    const badFile = experimentFile(dir, { A: http(), B: http() }, { attemptTimeoutMs: -1 });
    const refused = await runCliInProcess(['run', badFile, '--dry-run']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('`attemptTimeoutMs`');
  });
});
