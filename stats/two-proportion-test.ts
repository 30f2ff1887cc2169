import { chiSquared } from './distributions/chi-squared';
import { normal } from './distributions/normal';
import { assertTwoProportionCounts } from './two-proportion-counts';
import type { IntervalResult, TwoProportionCounts } from './types';
import { assertBoolean, assertOpenProbability, assertOptions } from './validate';

/** Options of {@link twoProportionTest}. */
export interface TwoProportionTestOptions {
  /** Yates' continuity correction, as R's prop.test(correct = TRUE). @default true */
  readonly continuityCorrection?: boolean;
  /** Two-sided confidence level of the difference interval, strictly between 0 and 1. @default 0.95 */
  readonly confidence?: number;
}

/** The result of {@link twoProportionTest}, as R prop.test reports it. */
export interface TwoProportionTestResult {
  /** Pearson's chi-square statistic (with Yates' correction unless switched off). */
  readonly statistic: number;
  /** Degrees of freedom: 1. */
  readonly df: number;
  /** Two-sided p-value, P(χ²₁ > statistic). */
  readonly pValue: number;
  /** Whether the continuity correction was asked for. */
  readonly continuityCorrection: boolean;
  /** p2 - p1 (candidate minus baseline) with R's Wald interval, `wald-cc` with the correction, clipped to [-1, 1]. */
  readonly difference: IntervalResult<'wald' | 'wald-cc'>;
}

/**
 * Chi-square test that two independent groups share one pass rate, with a confidence interval for the
 * difference p2 - p1 (group 2 is the candidate). Exactly R's two-sample `prop.test(c(x1, x2), c(n1, n2),
 * correct, conf.level)`:
 *
 * - statistic Σ (|O - E| - Y)² / E over the four cells, E from the pooled rate p̄ = (x1 + x2)/(n1 + n2), with
 *   Yates' Y = min(½, |p2 - p1| / (1/n1 + 1/n2)) when corrected, else 0; p = P(χ²₁ > statistic).
 * - interval (p2 - p1) ± (z √(p1(1-p1)/n1 + p2(1-p2)/n2) + Y (1/n1 + 1/n2)), clipped to [-1, 1].
 *
 * No successes at all, or nothing but successes: the pooled rate says nothing, so statistic 0 and pValue 1
 * (R returns NaN); the interval is R's. Symmetric: swapping the groups keeps the p-value and negates the
 * difference. For small counts prefer {@link fisherExact}; for the interval alone, {@link twoProportionDifference}.
 *
 * @throws {TypeError} if `counts` or `options` is not an object, a count is not a number, or
 *   `continuityCorrection` is not a boolean
 * @throws {RangeError} if a count is not a non-negative integer, a group is empty, successes exceed trials, or
 *   `confidence` is outside (0, 1)
 * @example twoProportionTest({ x1: 48, n1: 80, x2: 56, n2: 70 }) // { statistic: 6.11427..., df: 1, pValue: 0.013409..., difference: { estimate: 0.20000000000000007, lower: 0.04411..., upper: 0.35589..., ... } }
 */
export function twoProportionTest(
  counts: TwoProportionCounts,
  options: TwoProportionTestOptions = {},
): TwoProportionTestResult {
  const fn = 'twoProportionTest';
  assertTwoProportionCounts(fn, counts);
  assertOptions(fn, options);
  const { continuityCorrection = true, confidence = 0.95 } = options;
  assertBoolean(fn, 'continuityCorrection', continuityCorrection);
  assertOpenProbability(fn, 'confidence', confidence);

  const { x1, n1, x2, n2 } = counts;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const estimate = p2 - p1;
  const inverseSum = 1 / n1 + 1 / n2;
  const yates = continuityCorrection ? Math.min(0.5, Math.abs(estimate) / inverseSum) : 0;
  const z = -normal.quantile((1 - confidence) / 2);
  const width = z * Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2) + yates * inverseSum;
  const difference = {
    estimate,
    lower: Math.max(estimate - width, -1),
    upper: Math.min(estimate + width, 1),
    confidence,
    method: continuityCorrection ? ('wald-cc' as const) : ('wald' as const),
  };

  const pooled = (x1 + x2) / (n1 + n2);
  if (pooled === 0 || pooled === 1) return { statistic: 0, df: 1, pValue: 1, continuityCorrection, difference };
  const expected = [n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled)];
  const observed = [x1, n1 - x1, x2, n2 - x2];
  const statistic = observed.reduce((acc, o, i) => acc + (Math.abs(o - expected[i]!) - yates) ** 2 / expected[i]!, 0);
  return { statistic, df: 1, pValue: chiSquared.sf(statistic, 1), continuityCorrection, difference };
}
