import { connorPower } from '../../stats/connor-power';
import {
  discordantPairWeights,
  exactMcNemarPowerModel,
  type McNemarCriticalCounts,
  mcnemarCriticalCounts,
} from '../../stats/exact-mcnemar-power-model';
import { chiSquared, findRoot, type McNemarTestMethod, mcnemarSampleSize, normal, studentT } from '../../stats/index';
import { exactSampleSize } from '../../stats/mcnemar-sample-size';
import { asPassTest } from '../schema/policy-choices';
import type { Policy, PowerSummary } from '../schema/verdict-document';

/** Points on the power curve. */
export const POWER_CURVE_POINTS = 20;
/**
 * Up to this many pairs the power of a binary comparison is the exact power of the test in use (summed over
 * every table); beyond, Connor's normal approximation, which is accurate there and keeps a 10^6-item
 * comparison fast. Exact power is what makes a tiny eval's answer right: two pairs, both lost, can never
 * reach p <= 0.05 with the score test (Connor's formula would promise power 1 at a 100-point drop).
 */
export const EXACT_POWER_MAX_N = 2000;
/**
 * Planning (the n for the effect, the curve) scans many sizes, so it is exact only up to this many pairs, where
 * the normal approximation errs most; beyond, Connor's formula, which for the score test is that test's own
 * large-sample power.
 */
export const EXACT_PLANNING_MAX_N = 200;

type PowerPolicy = Pick<Policy, 'alpha' | 'targetPower' | 'margin' | 'detectableEffect' | 'test'>;

/** How many (alpha, test) sets of critical counts are kept: a comparison uses one or two (its slices' alpha). */
const KEPT_CRITICAL_COUNTS = 16;
const criticalCountsKept = new Map<string, McNemarCriticalCounts>();

/**
 * The critical counts k_m of a test at an alpha, kept for the process: they depend on nothing else, so a comparison's
 * slices (one alpha, one test: 8 power models on the 500-item file of BENCHMARKS.md) and the comparison itself settle
 * each k_m once instead of once per model. Each k_m is the largest k whose p-value is at most alpha, the same number
 * whichever model asked first (test/analysis/power-model.test.ts). At most `KEPT_CRITICAL_COUNTS` sets, each a few
 * thousand numbers at most (m up to the exact-power limit).
 */
function sharedCriticalCounts(alpha: number, test: McNemarTestMethod): McNemarCriticalCounts {
  const key = `${alpha} ${test}`;
  let counts = criticalCountsKept.get(key);
  if (counts === undefined) {
    if (criticalCountsKept.size >= KEPT_CRITICAL_COUNTS) criticalCountsKept.clear();
    counts = mcnemarCriticalCounts(alpha, test);
    criticalCountsKept.set(key, counts);
  }
  return counts;
}

/** Tolerance of the minimum detectable difference (a hundred-thousandth of a point). */
const MDE_TOLERANCE = 1e-7;

/**
 * The power of one paired comparison, read two ways: the whole summary a report shows (the minimum detectable
 * difference by root finding, the pairs for the effect, the curve), or only the power its verdict is judged by
 * (`verdictPower` of that summary, from one power evaluation). A slice's verdict needs the second alone, and the
 * summary's root finding and curve were most of `compare`'s time on a small file (BENCHMARKS.md, CLI start-up).
 */
export interface PowerModel {
  summary(): PowerSummary;
  /** `verdictPower(summary())`, without the rest of the summary. */
  verdictPower(): number | null;
}

/** A model whose verdict power is the power at the effect, else 0 when nothing is detectable (as `verdictPower`). */
const powerModel = (
  summary: () => PowerSummary,
  effect: number | null,
  powerNowAt: (effect: number) => number,
  detectableAtAll: () => boolean,
): PowerModel => ({
  summary,
  verdictPower: () =>
    effect === null ? verdictPower({ powerAtEffect: null, detectableAtAll: detectableAtAll() }) : powerNowAt(effect),
});

