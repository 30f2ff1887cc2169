import { normal } from './distributions/normal';
import { assertOneOf, assertOpenProbability, assertOptions, assertPositive, assertProbability } from './validate';

/** `pooled`: R power.prop.test (strict = FALSE); `arcsine`: pwr.2p.test with Cohen's h. */
export type TwoProportionPowerMethod = 'pooled' | 'arcsine';
/** Every {@link TwoProportionPowerMethod}, for validation. */
export const TWO_PROPORTION_POWER_METHODS: readonly TwoProportionPowerMethod[] = ['pooled', 'arcsine'];

/** Options of {@link twoProportionPower}. */
export interface TwoProportionPowerOptions {
  /** Items per group (may be fractional, as in R). */
  readonly n: number;
  /** Pass rate of group 1 (the baseline), in [0, 1]. */
  readonly p1: number;
  /** Pass rate of group 2 (the candidate), in [0, 1]. */
  readonly p2: number;
  /** Two-sided significance level. @default 0.05 */
  readonly alpha?: number;
  /** @default 'pooled' */
  readonly method?: TwoProportionPowerMethod;
}

/** Check the shared arguments of the two-proportion power functions. */
export function assertTwoProportionRates(fn: string, p1: number, p2: number, method: TwoProportionPowerMethod): void {
  assertProbability(fn, 'p1', p1);
  assertProbability(fn, 'p2', p2);
  if (method === 'pooled' && p1 === p2 && (p1 === 0 || p1 === 1)) {
    throw new RangeError(`${fn}: \`p1\` and \`p2\` must not both be ${p1} (the pooled variance is 0)`);
  }
}

/**
 * Power of a two-sided test of two independent proportions (different items in each arm), n per group.
 *
 * - `pooled` (default), as R power.prop.test(n, p1, p2, sig.level, strict = FALSE):
 *   Phi((sqrt(n) |p1 - p2| - z sqrt(2 pbar (1 - pbar))) / sqrt(p1 (1 - p1) + p2 (1 - p2))), pbar = (p1 + p2)/2,
 *   z = Phi^-1(1 - alpha/2): the pooled-variance z test, counting the tail of the true difference only.
 * - `arcsine`, as pwr::pwr.2p.test (Cohen 1988, ch. 6): with h = 2 asin(sqrt(p2)) - 2 asin(sqrt(p1)),
 *   P[Z > z - |h| sqrt(n/2)] + P[Z < -z - |h| sqrt(n/2)], both tails.
 *
 * @throws {RangeError} if n <= 0, a rate is outside [0, 1], alpha is not in (0, 1), or (pooled) p1 = p2 in {0, 1}
 * @example twoProportionPower({ n: 100, p1: 0.5, p2: 0.75 }) // 0.96001750687... (R power.prop.test(100, 0.5, 0.75)$power)
 */
export function twoProportionPower(options: TwoProportionPowerOptions): number {
  const fn = 'twoProportionPower';
  assertOptions(fn, options);
  if (options === undefined) throw new TypeError(`${fn}: \`options\` must be an object { n, p1, p2 }, got undefined`);
  const { n, p1, p2, alpha = 0.05, method = 'pooled' } = options;
  assertPositive(fn, 'n', n);
  assertOpenProbability(fn, 'alpha', alpha);
  assertOneOf(fn, 'method', method, TWO_PROPORTION_POWER_METHODS);
  assertTwoProportionRates(fn, p1, p2, method);
  return twoProportionPowerUnchecked(n, p1, p2, alpha, method);
}

/** The power formulas, for callers that have checked their arguments (the sample-size solver). */
export function twoProportionPowerUnchecked(
  n: number,
  p1: number,
  p2: number,
  alpha: number,
  method: TwoProportionPowerMethod,
): number {
  const z = -normal.quantile(alpha / 2);
  if (method === 'arcsine') {
    const shift = Math.abs(2 * Math.asin(Math.sqrt(p2)) - 2 * Math.asin(Math.sqrt(p1))) * Math.sqrt(n / 2);
    return normal.sf(z - shift) + normal.cdf(-z - shift);
  }
  const pooled = Math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2));
  const sd = Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const numerator = Math.sqrt(n) * Math.abs(p1 - p2) - z * pooled;
  if (sd === 0) return numerator > 0 ? 1 : 0; // p1 and p2 at opposite ends: every test rejects
  return normal.cdf(numerator / sd);
}
