/**
 * Issue 15, bad input: a provider endpoint that cannot be reached fails before the first cell, one line naming
 * the experiment file and the field, exit 2, nothing stored, rather than every cell failing after its retries.
 * The check only opens a connection: a server that counts requests sees none.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unreachableReason } from '../../src/runner/targets/unreachable-reason';
import { type JsonApiServer, startJsonApiServer } from '../runner/targets/json-api-server';
import { temporaryDirectory } from '../store/helpers';
import { runCliInProcess } from './run-cli-process';

/** A loopback port nothing listens on: one the system gave out and that was closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let server: JsonApiServer;
beforeAll(async () => {
  server = await startJsonApiServer({});
});
afterAll(() => server.close());

describe('verdict run with an endpoint that cannot be reached', () => {
  it('exits 2 before any cell, naming the file and the field, and stores nothing', async () => {
    const dir = temporaryDirectory();
    const port = await closedPort();
    const file = join(dir, 'exp.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'unreachable',
        items: [{ id: 'q1', input: 'hello', expected: 'hi' }],
        variants: {
          A: { type: 'http', url: `${server.url}/generate`, body: { prompt: '{{input}}' }, output: '$.text' },
          B: { type: 'openai', baseURL: `http://127.0.0.1:${port}/v1`, model: 'm' },
        },
      }),
    );
    const before = server.requests.length;
    const result = await runCliInProcess(['run', file, '--out', join(dir, 'run'), '--quiet', '--no-cache']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `verdict: ${file}: \`variants.B.baseURL\`: cannot connect to 127.0.0.1:${port}: connection refused (ECONNREFUSED); is the server running and the URL right?\n`,
    );
    expect(server.requests.length).toBe(before);
    expect(existsSync(join(dir, 'run', 'results.jsonl'))).toBe(false);
  });

  it('says a listening server is reachable without sending it a request', async () => {
    const before = server.requests.length;
    expect(await unreachableReason(`${server.url}/v1`)).toBeUndefined();
    expect(server.requests.length).toBe(before);
    expect(await unreachableReason('http://no-such-host.invalid/v1')).toMatch(
      /^no such host \((ENOTFOUND|EAI_AGAIN)\)$/,
    );
  });
});
