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
import { type CellRecord, type Experiment, readRun, runExperiment } from '../../src/index';
import { planCells } from '../../src/runner/plan-cells';
import { seededRandom } from '../../stats/seeded-random';
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
import { faultyTarget } from './faulty-target';

const ITEMS = 2600;
const VARIANTS = ['baseline', 'candidate'];
const TIMEOUT_MS = 1000;
const MAX_RETRIES = 3;

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
    for (const [kind, rate] of Object.entries(FAULT_RATES))
      expect(cells[kind as FaultKind]).toBe(Math.round(rate * keys.length));
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
