/**
 * Issue 7, faults: a seeded fault plan over 5,200 cells of function targets. Every cell's fault is
 * known before the run (fault-plan.ts), so the test asserts the exact count of every status, that
 * every transient fault ended in success after its retries, that hangs (half of them ignoring their
 * signal) ended as `timeout` within timeout + 1 s, and that the run directory holds every planned cell
 * exactly once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../stats/seeded-random';
import {
  type CellRecord,
  cellKey,
  type Experiment,
  planCells,
  readRun,
  runExperiment,
  type TargetFunction,
  TransientError,
} from '../../src/index';
import { temporaryDirectory } from '../store/helpers';
import {
  type CellFault,
  expectedStatus,
  FAULT_RATES,
  type FaultKind,
  faultCounts,
  faultPlan,
  passesHash,
} from './fault-plan';

const ITEMS = 2600;
const VARIANTS = ['baseline', 'candidate'];
const TIMEOUT_MS = 1000;
const MAX_RETRIES = 3;

/** The transient failures a target may throw, in turn: each form the runner must recognise as transient. */
const TRANSIENT_FORMS: readonly ((attempt: number) => Error)[] = [
  (a) => new TransientError(`HTTP 429 Too Many Requests (attempt ${a})`, { retryAfterMs: 2 }),
  (a) => Object.assign(new Error(`read ECONNRESET (attempt ${a})`), { code: 'ECONNRESET' }),
  (a) => Object.assign(new Error(`Service Unavailable (attempt ${a})`), { status: 503 }),
  (a) => new Error(`upstream hiccup (attempt ${a})`, { cause: { transient: true } }),
  (a) =>
    new TypeError('fetch failed', {
      cause: Object.assign(new Error(`connect ECONNREFUSED (attempt ${a})`), { code: 'ECONNREFUSED' }),
    }),
];

const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/** A target that plays its cell's fault and counts the calls it gets. */
function faultyTarget(variant: string, plan: ReadonlyMap<string, CellFault>, calls: Map<string, number>) {
  const target: TargetFunction = async (input, ctx) => {
    const key = cellKey(ctx.item.id, variant, ctx.sample);
    calls.set(key, (calls.get(key) ?? 0) + 1);
    const fault = plan.get(key)!;
    const form = Number(input) % TRANSIENT_FORMS.length;
    switch (fault.kind) {
      case 'transient':
        if (ctx.attempt <= fault.failures) throw TRANSIENT_FORMS[(form + ctx.attempt) % TRANSIENT_FORMS.length]!(ctx.attempt);
        break;
      case 'permanent':
        throw form % 2 === 0
          ? Object.assign(new Error(`Bad Request for ${String(input)}`), { status: 400 })
          : new Error(`no answer for ${String(input)}`);
      case 'hang':
        // Half of the hung calls ignore their signal: the deadline must hold anyway.
        return form % 2 === 0
          ? new Promise(() => {})
          : new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
      case 'malformed':
        return form % 2 === 0 ? undefined : 10n;
      case 'slow':
        await delay(fault.delayMs, ctx.signal);
        break;
    }
    return `${variant}:${String(input)}`;
  };
  return target;
}

describe('a run of 5,200 function-target cells under seeded faults', () => {
  it('ends every cell as its fault says, loses none and stores none twice', async () => {
    const items = Array.from({ length: ITEMS }, (_, i) => ({ id: `item-${i}`, input: i }));
    const keys = planCells(items, VARIANTS).map((cell) => cell.key);
    const plan = faultPlan(keys, { seed: 7001, maxFailures: MAX_RETRIES, maxSlowMs: 40 });
    const calls = new Map<string, number>();
    const experiment: Experiment = {
      name: 'faults-function',
      items,
      variants: Object.fromEntries(VARIANTS.map((v) => [v, faultyTarget(v, plan, calls)])),
      score: passesHash,
      concurrency: 64,
      timeoutMs: TIMEOUT_MS,
      retries: { max: MAX_RETRIES, baseDelayMs: 1, maxDelayMs: 4 },
    };
    const outDir = join(temporaryDirectory(), 'run');
    let retries = 0;
    const summary = await runExperiment(experiment, {
      outDir,
      command: ['test'],
      random: seededRandom(1),
      onRetry: () => retries++,
    });

    const { cells, transientCalls } = faultCounts(plan);
    const want = { ok: 0, error: 0, timeout: 0 };
    for (const fault of plan.values()) want[expectedStatus(fault)]++;
    expect(want).toEqual({
      ok: cells.none + cells.slow + cells.transient,
      error: cells.permanent + cells.malformed,
      timeout: cells.hang,
    });
    for (const [kind, rate] of Object.entries(FAULT_RATES)) expect(cells[kind as FaultKind]).toBe(Math.round(rate * keys.length));
    expect(summary).toMatchObject({ status: 'completed', planned: keys.length, completed: keys.length, ...want });
    expect(retries).toBe(transientCalls);

    // The run directory: one line per planned cell, none twice, none lost, every line whole JSON.
    const lines = readFileSync(join(outDir, 'results.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const stored = lines.map((line) => JSON.parse(line) as CellRecord);
    expect(stored).toHaveLength(keys.length);
    expect(new Set(stored.map((r) => r.key))).toEqual(new Set(keys));
    const { records, manifest } = await readRun(outDir);
    expect(records).toHaveLength(keys.length);
    expect(manifest).toMatchObject({ status: 'completed', completed: keys.length, counts: { ...want, skipped: 0 } });

    const wrong: string[] = [];
    for (const record of stored) {
      const fault = plan.get(record.key)!;
      const problem = checkRecord(record, fault, calls.get(record.key) ?? 0);
      if (problem !== undefined) wrong.push(`${record.key} (${fault.kind}): ${problem}`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);
});

/** What is wrong with a cell's record under its fault, or undefined. */
function checkRecord(record: CellRecord, fault: CellFault, calls: number): string | undefined {
  const status = expectedStatus(fault);
  if (record.status !== status) return `status ${record.status}, want ${status} (${record.error})`;
  if (record.attempts !== calls) return `attempts ${record.attempts}, but the target was called ${calls} times`;
  if (status === 'ok') {
    if (record.attempts !== fault.failures + 1) return `attempts ${record.attempts}, want ${fault.failures + 1}`;
    if (record.pass !== passesHash(record.output)) return `pass ${record.pass} for output ${String(record.output)}`;
    if (record.error !== undefined) return `an ok record with an error: ${record.error}`;
    return undefined;
  }
  if ('pass' in record || 'score' in record) return 'a failure that is not the model’s was scored';
  if (status === 'timeout') {
    // Date.now() has millisecond steps and timers may fire a step early: a 2 ms allowance below.
    if (record.latencyMs < TIMEOUT_MS - 2 || record.latencyMs > TIMEOUT_MS + 1000)
      return `timed out after ${record.latencyMs} ms, want ${TIMEOUT_MS}..${TIMEOUT_MS + 1000}`;
    if (record.error !== `target timed out after ${TIMEOUT_MS} ms`) return `error ${record.error}`;
    return undefined;
  }
  if (record.attempts !== 1) return `a permanent failure was retried (${record.attempts} attempts)`;
  const want =
    fault.kind === 'malformed'
      ? /^target (returned undefined \(no output to score\)|output cannot be stored as JSON: TypeError: Do not know how to serialize a BigInt)$/
      : /^(Bad Request|no answer) for \d+$/;
  return want.test(record.error ?? '') ? undefined : `error ${record.error}`;
}
