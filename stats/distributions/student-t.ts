import { logBeta } from '../special/log-beta';
import { assertPositive, assertProbability } from '../validate';
import { assertNumber } from './assert-number';
import { studentTParts } from './student-t-parts';
import { studentTUpperQuantile } from './student-t-quantile';

function check(fn: string, x: number, df: number): void {
  assertNumber(`studentT.${fn}`, 'x', x);
  assertPositive(`studentT.${fn}`, 'df', df);
}

function lowerTail(t: number, df: number): number {
  if (t === Number.NEGATIVE_INFINITY) return 0;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === 0) return 0.5;
  const parts = studentTParts(t, df);
  return t < 0 ? Math.exp(parts.logTail) : 0.5 + Math.exp(parts.logCentral);
}

/**
 * Student's t distribution with `df` > 0 degrees of freedom (real df allowed, as in R), to about 1e-13
 * relative in both tails from df = 1 to 10^6 and beyond. Tails come from the regularized incomplete
 * beta function (R's pt route), each tail computed directly; quantiles by safeguarded Newton iteration
 * on the log of the tail (see `studentTUpperQuantile`).
 */
export const studentT = {
  /**
   * P(T <= x), as R's pt(x, df).
   * @throws {RangeError} if x is NaN or df is not a finite number > 0
   * @example studentT.cdf(1.96, 30) // 0.9703288435519748
   */
  cdf(x: number, df: number): number {
    check('cdf', x, df);
    return lowerTail(x, df);
  },
  /**
   * P(T > x), accurate far into the tail, as R's pt(x, df, lower.tail = FALSE).
   * @example studentT.sf(12, 1000) // 2.1620286933872544e-31
   */
  sf(x: number, df: number): number {
    check('sf', x, df);
    return lowerTail(-x, df);
  },
  /**
   * The density f(x) = (1 + x^2/df)^(-(df + 1)/2) / (sqrt(df) B(df/2, 1/2)), as R's dt(x, df).
   * @example studentT.pdf(0, 1) // 0.31830988618379086 (= 1 / pi)
   */
  pdf(x: number, df: number): number {
    check('pdf', x, df);
    if (!Number.isFinite(x)) return 0;
    if (x === 0) return Math.exp(-0.5 * Math.log(df) - logBeta(0.5 * df, 0.5));
    return Math.exp(studentTParts(x, df).logSlope) / Math.abs(x);
  },
  /**
   * The quantile: the t with P(T <= t) = p, as R's qt(p, df). quantile(0) = -Infinity, quantile(1) = Infinity.
   * @throws {RangeError} if p is outside [0, 1] or df is not a finite number > 0
   * @example studentT.quantile(0.975, 10) // 2.2281388519862753
   */
  quantile(p: number, df: number): number {
    assertProbability('studentT.quantile', 'p', p);
    assertPositive('studentT.quantile', 'df', df);
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    if (p === 0.5) return 0;
    // 1 - p is exact for p >= 1/2, so the upper half is the mirror image of the lower half.
    return p < 0.5 ? -studentTUpperQuantile(p, df) : studentTUpperQuantile(1 - p, df);
  },
};
