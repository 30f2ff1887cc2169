import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCells } from '../../../src/runner/plan-cells';
import { runCell } from '../../../src/runner/run-cell';
import { httpTarget, jsonPathValue } from '../../../src/runner/targets/http-target';
import type { CellRecord } from '../../../src/schema/cell-record';
import type { HttpTargetConfig } from '../../../src/schema/http-target-config';
import { InputError } from '../../../src/schema/input-error';
import { runCliInProcess } from '../../cli/run-cli-process';
import { temporaryDirectory } from '../../store/helpers';
import { generation, type JsonApiServer, startJsonApiServer } from './json-api-server';
import { targetContext } from './target-context';

const CANARY = 'tok-canary-8b1e4c2d9f6a';
const KEY_ENV = 'VERDICT_TEST_HTTP_KEY';
const env = { [KEY_ENV]: CANARY };

let server: JsonApiServer;
let config: HttpTargetConfig;

beforeAll(async () => {
  server = await startJsonApiServer({
    '429 once': ({ count }, res) =>
      count === 1
        ? res.writeHead(429, { 'retry-after-ms': '400', 'retry-after': '30' }).end('{"error":"rate limited"}')
        : generation(res, 'ok after 429'),
    '503 once': ({ count }, res) => (count === 1 ? res.writeHead(503).end('busy') : generation(res, 'ok after 503')),
    'reset once': ({ count }, res, destroy) => (count === 1 ? destroy() : generation(res, 'ok after reset')),
    'hang once': ({ count }, res) => (count === 1 ? undefined : generation(res, 'ok after hang')),
    'always 502': (_, res) => res.writeHead(502).end('bad gateway'),
    'not json': (_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'),
    'no answer': (_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"generations":[]}'),
    'echo the key': ({ headers, url }, res) =>
      res.writeHead(401).end(`{"error":"key ${String(headers.authorization)} refused at ${url}"}`),
    'key in the answer': ({ headers }, res) => generation(res, `ok ${String(headers.authorization)}`),
  });
  config = {
    type: 'http',
    url: `${server.url}/generate?key={{env.${KEY_ENV}}}`,
    headers: { Authorization: `Bearer {{env.${KEY_ENV}}}`, 'X-Variant': '{{variant}}' },
    body: { prompt: '{{input}}', params: { temperature: 0, seed: '{{seed}}' }, tag: 'item {{item.id}}' },
    output: "$.generations[?(@.kind=='answer')].text",
    usage: { prompt: '$.meta.tokens.input', completion: '$.meta.tokens.output' },
    costUsd: '$.meta.billed_usd',
  };
});
afterAll(() => server.close());

async function runInputs(
  inputs: readonly string[],
  { targetConfig = config, attemptTimeoutMs }: { targetConfig?: HttpTargetConfig; attemptTimeoutMs?: number } = {},
): Promise<Map<string, CellRecord>> {
  const target = httpTarget(targetConfig, { env });
  const cells = planCells(
    inputs.map((input) => ({ id: input, input })),
    ['api'],
  );
  const records = await Promise.all(
    cells.map((cell) =>
      runCell(cell, target, {
        scorer: (output) => typeof output === 'string' && output.startsWith('ok'),
        timeoutMs: 3000,
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

describe('httpTarget against a JSON API of its own shape', () => {
  it('fills the templates, pulls the output with a filter path, and records tokens and the reported cost', async () => {
    const records = await runInputs(['ok go']);
    const record = records.get('ok go')!;
    expect(outcome(record)).toEqual({ status: 'ok', attempts: 1, output: 'echo:ok go' });
    expect(record.tokens).toEqual({ prompt: 9, completion: 3 });
    expect(record.costUsd).toBe(0.00042);
    const seen = server.requests.find((r) => r.prompt === 'ok go')!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe(`/generate?key=${CANARY}`);
    expect(seen.headers.authorization).toBe(`Bearer ${CANARY}`);
    expect(seen.headers['x-variant']).toBe('api');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen.body)).toEqual({
      prompt: 'ok go',
      params: { temperature: 0, seed: record.seed },
      tag: 'item ok go',
    });
  });

  it('retries 429 (waiting retry-after-ms), 503, a reset and a hang past the attempt timeout', async () => {
    const records = await runInputs(['429 once', '503 once', 'reset once', 'hang once'], { attemptTimeoutMs: 300 });
    expect(Object.fromEntries([...records].map(([input, r]) => [input, outcome(r)]))).toEqual({
      '429 once': { status: 'ok', attempts: 2, output: 'ok after 429' },
      '503 once': { status: 'ok', attempts: 2, output: 'ok after 503' },
      'reset once': { status: 'ok', attempts: 2, output: 'ok after reset' },
      'hang once': { status: 'ok', attempts: 2, output: 'ok after hang' },
    });
    const [first, second] = server.requests.filter((r) => r.prompt === '429 once');
    // retry-after-ms (400) wins over retry-after (30 s); backoff alone is at most 5 ms.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(390);
    expect(second!.at - first!.at).toBeLessThan(5000);
  });

  it('fails malformed bodies and permanent statuses at once, transient ones after 1 + max, never showing the key', async () => {
    const records = await runInputs(['always 502', 'not json', 'no answer', 'echo the key']);
    expect(Object.fromEntries([...records].map(([input, r]) => [input, outcome(r)]))).toEqual({
      'always 502': { status: 'error', attempts: 4, error: 'TransientError: HTTP 502 Bad Gateway: bad gateway' },
      'not json': { status: 'error', attempts: 1, error: 'malformed response: body is not JSON: <html>login</html>' },
      'no answer': {
        status: 'error',
        attempts: 1,
        error: `malformed response: \`output\` $.generations[?(@.kind=='answer')].text found nothing in {"generations":[]}`,
      },
      'echo the key': {
        status: 'error',
        attempts: 1,
        error: 'HTTP 401 Unauthorized: {"error":"key Bearer [REDACTED] refused at /generate?key=[REDACTED]"}',
      },
    });
    expect(JSON.stringify([...records.values()])).not.toContain(CANARY);
    expect(server.countOf('always 502')).toBe(4);
  });

  it('names the URL of a refused connection with the key redacted', async () => {
    const closed = await startJsonApiServer({});
    await closed.close();
    const target = httpTarget({ ...config, url: `${closed.url}/generate?key={{env.${KEY_ENV}}}` }, { env });
    const error = await Promise.resolve(target('x', targetContext('api'))).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TransientError');
    expect((error as Error).message).toContain(`network error calling ${closed.url}/generate?key=[REDACTED]: `);
    expect((error as Error).message).not.toContain(CANARY);
  });

  it('sends GET with the input URL-encoded, a text body as text, and a typed {{input}} as JSON', async () => {
    const get = httpTarget(
      { type: 'http', method: 'GET', url: `${server.url}/generate?q={{input}}`, output: '$.generations[1].text' },
      { env },
    );
    expect(await get('ok a&b=c ü', targetContext('api'))).toBe('echo:ok a&b=c ü');
    const text = httpTarget({ type: 'http', url: `${server.url}/text`, body: 'Question: {{input.q}}' }, { env });
    expect(JSON.parse(String(await text({ q: 'why?' }, targetContext('api')))).generations[1].text).toBe(
      'echo:Question: why?',
    );
    const typed = httpTarget(
      { type: 'http', url: `${server.url}/generate`, body: { prompt: '{{input}}' }, output: '$.generations[1].text' },
      { env },
    );
    expect(await typed([{ role: 'user', content: 'hi' }], targetContext('api'))).toBe(
      'echo:[{"role":"user","content":"hi"}]',
    );
    const missing = httpTarget({ type: 'http', url: `${server.url}/text`, body: '{{input.q}}' }, { env });
    await expect(Promise.resolve(missing({}, targetContext('api')))).rejects.toThrow(
      "the request template's {{input.q}} has no value for item 1",
    );
  });

  it('refuses an unknown placeholder, an unset variable and credentials in the URL, naming the field', () => {
    expect(() => httpTarget({ ...config, body: { prompt: '{{inptu}}' } }, { env })).toThrow(
      /^`body\.prompt`: unknown placeholder \{\{inptu\}\}/,
    );
    expect(() =>
      httpTarget({ ...config, headers: { Authorization: 'Bearer {{env.VERDICT_NO_SUCH_KEY}}' } }, { env }),
    ).toThrow(
      new InputError('environment variable VERDICT_NO_SUCH_KEY is not set (used as {{env.VERDICT_NO_SUCH_KEY}})', {
        field: 'headers.Authorization',
      }),
    );
    expect(() => httpTarget({ ...config, url: 'http://me:pw@127.0.0.1/generate' }, { env })).toThrow(
      '`url`: has a user and password',
    );
  });

  it('evaluates JSONPath filters without eval', () => {
    const json = {
      content: [
        { type: 'text', text: 'a' },
        { type: 'tool', text: 'b' },
        { type: 'text', text: 'c' },
      ],
    };
    expect(jsonPathValue(json, "$.content[?(@.type=='text')].text")).toEqual(['a', 'c']);
    expect(jsonPathValue(json, '$.content[0].text')).toBe('a');
    expect(jsonPathValue(json, '$.missing')).toBeUndefined();
    expect(() => jsonPathValue(json, '$.content[?(process.exit(1))]')).toThrow();
  });
});

describe('an http target in an experiment file, run by verdict run', () => {
  it('runs, and the secret appears in no file written and no log, though the server echoed it', async () => {
    const dir = temporaryDirectory();
    process.env[KEY_ENV] = CANARY;
    try {
      const items = ['key in the answer', 'echo the key', 'ok fine'].map((input, i) => ({
        id: `i${i}`,
        input,
        expected: `echo:${input}`,
      }));
      writeFileSync(join(dir, 'items.jsonl'), items.map((item) => `${JSON.stringify(item)}\n`).join(''));
      const variant = (model: string) => ({
        type: 'http',
        url: `${server.url}/generate?key={{env.${KEY_ENV}}}`,
        headers: { Authorization: `Bearer {{env.${KEY_ENV}}}` },
        body: { prompt: '{{input}}', model },
        output: '$.generations[1].text',
        usage: { prompt: '$.meta.tokens.input', completion: '$.meta.tokens.output' },
        pricing: { inputPerMillion: 1, outputPerMillion: 2 },
      });
      writeFileSync(
        join(dir, 'exp.json'),
        JSON.stringify({
          name: 'http-canary',
          items: { path: 'items.jsonl' },
          variants: { A: variant('a'), B: variant('b') },
          retries: { max: 1, baseDelayMs: 1, maxDelayMs: 2 },
        }),
      );
      const plan = await runCliInProcess(['run', join(dir, 'exp.json'), '--out', join(dir, 'run'), '--dry-run']);
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).toContain(`http POST ${server.url}/generate?key={{env.${KEY_ENV}}}`);
      const ran = await runCliInProcess(['run', join(dir, 'exp.json'), '--out', join(dir, 'run'), '--quiet']);
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
      expect(records.find((r) => r.item === 'i0')?.output).toBe('ok Bearer [REDACTED]');
      expect(records.find((r) => r.item === 'i2')?.costUsd).toBeCloseTo((9 + 3 * 2) / 1e6, 15);
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
