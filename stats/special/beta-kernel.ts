import { devianceTerm } from './deviance-term';
import { stirlingError } from './stirling-error';

const LN_SQRT_2PI = 0.9189385332046728; // log(sqrt(2 pi))

/**
 * log of x^a y^b / B(a, b), the prefactor of the regularized incomplete beta function (y = 1 - x passed
 * separately so that neither is rounded by a subtraction). It equals log(x (1 - x) f(x)) for the
 * Beta(a, b) density f, which makes it the derivative of I_x(a, b) with respect to logit(x).
 *
 * Computed as Loader's saddle-point binomial term at "x = a successes in n = a + b trials" (Loader 2000;
 * the route of TOMS 708's `brcomp`, Didonato & Morris 1992):
 * delta(a + b) - delta(a) - delta(b) - bd0(a, (a + b) x) - bd0(b, (a + b) y) - log sqrt(2 pi) + (1/2) log(ab / (a + b)),
 * with delta = `stirlingError`, bd0 = `devianceTerm`. Prefactors built from log-gamma values lose about
 * 1e-9 relative at shapes of 10^6; this one stays near 1e-14. Every term is written in a and b
 * themselves: forming b as (a + b) - a, or log(b / (a + b)) as log1p(-a / (a + b)), costs 5e-11 at a = 5e5, b = 0.5.
 *
 * @example Math.exp(logBetaKernel(0.5, 0.5, 2, 3)) // 0.37500000000000006 (= 0.5^2 * 0.5^3 * 12)
 */
export function logBetaKernel(x: number, y: number, a: number, b: number): number {
  const sum = a + b;
  const exponent =
    stirlingError(sum) - stirlingError(a) - stirlingError(b) - devianceTerm(a, sum * x) - devianceTerm(b, sum * y);
  return exponent - LN_SQRT_2PI + 0.5 * (Math.log(a) + Math.log(b) - Math.log(sum));
}
