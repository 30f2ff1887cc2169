import { binomial } from './distributions/binomial';

/** Up to this many trials the tail is counted exactly (BigInt) and rounded once. */
export const EXACT_COUNT_MAX_TRIALS = 64;

/**
 * Σ_{i <= k} C(m, i) and C(m, k), exactly, for 0 <= k <= m <= {@link EXACT_COUNT_MAX_TRIALS}.
 */
function countBelow(k: number, m: number): { atMost: bigint; at: bigint } {
  const trials = BigInt(m);
  let term = 1n;
  let atMost = 1n;
  for (let i = 0n; i < BigInt(k); i++) {
    term = (term * (trials - i)) / (i + 1n);
    atMost += term;
  }
  return { atMost, at: term };
}

/**
 * Two-sided p-value of the exact binomial test of P(success) = ½ (McNemar's exact test, the sign test), with
 * k = min(successes, failures) of m >= 1 trials and X ~ Binomial(m, ½):
 * `exact` min(1, 2 P[X <= k]) (R binom.test(k, m)), `mid-p` min(1, 2 P[X < k] + P[X = k]).
 *
 * These p-values are dyadic rationals j / 2^(m-1). Up to {@link EXACT_COUNT_MAX_TRIALS} trials the binomial
 * coefficients are summed exactly in BigInt and the ratio rounded once, so 2/32 comes out as exactly 0.0625 and a
 * decision "p <= alpha" at a dyadic alpha (0.5, 0.25, 2^-11) is the one exact arithmetic makes; the
 * incomplete-beta tails of `binomial` are off by an ulp or two (2 P[X <= 0] at m = 2 gave 0.5000000000000002, so
 * the exact power at alpha = 0.5 lost every rejection at m = 2). Beyond, the tails are taken in log space from
 * `binomial.logCdf`, so p keeps full relative precision down to the smallest normal double at 10^7 trials.
 * Internal helper of `mcnemarTest` and `signTest` (arguments unchecked).
 *
 * @example symmetricBinomialPValue(0, 5, 'exact') // 0.0625 (= 2/32)
 */
export function symmetricBinomialPValue(k: number, m: number, method: 'exact' | 'mid-p'): number {
  if (2 * k >= m) return 1; // k is the smaller count: 2 P[X <= k] >= 1
  if (m <= EXACT_COUNT_MAX_TRIALS) {
    const { atMost, at } = countBelow(k, m);
    // Both counts are integers below 2^64; the division by 2^(m-1) is exact.
    const numerator = method === 'exact' ? 2n * atMost : 2n * atMost - at;
    return Math.min(1, Number(numerator) / 2 ** m);
  }
  // Doubled in log space; mid-p as 2 P[X < k] + P[X = k]: no cancellation.
  const pValue =
    method === 'exact'
      ? Math.exp(Math.LN2 + binomial.logCdf(k, m, 0.5))
      : Math.exp(Math.LN2 + binomial.logCdf(k - 1, m, 0.5)) + Math.exp(binomial.logPmf(k, m, 0.5));
  return Math.min(1, pValue);
}
