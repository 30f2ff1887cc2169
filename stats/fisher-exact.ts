import { findRoot } from './find-root';
import { assertTwoProportionCounts } from './two-proportion-counts';
import type { IntervalResult, TwoProportionCounts } from './types';
import { assertOpenProbability, assertOptions } from './validate';

/** Options of {@link fisherExact}. */
export interface FisherExactOptions {
  /** Two-sided confidence level of the odds-ratio interval, strictly between 0 and 1. @default 0.95 */
  readonly confidence?: number;
}

/** The result of {@link fisherExact}, as R fisher.test reports it (odds ratio of group 2 over group 1). */
export interface FisherExactResult {
  /** Two-sided p-value: the probability of the tables no more likely than the observed one. */
  readonly pValue: number;
  /** odds(group 2) / odds(group 1): conditional MLE with exact conditional limits. */
  readonly oddsRatio: IntervalResult<'conditional-mle'>;
}

/**
 * The conditional distribution of x2 given the margins: x2 ~ noncentral hypergeometric with odds ratio ψ,
 * P(x2 = s) ∝ C(n2, s) C(n1, t - s) ψ^s over s in [lo, hi], t = x1 + x2. log C(n2, s) C(n1, t - s) is built
 * by the ratio recurrence (no log-gamma), relative to s = lo; probabilities are scaled by their largest term.
 */
function conditionalDistribution({ x1, n1, x2, n2 }: TwoProportionCounts) {
  const total = x1 + x2;
  const lo = Math.max(0, total - n1);
  const hi = Math.min(total, n2);
  const logWeight = new Float64Array(hi - lo + 1);
  for (let s = lo; s < hi; s++) {
    // C(n2, s + 1) C(n1, t - s - 1) / (C(n2, s) C(n1, t - s)) = (n2 - s)(t - s) / ((s + 1)(n1 - t + s + 1))
    logWeight[s - lo + 1] =
      logWeight[s - lo]! + Math.log((n2 - s) / (s + 1)) + Math.log((total - s) / (n1 - total + s + 1));
  }
  /** Probabilities of lo..hi at odds ratio exp(logOdds). */
  const probabilities = (logOdds: number): Float64Array => {
    const d = new Float64Array(logWeight.length);
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < d.length; i++) {
      d[i] = logWeight[i]! + logOdds * i; // ψ^lo is a common factor: leave it out (smaller exponents)
      if (d[i]! > max) max = d[i]!;
    }
    let sum = 0;
    for (let i = 0; i < d.length; i++) {
      d[i] = Math.exp(d[i]! - max);
      sum += d[i]!;
    }
    for (let i = 0; i < d.length; i++) d[i]! /= sum;
    return d;
  };
  const mean = (logOdds: number) => probabilities(logOdds).reduce((acc, p, i) => acc + p * (lo + i), 0);
  const lowerTail = (logOdds: number) =>
    probabilities(logOdds)
      .subarray(0, x2 - lo + 1)
      .reduce((a, p) => a + p, 0);
  const upperTail = (logOdds: number) =>
    probabilities(logOdds)
      .subarray(x2 - lo)
      .reduce((a, p) => a + p, 0);
  return { lo, hi, probabilities, mean, lowerTail, upperTail };
}

/** exp of the root of an increasing function of the log odds ratio, bracketed by doubling from [-1, 1]. */
function solveLogOdds(f: (logOdds: number) => number): number {
  let low = -1;
  let high = 1;
  while (f(low) > 0) low *= 2;
  while (f(high) < 0) high *= 2;
  return Math.exp(findRoot(f, low, high, { tolerance: 1e-12 }));
}

/**
 * Fisher's exact test of two independent proportions (group 1 the baseline, group 2 the candidate), conditional
 * on both margins, with the conditional odds ratio odds(group 2)/odds(group 1). As R `fisher.test` on the table
 * rows (x2, n2 - x2) and (x1, n1 - x1), i.e. R's `fisher.test(matrix(c(x1, n1 - x1, x2, n2 - x2), 2, byrow = TRUE))`
 * with its odds ratio inverted:
 *
 * - p-value: Σ P(s) over the tables with P(s) <= P(x2)(1 + 10⁻⁷) under ψ = 1 (R's relative tolerance for ties).
 * - estimate: the conditional MLE, the ψ with E[x2; ψ] = x2 (not the sample ad/bc); 0 at x2 = lo, Infinity at x2 = hi.
 * - limits: P[X >= x2; ψ] = α/2 (lower, 0 at x2 = lo) and P[X <= x2; ψ] = α/2 (upper, Infinity at x2 = hi).
 *
 * Fisher (1935) J R Stat Soc 98:39; Cornfield (1956) for the limits. R solves the estimate and the limits with
 * uniroot's default tolerance (2^-13, up to 9 % off in a far limit); here they are solved to about 1e-12 on the
 * log odds ratio. When no table but the observed one is possible (no successes, or nothing but successes) the
 * p-value is 1 and, as in R, the estimate is 0 and the interval [0, Infinity].
 *
 * @throws {TypeError} if `counts` or `options` is not an object or a count is not a number
 * @throws {RangeError} if a count is not a non-negative integer, a group is empty, successes exceed trials, or
 *   `confidence` is outside (0, 1)
 * @example fisherExact({ x1: 3, n1: 10, x2: 9, n2: 10 }) // { pValue: 0.019766..., oddsRatio: { estimate: 17.26903..., lower: 1.38711..., upper: 1047.83998..., ... } } (R prints 17.27587 [1.387127, 1039.291])
 */
export function fisherExact(counts: TwoProportionCounts, options: FisherExactOptions = {}): FisherExactResult {
  const fn = 'fisherExact';
  assertTwoProportionCounts(fn, counts);
  assertOptions(fn, options);
  const { confidence = 0.95 } = options;
  assertOpenProbability(fn, 'confidence', confidence);

  const { x2 } = counts;
  const { lo, hi, probabilities, mean, lowerTail, upperTail } = conditionalDistribution(counts);
  const alpha = (1 - confidence) / 2;
  const atNull = probabilities(0);
  const cutoff = atNull[x2 - lo]! * (1 + 1e-7);
  const pValue = Math.min(
    1,
    atNull.reduce((acc, p) => (p <= cutoff ? acc + p : acc), 0),
  );
  const estimate = x2 === lo ? 0 : x2 === hi ? Number.POSITIVE_INFINITY : solveLogOdds((logOdds) => mean(logOdds) - x2);
  const lower = x2 === lo ? 0 : solveLogOdds((logOdds) => upperTail(logOdds) - alpha);
  const upper = x2 === hi ? Number.POSITIVE_INFINITY : solveLogOdds((logOdds) => alpha - lowerTail(logOdds));
  return { pValue, oddsRatio: { estimate, lower, upper, confidence, method: 'conditional-mle' } };
}
