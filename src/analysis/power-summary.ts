import type { Policy, PowerSummary } from '../../reports/verdict-document';
import { connorPower } from '../../stats/connor-power';
import { exactMcNemarPowerModel, mcnemarCriticalCounts } from '../../stats/exact-mcnemar-power-model';
import { findRoot, type McNemarTestMethod, mcnemarSampleSize, normal } from '../../stats/index';
import { exactSampleSize } from '../../stats/mcnemar-sample-size';

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

/** Tolerance of the minimum detectable difference (a hundred-thousandth of a point). */
const MDE_TOLERANCE = 1e-7;

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
 * @example binaryPowerSummary({ n: 2, n10: 2, n01: 0, designEffect: 1 }, { alpha: 0.05, targetPower: 0.8, margin: 0, detectableEffect: 0.05, test: 'score' }).detectableAtAll // false
 */
export function binaryPowerSummary(
  { n, n10, n01, designEffect }: { n: number; n10: number; n01: number; designEffect: number },
  { alpha, targetPower, margin, detectableEffect, test }: PowerPolicy,
): PowerSummary {
  const inflation = Math.max(1, designEffect);
  const exactUpTo = inflation === 1 ? EXACT_POWER_MAX_N : 0;
  const method = n <= exactUpTo ? 'exact' : 'connor';
  const observed = (n10 + n01) / n;
  const planning = (delta: number) => {
    const discordance = Math.min(1, Math.max(observed, delta));
    return { p10: Math.max(0, (discordance - delta) / 2), p01: Math.min(1, (discordance + delta) / 2) };
  };
  // The critical counts do not depend on the rates: one set serves every power below (MDE, effect, curve).
  const critical = mcnemarCriticalCounts(alpha, test as McNemarTestMethod);
  const powerAt = (delta: number, size: number, exactLimit = exactUpTo): number => {
    const pairs = Math.max(1, Math.floor(size / inflation));
    const { p10, p01 } = planning(delta);
    if (pairs > exactLimit) return connorPower(pairs, p10, p01, alpha);
    return exactMcNemarPowerModel(p10, p01, alpha, test as McNemarTestMethod, critical).power(pairs);
  };
  let minimumDetectableDifference: number | null = null;
  if (powerAt(1, n) >= targetPower) {
    minimumDetectableDifference =
      powerAt(0, n) >= targetPower
        ? 0
        : findRoot((delta) => powerAt(delta, n) - targetPower, 0, 1, { tolerance: MDE_TOLERANCE });
  }
  const effect = margin > 0 ? margin : detectableEffect;
  let nForEffect: number | null = null;
  if (effect !== null) {
    const { p10, p01 } = planning(effect);
    const approximate = mcnemarSampleSize({ p10, p01, alpha, power: targetPower }).n;
    const exact =
      approximate <= Math.min(exactUpTo, EXACT_PLANNING_MAX_N)
        ? exactSampleSize(exactMcNemarPowerModel(p10, p01, alpha, test as McNemarTestMethod, critical), targetPower)
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
    minimumDetectableDifference,
    maxDifference: 1,
    detectableAtAll: minimumDetectableDifference !== null,
    margin,
    effect,
    powerAtEffect: effect === null ? null : powerAt(effect, n),
    nForEffect,
    nForEffectBound: effect !== null && observed < effect ? 'at-least' : 'estimate',
    curve:
      curveEffect === null
        ? []
        : curveOver(n, nForEffect, (size) =>
            powerAt(curveEffect, size, size === n ? exactUpTo : Math.min(exactUpTo, EXACT_PLANNING_MAX_N)),
          ),
  };
}

/**
 * The same for per-item means (designs `binary-samples` and `score`), by the normal approximation with the
 * observed standard deviation of the paired differences s = se sqrt(n) (clustered se where there are
 * clusters): MDE = (z_{1-alpha/2} + z_power) s / sqrt(n); n for the effect = ceil(((z_{1-alpha/2} + z_power) s /
 * effect)^2); power(n', delta) = Phi(sqrt(n') delta / s - z_{1-alpha/2}) + Phi(-sqrt(n') delta / s - z_{1-alpha/2}).
 * When the differences do not vary (s = 0) s is bounded by the largest difference the outcome allows (a
 * difference confined to [-R, R] has a standard deviation of at most R), so the n is an upper bound (`at-most`).
 *
 * @param maxDifference the largest |difference| the outcome allows: 1 for pass rates, the observed score range
 */
export function meansPowerSummary(
  { n, standardError, test }: { n: number; standardError: number | null; test: string },
  { alpha, targetPower, margin, detectableEffect }: Omit<PowerPolicy, 'test'>,
  maxDifference: number,
): PowerSummary {
  const zAlpha = normal.quantile(1 - alpha / 2);
  const zPower = normal.quantile(targetPower);
  const observed = standardError !== null && standardError > 0 ? standardError * Math.sqrt(n) : 0;
  const bounded = observed === 0;
  const sd = bounded ? maxDifference : observed;
  const usable = sd > 0 && n >= 1;
  const mde = usable ? ((zAlpha + zPower) * sd) / Math.sqrt(n) : null;
  const minimumDetectableDifference = mde !== null && mde <= maxDifference ? mde : null;
  const effect = margin > 0 ? margin : detectableEffect;
  const nForEffect =
    usable && effect !== null ? Math.max(1, Math.ceil((((zAlpha + zPower) * sd) / effect) ** 2)) : null;
  const powerAt = (delta: number, size: number) => {
    if (!usable) return 0;
    const shift = (Math.sqrt(size) * delta) / sd;
    return Math.min(1, normal.cdf(shift - zAlpha) + normal.cdf(-shift - zAlpha));
  };
  const curveEffect = effect ?? minimumDetectableDifference;
  return {
    method: 'normal',
    test,
    n,
    alpha,
    targetPower,
    p10: null,
    p01: null,
    designEffect: 1,
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
}

function curveOver(n: number, nForEffect: number | null, power: (n: number) => number): PowerSummary['curve'] {
  const last = Math.max(4 * n, nForEffect ?? 0, POWER_CURVE_POINTS);
  const sizes = new Set<number>();
  for (let j = 1; j <= POWER_CURVE_POINTS; j++) sizes.add(Math.max(1, Math.round((j * last) / POWER_CURVE_POINTS)));
  sizes.add(n);
  if (nForEffect !== null) sizes.add(nForEffect);
  return [...sizes].sort((a, b) => a - b).map((size) => ({ n: size, power: Math.min(1, Math.max(0, power(size))) }));
}