/**
 * What a binary paired eval can detect, for the test in use, from its observed discordance p_d = (n10 + n01)/n:
 *
 * - power(delta, n): the power of the two-sided test against a difference delta, planned at the discordance
 *   max(p_d, delta), since a difference can never exceed the discordance (p10 = (d - delta)/2, p01 =
 *   (d + delta)/2); exact (`mcnemarPower` method `exact` with the test) up to `EXACT_POWER_MAX_N` pairs, else
 *   Connor (1987) (`method` says which the current n used); planning over many sizes (the n for the effect,
 *   the curve) is exact up to `EXACT_PLANNING_MAX_N` pairs. With clustering the variance is inflated by the design effect: the power at n pairs is the
 *   power at n / designEffect independent pairs (the design-effect adjustment of Kish 1965, applied to Connor's
 *   formula as Donner & Klar 2000, ch. 5, do for cluster trials).
 * - the minimum detectable difference: the smallest delta whose power reaches `targetPower` at the current n,
 *   by bisection (power rises with delta, at fixed discordance and, past it, as every pair turns discordant the
 *   same way). When not even delta = 1 reaches it, there is none (`detectableAtAll` false).
 * - the effect the verdict needs detectable (the margin, else `detectableEffect`), the power against it now, and
 *   the pairs needed to reach the target power against it (`mcnemarSampleSize` times the design effect). With
 *   no discordant pair observed, that n is planned at p_d = effect and is a lower bound (`at-least`).
 * - a curve of the power against the effect (or the MDE) at 20 values of n up to max(4 n, nForEffect).
 *
 * @example binaryPowerModel({ n: 2, n10: 2, n01: 0, designEffect: 1 }, { alpha: 0.05, targetPower: 0.8, margin: 0, detectableEffect: 0.05, test: 'score' }).summary().detectableAtAll // false
 */
