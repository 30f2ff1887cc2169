import {
  mcnemarTest,
  type PairedSequenceOptions,
  type PairedSequenceState,
  type RandomSource,
  seededRandom,
  startPairedSequence,
  truncatedDesignTable,
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

/** What {@link simulateTruncatedDesign} found: per maximum N, how many paths a design truncated there rejects. */
export interface TruncatedDesignOutcome {
  /** dropRejected[N]: paths on which the design truncated at N items rejects `drop` (by a crossing or at N). */
  readonly dropRejected: Int32Array;
  /** The same for `gain`. */
  readonly gainRejected: Int32Array;
  /** dropCrossed[N]: paths whose design e-value for `drop` crossed 2 / alpha by N (no final look). */
  readonly dropCrossed: Int32Array;
  /** Pairs at which each path's e-value first crossed on either side (the run stops there), or maxPairs + 1. */
  readonly stops: Int32Array;
}

/**
 * Seeded simulation of a design-tuned gate (`design` in the sequence options: the likelihood-ratio e-values of
 * stats/design-likelihood-ratio.ts) monitored after every pair, for every truncation N <= maxPairs at once: each
 * path runs `updatePairedSequence` until `drop` or `gain` rejects (its stop), and at each n before that counts
 * whether the final look of a design truncated at n (the critical values of `truncatedDesignTable`) would reject.
 *
 * @example simulateTruncatedDesign(binaryPairs({ p11: 0.5, p10: 0.1, p01: 0.05, p00: 0.35 }), { paths: 10, maxPairs: 2000, seed: 1, sequence: { design: { difference: 0.05, discordance: 0.15 } } })
 */
export function simulateTruncatedDesign(
  draw: PairDraw,
  options: Omit<PairedMonitoringOptions, 'decide' | 'peekEvery'>,
): TruncatedDesignOutcome {
  const { paths, maxPairs, seed, sequence = {} } = options;
  const random = seededRandom(seed);
  const start = startPairedSequence(sequence);
  if (start.design === null) throw new TypeError('simulateTruncatedDesign: `sequence.design` is needed');
  const { critical } = truncatedDesignTable(start.design.share, start.alpha, maxPairs);
  const finalDrop = new Int32Array(maxPairs + 1);
  const finalGain = new Int32Array(maxPairs + 1);
  const crossDrop = new Int32Array(maxPairs + 2);
  const crossGain = new Int32Array(maxPairs + 2);
  const stops = new Int32Array(paths).fill(maxPairs + 1);
  for (let path = 0; path < paths; path++) {
    let state = start;
    for (let n = 1; n <= maxPairs; n++) {
      const [baseline, candidate] = draw(random);
      state = updatePairedSequence(state, baseline, candidate);
      const { drop, gain } = state.tests;
      if (drop.rejectedAt !== null || gain.rejectedAt !== null) {
        (drop.rejectedAt !== null ? crossDrop : crossGain)[n]!++;
        stops[path] = n;
        break;
      }
      const { n10, n01 } = state.table!;
      const c = critical[n10 + n01]!;
      if (n10 >= c) finalDrop[n]!++;
      else if (n01 >= c) finalGain[n]!++;
    }
  }
  const dropRejected = new Int32Array(maxPairs + 1);
  const gainRejected = new Int32Array(maxPairs + 1);
  const dropCrossed = new Int32Array(maxPairs + 1);
  let drops = 0;
  let gains = 0;
  for (let n = 1; n <= maxPairs; n++) {
    drops += crossDrop[n]!;
    gains += crossGain[n]!;
    dropCrossed[n] = drops;
    dropRejected[n] = drops + finalDrop[n]!;
    gainRejected[n] = gains + finalGain[n]!;
  }
  return { dropRejected, gainRejected, dropCrossed, stops };
}
