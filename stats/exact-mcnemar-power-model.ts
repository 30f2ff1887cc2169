import { binomial } from './distributions/binomial';
import { type McNemarTestMethod, mcnemarTest } from './mcnemar-test';

/**
 * The exact unconditional power of a McNemar test (`mcnemarTest`'s `exact` by default, or its `mid-p`,
 * `asymptotic` or `score` test), as a function of the number of pairs n (internal helper of `mcnemarPower`,
 * `mcnemarSampleSize` and `mcnemarDetectableDifference`; not exported from stats/index.ts).
 *
 * Given m discordant pairs, n10 ~ Bin(m, q) with q = p10 / (p10 + p01). Each of the four tests depends on the
 * table only through min(n10, n01) and m, and rejects for small min(n10, n01): for the exact test (R
 * binom.test(n10, m)) iff min(1, 2 P[X <= min(n10, m - n10)]) <= alpha, X ~ Bin(m, 1/2); for the score test iff
 * (m - 2 min)^2 / m >= chi2_{1, 1 - alpha}. So it rejects iff min(n10, n01) <= k_m, the largest k whose p-value
 * (`mcnemarTest`'s own) is at most alpha (-1 if none).
 * k_m is found per m from the binomial quantile and settled by the test's own p-value, so only the m whose
 * weight is representable are visited (at n = 10^7 pairs with every pair discordant, one m instead of 10^7).
 * The conditional power is T(m) = P[n10 <= k_m] + P[n10 >= m - k_m], and the
 * power at n pairs is E[T(M)] with M ~ Bin(n, p10 + p01), summed over every m whose binomial weight is
 * representable: the weights are summed outward from the mode until they underflow to 0, so the
 * sum equals the full sum over m = 0..n in floating point (no error bound, no truncated tables as in
 * exact2x2's powerPaired2x2(errbound)).
 */
export interface ExactMcNemarPowerModel {
  /** Exact power at n pairs. */
  power(n: number): number;
  /**
   * A lower bound on every n whose power reaches `target`: E[max_{j <= M} T(j)] is an upper bound on
   * the power that never decreases in n (M grows stochastically with n), so the smallest n where it
   * reaches the target bounds the saw-toothed exact power from below.
   */
  lowerBoundForPower(target: number, maxN: number): number;
  /** Exact power at n, n + 1, ... from n = `from`, by the binomial recursion on the weights, until `stop` says so. */
  scan(from: number, stop: (n: number, power: number) => boolean, maxN: number): number | undefined;
}

/**
 * Build the exact power model for one (p10, p01, alpha); it caches the critical counts and conditional
 * powers it has computed, so a scan over n reuses them. Arguments unchecked (the callers check them).
 * @example exactMcNemarPowerModel(0.1, 0.2, 0.01).power(100) // 0.17512564531102... (R exact2x2: 0.175125645311025)
 */
/** The critical counts k_m of one McNemar test at one alpha: reject iff min(n10, n01) <= k_m (-1: never). */
export interface McNemarCriticalCounts {
  at(m: number): number;
}

/**
 * The critical counts of `test` at `alpha`, computed on demand and kept, so that the power at many (p10, p01)
 * (a minimum detectable difference, a power curve) pays for each m once: k_m does not depend on them. k_m never
 * decreases with m (Bin(m + 1, 1/2) is stochastically larger): a neighbour's k_m is a one-sided start, else the
 * binomial quantile (P[X <= k] <= alpha/2 is 2 P[X <= k] <= alpha) is a start within a step or two; the test's own
 * p-value settles it either way.
 */
export function mcnemarCriticalCounts(alpha: number, test: McNemarTestMethod = 'exact'): McNemarCriticalCounts {
  const rejects = (k: number, m: number): boolean =>
    mcnemarTest({ n10: k, n01: m - k }, { method: test }).pValue <= alpha;
  const criticalAt = new Map<number, number>();
  return {
    at(m) {
      const known = criticalAt.get(m);
      if (known !== undefined) return known;
      const below = criticalAt.get(m - 1);
      const above = criticalAt.get(m + 1);
      let k: number;
      if (m === 0) k = -1;
      else if (below !== undefined) {
        k = below; // rejects at m too
        while (k + 1 < m && rejects(k + 1, m)) k++;
      } else if (above !== undefined) {
        k = Math.min(above, m - 1);
        while (k >= 0 && !rejects(k, m)) k--;
      } else {
        k = Math.min(m - 1, binomial.quantile(alpha / 2, m, 0.5));
        while (k >= 0 && !rejects(k, m)) k--;
        while (k + 1 < m && rejects(k + 1, m)) k++;
      }
      criticalAt.set(m, k);
      return k;
    },
  };
}

/** The weights P[M = m] of M ~ Bin(n, d) discordant pairs among n, by (n, d): `binomial.pmf(m, n, d)`, kept. */
export interface DiscordantPairWeights {
  of(n: number, discordance: number): (m: number) => number;
}

/**
 * Weights computed on demand and kept per (n, d), so that exact powers at many differences sharing one discordance
 * pay for each weight once: a minimum detectable difference below the observed discordance is found by some 11
 * powers at the same n and d (only q = p10 / d moves), and their weights were half the binomial calls of `compare`'s
 * power summary (BENCHMARKS.md, CLI start-up, branch issue-14-startup3). Each weight is `binomial.pmf(m, n, d)` of the
 * same arguments, so every power summed from them is the same to the bit.
 * @example discordantPairWeights().of(10, 0.5)(3) // 0.1171875000000002 (= binomial.pmf(3, 10, 0.5))
 */
