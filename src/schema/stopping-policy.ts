import { z } from 'zod';
import { calibratedDesignPlan } from '../../stats/calibrated-design-plan';
import { PAIRED_SEQUENCE_FINDINGS } from '../../stats/paired-sequence-decision';
import { describeZodIssues, formatPath, type IssueProblem } from './input-error-from-zod';

/** Defaults of an experiment's `stopping` policy (`verdict run --stop-early`). */
export const DEFAULT_STOPPING_ALPHA = 0.05;
export const DEFAULT_STOPPING_MIN_ITEMS = 20;

/**
 * An experiment's `stopping` policy: how `verdict run --stop-early` decides to stop starting new items. `margin`
 * is in percentage points (2 = 2 points), as `verdict compare --margin`; `baseline` and `candidate` default to the
 * first two variants; `maxItems` to every item.
 */
export const StoppingPolicySchema = z.strictObject({
  /** The variant the candidate is compared with. @default the first variant */
  baseline: z.string().min(1).optional(),
  /** The variant whose difference from the baseline decides. @default the second variant */
  candidate: z.string().min(1).optional(),
  /** Level of the anytime-valid tests (each one-sided test at alpha / 2). @default 0.05 */
  alpha: z.number().gt(0).lt(1).optional(),
  /** Margin in percentage points: non-inferiority at -margin, equivalence within ±margin. @default 0 */
  margin: z.number().min(0).lt(100).optional(),
  /** Pairs that must complete before a decision stops the run. @default 20 (or maxItems when fewer) */
  minItems: z.int().min(1).optional(),
  /** Items started at most (in the seeded order). @default every item */
  maxItems: z.int().min(1).optional(),
  /**
   * Tune the gate to the difference it is meant to find (one sample per item): `difference` (points) at an
   * expected `discordance` (points: p10 + p01 as a percentage), as in `verdict power`. The tests of no difference
   * then use the likelihood ratio at that alternative (stats/design-likelihood-ratio.ts), and a run that reaches
   * its planned end undecided takes the final look of a truncated design (stats/truncated-design-look.ts): fewer
   * items at and above the design difference, blind to differences well below it. @default none (the mixture)
   *
   * `calibrated: true` (opt-in): the calibrated truncated design instead (stats/calibrated-design-plan.ts,
   * `calibratedDesignPlan` at `power`, default 0.8): each side crosses at the threshold calibrated exactly to a truncation at
   * K discordant pairs (33.15 and K = 76 for 5 points at 15), and the run stops at the K-th discordant pair with
   * the finding of the final exact look there. Valid up to K discordant pairs only (not an e-value beyond K);
   * 31.2% fewer items than the fixed-n exact McNemar design at that power, against 28.0% (BENCHMARKS.md).
   */
  design: z
    .strictObject({
      difference: z.number().gt(0).lt(100),
      discordance: z.number().gt(0).max(100),
      calibrated: z.boolean().optional(),
      /** With `calibrated: true`: the power the calibrated design is planned for. @default 0.8 */
      power: z.number().gt(0).lt(1).optional(),
    })
    .refine((d) => d.difference < d.discordance, {
      message: 'difference must be below discordance (a difference needs at least that many discordant items)',
    })
    .refine((d) => d.power === undefined || d.calibrated === true, {
      message: 'power plans the calibrated design: add calibrated: true (the default design is planned by maxItems)',
    })
    .optional(),
});
export type StoppingPolicyInput = z.infer<typeof StoppingPolicySchema>;

/** The calibrated truncated design of a `stopping.design` with `calibrated: true` (calibratedDesignPlan's plan). */
export const TruncationRecord = z.object({
  threshold: z.number().gt(1),
  maxDiscordant: z.number().int().positive(),
  alpha: z.number().gt(0).lt(1),
  power: z.number().gt(0).lt(1),
  /** Items used on average at the design alternative (exact). */
  expectedItems: z.number().positive(),
});
export type TruncationRecord = z.infer<typeof TruncationRecord>;

/** The stopping policy a run uses, every default filled in; recorded in the manifest. */
export const StoppingPolicy = z.object({
  baseline: z.string(),
  candidate: z.string(),
  alpha: z.number(),
  /** As a proportion (0.02 for 2 points). */
  margin: z.number(),
  minItems: z.number().int().positive(),
  maxItems: z.number().int().positive(),
  /** The design alternative, as proportions (0.05 for 5 points). */
  design: z
    .object({
      difference: z.number(),
      discordance: z.number(),
      /**
       * `calibrated: true`: the calibrated truncated design the run used, as planned: each side crosses at
       * `threshold`, the final exact look at `maxDiscordant` discordant pairs (valid up to them only), planned at
       * `alpha` for `power` at the design alternative.
       */
      truncation: TruncationRecord.optional(),
    })
    .optional(),
});
export type StoppingPolicy = z.infer<typeof StoppingPolicy>;

/**
 * An early-stopping run's record, manifest.json's `stopping` (src/runner/stopping-monitor.ts writes it): why it
 * stopped starting items and how many it started. `verdict compare` holds the run to the items it started.
 */
