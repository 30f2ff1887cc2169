import { normal } from './distributions/normal';

/** Phi(numerator / sd), with the limits of a zero standard deviation spelled out. */
function normalRatio(numerator: number, sd: number): number {
  if (sd > 0) return normal.cdf(numerator / sd);
  return numerator > 0 ? 1 : numerator < 0 ? 0 : 0.5;
}

/**
 * Connor's (1987, Biometrics 43:207) normal-approximation power of the two-sided McNemar test, both
 * tails: with d = p10 + p01, delta = |p01 - p10| and z = Phi^-1(1 - alpha/2),
 * Phi((delta sqrt(n) - z sqrt(d)) / sqrt(d - delta^2)) + Phi((-delta sqrt(n) - z sqrt(d)) / sqrt(d - delta^2)).
 * 0 when d = 0. Arguments unchecked: internal helper of `mcnemarPower`, `mcnemarSampleSize` and
 * `mcnemarDetectableDifference` (which check them).
 *
 * @example connorPower(100, 0.1, 0.2, 0.05) // 0.44576537346893...
 */
export function connorPower(n: number, p10: number, p01: number, alpha: number): number {
  const discordance = p10 + p01;
  if (discordance === 0) return 0;
  const delta = Math.abs(p01 - p10);
  const z = -normal.quantile(alpha / 2);
  const sd = Math.sqrt(Math.max(0, discordance - delta * delta));
  const shift = z * Math.sqrt(discordance);
  const rootN = Math.sqrt(n);
  return normalRatio(delta * rootN - shift, sd) + normalRatio(-delta * rootN - shift, sd);
}
