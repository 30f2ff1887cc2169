import { formatPoints } from '../../reports/index';
import type { McNemarPowerPlan } from '../analysis/plan-mcnemar-power';

/** A difference of pass rates in points, as every report writes it (0.0484 -> '4.8 points'). */
const points = (x: number): string => `${formatPoints(x, 2).replace(/^\+/, '')} points`;

/** At most `digits` decimals, trailing zeros dropped (0.1000 -> 0.1). */
const fixed = (x: number, digits = 4): string => Number(x.toFixed(digits)).toString();

/** The plan as the lines `verdict power` prints. */
export function formatPowerPlan(plan: McNemarPowerPlan): string {
  const sign = plan.difference > 0 ? '+' : '';
  const lines = [
    `McNemar test, two-sided, alpha ${plan.alpha}, method ${plan.method}`,
    `p10 ${fixed(plan.p10)} (baseline passes, candidate fails), p01 ${fixed(plan.p01)} (baseline fails, candidate passes)`,
    `difference in pass rate (candidate - baseline) ${sign}${points(plan.difference)}, discordance ${fixed(plan.discordance)}`,
  ];
  if (plan.required) {
    const unrounded =
      plan.required.nUnrounded === undefined ? '' : ` (Connor's formula gives ${fixed(plan.required.nUnrounded, 1)})`;
    lines.push(`pairs needed for power ${plan.power}: ${plan.required.n}${unrounded}`);
  }
  if (plan.atN) {
    const { n, power, detectableDifference } = plan.atN;
    lines.push(`power at n = ${n}: ${fixed(power)}`);
    lines.push(
      Number.isFinite(detectableDifference)
        ? `minimum detectable difference at n = ${n} (power ${plan.power}, discordance ${fixed(plan.discordance)}): ${points(detectableDifference)}`
        : `minimum detectable difference at n = ${n}: none; no difference within a discordance of ${fixed(plan.discordance)} reaches power ${plan.power}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
