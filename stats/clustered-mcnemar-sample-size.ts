import { connorPower } from './connor-power';
import { assertDiscordantRates } from './mcnemar-power';
import { mcnemarSampleSize } from './mcnemar-sample-size';
import { assertOpenProbability, assertOptions, assertPositive } from './validate';

/** Options of {@link clusteredMcNemarSampleSize}. */
export interface ClusteredMcNemarSampleSizeOptions {
  /** P(baseline passes, candidate fails), in [0, 1]. */
  readonly p10: number;
  /** P(baseline fails, candidate passes), in [0, 1]; must differ from p10. */
  readonly p01: number;
  /** As in `clusteredMcNemarPower`: > 0, no default. */
  readonly designEffect: number;
  /** Two-sided significance level. @default 0.05 */
  readonly alpha?: number;
  /** Target power, strictly between 0 and 1. @default 0.8 */
  readonly power?: number;
}

/** The result of {@link clusteredMcNemarSampleSize}. */
export interface ClusteredMcNemarSampleSize {
  /** Number of pairs needed over all clusters (an integer). */
  readonly n: number;
  /** designEffect times Connor's closed-form n, before rounding up. */
  readonly nUnrounded: number;
  /** `clusteredMcNemarPower` at `n`. */
  readonly power: number;
  readonly designEffect: number;
}

/**
 * Number of clustered pairs a clustered McNemar test needs to reach a power: Connor's (1987, Biometrics 43:207)
 * closed form n = [z_{1-alpha/2} sqrt(d) + z_{power} sqrt(d - delta^2)]^2 / delta^2 (d = p10 + p01,
 * delta = p01 - p10; `mcnemarSampleSize`'s `connor`) multiplied by the design effect, the usual inflation of a
 * sample size for clustering (Donner & Klar 2000, Design and Analysis of Cluster Randomization Trials in Health
 * Research, ch. 5), then rounded up. The inverse of `clusteredMcNemarPower`, whose value at `n` is returned. For
 * clusters of m pairs, n / m rounded up is the number of clusters.
 *
 * @throws {TypeError} if `options` is not an object
 * @throws {RangeError} if p10 = p01, a probability is out of range, designEffect is not a finite number above 0,
 *   or the power is at or below Connor's power as n approaches 0
 * @example clusteredMcNemarSampleSize({ p10: 0.05, p01: 0.45, designEffect: 1.8 }) // { n: 40, nUnrounded: 39.6203..., power: 0.80427..., designEffect: 1.8 }
 */
export function clusteredMcNemarSampleSize(options: ClusteredMcNemarSampleSizeOptions): ClusteredMcNemarSampleSize {
  const fn = 'clusteredMcNemarSampleSize';
  assertOptions(fn, options);
  if (options === undefined) {
    throw new TypeError(`${fn}: \`options\` must be an object { p10, p01, designEffect }, got undefined`);
  }
  const { p10, p01, designEffect, alpha = 0.05, power = 0.8 } = options;
  assertDiscordantRates(fn, p10, p01);
  assertPositive(fn, 'designEffect', designEffect);
  assertOpenProbability(fn, 'alpha', alpha);
  assertOpenProbability(fn, 'power', power);
  let independent: number;
  try {
    independent = mcnemarSampleSize({ p10, p01, alpha, power }).nUnrounded!;
  } catch (error) {
    // Its arguments were checked above; what remains (p10 = p01, an unreachable power) is ours to name.
    if (error instanceof RangeError) throw new RangeError(error.message.replace(/^mcnemarSampleSize/, fn));
    throw error;
  }
  const nUnrounded = designEffect * independent;
  const n = Math.max(1, Math.ceil(nUnrounded));
  return { n, nUnrounded, power: connorPower(n / designEffect, p10, p01, alpha), designEffect };
}
