import { normal } from './distributions/normal';
import { proportionInterval } from './proportion-interval';
import { assertTwoProportionCounts } from './two-proportion-counts';
import type { IntervalResult, TwoProportionCounts } from './types';
import { assertOneOf, assertOpenProbability, assertOptions } from './validate';

/** The interval methods of {@link twoProportionDifference}. */
export type TwoProportionDifferenceMethod = 'newcombe' | 'wald';

const METHODS: readonly TwoProportionDifferenceMethod[] = ['newcombe', 'wald'];

/** Options of {@link twoProportionDifference}. */
export interface TwoProportionDifferenceOptions {
  /** Newcombe's hybrid score interval (`newcombe`) or the plain Wald interval (`wald`). @default 'newcombe' */
  readonly method?: TwoProportionDifferenceMethod;
  /** Two-sided confidence level, strictly between 0 and 1. @default 0.95 */
  readonly confidence?: number;
}

/**
 * Confidence interval for the difference of two independent pass rates, p2 - p1 (group 2, the candidate,
 * minus group 1, the baseline).
 *
 * - `newcombe` (default): Newcombe (1998) Stat Med 17:873, method 10, from the Wilson limits (l, u) of each rate:
 *   [D - √((p2 - l2)² + (u1 - p1)²), D + √((u2 - p2)² + (p1 - l1)²)], D = p2 - p1. As
 *   `epiR::epi.conf(ctype = "prop.unpaired")` and statsmodels `confint_proportions_2indep(method = "newcomb")`.
 *   Stays in [-1, 1] and keeps its coverage at 0 or n successes.
 * - `wald`: D ± z √(p1(1-p1)/n1 + p2(1-p2)/n2), clipped to [-1, 1]: R `prop.test(correct = FALSE)$conf.int`.
 *   Collapses to a point when both rates are 0 or 1.
 *
 * @throws {TypeError} if `counts` or `options` is not an object or a count is not a number
 * @throws {RangeError} if a count is not a non-negative integer, a group is empty, successes exceed trials,
 *   `confidence` is outside (0, 1) or `method` is unknown
 * @example twoProportionDifference({ x1: 48, n1: 80, x2: 56, n2: 70 }) // { estimate: 0.20000000000000007 (= 0.8 - 0.6 in doubles), lower: 0.05243..., upper: 0.33387..., confidence: 0.95, method: 'newcombe' }
 */
export function twoProportionDifference(
  counts: TwoProportionCounts,
  options: TwoProportionDifferenceOptions = {},
): IntervalResult<TwoProportionDifferenceMethod> {
  const fn = 'twoProportionDifference';
  assertTwoProportionCounts(fn, counts);
  assertOptions(fn, options);
  const { method = 'newcombe', confidence = 0.95 } = options;
  assertOneOf(fn, 'method', method, METHODS);
  assertOpenProbability(fn, 'confidence', confidence);

  const { x1, n1, x2, n2 } = counts;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const estimate = p2 - p1;
  if (method === 'wald') {
    const z = -normal.quantile((1 - confidence) / 2);
    const half = z * Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
    return { estimate, lower: Math.max(-1, estimate - half), upper: Math.min(1, estimate + half), confidence, method };
  }
  const baseline = proportionInterval(x1, n1, { confidence });
  const candidate = proportionInterval(x2, n2, { confidence });
  return {
    estimate,
    lower: estimate - Math.hypot(p2 - candidate.lower, baseline.upper - p1),
    upper: estimate + Math.hypot(candidate.upper - p2, p1 - baseline.lower),
    confidence,
    method,
  };
}
