import {
  mcnemarTest,
  type PairedSequenceOptions,
  type PairedSequenceState,
  seededRandom,
  startPairedSequence,
  updatePairedSequence,
} from '../../stats/index';

/** Probabilities of the four cells of a paired binary outcome (summing to 1), first digit the baseline. */
export interface PairedCells {
  readonly p11: number;
  readonly p10: number;
  readonly p01: number;
  readonly p00: number;
}

/** How the simulated runs are monitored. */
export interface PairedMonitoringOptions {
  /** Number of simulated runs (paths). */
  readonly paths: number;
  /** Pairs per run at most (the run stops there undecided). */
  readonly maxPairs: number;
  readonly seed: number;
  /** Options of the sequential test (alpha, margin). */
  readonly sequence?: PairedSequenceOptions;
  /** The decision a monitor stops on, read from the state after each pair; null goes on. */
  readonly decide: (state: PairedSequenceState) => string | null;
  /**
   * Also monitor each path the way people check a fixed-n gate by hand: the exact McNemar test after every
   * `peekEvery` pairs, stopping at the first p <= alpha. @default none
   */
  readonly peekEvery?: number;
}

/** What happened on each path. */
export interface PairedMonitoringOutcome {
  /** The decision each path stopped on, or null when it reached `maxPairs` undecided. */
  readonly decisions: readonly (string | null)[];
  /** Pairs used by each path: where it stopped, or `maxPairs`. */
  readonly pairsUsed: Int32Array;
  /** With `peekEvery`: whether the repeated fixed-n McNemar test rejected by `maxPairs` on each path. */
  readonly peekRejected: readonly boolean[] | null;
}

/**
 * Seeded simulation of sequential monitoring: each path draws i.i.d. pairs from `cells`, updates the sequential
 * state after every pair (`updatePairedSequence`, as a runner would) and stops at the first decision. The naive
 * repeated McNemar monitor, when asked for, sees the same pairs and runs on to `maxPairs` (it never stops the
 * sequential path). Used by the calibration test (small) and bench/scenarios/sequential-calibration.ts (large).
 *
 * @example simulatePairedMonitoring({ p11: 0.5, p10: 0.1, p01: 0.05, p00: 0.35 }, { paths: 10, maxPairs: 2000, seed: 1, decide: (s) => (s.tests.drop.rejectedAt === null ? null : 'drop') })
 */
export function simulatePairedMonitoring(
  cells: PairedCells,
  options: PairedMonitoringOptions,
): PairedMonitoringOutcome {
  const { paths, maxPairs, seed, sequence = {}, decide, peekEvery } = options;
  const random = seededRandom(seed);
  const decisions: (string | null)[] = [];
  const pairsUsed = new Int32Array(paths);
  const peekRejected: boolean[] | null = peekEvery === undefined ? null : [];
  const start = startPairedSequence(sequence);
  const alpha = start.alpha;
  for (let path = 0; path < paths; path++) {
    let state = start;
    let decision: string | null = null;
    let n10 = 0;
    let n01 = 0;
    let peeked = false;
    let stopped = false;
    for (let n = 1; n <= maxPairs && (!stopped || (peekRejected !== null && !peeked)); n++) {
      const u = random();
      const baseline = u < cells.p11 + cells.p10;
      const candidate = u < cells.p11 || (u >= cells.p11 + cells.p10 && u < cells.p11 + cells.p10 + cells.p01);
      if (baseline && !candidate) n10++;
      if (!baseline && candidate) n01++;
      if (!stopped) {
        state = updatePairedSequence(state, baseline, candidate);
        decision = decide(state);
        if (decision !== null || n === maxPairs) {
          stopped = true;
          pairsUsed[path] = n;
        }
      }
      if (peekEvery !== undefined && !peeked && n % peekEvery === 0) {
        peeked = mcnemarTest({ n10, n01 }).pValue <= alpha;
      }
    }
    decisions.push(decision);
    peekRejected?.push(peeked);
  }
  return { decisions, pairsUsed, peekRejected };
}
