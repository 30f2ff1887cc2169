import { seededRandom } from '../../stats/seeded-random';

/** What happens to one cell's calls: the faults of issue 7, injected by the test's targets and server. */
export type FaultKind = 'none' | 'transient' | 'permanent' | 'hang' | 'malformed' | 'slow';

/** The share of cells that gets each fault (issue 7: 20% transient, 2% permanent, 1% hangs, 1% malformed). */
export const FAULT_RATES: Readonly<Record<Exclude<FaultKind, 'none'>, number>> = {
  transient: 0.2,
  permanent: 0.02,
  hang: 0.01,
  malformed: 0.01,
  slow: 0.05,
};

export interface CellFault {
  readonly kind: FaultKind;
  /** Transient: how many calls fail before one succeeds (1..maxRetries, so retries always win). */
  readonly failures: number;
  /** Slow: how long the answer takes. */
  readonly delayMs: number;
}

export interface FaultPlanOptions {
  readonly seed: number;
  /** Most failing calls of a transient cell; at most the runner's retries. */
  readonly maxFailures: number;
  /** Longest delay of a slow answer (kept well under the cell timeout). */
  readonly maxSlowMs: number;
}

/**
 * A seeded fault for every cell key: exactly round(rate x n) cells of each kind, chosen by a seeded
 * shuffle, so that the expected count of every status is known before the run.
 */
export function faultPlan(keys: readonly string[], { seed, maxFailures, maxSlowMs }: FaultPlanOptions) {
  const random = seededRandom(seed);
  const order = keys.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const plan = new Map<string, CellFault>();
  let next = 0;
  for (const [kind, rate] of Object.entries(FAULT_RATES) as [FaultKind, number][]) {
    const count = Math.round(rate * keys.length);
    for (let c = 0; c < count; c++) {
      const key = keys[order[next++]!]!;
      plan.set(key, {
        kind,
        failures: kind === 'transient' ? 1 + Math.floor(random() * maxFailures) : 0,
        delayMs: kind === 'slow' ? 1 + Math.floor(random() * maxSlowMs) : 0,
      });
    }
  }
  for (const key of keys) if (!plan.has(key)) plan.set(key, { kind: 'none', failures: 0, delayMs: 0 });
  return plan;
}

/** How many cells of each kind a plan holds, and the failing calls it injects in all. */
export function faultCounts(plan: ReadonlyMap<string, CellFault>) {
  const cells: Record<FaultKind, number> = { none: 0, transient: 0, permanent: 0, hang: 0, malformed: 0, slow: 0 };
  let transientCalls = 0;
  for (const fault of plan.values()) {
    cells[fault.kind]++;
    transientCalls += fault.failures;
  }
  return { cells, transientCalls };
}

/** The status a cell must end with under its fault: a failure that is not the model's is never `pass: false`. */
export function expectedStatus(fault: CellFault): 'ok' | 'error' | 'timeout' {
  if (fault.kind === 'hang') return 'timeout';
  if (fault.kind === 'permanent' || fault.kind === 'malformed') return 'error';
  return 'ok';
}

/** FNV-1a of a text (32 bits): the deterministic "model" behind the answers and the scorer. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The scorer of the fault experiments: an answer passes unless its hash is a multiple of 4. */
export const passesHash = (output: unknown): boolean => fnv1a(String(output)) % 4 !== 0;
