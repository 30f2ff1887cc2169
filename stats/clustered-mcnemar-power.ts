import { connorPower } from './connor-power';
import { assertDiscordantRates } from './mcnemar-power';
import { assertOpenProbability, assertOptions, assertPositive, assertPositiveInteger } from './validate';

/** Options of {@link clusteredMcNemarPower}. */
export interface ClusteredMcNemarPowerOptions {
  /** Number of pairs (items scored by both variants) over all clusters, an integer >= 1. */
  readonly n: number;
  /** P(baseline passes, candidate fails), in [0, 1]. */
  readonly p10: number;
  /** P(baseline fails, candidate passes), in [0, 1]; p10 + p01 <= 1. */
  readonly p01: number;
  /**
   * Variance of the paired difference under clustering over its variance with independent pairs, > 0: measured
   * by `clusteredDesignEffect` on a pilot, or 1 + (m - 1) rho for clusters of m pairs whose per-pair differences
   * have intra-cluster correlation rho. No default: 1 is `mcnemarPower`.
   */
  readonly designEffect: number;
  /** Two-sided significance level. @default 0.05 */
  readonly alpha?: number;
}

/**
 * Approximate power of a clustered McNemar test (`clusteredMcNemarTest`) at n pairs: Connor's (1987, Biometrics
 * 43:207) normal-approximation power of McNemar's test, both tails, at the effective number of pairs
 * n / designEffect. The design effect is the factor by which clustering inflates the variance of the paired
 * difference, so n clustered pairs carry the information of n / designEffect independent ones (Kish 1965,
 * Survey Sampling; Donner & Klar 2000, Design and Analysis of Cluster Randomization Trials in Health Research,
 * ch. 5, where the same factor inflates the sample size). Connor's formula is a function of the variance of the
 * difference under H0 (d / n) and under H1 ((d - delta^2) / n), d = p10 + p01 and delta = p01 - p10; both are
 * multiplied by designEffect, which assumes one design effect under both. With designEffect = 1 it is
 * `mcnemarPower`'s `connor`.
 *
 * @throws {TypeError} if `options` is not an object
 * @throws {RangeError} if n is not a positive integer, p10 or p01 is outside [0, 1] or they sum above 1,
 *   designEffect is not a finite number above 0, or alpha is not in (0, 1)
 * @example clusteredMcNemarPower({ n: 200, p10: 0.1, p01: 0.2, designEffect: 2 }) // 0.44576537346893... (= mcnemarPower at n = 100)
 */
export function clusteredMcNemarPower(options: ClusteredMcNemarPowerOptions): number {
  const fn = 'clusteredMcNemarPower';
  assertOptions(fn, options);
  if (options === undefined) {
    throw new TypeError(`${fn}: \`options\` must be an object { n, p10, p01, designEffect }, got undefined`);
  }
  const { n, p10, p01, designEffect, alpha = 0.05 } = options;
  assertPositiveInteger(fn, 'n', n);
  assertDiscordantRates(fn, p10, p01);
  assertPositive(fn, 'designEffect', designEffect);
  assertOpenProbability(fn, 'alpha', alpha);
  return connorPower(n / designEffect, p10, p01, alpha);
}
