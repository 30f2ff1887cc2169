import { normal } from './distributions/normal';
import { pairedDifferences } from './paired-differences';
import { assertBoolean, assertOptions } from './validate';

/** Options of {@link wilcoxonSignedRank}. */
export interface WilcoxonSignedRankOptions {
  /**
   * Exact null distribution (true) or the normal approximation (false). The exact one needs distinct,
   * non-zero differences; with ties or zeros the normal approximation is used whatever this says, as R does.
   * @default true when fewer than 50 differences are non-zero and there are no ties and no zeros
   */
  readonly exact?: boolean;
  /** Continuity correction of 0.5 in the normal approximation. @default true */
  readonly continuityCorrection?: boolean;
}

/** The result of {@link wilcoxonSignedRank}. */
export interface WilcoxonSignedRankResult {
  /** V: the sum of the ranks of |d| over the positive differences d = candidate - baseline. */
  readonly statistic: number;
  /** Two-sided p-value. */
  readonly pValue: number;
  /** `exact` (the null distribution of V) or `asymptotic` (normal approximation). */
  readonly method: 'exact' | 'asymptotic';
  /** Whether the 0.5 continuity correction was applied (asymptotic only). */
  readonly continuityCorrection: boolean;
  /** Number of non-zero differences (the ranks' count). */
  readonly n: number;
}

/** Ranks 1..n of `values` (ascending), ties given their mean rank, as R's rank(ties.method = "average"). */
function midRanks(values: readonly number[]): { ranks: Float64Array; tieSizes: number[] } {
  const order = [...values.keys()].sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  const tieSizes: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const rank = (start + end + 2) / 2;
    for (let j = start; j <= end; j++) ranks[order[j]!] = rank;
    tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieSizes };
}

/**
 * P[V <= v] for the signed-rank statistic of n distinct non-zero differences under the null (each sign
 * equally likely), as R's psignrank: the number of subsets of {1..n} with sum <= v over 2^n, counted by
 * the recursion c_j(s) = c_{j-1}(s) + c_{j-1}(s - j) with each step halved (so nothing overflows for any n).
 */
function signedRankCdf(v: number, n: number): number {
  const max = (n * (n + 1)) / 2;
  const upTo = Math.min(v, max);
  if (upTo < 0) return 0;
  const probabilities = new Float64Array(upTo + 1);
  probabilities[0] = 1;
  for (let j = 1; j <= n; j++) {
    for (let s = upTo; s >= 0; s--) {
      probabilities[s] = 0.5 * (probabilities[s]! + (s >= j ? probabilities[s - j]! : 0));
    }
  }
  let total = 0;
  for (let s = 0; s <= upTo; s++) total += probabilities[s]!;
  return Math.min(1, total);
}

/**
 * Wilcoxon signed-rank test of paired scores (Wilcoxon 1945), as R
 * wilcox.test(candidate, baseline, paired = TRUE, exact, correct): differences d = candidate - baseline,
 * zeros dropped, |d| ranked with mid-ranks for ties, V = sum of the ranks of the positive d.
 *
 * - exact (default when n < 50 with no ties and no zeros): p = min(1, 2 P[V <= v]) if v <= n(n+1)/4,
 *   else min(1, 2 P[V >= v]), from the exact null distribution (R's psignrank).
 * - asymptotic: z = (V - n(n+1)/4 - 0.5 sign(.)) / sigma with the tie-corrected
 *   sigma^2 = n(n+1)(2n+1)/24 - sum_t (t^3 - t)/48 over tie groups of size t (correction only with
 *   `continuityCorrection`), p = 2 min(Phi(z), 1 - Phi(z)).
 * When every difference is 0 there is nothing to rank: statistic 0, pValue 1 (R returns NaN).
 *
 * @throws {RangeError} if the lengths differ, a vector is empty, or a score is not finite
 * @throws {TypeError} if `exact` or `continuityCorrection` is not a boolean
 * @example wilcoxonSignedRank([0, 0, 0, 0, 0, 0], [1, 2, 3, 4, 5, -6]).pValue // 0.4375 (V = 15, exact: 2 P[V <= 6] = 2 * 14/64)
 */
export function wilcoxonSignedRank(
  baseline: readonly number[],
  candidate: readonly number[],
  options: WilcoxonSignedRankOptions = {},
): WilcoxonSignedRankResult {
  const fn = 'wilcoxonSignedRank';
  assertOptions(fn, options);
  const { exact, continuityCorrection = true } = options;
  if (exact !== undefined) assertBoolean(fn, 'exact', exact);
  assertBoolean(fn, 'continuityCorrection', continuityCorrection);
  const all = pairedDifferences(fn, baseline, candidate);
  const differences = [...all].filter((d) => d !== 0);
  const hasZeros = differences.length < all.length;
  const n = differences.length;
  if (n === 0) return { statistic: 0, pValue: 1, method: 'exact', continuityCorrection: false, n };
  const { ranks, tieSizes } = midRanks(differences.map(Math.abs));
  let statistic = 0;
  differences.forEach((d, i) => {
    if (d > 0) statistic += ranks[i]!;
  });
  const hasTies = tieSizes.length < n;
  if ((exact ?? n < 50) && !hasTies && !hasZeros) {
    // Upper tail by the symmetry of V about n(n+1)/4: P[V >= v] = P[V <= n(n+1)/2 - v], no cancellation.
    const p = signedRankCdf(Math.min(statistic, (n * (n + 1)) / 2 - statistic), n);
    return { statistic, pValue: Math.min(1, 2 * p), method: 'exact', continuityCorrection: false, n };
  }
  const centred = statistic - (n * (n + 1)) / 4;
  let tieTerm = 0;
  for (const t of tieSizes) tieTerm += t ** 3 - t;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const correction = continuityCorrection ? Math.sign(centred) * 0.5 : 0;
  const z = (centred - correction) / sigma;
  const pValue = Math.min(1, 2 * Math.min(normal.cdf(z), normal.sf(z)));
  return { statistic, pValue, method: 'asymptotic', continuityCorrection, n };
}
