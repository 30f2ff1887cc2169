import type { ConcaveFunction } from './concave-maximum';
import { binomial } from './distributions/binomial';
import { logIntegralOfExpConcave } from './log-integral-of-exp-concave';

/** Which side a one-sided sequential test bets on: `less` tests H0 d >= c against d < c, `greater` H0 d <= c against d > c. */
export type SequentialAlternative = 'less' | 'greater';

/** Sufficient statistics of paired binary outcomes: differences D = candidate - baseline in {-1, 0, 1}. */
export interface BinaryDifferenceCounts {
  readonly kind: 'binary';
  /** Pairs with D = +1 (baseline fails, candidate passes). */
  readonly n01: number;
  /** Pairs with D = -1 (baseline passes, candidate fails). */
  readonly n10: number;
  /** Pairs with D = 0 (n11 + n00). */
  readonly nTied: number;
}

/** Sufficient statistics of paired bounded scores: count, mean and sum of squared deviations of D. */
export interface BoundedDifferenceMoments {
  readonly kind: 'bounded';
  readonly n: number;
  readonly mean: number;
  readonly sumSquaredDeviations: number;
  /** R = hi - lo, the width of the range of D (twice the width of the scores' range). */
  readonly range: number;
}

/** Largest bet of the bounded-score e-value, as a fraction of 1 / R (see below). */
const BOUNDED_MAX_BET = 0.5;

/**
 * log of the e-value of one one-sided sequential test of the mean paired difference d = E[D] at the null value c:
 * a mixture, over a uniform prior on the bet, of the wealths of constant bets (Waudby-Smith & Ramdas 2024, JRSS-B
 * 86(1):1-27, the capital process K_n(c) = Π (1 + λ (D_i - c)); mixing constant bets over a prior is Robbins'
 * (1970) method of mixtures, Cover's (1991) universal portfolio, and the continuous form of the "diversified
 * Kelly" average of confseq's `dKelly_cs`). Each constant-bet wealth is a nonnegative supermartingale under the
 * null (every factor has conditional mean <= 1), so is their mixture, and Ville's inequality gives
 * P(sup_n E_n >= 1/a) <= a under the null, at every n at once: valid under continuous monitoring and optional
 * stopping.
 *
 * Binary (`greater`, H0 d <= c; bets λ = u / (c + 1), u in [0, 1], so every factor stays >= 0 at D = -1):
 *
 *   E_n(c) = ∫_0^1 (1 + u (1 - c)/(1 + c))^n01 (1 - u c/(1 + c))^nTied (1 - u)^n10 du.
 *
 * At c = 0 this is the conjugate Beta(1, 1) mixture likelihood ratio on the discordant pairs (q = (1 + u)/2 is
 * P(D = +1 | D != 0); Robbins 1970, Howard et al. 2021 Ann. Statist. 49(2):1055-1080, their beta-binomial
 * mixture with g = h = 1, one-sided), in closed form with m = n01 + n10:
 *
 *   E_n(0) = 2^(m+1) B(n01 + 1, n10 + 1) P[Bin(m + 1, 1/2) <= n01] = 2 P[Bin(m + 1, 1/2) <= n01] / ((m + 1) P[Bin(m, 1/2) = n01]),
 *
 * which depends on the discordant pairs only (tied pairs leave it unchanged), as McNemar's test does. `less` (H0
 * d >= c) is the mirror image: D -> -D, c -> -c.
 *
 * Bounded scores (`greater`): with y_i = (D_i - c)/R in [-1, 1], S = Σ y_i, V = Σ y_i², Fan, Grama & Liu's
 * (2015, Electron. J. Probab. 20(1), Prop. 4.1; used by Howard et al. 2021 and Waudby-Smith & Ramdas 2024 for their
 * empirical-Bernstein sequences) inequality log(1 + u y) >= u y + y² (log(1 - u) + u) for y >= -1, u in [0, 1)
 * bounds every factor 1 + u y_i from below, so exp(u S + V (log(1 - u) + u)) is a supermartingale too, and
 *
 *   E_n(c) = 2 ∫_0^(1/2) exp(u S + V (log(1 - u) + u)) du,
 *
 * a function of n, the mean and the sum of squared deviations only (S = n (mean - c)/R,
 * V = (SS + n (mean - c)²)/R²). Bets stop at u = 1/2 (λ = 1/(2R)), the truncation confseq's `betting_mart`
 * uses by default; below u ≈ 0.58 every integrand falls as c rises, so the e-value is monotone in c and the
 * confidence sequence an interval.
 *
 * Computed by `logIntegralOfExpConcave` (every log-integrand above is concave in u); the binary c = 0 case by the
 * closed form. Internal helper of the sequential functions (arguments unchecked; c strictly inside the range).
 *
 * @example bettingLogEValue({ kind: 'binary', n01: 12, n10: 2, nTied: 86 }, 0, 'greater') // 3.1745985392498692 (confseq beta_binomial_log_mixture: 3.1745985392498683)
 */
