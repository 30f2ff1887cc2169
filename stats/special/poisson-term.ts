import { devianceTerm } from './deviance-term';
import { stirlingError } from './stirling-error';

const LN_2PI = 1.8378770664093456; // log(2 pi)

/**
 * log of the Poisson term lambda^x e^(-lambda) / Gamma(x + 1) for real x >= 0, lambda >= 0: Loader's
 * saddle-point `dpois_raw` (Loader 2000) in log space,
 * log f = -delta(x) - bd0(x, lambda) - (1/2) log(2 pi x), with delta = `stirlingError` and
 * bd0 = `devianceTerm`. It is the prefactor of the regularized incomplete gamma function (as in R's
 * pgamma, Welinder 2005): P(a, x) = exp(logPoissonTerm(a, x)) * (1 + x / (a + 1) + ...).
 *
 * @param x a real number >= 0
 * @param lambda a real number >= 0
 * @example Math.exp(logPoissonTerm(2, 2)) // 0.27067056647322546 (= 2 e^-2)
 */
export function logPoissonTerm(x: number, lambda: number): number {
  if (lambda === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (x === 0) return -lambda;
  return -stirlingError(x) - devianceTerm(x, lambda) - 0.5 * (LN_2PI + Math.log(x));
}
