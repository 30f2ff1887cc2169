/**
 * log(C(m, k) / C(n, k)) for 0 <= k <= m <= n, as a sum of logarithms of ratios that never
 * cancels: the shared kernel of pass@k and pass^k.
 *
 * Two equal products (Chen et al. 2021, appendix): C(m, k)/C(n, k) = prod_{i=0}^{k-1} (m - i)/(n - i)
 * = prod_{i=m+1}^{n} (i - k)/i; the shorter one is used (min(k, n - m) factors). Each factor f = a/b is
 * taken as log1p(-(b - a)/b) when f >= 1/2 (exact integers b - a and b, so no cancellation) and as
 * log(a/b) otherwise (|log f| >= log 2, so the rounding of a/b costs at most 1.6 eps relative). The
 * terms all have the same sign and are added with Neumaier's compensated sum, so the result is
 * accurate to a few ulps for n up to 1e5 and beyond.
 *
 * Internal helper (not exported from stats/index.ts).
 * @returns a number <= 0; -Infinity when m < k (C(m, k) = 0)
 */
export function logBinomialRatio(n: number, m: number, k: number): number {
  if (k === 0 || m === n) return 0;
  if (m < k) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  let compensation = 0;
  const add = (numerator: number, denominator: number): void => {
    const gap = denominator - numerator;
    const term = 2 * gap <= denominator ? Math.log1p(-gap / denominator) : Math.log(numerator / denominator);
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  };
  if (k <= n - m) {
    for (let i = 0; i < k; i++) add(m - i, n - i);
  } else {
    for (let i = m + 1; i <= n; i++) add(i - k, i);
  }
  return sum + compensation;
}
