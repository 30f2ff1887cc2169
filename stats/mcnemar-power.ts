import { connorPower } from './connor-power';
import { exactMcNemarPowerModel } from './exact-mcnemar-power-model';
import { MCNEMAR_TEST_METHODS, type McNemarTestMethod } from './mcnemar-test';
import {
  assertOneOf,
  assertOpenProbability,
  assertOptions,
  assertPositiveInteger,
  assertProbability,
} from './validate';

/** How the power of the two-sided McNemar test is computed, for validation and CLI help. */
export const MCNEMAR_POWER_METHODS = ['connor', 'exact'] as const;
export type McNemarPowerMethod = (typeof MCNEMAR_POWER_METHODS)[number];

/** Options of {@link mcnemarPower}. */
export interface McNemarPowerOptions {
  /** Number of pairs (items scored by both variants), an integer >= 1. */
  readonly n: number;
  /** P(baseline passes, candidate fails) in the population of items, in [0, 1]. */
  readonly p10: number;
  /** P(baseline fails, candidate passes) in the population of items, in [0, 1]; p10 + p01 <= 1. */
  readonly p01: number;
  /** Two-sided significance level. @default 0.05 */
  readonly alpha?: number;
  /** `connor` (normal approximation, both tails) or `exact` (exact summation). @default 'connor' */
  readonly method?: McNemarPowerMethod;
  /**
   * `exact` method only: the McNemar test whose exact power is summed (`mcnemarTest`'s methods). Connor's formula
   * is the power of the `score` test (the z test without continuity correction) whichever test is named.
   * @default 'exact'
   */
  readonly test?: McNemarTestMethod;
}

/** Check a pair of discordant-cell probabilities (shared by the McNemar power functions). */
export function assertDiscordantRates(fn: string, p10: number, p01: number): void {
  assertProbability(fn, 'p10', p10);
  assertProbability(fn, 'p01', p01);
  if (p10 + p01 > 1) {
    throw new RangeError(`${fn}: \`p10\` + \`p01\` (${p10} + ${p01}) must not exceed 1`);
  }
}

/**
 * Power of the two-sided McNemar test at n pairs: the probability that it rejects "no difference"
 * at level alpha, in either direction, when a pair is discordant as (pass, fail) with probability
 * p10 and as (fail, pass) with probability p01. With p10 = p01 it is the test's size.
 *
 * - `connor` (default): Connor (1987, Biometrics 43:207) normal approximation, counting both tails:
 *   Phi((|delta| sqrt(n) - z sqrt(d)) / sqrt(d - delta^2)) + Phi((-|delta| sqrt(n) - z sqrt(d)) / sqrt(d - delta^2)),
 *   d = p10 + p01, delta = p01 - p10, z = Phi^-1(1 - alpha/2). The first term is MESS's
 *   power_mcnemar_test(method = "normal"); the second (the wrong-direction tail) is what "both tails" adds.
 * - `exact`: exact unconditional power of the exact conditional test (`mcnemarTest`'s `exact`, as R
 *   binom.test: reject iff p <= alpha): sum over m of Bin(m; n, d) times P(reject | m discordant pairs),
 *   rejections in either direction, over every m (no error bound). Equals exact2x2's
 *   powerPaired2x2(strict = TRUE) with a tiny errbound (its errbound = 0 drops the tables with n01 = 0);
 *   MESS's exact power admits both tails where only one fits under alpha and overstates it. Saw-toothed in
 *   n (Chernick & Liu 2002, Am Stat 56:149). O(n) distribution calls: n = 1e4 in tens of milliseconds.
 *
 * With no discordant pairs possible (p10 = p01 = 0) the test never rejects: power 0.
 *
 * @throws {RangeError} if n is not a positive integer, p10 or p01 is outside [0, 1] or they sum above 1,
 *   alpha is not in (0, 1), or the method is unknown
 * @example mcnemarPower({ n: 100, p10: 0.1, p01: 0.2 }) // 0.44576537346893... (connor)
 * @example mcnemarPower({ n: 100, p10: 0.1, p01: 0.2, alpha: 0.01, method: 'exact' }) // 0.17512564531102... (R exact2x2: 0.175125645311025)
 */
export function mcnemarPower(options: McNemarPowerOptions): number {
  const fn = 'mcnemarPower';
  assertOptions(fn, options);
  if (options === undefined) throw new TypeError(`${fn}: \`options\` must be an object { n, p10, p01 }, got undefined`);
  const { n, p10, p01, alpha = 0.05, method = 'connor', test = 'exact' } = options;
  assertPositiveInteger(fn, 'n', n);
  assertDiscordantRates(fn, p10, p01);
  assertOpenProbability(fn, 'alpha', alpha);
  assertOneOf(fn, 'method', method, MCNEMAR_POWER_METHODS);
  assertOneOf(fn, 'test', test, MCNEMAR_TEST_METHODS);
  if (method === 'connor') return connorPower(n, p10, p01, alpha);
  return exactMcNemarPowerModel(p10, p01, alpha, test).power(n);
}