export function binaryPowerModel(
  {
    n,
    n10,
    n01,
    designEffect,
    clusters = null,
  }: { n: number; n10: number; n01: number; designEffect: number; clusters?: number | null },
  { alpha, targetPower, margin, detectableEffect, test }: PowerPolicy,
): PowerModel {
  const inflation = Math.max(1, designEffect);
  // Yang et al.'s clustered statistic is at most 2 (K - 1) (Cauchy-Schwarz on the cluster sums), so with too
  // few clusters it can never reach the critical value, whatever the items: then nothing is detectable.
  const clusterLimited = clusters !== null && 2 * (clusters - 1) < chiSquared.quantile(1 - alpha, 1);
  const exactUpTo = inflation === 1 ? EXACT_POWER_MAX_N : 0;
  const method = n <= exactUpTo ? 'exact' : 'connor';
  const observed = (n10 + n01) / n;
  const planning = (delta: number) => {
    const discordance = Math.min(1, Math.max(observed, delta));
    return { p10: Math.max(0, (discordance - delta) / 2), p01: Math.min(1, (discordance + delta) / 2) };
  };
  // The critical counts do not depend on the rates: one set serves every power below (MDE, effect, curve), and
  // every other model at this alpha and test.
  const mcnemar = asPassTest(test);
  const critical = sharedCriticalCounts(alpha, mcnemar);
  // Nor do the weights of the discordant pairs on q: the MDE's root finding below the observed discordance shares them.
  const weights = discordantPairWeights();
  // Exact powers kept by (delta, pairs): the summary asks for some twice (delta = 0 and 1 by the MDE's checks and
  // again by its root finding's bracket, the effect at n by the curve), each a sum over the window of m.
  const exactPowers = new Map<string, number>();
  const powerAt = (delta: number, size: number, exactLimit = exactUpTo): number => {
    if (clusterLimited) return 0;
    const pairs = Math.max(1, Math.floor(size / inflation));
    const { p10, p01 } = planning(delta);
    if (pairs > exactLimit) return connorPower(pairs, p10, p01, alpha);
    const key = `${delta} ${pairs}`;
    let power = exactPowers.get(key);
    if (power === undefined) {
      power = exactMcNemarPowerModel(p10, p01, alpha, mcnemar, critical, weights).power(pairs);
      exactPowers.set(key, power);
    }
    return power;
  };
  const effect = margin > 0 ? margin : detectableEffect;
  // Not even every discordant pair in the candidate's favour reaches the target: nothing is detectable.
  const detectableAtAll = () => powerAt(1, n) >= targetPower;
  const summary = (): PowerSummary => {
    let minimumDetectableDifference: number | null = null;
    if (detectableAtAll()) {
      minimumDetectableDifference =
        powerAt(0, n) >= targetPower
          ? 0
          : findRoot((delta) => powerAt(delta, n) - targetPower, 0, 1, { tolerance: MDE_TOLERANCE });
    }
    let nForEffect: number | null = null;
    if (effect !== null && !clusterLimited) {
      const { p10, p01 } = planning(effect);
      const approximate = mcnemarSampleSize({ p10, p01, alpha, power: targetPower }).n;
      const exact =
        approximate <= Math.min(exactUpTo, EXACT_PLANNING_MAX_N)
          ? exactSampleSize(exactMcNemarPowerModel(p10, p01, alpha, mcnemar, critical), targetPower)
          : undefined;
      nForEffect = Math.ceil((exact?.n ?? approximate) * inflation);
    }
    const curveEffect = effect ?? minimumDetectableDifference;
    return {
      method,
      test,
      n,
      alpha,
      targetPower,
      p10: n10 / n,
      p01: n01 / n,
      designEffect: inflation,
      clusters,
      minimumDetectableDifference,
      maxDifference: 1,
      detectableAtAll: minimumDetectableDifference !== null,
      margin,
      effect,
      powerAtEffect: effect === null ? null : powerAt(effect, n),
      nForEffect,
      nForEffectBound: effect !== null && n10 + n01 === 0 ? 'at-least' : 'estimate',
      curve:
        curveEffect === null
          ? []
          : curveOver(n, nForEffect, (size) =>
              powerAt(curveEffect, size, size === n ? exactUpTo : Math.min(exactUpTo, EXACT_PLANNING_MAX_N)),
            ),
    };
  };
  return powerModel(summary, effect, (delta) => powerAt(delta, n), detectableAtAll);
}

/**
 * The same for per-item means (designs `binary-samples` and `score`), for the t test the comparison uses, with
 * the observed standard deviation of the paired differences s = se sqrt(n) (the clustered se, with K - 1
 * degrees of freedom, where there are clusters):
 * MDE = (t_{df, 1-alpha/2} + t_{df, power}) s / sqrt(n), the usual t-based approximation (Cohen 1988, ch. 2);
 * power(n', delta) = P[T_df' > t_{df', 1-alpha/2} - sqrt(n') delta / s] + P[T_df' < -t_{df', 1-alpha/2} -
 * sqrt(n') delta / s], with the degrees of freedom scaled with n'; the items for the effect, the smallest n' whose
 * power reaches the target. When the differences do not vary (s = 0) s is bounded by the largest difference the
 * outcome allows (a difference confined to [-R, R] has a standard deviation of at most R), so the n is an upper
 * bound (`at-most`). The signed-rank test cannot reject at all below the n where 2 / 2^n <= alpha (its smallest
 * p-value), and no test can with one item (or one cluster): the power is then 0.
 *
 * @param maxDifference the largest |difference| the outcome allows: 1 for pass rates, the observed score range
 * @param units the independent units behind the standard error: the items, or the clusters with clustering
 */
