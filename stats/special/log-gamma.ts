import { stirlingError } from './stirling-error';

const LN_SQRT_2PI = 0.9189385332046728; // log(sqrt(2 pi))

/**
 * log Gamma(x) for real x > 0, written through Stirling's formula with Loader's error term:
 * log Gamma(x) = log sqrt(2 pi) + (x - 1/2) log x - x + delta(x), delta = `stirlingError`
 * (since Gamma(x) = Gamma(x + 1) / x). Absolute error about 1e-15 times max(1, |log Gamma(x)|).
 *
 * Where two log-gamma values would be subtracted (binomial coefficients, the beta function), use
 * `logBeta` or the saddle-point terms instead: they never form the large intermediate values.
 *
 * @param x a real number > 0 (callers check)
 * @example logGamma(5) // 3.178053830347945 (= log 24)
 */
export function logGamma(x: number): number {
  if (x < 1) return logGamma(x + 1) - Math.log(x);
  return LN_SQRT_2PI + (x - 0.5) * Math.log(x) - x + stirlingError(x);
}
