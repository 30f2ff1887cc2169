/**
 * Issue 11, defect 5 (partial API key in results): an error body is redacted before it is cut to its
 * excerpt, so a key that crosses the cut is not stored in part; `user:password@` in `baseURL` is sent
 * as a Basic Authorization header and is stored and shown nowhere; a `baseURL` with a query string gets
 * `/chat/completions` before the query (the URL API), not after it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Experiment, runExperiment } from '../../src/index';
import { runCliInProcess } from '../cli/run-cli-process';
import { temporaryDirectory } from '../store/helpers';

const KEY = 'sk-canary-0123456789abcdefghijklmnopqrstuvwxyz'; // 46 characters
const PASSWORD = 'pa55-w0rd-canary';
const seen: { url: string; authorization: string | undefined }[] = [];
let port = 0;
const server = createServer((request, response) => {
  seen.push({ url: request.url ?? '', authorization: request.headers.authorization });
  request.resume();
  request.on('end', () => {
    // The credential starts 166 characters in, so that a cut at 200 goes through its middle.
    const body = `${'x'.repeat(150)} header: ${request.headers.authorization} was refused`;
    response.writeHead(401, { 'content-type': 'text/plain' }).end(body);
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Every substring of `secret` of `length` characters. */
const pieces = (secret: string, length = 8) =>
  Array.from({ length: secret.length - length + 1 }, (_, i) => secret.slice(i, i + length));

/** All the text a run directory holds. */
const everything = (dir: string) =>
  readdirSync(dir)
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .join('\n');

const experiment = (baseURL: string, apiKeyEnv?: string): Experiment => ({
  name: 'canary',
  items: [{ id: 'q', input: 'hello', expected: 'x' }],
  variants: { A: { type: 'openai', baseURL, model: 'm', ...(apiKeyEnv === undefined ? {} : { apiKeyEnv }) } },
});

describe('secrets in error bodies and URLs', () => {
  it('stores no piece of a key that crosses the excerpt cut', async () => {
    process.env.VERDICT_CANARY_KEY = KEY;
    const dir = temporaryDirectory();
    await runExperiment(experiment(`http://127.0.0.1:${port}/v1`, 'VERDICT_CANARY_KEY'), { outDir: dir });
    const text = everything(dir);
    expect(text).toContain('header: Bearer [REDACTED] was');
    expect(pieces(KEY).filter((piece) => text.includes(piece))).toEqual([]);
  });

  it('sends user:password from baseURL as Basic auth, keeps the query last, and stores or prints neither', async () => {
    const dir = temporaryDirectory();
    seen.length = 0;
    const baseURL = `http://verdict:${PASSWORD}@127.0.0.1:${port}/v1/?api-version=2024-06-01`;
    await runExperiment(experiment(baseURL), { outDir: dir });
    expect(seen).toEqual([
      {
        url: '/v1/chat/completions?api-version=2024-06-01',
        authorization: `Basic ${Buffer.from(`verdict:${PASSWORD}`).toString('base64')}`,
      },
    ]);
    const stored = everything(dir);
    expect(stored).toContain('HTTP 401');
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(Buffer.from(`verdict:${PASSWORD}`).toString('base64'));

    const file = join(temporaryDirectory(), 'exp.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      file,
      JSON.stringify({
        ...experiment(baseURL),
        variants: { A: experiment(baseURL).variants.A, B: experiment(baseURL).variants.A },
      }),
    );
    const plan = await runCliInProcess(['run', file, '--dry-run']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`http://[REDACTED]@127.0.0.1:${port}/v1/?api-version=2024-06-01`);
    expect(plan.stdout + plan.stderr).not.toContain(PASSWORD);
  });
});
