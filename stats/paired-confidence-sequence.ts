import { type BinaryDifferenceCounts, type BoundedDifferenceMoments, bettingLogEValue } from './betting-log-e-value';
import { findRoot } from './find-root';
import type { PairedSequenceMethod, PairedSequenceState } from './paired-sequence-types';
import type { IntervalResult } from './types';
import { describeValue } from './validate';

/** The confidence sequence at the current n: an interval with the pairs it rests on. */
export interface PairedConfidenceSequence extends IntervalResult<PairedSequenceMethod> {
  /** Pairs so far. */
  readonly n: number;
}

/**
 * The anytime-valid confidence sequence for the mean paired difference d (candidate minus baseline) at the
 * state's n: C_n = [L_n, U_n] with L_n the null value c at which the `greater` e-value E_n(c) (H0 d <= c) falls to
 * 2/alpha and U_n the one at which the `less` e-value does (Waudby-Smith & Ramdas 2024, JRSS-B 86(1):1-27: the set
 * of c that the betting tests do not reject; each side spends alpha / 2). P(d in C_n for every n) >= 1 - alpha,
 * so C_tau covers d at any stopping time tau, however it was chosen. Each e-value is monotone in c, so C_n is an
 * interval, found by Brent's method (`findRoot`, to 1e-12); L_n > c exactly when the `greater` test at c rejects
 * at this n, so the interval and the tests agree.
 *
 * It is the set at this n, not the running intersection of all earlier ones (which would need every earlier n's
 * interval): a test rejected at an earlier n stays rejected (`rejectedAt`), even where pairs completed after the
 * decision move C_n back over its null value. Before any pair it is the whole range [a - b, b - a].
 *
 * @throws {TypeError} if `state` is not a sequence state
 * @example pairedConfidenceSequence(pairedSequentialTest(Array(10).fill(false), Array(10).fill(true))).lower // 0.19079456243963416 (upper: 1)
 */
export function pairedConfidenceSequence(state: PairedSequenceState): PairedConfidenceSequence {
  const fn = 'pairedConfidenceSequence';
  if (typeof state !== 'object' || state === null || typeof (state as { n?: unknown }).n !== 'number') {
    throw new TypeError(
      `${fn}: \`state\` must come from startPairedSequence or updatePairedSequence, got ${describeValue(state)}`,
    );
  }
  const { method, alpha, n, table, meanDifference, sumSquaredDeviations } = state;
  const [a, b] = state.bounds;
  const hi = b - a;
  const lo = -hi;
  const confidence = 1 - alpha;
  if (n === 0) return { estimate: 0, lower: lo, upper: hi, confidence, method, n };
  const statistics: BinaryDifferenceCounts | BoundedDifferenceMoments =
    table !== null
      ? { kind: 'binary', n01: table.n01, n10: table.n10, nTied: table.n11 + table.n00 }
      : { kind: 'bounded', n, mean: meanDifference, sumSquaredDeviations, range: 2 * hi };
  const logThreshold = Math.log(2 / alpha);
  // Binary e-values are defined for c strictly inside (-1, 1) (the bets scale with 1 / (c + 1)); the bounded ones
  // on the closed range. Ends that are not rejected belong to the interval.
  const inset = table !== null ? 1e-12 * hi : 0;
  const bound = (alternative: 'less' | 'greater'): number => {
    const excess = (c: number) => bettingLogEValue(statistics, c, alternative) - logThreshold;
    const [inner, outer] = alternative === 'greater' ? [lo + inset, hi - inset] : [hi - inset, lo + inset];
    if (excess(inner) <= 0) return alternative === 'greater' ? lo : hi;
    if (excess(outer) >= 0) return alternative === 'greater' ? hi : lo;
    return findRoot(excess, Math.min(inner, outer), Math.max(inner, outer), { tolerance: 1e-12 });
  };
  return { estimate: meanDifference, lower: bound('greater'), upper: bound('less'), confidence, method, n };
}
