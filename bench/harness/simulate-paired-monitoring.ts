import {
  mcnemarTest,
  type PairedSequenceOptions,
  type PairedSequenceState,
  type RandomSource,
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

/** One simulated item: the baseline's and the candidate's outcome (booleans, or scores). */
export type PairDraw = (random: RandomSource) => readonly [boolean | number, boolean | number];

/**
 * Pairs of binary outcomes with the given cell probabilities, from one uniform each.
 * @example binaryPairs({ p11: 0.5, p10: 0.1, p01: 0.05, p00: 0.35 })(() => 0.55) // [true, false]
 */
export function binaryPairs(cells: PairedCells): PairDraw {
  const passA = cells.p11 + cells.p10;
  return (random) => {
    const u = random();
    return [u < passA, u < cells.p11 || (u >= passA && u < passA + cells.p01)];
  };
}

/** How the simulated runs are monitored. */
export interface PairedMonitoringOptions {
  /** Number of simulated runs (paths). */
  readonly paths: number;
  /** Pairs per run at most (the run stops there undecided). */
  readonly maxPairs: number;
  readonly seed: number;
  /** Options of the sequential test (alpha, margin, outcome, bounds). */
  readonly sequence?: PairedSequenceOptions;
  /** The decision a monitor stops on, read from the state after each pair; null goes on. */
  readonly decide: (state: PairedSequenceState) => string | null;
  /**
   * Binary outcomes only: also monitor each path the way people check a fixed-n gate by hand, the exact McNemar
   * test after every `peekEvery` pairs up to `maxPairs`, rejecting at the first p <= alpha. @default none
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
 * Seeded simulation of sequential monitoring: each path draws i.i.d. pairs, updates the sequential state after
 * every pair (`updatePairedSequence`, as a runner would) and stops at the first decision. The naive repeated
 * McNemar monitor, when asked for, sees the same pairs and runs on to `maxPairs` (it never stops the sequential
 * path). Used by the calibration test (small) and bench/scenarios/sequential-calibration.ts (large).
 *
 * @example simulatePairedMonitoring(binaryPairs({ p11: 0.5, p10: 0.1, p01: 0.05, p00: 0.35 }), { paths: 10, maxPairs: 2000, seed: 1, decide: (s) => (s.tests.drop.rejectedAt === null ? null : 'drop') })
 */
export function simulatePairedMonitoring(draw: PairDraw, options: PairedMonitoringOptions): PairedMonitoringOutcome {
  const { paths, maxPairs, seed, sequence = {}, decide, peekEvery } = options;
  const random = seededRandom(seed);
  const decisions: (string | null)[] = [];
  const pairsUsed = new Int32Array(paths);
  const peekRejected: boolean[] | null = peekEvery === undefined ? null : [];
  const start = startPairedSequence(sequence);
  for (let path = 0; path < paths; path++) {
    let state = start;
    let decision: string | null = null;
    let n10 = 0;
    let n01 = 0;
    let peeked = false;
    let stopped = false;
    for (let n = 1; n <= maxPairs && (!stopped || (peekRejected !== null && !peeked)); n++) {
      const [baseline, candidate] = draw(random);
      if (!stopped) {
        state = updatePairedSequence(state, baseline, candidate);
        decision = decide(state);
        if (decision !== null || n === maxPairs) {
          stopped = true;
          pairsUsed[path] = n;
        }
      }
      if (peekEvery !== undefined) {
        if (baseline && !candidate) n10++;
        if (!baseline && candidate) n01++;
        if (!peeked && n % peekEvery === 0) peeked = mcnemarTest({ n10, n01 }).pValue <= start.alpha;
      }
    }
    decisions.push(decision);
    peekRejected?.push(peeked);
  }
  return { decisions, pairsUsed, peekRejected };
}

/**
 * Pairs of scores in [0, 1]: a shared item difficulty u ~ U(0, 1) plus each variant's own noise, uniform of
 * width `noise`, with the candidate shifted by `shift`, each clipped to [0, 1].
 * @example scorePairs(0, 0.3)(() => 0.5) // [0.5, 0.5]
 */
export function scorePairs(shift: number, noise: number): PairDraw {
  const clip = (x: number) => Math.min(1, Math.max(0, x));
  return (random) => {
    const difficulty = random();
    return [clip(difficulty + noise * (random() - 0.5)), clip(difficulty + shift + noise * (random() - 0.5))];
  };
}
