import type { Policy, PowerSummary } from '../../reports/verdict-document';
import { mcnemarDetectableDifference, mcnemarPower, mcnemarSampleSize, normal } from '../../stats/index';

/** Points on the power curve. */
export const POWER_CURVE_POINTS = 20;

type PowerPolicy = Pick<Policy, 'alpha' | 'targetPower' | 'margin'>;

/**
 * What a binary paired eval can detect, from its observed discordance p_d = (n10 + n01)/n (Connor 1987,
 * two-sided, `mcnemarPower`): the minimum detectable difference at the current n with `targetPower`
 * (`mcnemarDetectableDifference`, holding p_d fixed), and, when the margin is above 0, the pairs needed
 * to detect a difference of the margin (`mcnemarSampleSize`, planning discordance max(p_d, margin), since
 * a difference can never exceed the discordance). The curve is the power against the margin (or the
 * MDE when the margin is 0) at 20 values of n up to max(4 n, nForMargin).
 *
 * @example binaryPowerSummary({ n: 500, n10: 40, n01: 35 }, { alpha: 0.05, targetPower: 0.8, margin: 0 }).minimumDetectableDifference
 */
export function binaryPowerSummary(
  { n, n10, n01 }: { readonly n: number; readonly n10: number; readonly n01: number },
  { alpha, targetPower, margin }: PowerPolicy,
): PowerSummary {
  const p10 = n10 / n;
  const p01 = n01 / n;
  const discordance = p10 + p01;
  const mde =
    discordance > 0
      ? mcnemarDetectableDifference({ n, discordance, alpha, power: targetPower })
      : Number.POSITIVE_INFINITY;
  const minimumDetectableDifference = Number.isFinite(mde) ? mde : null;
  const planning = Math.max(discordance, margin);
  const rates = (delta: number) => ({ p10: (planning + delta) / 2, p01: (planning - delta) / 2 });
  const nForMargin =
    margin > 0 && planning <= 1 ? mcnemarSampleSize({ ...rates(margin), alpha, power: targetPower }).n : null;
  const effect = margin > 0 ? margin : minimumDetectableDifference;
  const curve =
    effect === null || effect === 0 || planning === 0
      ? []
      : curveOver(n, nForMargin, (size) => mcnemarPower({ n: size, ...rates(effect), alpha }));
  return {
    method: 'connor',
    n,
    alpha,
    targetPower,
    p10,
    p01,
    minimumDetectableDifference,
    margin,
    nForMargin,
    curve,
  };
}

/**
 * The same for per-item means (designs `binary-samples` and `score`), by the normal approximation with
 * the observed standard deviation of the paired differences s = se sqrt(n): MDE = (z_{1-alpha/2} +
 * z_power) se; n for the margin = ceil(((z_{1-alpha/2} + z_power) s / margin)^2); power(n', delta) =
 * Phi(sqrt(n') delta / s - z_{1-alpha/2}) + Phi(-sqrt(n') delta / s - z_{1-alpha/2}).
 */
export function meansPowerSummary(
  { n, standardError }: { readonly n: number; readonly standardError: number | null },
  { alpha, targetPower, margin }: PowerPolicy,
): PowerSummary {
  const zAlpha = normal.quantile(1 - alpha / 2);
  const zPower = normal.quantile(targetPower);
  const usable = standardError !== null && standardError > 0;
  const sd = usable ? standardError * Math.sqrt(n) : 0;
  const minimumDetectableDifference = usable ? (zAlpha + zPower) * standardError : null;
  const nForMargin = usable && margin > 0 ? Math.ceil((((zAlpha + zPower) * sd) / margin) ** 2) : null;
  const effect = margin > 0 ? margin : minimumDetectableDifference;
  const curve =
    !usable || effect === null
      ? []
      : curveOver(n, nForMargin, (size) => {
          const shift = (Math.sqrt(size) * effect) / sd;
          return Math.min(1, normal.cdf(shift - zAlpha) + normal.cdf(-shift - zAlpha));
        });
  return {
    method: 'normal',
    n,
    alpha,
    targetPower,
    p10: null,
    p01: null,
    minimumDetectableDifference,
    margin,
    nForMargin,
    curve,
  };
}

function curveOver(n: number, nForMargin: number | null, power: (n: number) => number): PowerSummary['curve'] {
  const last = Math.max(4 * n, nForMargin ?? 0, POWER_CURVE_POINTS);
  const sizes = new Set<number>();
  for (let j = 1; j <= POWER_CURVE_POINTS; j++) sizes.add(Math.max(1, Math.round((j * last) / POWER_CURVE_POINTS)));
  sizes.add(n);
  if (nForMargin !== null) sizes.add(nForMargin);
  return [...sizes].sort((a, b) => a - b).map((size) => ({ n: size, power: Math.min(1, Math.max(0, power(size))) }));
}
