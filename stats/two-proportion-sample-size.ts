import { normal } from './distributions/normal';
import { findRoot } from './find-root';
import {
  assertTwoProportionRates,
  TWO_PROPORTION_POWER_METHODS,
  type TwoProportionPowerMethod,
  twoProportionPowerUnchecked,
} from './two-proportion-power';
import { assertOneOf, assertOpenProbability, assertOptions } from './validate';

/** Options of {@link twoProportionSampleSize}. */
export interface TwoProportionSampleSizeOptions {
  /** Pass rate of group 1 (the baseline), in [0, 1]. */
  readonly p1: number;
  /** Pass rate of group 2 (the candidate), in [0, 1]; must differ from p1. */
  readonly p2: number;
  /** Two-sided significance level. @default 0.05 */
  readonly alpha?: number;
  /** Target power. @default 0.8 */
  readonly power?: number;
  /** As in `twoProportionPower`. @default 'pooled' */
  readonly method?: TwoProportionPowerMethod;
}

/** The result of {@link twoProportionSampleSize}: items per group. */
export interface TwoProportionSampleSize {
  /** Items per group, rounded up. */
  readonly n: number;
  /** The n per group at which the power equals the target exactly. */
  readonly nUnrounded: number;
}

/**
 * Items per group that a two-sided test of two independent proportions needs to reach a power: the n
 * where `twoProportionPower` equals the target, and that n rounded up.
 *
 * - `pooled` (default): R power.prop.test(p1, p2, sig.level, power, strict = FALSE)$n. Its power is one
 *   normal tail, so the root has the closed form
 *   n = [z_{1-alpha/2} sqrt(2 pbar (1 - pbar)) + z_{power} sqrt(p1 q1 + p2 q2)]^2 / (p1 - p2)^2 (Fleiss,
 *   Levin & Paik 2003, ch. 4, without the continuity correction), exact where R's uniroot stops at
 *   about 1e-4.
 * - `arcsine`: the root of pwr.2p.test's two-tailed power in n (pwr::pwr.2p.test(h, power, sig.level)$n),
 *   solved by Brent's method to about 1e-12 relative; bracketed by the one-tail closed form
 *   2 ((z_{1-alpha/2} + z_{power}) / h)^2, at which the two-tailed power already exceeds the target.
 *
 * @throws {RangeError} if p1 = p2, a rate or level is out of range, (arcsine) power <= alpha, or (pooled) power is
 *   at or below the power as n approaches 0 (below alpha / 2)
 * @example twoProportionSampleSize({ p1: 0.5, p2: 0.75 }) // { n: 58, nUnrounded: 57.67343673890837 } (R power.prop.test: 57.67343673890836)
 */
export function twoProportionSampleSize(options: TwoProportionSampleSizeOptions): TwoProportionSampleSize {
  const fn = 'twoProportionSampleSize';
  assertOptions(fn, options);
  if (options === undefined) throw new TypeError(`${fn}: \`options\` must be an object { p1, p2 }, got undefined`);
  const { p1, p2, alpha = 0.05, power = 0.8, method = 'pooled' } = options;
  assertOpenProbability(fn, 'alpha', alpha);
  assertOpenProbability(fn, 'power', power);
  assertOneOf(fn, 'method', method, TWO_PROPORTION_POWER_METHODS);
  assertTwoProportionRates(fn, p1, p2, method);
  if (p1 === p2) {
    throw new RangeError(
      `${fn}: \`p1\` and \`p2\` must differ, got ${p1} and ${p2} (no sample size detects no difference)`,
    );
  }
  const zAlpha = -normal.quantile(alpha / 2);
  const zPower = normal.quantile(power);
  let nUnrounded: number;
  if (method === 'pooled') {
    const sd = Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
    const root = zAlpha * Math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2)) + zPower * sd;
    // root <= 0: the power exceeds the target at every n > 0 (it tends to its floor as n -> 0), so squaring the
    // root would return an n whose power is not the target. R's uniroot fails here too.
    if (root <= 0) {
      throw new RangeError(
        `${fn}: \`power\` (${power}) must exceed ${normal.cdf((zPower * sd - root) / sd)}, the power of the pooled test as n approaches 0`,
      );
    }
    nUnrounded = (root / (p1 - p2)) ** 2;
  } else {
    if (power <= alpha) {
      throw new RangeError(
        `${fn}: \`power\` (${power}) must exceed \`alpha\` (${alpha}) for the arcsine method (its power exceeds alpha at every n)`,
      );
    }
    const h = 2 * Math.asin(Math.sqrt(p2)) - 2 * Math.asin(Math.sqrt(p1));
    const upper = 2 * ((zAlpha + Math.max(0, zPower)) / h) ** 2;
    const excess = (n: number) => twoProportionPowerUnchecked(n, p1, p2, alpha, method) - power;
    nUnrounded = findRoot(excess, Number.MIN_VALUE, Math.max(upper, Number.MIN_VALUE), { tolerance: 1e-14 });
  }
  return { n: Math.ceil(nUnrounded), nUnrounded };
}
