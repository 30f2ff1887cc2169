import { connorPower } from './connor-power';
import { findRoot } from './find-root';
import {
  assertOpenProbability,
  assertOptions,
  assertPositive,
  assertPositiveInteger,
  assertProbability,
} from './validate';

/** Options of {@link clusteredMcNemarDetectableDifference}. */
export interface ClusteredMcNemarDetectableDifferenceOptions {
  /** Number of pairs over all clusters, an integer >= 1. */
  readonly n: number;
  /** Probability that a pair is discordant, d = p10 + p01, in (0, 1]. */
  readonly discordance: number;
  /** As in `clusteredMcNemarPower`: > 0, no default. */
  readonly designEffect: number;
  /** Two-sided significance level. @default 0.05 */
  readonly alpha?: number;
  /** Power at which the difference is detected. @default 0.8 */
  readonly power?: number;
}

/**
 * Minimum detectable difference of a clustered McNemar test at n pairs: the smallest |p01 - p10| (difference in
 * pass rates, either direction) that `clusteredMcNemarPower` (Connor's power at n / designEffect effective
 * pairs) detects with the given power, holding the discordance d = p10 + p01 fixed. The root of
 * power(delta) = target on [0, d] by Brent's method (`findRoot`), as `mcnemarDetectableDifference`'s `connor`
 * at a non-integer effective n. 0 when even delta = 0 reaches the target; Infinity when not even delta = d does.
 *
 * @throws {TypeError} if `options` is not an object
 * @throws {RangeError} on an out-of-range argument (naming it)
 * @example clusteredMcNemarDetectableDifference({ n: 1000, discordance: 0.15, designEffect: 2 }) // 0.048410503741... (= mcnemarDetectableDifference at n = 500)
 */
export function clusteredMcNemarDetectableDifference(options: ClusteredMcNemarDetectableDifferenceOptions): number {
  const fn = 'clusteredMcNemarDetectableDifference';
  assertOptions(fn, options);
  if (options === undefined) {
    throw new TypeError(`${fn}: \`options\` must be an object { n, discordance, designEffect }, got undefined`);
  }
  const { n, discordance, designEffect, alpha = 0.05, power = 0.8 } = options;
  assertPositiveInteger(fn, 'n', n);
  assertProbability(fn, 'discordance', discordance);
  if (discordance === 0) throw new RangeError(`${fn}: \`discordance\` must be greater than 0, got 0`);
  assertPositive(fn, 'designEffect', designEffect);
  assertOpenProbability(fn, 'alpha', alpha);
  assertOpenProbability(fn, 'power', power);
  const effective = n / designEffect;
  const powerAt = (delta: number): number =>
    connorPower(
      effective,
      Math.max(0, (discordance - delta) / 2),
      Math.min(discordance, (discordance + delta) / 2),
      alpha,
    );
  if (powerAt(0) >= power) return 0;
  if (powerAt(discordance) < power) return Number.POSITIVE_INFINITY;
  return findRoot((delta) => powerAt(delta) - power, 0, discordance, { tolerance: 1e-12 });
}
