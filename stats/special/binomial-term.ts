import { devianceTerm } from './deviance-term';
import { stirlingError } from './stirling-error';

const LN_2PI = 1.8378770664093456; // log(2 pi)

/**
 * log of the binomial term C(n, x) p^x q^(n - x), with C(n, x) = Gamma(n + 1) / (Gamma(x + 1) Gamma(n - x + 1)),
 * for real 0 <= x <= n and q = 1 - p passed separately (so that a caller holding an exact 1 - p loses
 * nothing). This is Loader's saddle-point `dbinom_raw` (Loader 2000, "Fast and accurate computation of
 * binomial probabilities"), in log space:
 * log f = delta(n) - delta(x) - delta(n - x) - bd0(x, np) - bd0(n - x, nq) - (1/2) log(2 pi x (n - x) / n),
 * with delta = `stirlingError` and bd0 = `devianceTerm`. No log-gamma values are subtracted, so the
 * relative error of exp(log f) stays near 1e-15 at n = 10^7 (the lgamma route loses about n * 1e-16).
 *
 * (`logBetaKernel` is the same expression with x = a, n = a + b, written in a and b so that n - x is exact.)
 *
 * @param x a real number in [0, n]
 * @param n a real number >= 0
 * @param p a probability in [0, 1]
 * @param q 1 - p
 * @example Math.exp(logBinomialTerm(3, 10, 0.5, 0.5)) // 0.1171875000000002 (= 120 / 1024)
 */
export function logBinomialTerm(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (q === 0) return x === n ? 0 : Number.NEGATIVE_INFINITY;
  if (x === 0) {
    if (n === 0) return 0;
    // n log q, through log1p when p is the smaller (so that a rounded q = 1 - p does not enter).
    return n * (p < q ? Math.log1p(-p) : Math.log(q));
  }
  if (x === n) return n * (q < p ? Math.log1p(-q) : Math.log(p));
  if (x < 0 || x > n) return Number.NEGATIVE_INFINITY;
  const exponent =
    stirlingError(n) - stirlingError(x) - stirlingError(n - x) - devianceTerm(x, n * p) - devianceTerm(n - x, n * q);
  return exponent - 0.5 * (LN_2PI + Math.log(x) + Math.log(n - x) - Math.log(n));
}
