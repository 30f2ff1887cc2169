import { connorPower } from './connor-power';
import { exactMcNemarPowerModel } from './exact-mcnemar-power-model';
import { findRoot } from './find-root';
import { MCNEMAR_POWER_METHODS, type McNemarPowerMethod } from './mcnemar-power';
import { MCNEMAR_TEST_METHODS, type McNemarTestMethod } from './mcnemar-test';
import {
  assertOneOf,
  assertOpenProbability,
  assertOptions,
  assertPositiveInteger,
  assertProbability,
} from './validate';

/** Options of {@link mcnemarDetectableDifference}. */
export interface McNemarDetectableDifferenceOptions {
  /** Number of pairs, an integer >= 1. */
  readonly n: number;
  /** Probability that a pair is discordant, d = p10 + p01, in (0, 1]. */
  readonly discordance: number;
  /** Two-sided significance level. @default 0.05 */
  readonly alpha?: number;
  /** Power at which the difference is detected. @default 0.8 */
  readonly power?: number;
  /** As in `mcnemarPower`. @default 'connor' */
  readonly method?: McNemarPowerMethod;
  /**
   * `exact` method only: the McNemar test whose exact power is summed (`mcnemarTest`'s methods). Connor's formula
   * is the power of the `score` test (the z test without continuity correction) whichever test is named.
   * @default 'exact'
   */
  readonly test?: McNemarTestMethod;
}

/**
 * Minimum detectable difference of the two-sided McNemar test: the smallest |p01 - p10| (the
 * difference in pass rates, candidate minus baseline, in either direction) that `mcnemarPower`
 * detects with the given power at n pairs, holding the discordance d = p10 + p01 fixed
 * (p10 = (d - delta)/2, p01 = (d + delta)/2).
 *
 * At fixed n and d both powers rise with |delta| (the exact test's rejection region is symmetric, so
 * its conditional power grows with |q - 1/2|), so the answer is the root of power(delta) = target on
 * [0, d], by Brent's method (`findRoot`). 0 when even delta = 0 reaches the target (power <= size);
 * Infinity when not even delta = d (every discordant pair in the candidate's favour) reaches it.
 *
 * @throws {RangeError} on an out-of-range argument (naming it)
 * @example mcnemarDetectableDifference({ n: 500, discordance: 0.15 }) // 0.048410503741... (connor, alpha 0.05, power 0.8)
 */
export function mcnemarDetectableDifference(options: McNemarDetectableDifferenceOptions): number {
  const fn = 'mcnemarDetectableDifference';
  assertOptions(fn, options);
  if (options === undefined)
    throw new TypeError(`${fn}: \`options\` must be an object { n, discordance }, got undefined`);
  const { n, discordance, alpha = 0.05, power = 0.8, method = 'connor', test = 'exact' } = options;
  assertPositiveInteger(fn, 'n', n);
  assertProbability(fn, 'discordance', discordance);
  if (discordance === 0) throw new RangeError(`${fn}: \`discordance\` must be greater than 0, got 0`);
  assertOpenProbability(fn, 'alpha', alpha);
  assertOpenProbability(fn, 'power', power);
  assertOneOf(fn, 'method', method, MCNEMAR_POWER_METHODS);
  assertOneOf(fn, 'test', test, MCNEMAR_TEST_METHODS);
  const powerAt = (delta: number): number => {
    const p10 = Math.max(0, (discordance - delta) / 2);
    const p01 = Math.min(discordance, (discordance + delta) / 2);
    return method === 'connor'
      ? connorPower(n, p10, p01, alpha)
      : exactMcNemarPowerModel(p10, p01, alpha, test).power(n);
  };
  if (powerAt(0) >= power) return 0;
  if (powerAt(discordance) < power) return Number.POSITIVE_INFINITY;
  return findRoot((delta) => powerAt(delta) - power, 0, discordance, { tolerance: 1e-12 });
}
