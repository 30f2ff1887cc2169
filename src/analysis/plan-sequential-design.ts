import {
  calibratedDesignPlan,
  mcnemarSampleSize,
  type PairedSequenceDesign,
  truncatedDesignPlan,
} from '../../stats/index';
import { InputError } from '../schema/input-error';

/** What `verdict power --sequential` is asked: the discordant-cell rates to detect, the level and the power. */
export interface SequentialDesignPlanInput {
  /** P(baseline passes, candidate fails). */
  readonly p10: number;
  /** P(baseline fails, candidate passes). */
  readonly p01: number;
  /** Level of the two-sided gate (alpha / 2 per side). */
  readonly alpha: number;
  /** Probability of a finding in the direction of p01 - p10 by the maximum, when these rates hold. */
  readonly power: number;
  /** Plan the calibrated truncated design (`stopping.design.calibrated`) instead of the default one. */
  readonly calibrated?: boolean;
}

/** The calibrated design's own figures (calibratedDesignPlan): where it crosses and where it is truncated. */
export interface CalibratedSequentialPlan {
  /** The e-value threshold each side crosses at (below Ville's 2 / alpha: valid up to K only). */
  readonly threshold: number;
  /** K: the run stops at this many discordant pairs, with the final exact look. */
  readonly maxDiscordant: number;
  /** Items K discordant pairs take on average at this discordance: K / (p10 + p01). */
  readonly itemsToReachK: number;
}

/** The sequential plan beside the fixed-n one, as plain data. */
export interface SequentialDesignPlan extends Omit<SequentialDesignPlanInput, 'calibrated'> {
  /** The design the gate is tuned to (proportions): |p01 - p10| at discordance p10 + p01. */
  readonly design: PairedSequenceDesign;
  /**
   * The maximum to set (`stopping.maxItems`): the fewest items at which the truncated design reaches the power. For
   * the calibrated design, null: it is truncated in discordant pairs (`calibrated.maxDiscordant`), not in items.
   */
  readonly maxItems: number | null;
  /** The calibrated design's threshold and truncation, when `calibrated` was asked. */
  readonly calibrated?: CalibratedSequentialPlan;
  /** The design's power at that maximum (>= the power asked for); the calibrated design's at K. */
  readonly powerAtMax: number;
  /** Items a run uses on average when the rates hold (stopping at the first crossing, else at the maximum). */
  readonly expectedItems: number;
  /** Pairs the fixed-n two-sided exact McNemar test needs for the same power at the same level. */
  readonly fixedItems: number;
  /** 1 - expectedItems / fixedItems: the share of items the sequential gate saves on average. */
  readonly saving: number;
}

/**
 * The plan of `verdict run --stop-early` with a design: the truncated design tuned to the difference the rates
 * imply (stats/truncated-design-look.ts, `truncatedDesignPlan`: exact computation, no simulation; its docs give
 * the formulas of the power and of the expected items), beside the fixed-n exact McNemar sample size of the same
 * power (`mcnemarSampleSize`, method `exact`). bench/scenarios/sequential-calibration.ts checks both against
 * seeded simulated runs monitored after every pair.
 *
 * @throws {InputError} when p10 = p01 (no difference to design for)
 * @throws {RangeError} from the stats functions for a value out of range
 * @example planSequentialDesign({ p10: 0.1, p01: 0.05, alpha: 0.05, power: 0.8 }) // { maxItems: 522, expectedItems: 358.59..., fixedItems: 498, saving: 0.2799..., ... }
 */
export function planSequentialDesign(input: SequentialDesignPlanInput): SequentialDesignPlan {
  const { p10, p01, alpha, power } = input;
  if (p10 === p01) {
    throw new InputError(
      `\`--p10\` and \`--p01\` are equal (${p10}): a sequential design is tuned to a difference; give the rates of the change to detect`,
    );
  }
  const design = { difference: Math.abs(p01 - p10), discordance: p10 + p01 };
  const fixedItems = mcnemarSampleSize({ p10, p01, alpha, power, method: 'exact' }).n;
  const asked = { p10, p01, alpha, power, design, fixedItems };
  if (input.calibrated === true) {
    // The run plans the same design (src/schema/stopping-policy.ts, calibratedTruncation): the same search.
    const plan = calibratedDesignPlan({ ...design, alpha, power });
    return {
      ...asked,
      maxItems: null,
      calibrated: {
        threshold: plan.threshold,
        maxDiscordant: plan.maxDiscordant,
        itemsToReachK: plan.maxDiscordant / design.discordance,
      },
      powerAtMax: plan.power,
      expectedItems: plan.expectedItems,
      saving: 1 - plan.expectedItems / fixedItems,
    };
  }
  const plan = truncatedDesignPlan({ ...design, alpha, power });
  return {
    ...asked,
    maxItems: plan.maxItems,
    powerAtMax: plan.power,
    expectedItems: plan.expectedItems,
    saving: 1 - plan.expectedItems / fixedItems,
  };
}
