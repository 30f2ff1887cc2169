/**
 * The error of Stirling's formula for n!, delta(n) = log Gamma(n + 1) - [log sqrt(2 pi) + (n + 1/2) log n - n],
 * for real n > 0. It is Loader's `stirlerr` (Loader 2000, "Fast and accurate computation of binomial
 * probabilities"): the saddle-point terms of dbinom/dpois are built from it so that no two large
 * log-gamma values are ever subtracted (at n = 10^6, log Gamma(n) is 1.3e7 and a difference of two of
 * them carries an absolute error near 1e-9, which is the relative error of the result).
 *
 * For n >= 15 the asymptotic Stirling series 1/(12n) - 1/(360n^3) + 1/(1260n^5) - ... (Abramowitz & Stegun
 * 6.1.41) is used; below 15 the recurrence delta(n) = delta(n + 1) + (n + 1/2) log1p(1/n) - 1 carries the value
 * down, each step adding an absolute error of about one ulp (the series' own truncation error at n = 15 is
 * below 1e-19).
 *
 * @param n a real number > 0 (callers check)
 * @example stirlingError(1) // 0.0810614667953269 (= 1 - log sqrt(2 pi))
 */
export function stirlingError(n: number): number {
  let correction = 0;
  let m = n;
  while (m < 15) {
    correction += (m + 0.5) * Math.log1p(1 / m) - 1;
    m += 1;
  }
  return correction + stirlingSeries(m);
}

/** Bernoulli-number coefficients B_{2k} / (2k (2k - 1)) of the Stirling series, k = 1..8. */
const SERIES = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];

function stirlingSeries(n: number): number {
  const nn = 1 / (n * n);
  let sum = 0;
  for (let k = SERIES.length - 1; k >= 0; k--) sum = sum * nn + SERIES[k]!;
  return sum / n;
}
