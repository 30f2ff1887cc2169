import { incompleteGamma } from '../special/incomplete-gamma';
import { logGamma } from '../special/log-gamma';
import { logPoissonTerm } from '../special/poisson-term';
import { normalQuantileOpen } from './normal-quantile';
import { solveLogTail } from './solve-log-tail';

/**
 * The chi-square quantile x with P(X <= x) = p for p in (0, 1), df > 0.
 *
 * Start (Best & Roberts 1975, AS 91): Wilson & Hilferty's (1931) cube-root normal approximation
 * x = df (1 - 2/(9 df) + z sqrt(2/(9 df)))^3, or, where that fails (small df far in the lower tail,
 * df < -1.24 log p), the small-x series x = 2 (p Gamma(df/2 + 1))^(2/df). Then Newton's method on
 * v = log x for the log of the smaller tail (`solveLogTail`): d log P / d log x = (x/2)^a e^(-x/2) / (Gamma(a) P),
 * a = df/2, with the Poisson term from Loader's saddle point. jstat's `chisquare.inv` met rel 1e-10 on the 8
 * golden cases (worst 1.3e-11) but inverts a cdf that loses the upper tail, so it is not used.
 */
export function chiSquaredQuantileOpen(p: number, df: number): number {
  const a = 0.5 * df;
  const lowerHalf = p <= 0.5;
  const logTarget = lowerHalf ? Math.log(p) : Math.log1p(-p);
  // Below the smallest double the answer rounds to 0 (df = 1, p = 1e-300: x = 0).
  if (lowerHalf && incompleteGamma(a, Number.MIN_VALUE).logLower >= logTarget) return 0;
  const z = normalQuantileOpen(p);
  const c = 2 / (9 * df);
  const wilsonHilferty = df * (1 - c + z * Math.sqrt(c)) ** 3;
  const smallX = 2 * Math.exp((Math.log(p) + logGamma(a + 1)) / a);
  const start = df < -1.24 * Math.log(p) || !(wilsonHilferty > 0) ? smallX : wilsonHilferty;
  const root = solveLogTail(
    (logX) => {
      const half = 0.5 * Math.exp(logX);
      const tails = incompleteGamma(a, half);
      const logDensityTerm = Math.log(a) + logPoissonTerm(a, half);
      return lowerHalf
        ? { logTail: tails.logLower, slope: Math.exp(logDensityTerm - tails.logLower) }
        : { logTail: tails.logUpper, slope: -Math.exp(logDensityTerm - tails.logUpper) };
    },
    logTarget,
    { start: Math.log(start), lower: -745, upper: 709, increasing: lowerHalf },
  );
  return Math.exp(root.at) * Math.exp(-root.step);
}
