import { wilcoxonSignedRank } from '../../stats/index';
import type { Interval } from '../schema/verdict-document';

/** Bisection steps: the bracket shrinks by 2^-60, below any score's resolution. */
const STEPS = 60;

/**
 * The location shift and interval that agree with the Wilcoxon signed-rank test beside them: the
 * Hodges-Lehmann estimate and the set of shifts mu for which the test of the differences d - mu does not
 * reject at 1 - confidence (Hodges & Lehmann 1963, Ann Math Stat 34:598; as R wilcox.test(conf.int = TRUE)
 * defines them, here by inverting `wilcoxonSignedRank` itself, so the interval excludes 0 exactly when that
 * test rejects, ties, zeros and continuity correction included).
 *
 * V(mu), the rank sum of the positive d - mu, falls as mu rises, so the test's p-value rises to its peak near
 * the estimate and falls on either side: each bound is found by bisection between the estimate and the end
 * of the data where the test rejects. Where even a shift past every difference is not rejected (too few items
 * for any p-value below alpha: R's wilcox.test then reports the data's range as an interval of lower confidence),
 * the set is unbounded on that side and the bound is the outcome's limit -R or R. The estimate is the shift where the standardised V crosses 0, the
 * Hodges-Lehmann estimate (the median of the Walsh averages, without forming them).
 *
 * @param differences per-item candidate minus baseline (at least 1)
 * @param range R, the largest |difference| the outcome allows
 * @example signedRankShiftInterval([1.2, 0.8, 1.9, 0.3, 1.1, 1.5, 0.7, 2.2, 0.9, 1.4], 0.95, 3).lower // > 0
 */
export function signedRankShiftInterval(differences: readonly number[], confidence: number, range: number): Interval {
  const alpha = 1 - confidence;
  const zeros = new Array<number>(differences.length).fill(0);
  const test = (shift: number) => {
    const shifted = differences.map((d) => d - shift);
    return wilcoxonSignedRank(zeros, shifted);
  };
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const d of differences) {
    if (d < low) low = d;
    if (d > high) high = d;
  }
  // Hodges-Lehmann: the shift where V(mu) - n'(n'+1)/4 changes sign (n' the non-zero differences at mu).
  const centre = (shift: number) => {
    const { statistic, n } = test(shift);
    return statistic - (n * (n + 1)) / 4;
  };
  let below = low;
  let above = high;
  for (let step = 0; step < STEPS && above - below > 0; step++) {
    const mid = (below + above) / 2;
    if (centre(mid) > 0) below = mid;
    else above = mid;
  }
  const estimate = (below + above) / 2;
  // Past every difference the test sees n differences of one sign and its smallest p-value: if that does not
  // reject, no shift beyond does either and the set is unbounded on that side, so the bound is the outcome's own
  // limit (a difference of values within the observed range is at most R in size).
  const bound = (end: number, limit: number) => {
    if (test(end).pValue > alpha) return limit;
    let inside = estimate;
    let outside = end;
    for (let step = 0; step < STEPS && Math.abs(outside - inside) > 0; step++) {
      const mid = (inside + outside) / 2;
      if (test(mid).pValue > alpha) inside = mid;
      else outside = mid;
    }
    return inside;
  };
  let lower = bound(low, -range);
  let upper = bound(high, range);
  const rejectsZero = test(0).pValue <= alpha;
  if (!rejectsZero) {
    lower = Math.min(lower, 0);
    upper = Math.max(upper, 0);
  } else if (lower <= 0 && upper >= 0) {
    if (estimate > 0) lower = Math.max(lower, Number.MIN_VALUE);
    else upper = Math.min(upper, -Number.MIN_VALUE);
  }
  return { estimate, lower, upper, confidence, method: 'hodges-lehmann' };
}
