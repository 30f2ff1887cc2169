import { assertProbability } from '../validate';
import { assertNumber } from './assert-number';
import { normalQuantileOpen } from './normal-quantile';
import { normalDensity, normalTails } from './normal-tails';

/**
 * The standard normal distribution. Tails by Cody's rational Chebyshev approximations (1969, 1993; as
 * R's pnorm), each tail computed directly; quantile by Wichura's AS 241 (1988; as R's qnorm). Both agree
 * with R to about 1e-16 relative, the cdf from x = -37.5 to 37.5 (beyond that the smaller tail is
 * subnormal or 0, as in R) and the quantile for p down to 1e-300.
 */
export const normal = {
  /**
   * Phi(x) = P(Z <= x), as R's pnorm(x).
   * @throws {RangeError} if x is NaN
   * @example normal.cdf(-5) // 2.866515718791939e-7
   */
  cdf(x: number): number {
    assertNumber('normal.cdf', 'x', x);
    return normalTails(x).lower;
  },
  /**
   * 1 - Phi(x) = P(Z > x), computed directly (not as 1 - cdf), as R's pnorm(x, lower.tail = FALSE).
   * @example normal.sf(10) // 7.619853024160527e-24
   */
  sf(x: number): number {
    assertNumber('normal.sf', 'x', x);
    return normalTails(x).upper;
  },
  /**
   * The quantile Phi^-1(p), as R's qnorm(p). quantile(0) = -Infinity, quantile(1) = Infinity.
   * @throws {RangeError} if p is outside [0, 1]
   * @example normal.quantile(0.975) // 1.9599639845400536
   */
  quantile(p: number): number {
    assertProbability('normal.quantile', 'p', p);
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return normalQuantileOpen(p);
  },
  /**
   * The density exp(-x^2/2) / sqrt(2 pi), as R's dnorm(x).
   * @example normal.pdf(0) // 0.3989422804014327
   */
  pdf(x: number): number {
    assertNumber('normal.pdf', 'x', x);
    return normalDensity(x);
  },
};