export function meansPowerModel(
  { n, standardError, test, units = n }: { n: number; standardError: number | null; test: string; units?: number },
  { alpha, targetPower, margin, detectableEffect }: Omit<PowerPolicy, 'test'>,
  maxDifference: number,
): PowerModel {
  const observed = standardError !== null && standardError > 0 ? standardError * Math.sqrt(n) : 0;
  const bounded = observed === 0;
  const sd = bounded ? maxDifference : observed;
  // Degrees of freedom at n' items: the units scale with the items (clusters of the same size).
  const dfAt = (size: number) => Math.max(0, Math.round((units * size) / n) - 1);
  const smallestN = test === 'wilcoxon' ? Math.ceil(1 + Math.log2(1 / alpha)) : 2;
  const usable = sd > 0 && n >= 1;
  const powerAt = (delta: number, size: number) => {
    const df = dfAt(size);
    if (!usable || df < 1 || size < smallestN) return 0;
    const critical = studentT.quantile(1 - alpha / 2, df);
    const shift = (Math.sqrt(size) * delta) / sd;
    return Math.min(1, studentT.sf(critical - shift, df) + studentT.cdf(-critical - shift, df));
  };
  const reaches = (size: number, delta: number) => powerAt(delta, size) >= targetPower;
  const effect = margin > 0 ? margin : detectableEffect;
  const detectableAtAll = () => usable && reaches(n, maxDifference);
  const summary = (): PowerSummary => {
    let minimumDetectableDifference: number | null = null;
    if (detectableAtAll()) {
      minimumDetectableDifference = findRoot((delta) => powerAt(delta, n) - targetPower, 0, maxDifference, {
        tolerance: MDE_TOLERANCE * Math.max(1, maxDifference),
      });
    }
    let nForEffect: number | null = null;
    if (usable && effect !== null) {
      // Start from the normal approximation and step up: the t-based power only rises with n.
      const z = normal.quantile(1 - alpha / 2) + normal.quantile(targetPower);
      let size = Math.max(smallestN, Math.ceil(((z * sd) / effect) ** 2));
      while (!reaches(size, effect) && size < 1e9) size = Math.ceil(size * 1.01) + 1;
      while (size > smallestN && reaches(size - 1, effect)) size--;
      nForEffect = size;
    }
    const curveEffect = effect ?? minimumDetectableDifference;
    return {
      method: 't',
      test,
      n,
      alpha,
      targetPower,
      p10: null,
      p01: null,
      designEffect: 1,
      clusters: units === n ? null : units,
      minimumDetectableDifference,
      maxDifference,
      detectableAtAll: minimumDetectableDifference !== null,
      margin,
      effect,
      powerAtEffect: effect === null ? null : powerAt(effect, n),
      nForEffect,
      nForEffectBound: bounded ? 'at-most' : 'estimate',
      curve: !usable || curveEffect === null ? [] : curveOver(n, nForEffect, (size) => powerAt(curveEffect, size)),
    };
  };
  return powerModel(summary, effect, (delta) => powerAt(delta, n), detectableAtAll);
}

function curveOver(n: number, nForEffect: number | null, power: (n: number) => number): PowerSummary['curve'] {
  const last = Math.max(4 * n, nForEffect ?? 0, POWER_CURVE_POINTS);
  const sizes = new Set<number>();
  for (let j = 1; j <= POWER_CURVE_POINTS; j++) sizes.add(Math.max(1, Math.round((j * last) / POWER_CURVE_POINTS)));
  sizes.add(n);
  if (nForEffect !== null) sizes.add(nForEffect);
  return [...sizes].sort((a, b) => a - b).map((size) => ({ n: size, power: Math.min(1, Math.max(0, power(size))) }));
}

/**
 * The power a verdict is judged by: against the reference effect (margin or `--detect`) when there is one; without
 * one, 0 when no difference the outcome allows is detectable at this n (one paired score, one cluster, a
 * signed-rank test below its smallest n), since "no significant difference" would then claim what the eval could
 * not tell; otherwise null (no check).
 * @example verdictPower({ powerAtEffect: null, detectableAtAll: false }) // 0
 */
export const verdictPower = ({
  powerAtEffect,
  detectableAtAll,
}: Pick<PowerSummary, 'powerAtEffect' | 'detectableAtAll'>): number | null =>
  powerAtEffect ?? (detectableAtAll ? null : 0);
