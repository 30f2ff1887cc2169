/**
 * Issue 7, faults over HTTP: 5,000 cells of the built-in openai target against a local
 * chat-completions server (faulty-chat-server.ts) that plays a seeded fault plan: 429/500/503/408 and
 * connection resets (transient), 401/400 echoing the request headers (permanent), 200s without
 * choices or not JSON (malformed), requests never answered (hangs) and slow answers. Exact counts per
 * status, retries that win, hangs that end as `timeout` in time, nothing lost or doubled, and the
 * API key, sent on every request and echoed back by every failure, stored nowhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CellRecord, type Experiment, readRun, runExperiment } from '../../src/index';
import { planCells } from '../../src/runner/plan-cells';
import { seededRandom } from '../../stats/seeded-random';
import { temporaryDirectory } from '../store/helpers';
import { type CellFault, expectedStatus, faultCounts, faultPlan, passesHash } from './fault-plan';
import { type FaultyChatServer, startFaultyChatServer } from './faulty-chat-server';

const ITEMS = 2500;
const VARIANTS = ['gpt-base', 'gpt-next'];
// Generous: a loaded 2-core machine must never push an answered request past it; 50 hangs x 5 s over 64 slots add ~4 s.
const TIMEOUT_MS = 5000;
const MAX_RETRIES = 3;
const KEY_ENV = 'VERDICT_RELIABILITY_CANARY_KEY';
const CANARY = `sk-canary-${(20261121).toString(36)}-faults-http`;

const items = Array.from({ length: ITEMS }, (_, i) => ({ id: `q${i}`, input: `q${i}` }));
const keys = planCells(items, VARIANTS).map((cell) => cell.key);
const plan = faultPlan(keys, { seed: 7002, maxFailures: MAX_RETRIES, maxSlowMs: 60 });
let server: FaultyChatServer;

beforeAll(async () => {
  process.env[KEY_ENV] = CANARY;
  server = await startFaultyChatServer(plan);
});
afterAll(async () => {
  delete process.env[KEY_ENV];
  await server.close();
});

describe('a run of 5,000 openai-target cells against a faulty chat-completions server', () => {
  it('ends every cell as its fault says, loses none, stores none twice and never stores the key', async () => {
    const experiment: Experiment = {
      name: 'faults-http',
      items,
      variants: Object.fromEntries(
        VARIANTS.map((model) => [model, { type: 'openai', baseURL: server.baseURL, model, apiKeyEnv: KEY_ENV }]),
      ),
      score: passesHash,
      concurrency: 64,
      timeoutMs: TIMEOUT_MS,
      retries: { max: MAX_RETRIES, baseDelayMs: 1, maxDelayMs: 4 },
    };
    const outDir = join(temporaryDirectory(), 'run');
    const summary = await runExperiment(experiment, { outDir, command: ['test'], random: seededRandom(2) });

    const want = { ok: 0, error: 0, timeout: 0 };
    for (const fault of plan.values()) want[expectedStatus(fault)]++;
    expect(summary).toMatchObject({ status: 'completed', planned: keys.length, completed: keys.length, ...want });

    const text = readFileSync(join(outDir, 'results.jsonl'), 'utf8');
    const stored = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as CellRecord);
    expect(stored).toHaveLength(keys.length);
    expect(new Set(stored.map((r) => r.key))).toEqual(new Set(keys));
    expect((await readRun(outDir)).records).toHaveLength(keys.length);

    const wrong: string[] = [];
    for (const record of stored) {
      const fault = plan.get(record.key)!;
      const problem = checkRecord(record, fault, server.requests.get(record.key) ?? 0);
      if (problem !== undefined) wrong.push(`${record.key} (${fault.kind}): ${problem}`);
    }
    expect(wrong).toEqual([]);

    // Every request carried the key, every failure echoed it back, and it is stored nowhere.
    expect([...server.authorizations]).toEqual([`Bearer ${CANARY}`]);
    const { transientCalls } = faultCounts(plan);
    expect(stored.filter((r) => r.error?.includes('[REDACTED]')).length).toBeGreaterThan(0);
    expect(text.includes(CANARY)).toBe(false);
    expect(readFileSync(join(outDir, 'manifest.json'), 'utf8').includes(CANARY)).toBe(false);
    expect(stored.reduce((sum, r) => sum + r.attempts - 1, 0)).toBe(transientCalls);
  }, 90_000);
});

/** What is wrong with a cell's record under its fault, or undefined. */
function checkRecord(record: CellRecord, fault: CellFault, requests: number): string | undefined {
  const status = expectedStatus(fault);
  if (record.status !== status) return `status ${record.status}, want ${status} (${record.error})`;
  if (record.attempts !== requests) return `attempts ${record.attempts}, but the server saw ${requests} requests`;
  if (status === 'ok') {
    if (record.attempts !== fault.failures + 1) return `attempts ${record.attempts}, want ${fault.failures + 1}`;
    if (record.output !== `${record.variant}:${record.item}`) return `output ${String(record.output)}`;
    if (record.pass !== passesHash(record.output)) return `pass ${record.pass}`;
    return undefined;
  }
  if ('pass' in record) return 'a failure that is not the model’s was scored';
  if (status === 'timeout') {
    if (record.latencyMs < TIMEOUT_MS - 2 || record.latencyMs > TIMEOUT_MS + 1000)
      return `timed out after ${record.latencyMs} ms, want ${TIMEOUT_MS}..${TIMEOUT_MS + 1000}`;
    return record.error === `target timed out after ${TIMEOUT_MS} ms` ? undefined : `error ${record.error}`;
  }
  if (record.attempts !== 1) return `a permanent failure was retried (${record.attempts} attempts)`;
  const want =
    fault.kind === 'malformed'
      ? /^malformed response: (no `choices`|body is not JSON): /
      : /^HTTP 40[01] (Unauthorized|Bad Request): \{"error":\{"message":"Incorrect API key provided","headers":.*"authorization":"Bearer \[REDACTED\]"/;
  return want.test(record.error ?? '') ? undefined : `error ${record.error}`;
}
