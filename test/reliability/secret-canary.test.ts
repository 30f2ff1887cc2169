/**
 * Issue 7, security: an API key read from the environment (a canary) never appears in results,
 * manifests, logs (the CLI's stdout and stderr, progress included), error messages or reports. The
 * run goes through `verdict run` (in-process) against a chat-completions server that echoes the
 * request headers back in every way it can: in 400 and 500 bodies, in a 200 that is not JSON, in the
 * completion's content itself, after a reset, and a hang; then `verdict compare` and `verdict summary`
 * write every report format.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../cli/run-cli-process';
import { temporaryDirectory } from '../store/helpers';

const KEY_ENV = 'VERDICT_SECRET_CANARY_KEY';
const CANARY = 'sk-canary-5e3f0d1c9b7a4e2f-never-store-me';

/** How the server answers each user message; every answer but `fine` carries the Authorization header. */
const BEHAVIOUR: Record<string, (auth: string, headers: object) => [number, string] | 'reset' | 'hang'> = {
  fine: () => [200, completion('fine')],
  'echo in a 400': (_, headers) => [400, JSON.stringify({ error: { message: 'bad request', headers } })],
  'echo in a 401': (auth) => [401, `{"error":{"message":"Incorrect API key provided: ${auth}"}}`],
  'echo in a 500': (_, headers) => [500, JSON.stringify({ error: 'internal', headers })],
  'echo in a 429': (auth) => [429, `rate limited for key ${auth.replace('Bearer ', '')}`],
  'echo in a non-JSON 200': (auth) => [200, `<html>proxy saw ${auth}</html>`],
  'echo in the content': (auth) => [200, completion(`the key you sent was ${auth.replace('Bearer ', '')}`)],
  'echo with no choices': (auth) => [200, JSON.stringify({ id: auth, choices: [] })],
  reset: () => 'reset',
  hang: () => 'hang',
};

function completion(content: string): string {
  return JSON.stringify({
    choices: [{ index: 0, message: { role: 'assistant', content } }],
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  });
}

let server: Server;
let baseURL: string;
const seenAuthorizations = new Set<string>();

beforeAll(async () => {
  process.env[KEY_ENV] = CANARY;
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const input = (JSON.parse(body) as { messages: { content: string }[] }).messages.at(-1)!.content;
      const auth = request.headers.authorization ?? '';
      seenAuthorizations.add(auth);
      const answer = BEHAVIOUR[input]!(auth, request.headers);
      if (answer === 'reset') request.socket.destroy();
      else if (answer !== 'hang') response.writeHead(answer[0], { 'content-type': 'application/json' }).end(answer[1]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  delete process.env[KEY_ENV];
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Every file under `dir`, with its text. */
const filesIn = (dir: string): [string, string][] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .map((file) => [file, readFileSync(file, 'utf8')]);

describe('an API key from the environment', () => {
  it('appears in no result, manifest, log, error message or report, though every failure echoed it', async () => {
    const dir = temporaryDirectory();
    const items = Object.keys(BEHAVIOUR).map((input, i) => ({ id: `i${i}`, input, expected: 'fine' }));
    writeFileSync(join(dir, 'items.jsonl'), items.map((item) => `${JSON.stringify(item)}\n`).join(''));
    const target = (model: string) => ({ type: 'openai', baseURL, model, apiKeyEnv: KEY_ENV });
    writeFileSync(
      join(dir, 'exp.json'),
      JSON.stringify({
        name: 'canary',
        items: { path: 'items.jsonl' },
        variants: { A: target('model-a'), B: target('model-b') },
        score: { type: 'exact-match' },
        timeoutMs: 1500,
        retries: { max: 2, baseDelayMs: 1, maxDelayMs: 2 },
      }),
    );
    const run = join(dir, 'run');
    const logs: string[] = [];
    const cli = async (args: string[]) => {
      const result = await runCliInProcess(args);
      logs.push(`$ verdict ${args.join(' ')}`, result.stdout, result.stderr);
      return result;
    };
    expect((await cli(['run', join(dir, 'exp.json'), '--out', run, '--dry-run', '--json'])).code).toBe(0);
    const ran = await cli(['run', join(dir, 'exp.json'), '--out', run]);
    expect(ran.code, ran.stderr).toBe(0);
    const reports = join(dir, 'reports');
    const compared = await cli([
      'compare',
      run,
      '--baseline',
      'A',
      '--candidate',
      'B',
      '--html',
      join(reports, 'r.html'),
      '--md',
      join(reports, 'r.md'),
      '--json',
      join(reports, 'r.json'),
      '--junit',
      join(reports, 'r.xml'),
    ]);
    expect([0, 1, 3, 4], compared.stderr).toContain(compared.code);
    expect((await cli(['summary', run, '--json', join(reports, 'summary.json')])).code).toBe(0);
    expect((await cli(['compare', run, '--baseline', 'A', '--candidate', 'nope', '--verbose'])).code).toBe(2);

    // The key was sent, and the server echoed it in every failure...
    expect([...seenAuthorizations]).toEqual([`Bearer ${CANARY}`]);
    const records = readFileSync(join(run, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(items.length * 2);
    expect(records.filter((r) => String(r.error ?? '').includes('[REDACTED]')).length).toBeGreaterThanOrEqual(5);
    // ...and it is nowhere: results, manifest, lock-free run directory, reports, logs.
    const written = [...filesIn(dir)];
    expect(written.map(([file]) => file.slice(dir.length + 1)).sort()).toEqual([
      'exp.json',
      'items.jsonl',
      'reports/r.html',
      'reports/r.json',
      'reports/r.md',
      'reports/r.xml',
      'reports/summary.json',
      'run/manifest.json',
      'run/results.jsonl',
    ]);
    const leaks = [...written, ['logs', logs.join('\n')]].filter(([, text]) => text!.includes(CANARY)).map(([f]) => f);
    expect(leaks).toEqual([]);
  }, 60_000);
});
