import { normal } from './distributions/normal';
import { assertOpenProbability, assertOptions, describeValue } from './validate';

/** Options of {@link clusteredProportionInterval}. */
export interface ClusteredProportionIntervalOptions {
  /** Two-sided confidence level, strictly between 0 and 1. @default 0.95 */
  readonly confidence?: number;
}

/** The result of {@link clusteredProportionInterval}. */
export interface ClusteredProportionInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly method: 'wilson-clustered';
  /** Variance of the pass rate with samples clustered by item, over its variance if the samples were independent (at least 1). */
  readonly designEffect: number;
  /** Samples divided by the design effect: the size of a sample of independent trials as informative. */
  readonly effectiveN: number;
}

/**
 * Confidence interval for a pass rate r = sum x_i / sum n_i when the trials come in clusters (several
 * samples of one item, x_i passes of n_i), which are not independent: Wilson's score interval at the effective
 * sample size n_eff = sum n_i / deff (Kish 1965, Survey Sampling, sec. 8.2; the effective-sample-size route of
 * Korn & Graubard 1998, Survey Methodology 24:193, taken with Wilson's interval).
 *
 * The design effect is deff = V_clustered / V_independent with
 * V_clustered = I/(I - 1) sum_i (x_i - r n_i)^2 / (sum n_i)^2, the linearisation (cluster-robust) variance of a
 * ratio over I items, and V_independent = r(1 - r) / sum n_i; it is floored at 1 (Korn & Graubard cap n_eff at
 * n), so clustering never narrows the interval. With one trial per item deff = 1 and the interval is
 * `proportionInterval`'s Wilson interval exactly (no small-sample factor is added); with one item n_eff = 1 (one item is one observation); with
 * r = 0 or 1 deff = 1 (no variance to inflate).
 *
 * @param passes per item, the passes (x_i)
 * @param trials per item, the samples (n_i >= 1), same length
 * @throws {TypeError} if the arrays are not arrays of numbers
 * @throws {RangeError} if their lengths differ, they are empty, a count is not a non-negative integer or x_i > n_i
 * @example clusteredProportionInterval([4, 0, 4, 0], [4, 4, 4, 4]).effectiveN // 4 (four items, each all or nothing)
 */
export function clusteredProportionInterval(
  passes: ArrayLike<number>,
  trials: ArrayLike<number>,
  options: ClusteredProportionIntervalOptions = {},
): ClusteredProportionInterval {
  const fn = 'clusteredProportionInterval';
  assertOptions(fn, options);
  const { confidence = 0.95 } = options;
  assertOpenProbability(fn, 'confidence', confidence);
  for (const [name, values] of [
    ['passes', passes],
    ['trials', trials],
  ] as const) {
    if (typeof values !== 'object' || values === null || typeof values.length !== 'number') {
      throw new TypeError(`${fn}: \`${name}\` must be an array of counts, got ${describeValue(values)}`);
    }
  }
  if (passes.length !== trials.length) {
    throw new RangeError(
      `${fn}: \`passes\` and \`trials\` must have the same length, got ${passes.length} and ${trials.length}`,
    );
  }
  if (passes.length === 0) throw new RangeError(`${fn}: \`passes\` must hold at least one item, got 0`);
  let totalPasses = 0;
  let totalTrials = 0;
  for (let i = 0; i < passes.length; i++) {
    const x = passes[i]!;
    const n = trials[i]!;
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`${fn}: \`trials[${i}]\` must be an integer >= 1, got ${describeValue(n)}`);
    if (!Number.isInteger(x) || x < 0 || x > n) {
      throw new RangeError(
        `${fn}: \`passes[${i}]\` must be an integer in [0, trials[${i}]] (${n}), got ${describeValue(x)}`,
      );
    }
    totalPasses += x;
    totalTrials += n;
  }
  const items = passes.length;
  const r = totalPasses / totalTrials;
  let designEffect = 1;
  // One trial per item: the samples are the items, nothing is clustered (the linearised variance would only add
  // its small-sample factor I/(I - 1), which Wilson's interval does not carry either).
  const repeated = totalTrials > items;
  if (items === 1) designEffect = totalTrials;
  else if (repeated && r > 0 && r < 1) {
    let sum = 0;
    for (let i = 0; i < items; i++) sum += (passes[i]! - r * trials[i]!) ** 2;
    const clustered = ((items / (items - 1)) * sum) / (totalTrials * totalTrials);
    designEffect = Math.max(1, clustered / ((r * (1 - r)) / totalTrials));
  }
  const effectiveN = totalTrials / designEffect;
  const z = -normal.quantile((1 - confidence) / 2);
  const z2n = (z * z) / effectiveN;
  const centre = (r + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((r * (1 - r)) / effectiveN + z2n / (4 * effectiveN))) / (1 + z2n);
  return {
    estimate: r,
    lower: r === 0 ? 0 : Math.max(0, centre - half),
    upper: r === 1 ? 1 : Math.min(1, centre + half),
    confidence,
    method: 'wilson-clustered',
    designEffect,
    effectiveN,
  };
}
