import { beta } from './distributions/beta';
import { binomial } from './distributions/binomial';
import { findRoot } from './find-root';
import type { IntervalResult, PairedTable } from './types';
import { assertDiscordantTable, assertOneOf, assertOpenProbability, assertOptions } from './validate';

/** The interval methods of {@link pairedOddsRatio}. */
export type PairedOddsRatioMethod = 'exact' | 'mid-p';

const METHODS: readonly PairedOddsRatioMethod[] = ['exact', 'mid-p'];

/** Options of {@link pairedOddsRatio}. */
export interface PairedOddsRatioOptions {
  /** Clopper-Pearson limits (`exact`) or mid-p limits (`mid-p`) on θ = n01 / (n10 + n01). @default 'exact' */
  readonly method?: PairedOddsRatioMethod;
  /** Two-sided confidence level, strictly between 0 and 1. @default 0.95 */
  readonly confidence?: number;
}

const expit = (logit: number): number => 1 / (1 + Math.exp(-logit));

/**
 * P[X > x] + ½ P[X = x] for X ~ Binomial(m, θ), θ = expit(logit): increasing in the logit. Above θ = ½ it
 * is evaluated on m - X ~ Binomial(m, 1 - θ) with 1 - θ = expit(-logit), so θ near 1 keeps full precision.
 */
function midPUpperTail(x: number, m: number, logit: number): number {
  if (logit <= 0) {
    const theta = expit(logit);
    return binomial.sf(x, m, theta) + binomial.pmf(x, m, theta) / 2;
  }
  const rest = expit(-logit);
  const below = x === m ? 0 : binomial.cdf(m - x - 1, m, rest);
  return below + binomial.pmf(m - x, m, rest) / 2;
}

/**
 * The lower limit of the odds θ/(1 - θ) given x of m (x >= 1). `exact`: θ = B⁻¹(α/2; x, m - x + 1), with 1 - θ
 * taken from the complementary quantile when θ > ½ so that the odds keep their precision. `mid-p`: the root of
 * P[X > x] + ½ P[X = x] = α/2, solved on the logit scale (the odds are exp(logit)).
 */
function lowerOdds(x: number, m: number, alpha: number, method: PairedOddsRatioMethod): number {
  if (x === 0) return 0;
  if (method === 'exact') {
    const theta = beta.quantile(alpha / 2, x, m - x + 1);
    if (theta <= 0.5) return theta / (1 - theta);
    return theta / beta.quantile(1 - alpha / 2, m - x + 1, x);
  }
  const f = (logit: number) => midPUpperTail(x, m, logit) - alpha / 2;
  let low = -1;
  let high = 1;
  while (f(low) > 0) low *= 2;
  while (f(high) < 0) high *= 2;
  return Math.exp(findRoot(f, low, high, { tolerance: 1e-13 }));
}

/**
 * Conditional (McNemar) odds ratio of a paired 2x2 table, n01 / n10: above 1 the candidate passes items the
 * baseline fails more often than the reverse. Conditionally on the m = n10 + n01 discordant pairs,
 * n01 ~ Binomial(m, θ) with odds ratio θ/(1 - θ); a confidence interval for θ mapped by θ/(1 - θ) is one for
 * the odds ratio (Breslow & Day 1980, §5.2).
 *
 * - `exact` (default): Clopper-Pearson limits [B⁻¹(α/2; n01, n10 + 1), B⁻¹(1 - α/2; n01 + 1, n10)]; as
 *   `exact2x2::mcnemar.exact` (central interval), whose b/c is n01/n10 when the candidate is its first variable;
 *   the estimate is the sample ratio n01/n10, the conditional MLE.
 * - `mid-p`: the central mid-p limits, roots of P[X >= n01] - ½ P[X = n01] = α/2 (lower) and
 *   P[X <= n01] - ½ P[X = n01] = α/2 (upper), X ~ Binomial(m, θ), as `exactci::binom.exact(midp = TRUE)`,
 *   solved to about 1e-13 on the logit scale (exact2x2 solves them loosely).
 *
 * n01 = 0: estimate and lower limit 0. n10 = 0: estimate and upper limit Infinity. No discordant pairs:
 * estimate NaN (R: NA), interval [0, Infinity].
 *
 * @throws {TypeError} if `table` or `options` is not an object, or a cell is not a number
 * @throws {RangeError} if n10 or n01 (or n11 or n00, when given) is not a non-negative integer, `confidence` is
 *   outside (0, 1) or `method` is unknown
 * @example pairedOddsRatio({ n11: 40, n10: 5, n01: 20, n00: 35 }) // { estimate: 4, lower: 1.45678..., upper: 13.63883..., confidence: 0.95, method: 'exact' }
 */
export function pairedOddsRatio(
  table: PairedTable,
  options: PairedOddsRatioOptions = {},
): IntervalResult<PairedOddsRatioMethod> {
  const fn = 'pairedOddsRatio';
  assertDiscordantTable(fn, table);
  assertOptions(fn, options);
  const { method = 'exact', confidence = 0.95 } = options;
  const { n10, n01 } = table;
  assertOneOf(fn, 'method', method, METHODS);
  assertOpenProbability(fn, 'confidence', confidence);

  const m = n10 + n01;
  if (m === 0) return { estimate: Number.NaN, lower: 0, upper: Number.POSITIVE_INFINITY, confidence, method };
  const alpha = 1 - confidence;
  // The upper limit for n01 of m is the reciprocal of the lower limit for n10 of m (swap the roles).
  const upperReciprocal = lowerOdds(n10, m, alpha, method);
  return {
    estimate: n10 === 0 ? Number.POSITIVE_INFINITY : n01 / n10,
    lower: lowerOdds(n01, m, alpha, method),
    upper: upperReciprocal === 0 ? Number.POSITIVE_INFINITY : 1 / upperReciprocal,
    confidence,
    method,
  };
}
