import type { SequentialDesignPlan } from '../analysis/plan-sequential-design';

/** At most `digits` decimals, trailing zeros dropped (0.1000 -> 0.1). */
const fixed = (x: number, digits = 4): string => Number(x.toFixed(digits)).toString();
/** A proportion as the points the design flags take (0.05 -> '5'). */
const points = (x: number): string => Number((100 * x).toPrecision(10)).toString();

/** The flags that give a run the calibrated design of this plan (its power, when not the default 0.8). */
const calibratedFlags = (plan: SequentialDesignPlan): string =>
  plan.calibrated === undefined
    ? ''
    : ` --design-calibrated${plan.power === 0.8 ? '' : ` --design-power ${plan.power}`}`;

/** The plan as the lines `verdict power --sequential` prints. */
export function formatSequentialPlan(plan: SequentialDesignPlan): string {
  const { design } = plan;
  const flags = `--design-difference ${points(design.difference)} --design-discordance ${points(design.discordance)}`;
  const maximum =
    plan.calibrated === undefined
      ? [
          `maximum items for power ${plan.power}: ${plan.maxItems} (stopping.maxItems; power there ${fixed(plan.powerAtMax)})`,
        ]
      : [
          `calibrated design (--design-calibrated; stopping.design.calibrated, power ${plan.power}): crosses at ${fixed(plan.calibrated.threshold, 2)} (below Ville's ${fixed(2 / plan.alpha, 2)}: valid up to K only), truncated at K = ${plan.calibrated.maxDiscordant} discordant pairs with a final exact look; power ${fixed(plan.powerAtMax)}`,
          `K discordant pairs take ${fixed(plan.calibrated.itemsToReachK, 1)} items on average at this discordance: keep stopping.maxItems above it (a planned end before K takes the final look with less power)`,
        ];
  return `${[
    `sequential gate (verdict run --stop-early), two-sided, alpha ${plan.alpha}, checked after every pair`,
    `p10 ${fixed(plan.p10)} (baseline passes, candidate fails), p01 ${fixed(plan.p01)} (baseline fails, candidate passes)`,
    `design: a ${points(design.difference)}-point difference at discordance ${points(design.discordance)} points (${flags}${calibratedFlags(plan)})`,
    ...maximum,
    `items used on average at these rates: ${fixed(plan.expectedItems, 1)} (exact)`,
    `fixed-n exact McNemar test, same power: ${plan.fixedItems} pairs; the sequential gate uses ${fixed(100 * Math.abs(plan.saving), 1)}% ${plan.saving >= 0 ? 'fewer' : 'more'} on average`,
  ].join('\n')}\n`;
}