export function discordantPairWeights(): DiscordantPairWeights {
  // Keyed by the two numbers as written (a double's shortest round-trip form names it exactly).
  const tables = new Map<string, Map<number, number>>();
  return {
    of(n, discordance) {
      const key = `${n} ${discordance}`;
      const table = tables.get(key) ?? new Map<number, number>();
      tables.set(key, table);
      return (m) => {
        let w = table.get(m);
        if (w === undefined) {
          w = binomial.pmf(m, n, discordance);
          table.set(m, w);
        }
        return w;
      };
    },
  };
}

export function exactMcNemarPowerModel(
  p10: number,
  p01: number,
  alpha: number,
  test: McNemarTestMethod = 'exact',
  critical: McNemarCriticalCounts = mcnemarCriticalCounts(alpha, test),
  weights?: DiscordantPairWeights,
): ExactMcNemarPowerModel {
  const discordance = p10 + p01;
  const q = discordance > 0 ? p10 / discordance : 0.5;
  const conditionalGiven = (k: number, m: number): number => {
    if (k < 0) return 0;
    return q === 0 || q === 1 ? 1 : binomial.cdf(k, m, q) + binomial.sf(m - k - 1, m, q);
  };

  // Conditional powers at single m, for the sums over the window of representable weights only, so a sum at
  // n = 10^7 pairs costs the window, not every m below it.
  const conditionalAt = new Map<number, number>();
  const conditional = (m: number): number => {
    let t = conditionalAt.get(m);
    if (t !== undefined) return t;
    t = conditionalGiven(critical.at(m), m);
    conditionalAt.set(m, t);
    return t;
  };

  // max_{j <= m} T(j) for every m from 0 (for the lower bound), from the shared critical counts in order.
  const runningMax: number[] = [];
  const extend = (mMax: number): void => {
    for (let m = runningMax.length; m <= mMax; m++) {
      runningMax.push(Math.max(conditionalGiven(critical.at(m), m), m === 0 ? 0 : runningMax[m - 1]!));
    }
  };
  const runningMaxAt = (m: number): number => {
    extend(m);
    return runningMax[m]!;
  };

  /** Sum of Bin(m; n, discordance) f(m) over the representable weights, outward from the mode. */
  const expectation = (n: number, f: (m: number) => number): number => {
    if (discordance === 0) return 0; // no discordant pairs: the test never rejects
    const mode = Math.min(n, Math.floor((n + 1) * discordance));
    const weightAt = weights?.of(n, discordance) ?? ((m: number) => binomial.pmf(m, n, discordance));
    let total = 0;
    // Past the mode the weights fall at least geometrically, so once one is below 1e-18 of the sum so far the
    // rest change it by less than 1e-17 relative: below the sum's own rounding. (Summing on to underflow, as the
    // first version did, visited some 38 standard deviations of m each way for the same result.)
    for (let m = mode; m <= n; m++) {
      const w = weightAt(m);
      if (w === 0 || w < total * 1e-18) break;
      total += w * f(m);
    }
    for (let m = mode - 1; m >= 0; m--) {
      const w = weightAt(m);
      if (w === 0 || w < total * 1e-18) break;
      total += w * f(m);
    }
    return total;
  };

  return {
    power: (n) => expectation(n, conditional),
    lowerBoundForPower(target, maxN) {
      // Rounding slack so that the bound errs low, never high.
      const reaches = (n: number) => expectation(n, runningMaxAt) >= target - 1e-12;
      let hi = 1;
      while (!reaches(hi)) {
        if (hi >= maxN) return maxN + 1;
        hi = Math.min(maxN, hi * 2);
      }
      let lo = 0; // the power at 0 pairs is 0
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (reaches(mid)) hi = mid;
        else lo = mid;
      }
      return hi;
    },
    scan(from, stop, maxN) {
      if (discordance === 0) return stop(from, 0) ? from : undefined;
      // Weights of M ~ Bin(n, d) on [lo, hi] (zero outside), then Bin(n + 1) in place by
      // w'(m) = (1 - d) w(m) + d w(m - 1): sums of positive terms, so the recursion keeps its accuracy
      // (about n eps relative); weights that underflow to 0 drop off the ends of the window.
      let weights = new Float64Array(2 * from + 64);
      const mode = Math.min(from, Math.floor((from + 1) * discordance));
      let lo = mode;
      let hi = mode;
      weights[mode] = binomial.pmf(mode, from, discordance);
      for (let m = mode + 1; m <= from; m++) {
        const w = binomial.pmf(m, from, discordance);
        if (w === 0) break;
        weights[m] = w;
        hi = m;
      }
      for (let m = mode - 1; m >= 0; m--) {
        const w = binomial.pmf(m, from, discordance);
        if (w === 0) break;
        weights[m] = w;
        lo = m;
      }
      for (let n = from; ; n++) {
        let power = 0;
        for (let m = lo; m <= hi; m++) power += weights[m]! * conditional(m);
        if (stop(n, power)) return n;
        if (n >= maxN) return undefined;
        if (hi + 2 > weights.length) {
          const grown = new Float64Array(2 * weights.length);
          grown.set(weights);
          weights = grown;
        }
        for (let m = hi + 1; m >= lo; m--) {
          weights[m] = (1 - discordance) * weights[m]! + discordance * (m > 0 ? weights[m - 1]! : 0);
        }
        hi++;
        while (weights[hi] === 0 && hi > lo) hi--;
        while (weights[lo] === 0 && lo < hi) lo++;
      }
    },
  };
}