export const StoppingRecord = z.object({
  policy: StoppingPolicy,
  /**
   * `decided`: a finding was reached; `max-items`: `maxItems` items were started; `all-items`: none was left;
   * `design-end`: the calibrated design reached its K discordant pairs and its final look showed nothing.
   */
  reason: z.enum(['decided', 'max-items', 'all-items', 'design-end']),
  /** The finding that stopped it (`decided` only), as the sequential tests name it. */
  finding: z.enum(PAIRED_SEQUENCE_FINDINGS).optional(),
  /** The finding was reached at the final look of the design's truncated test (the run's planned end). */
  finalLook: z.boolean().optional(),
  /**
   * The calibrated design's K-th discordant pair came at this pair: its final exact look was taken there and its
   * tests stop (valid up to K only); pairs completing later do not change them.
   */
  truncatedAtPair: z.number().int().positive().optional(),
  /** Pairs complete when the finding was reached (`decided` only). */
  decidedAtPair: z.number().int().nonnegative().optional(),
  /**
   * Items started, in the seeded order: the plan that the analysis holds the run to (their cells must all be
   * there; the items never started are not missing).
   */
  itemsStarted: z.number().int().nonnegative(),
  /** Pairs complete when the run ended (the cells in flight at the decision included). */
  pairs: z.number().int().nonnegative(),
  /** The seed of the item order. */
  orderSeed: z.number(),
});
export type StoppingRecord = z.infer<typeof StoppingRecord>;
export type StoppingReason = StoppingRecord['reason'];

/**
 * The policy with its defaults, checked against the experiment (variants that exist, a `minItems` not above
 * `maxItems`): `overrides` (the CLI's flags) over the experiment's `stopping` over the defaults.
 *
 * @throws {RangeError} naming the field and the value
 * @example resolveStoppingPolicy({ margin: 2 }, ['A', 'B'], 400) // { baseline: 'A', candidate: 'B', alpha: 0.05, margin: 0.02, minItems: 20, maxItems: 400 }
 */
export function resolveStoppingPolicy(
  given: StoppingPolicyInput,
  variants: readonly string[],
  items: number,
): StoppingPolicy {
  const parsed = StoppingPolicySchema.safeParse(given);
  if (!parsed.success) {
    const [{ path, problem }] = describeZodIssues(parsed.error.issues, given) as [IssueProblem];
    throw new RangeError(`runExperiment: \`${formatPath(['stopping', ...path])}\`: ${problem}`);
  }
  const {
    baseline = variants[0]!,
    candidate = variants.find((v) => v !== baseline) ?? variants[1]!,
    alpha = DEFAULT_STOPPING_ALPHA,
    margin = 0,
  } = parsed.data;
  const maxItems = Math.min(parsed.data.maxItems ?? items, items);
  const minItems = parsed.data.minItems ?? Math.min(DEFAULT_STOPPING_MIN_ITEMS, maxItems);
  for (const [field, variant] of [
    ['baseline', baseline],
    ['candidate', candidate],
  ] as const) {
    if (!variants.includes(variant))
      throw new RangeError(
        `runExperiment: \`stopping.${field}\` names no variant: ${JSON.stringify(variant)} (variants: ${variants.join(', ')})`,
      );
  }
  if (baseline === candidate)
    throw new RangeError(`runExperiment: \`stopping.candidate\` must differ from the baseline, got ${candidate}`);
  if (parsed.data.maxItems !== undefined && minItems > parsed.data.maxItems)
    throw new RangeError(
      `runExperiment: \`stopping.minItems\` (${minItems}) must not exceed \`stopping.maxItems\` (${parsed.data.maxItems})`,
    );
  const { design } = parsed.data;
  const truncation = design?.calibrated === true ? calibratedTruncation(design, alpha) : undefined;
  return {
    baseline,
    candidate,
    alpha,
    margin: margin / 100,
    minItems,
    maxItems,
    ...(design === undefined
      ? {}
      : {
          design: {
            difference: design.difference / 100,
            discordance: design.discordance / 100,
            ...(truncation === undefined ? {} : { truncation }),
          },
        }),
  };
}

/** The power the calibrated design is planned for unless `stopping.design.power` says (the issue's: 0.8). */
export const CALIBRATED_DESIGN_POWER = 0.8;

/**
 * calibratedDesignPlan of a design in points at level `alpha` (exact, about 0.2 s): what the run, the manifest and
 * `compare --sequential --design-calibrated` use.
 *
 * @throws {RangeError} when no design of the power is found (naming `stopping.design.calibrated`)
 * @example calibratedTruncation({ difference: 5, discordance: 15 }, 0.05).maxDiscordant // 76
 */
export function calibratedTruncation(
  design: { difference: number; discordance: number; power?: number | undefined },
  alpha: number,
): TruncationRecord {
  let plan: ReturnType<typeof calibratedDesignPlan>;
  try {
    plan = calibratedDesignPlan({
      difference: design.difference / 100,
      discordance: design.discordance / 100,
      alpha,
      power: design.power ?? CALIBRATED_DESIGN_POWER,
    });
  } catch (error) {
    throw new RangeError(`runExperiment: \`stopping.design.calibrated\`: ${(error as Error).message}`);
  }
  return {
    threshold: plan.threshold,
    maxDiscordant: plan.maxDiscordant,
    alpha,
    power: design.power ?? CALIBRATED_DESIGN_POWER,
    expectedItems: plan.expectedItems,
  };
}