export function bettingLogEValue(
  statistics: BinaryDifferenceCounts | BoundedDifferenceMoments,
  nullValue: number,
  alternative: SequentialAlternative,
): number {
  if (statistics.kind === 'binary') {
    const up = alternative === 'greater';
    const c = up ? nullValue : -nullValue;
    const wins = up ? statistics.n01 : statistics.n10;
    const losses = up ? statistics.n10 : statistics.n01;
    if (c === 0) {
      const m = wins + losses;
      if (m === 0) return 0;
      // 2^(m+1) B(a + 1, b + 1) = 2 / ((m + 1) P[Bin(m, 1/2) = a]): Loader's pmf, rather than m log 2 and
      // log B, which cancel (both about 4e4 at 6e4 pairs, losing 1e-12).
      return Math.LN2 - Math.log(m + 1) - binomial.logPmf(wins, m, 0.5) + binomial.logCdf(wins, m + 1, 0.5);
    }
    return logIntegralOfExpConcave(
      productOfPowers([wins, statistics.nTied, losses], [(1 - c) / (1 + c), -c / (1 + c), -1]),
      0,
      1,
    ).logIntegral;
  }
  const { n, mean, sumSquaredDeviations, range } = statistics;
  if (n === 0) return 0;
  const shift = mean - nullValue;
  const s = ((alternative === 'greater' ? n : -n) * shift) / range;
  const v = (sumSquaredDeviations + n * shift * shift) / (range * range);
  const integrand: ConcaveFunction = {
    value: (u) => u * s + v * (Math.log1p(-u) + u),
    slope: (u) => s - (v * u) / (1 - u),
    curvature: (u) => -v / ((1 - u) * (1 - u)),
  };
  return Math.log(1 / BOUNDED_MAX_BET) + logIntegralOfExpConcave(integrand, 0, BOUNDED_MAX_BET).logIntegral;
}

/** u -> Σ counts[k] log(1 + u y[k]) and its derivatives, skipping empty counts (so 0 log 0 never arises). */
function productOfPowers(counts: readonly number[], ys: readonly number[]): ConcaveFunction {
  const k = counts.filter((count) => count > 0).length;
  const n = new Float64Array(k);
  const y = new Float64Array(k);
  for (let i = 0, j = 0; i < counts.length; i++) {
    if (counts[i]! > 0) {
      n[j] = counts[i]!;
      y[j++] = ys[i]!;
    }
  }
  return {
    value(u) {
      let total = 0;
      for (let i = 0; i < k; i++) total += n[i]! * Math.log1p(u * y[i]!);
      return total;
    },
    slope(u) {
      let total = 0;
      for (let i = 0; i < k; i++) total += (n[i]! * y[i]!) / (1 + u * y[i]!);
      return total;
    },
    curvature(u) {
      let total = 0;
      for (let i = 0; i < k; i++) {
        const r = y[i]! / (1 + u * y[i]!);
        total -= n[i]! * r * r;
      }
      return total;
    },
  };
}
