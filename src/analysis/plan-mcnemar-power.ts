import {
  type McNemarPowerMethod,
  mcnemarDetectableDifference,
  mcnemarPower,
  mcnemarSampleSize,
} from '../../stats/index';
import { assertProbability } from '../../stats/validate';
import { InputError } from '../schema/input-error';

/** What `verdict power` is asked: discordant-cell rates, the test's level, a target power, and maybe an n. */
export interface McNemarPowerPlanInput {
  /** P(baseline passes, candidate fails). */
  readonly p10: number;
  /** P(baseline fails, candidate passes). */
  readonly p01: number;
  readonly alpha: number;
  /** Target power for the required n and the detectable difference. */
  readonly power: number;
  readonly method: McNemarPowerMethod;
  /** Pairs available: adds the power and the minimum detectable difference at this n. */
  readonly n?: number;
}

/** The answer, as plain data (`--from <results>` feeds the same function with a pilot run's rates). */
export interface McNemarPowerPlan extends Omit<McNemarPowerPlanInput, 'n'> {
  /** p10 + p01: the share of items on which the two variants disagree. */
  readonly discordance: number;
  /** p01 - p10: the difference in pass rates, candidate minus baseline. */
  readonly difference: number;
  /** Pairs needed to reach `power`; absent when p10 = p01 (no sample size detects no difference). */
  readonly required?: { readonly n: number; readonly nUnrounded?: number; readonly power: number };
  /** At the given n: the power against this difference, and the smallest |difference| detectable with `power`. */
  readonly atN?: { readonly n: number; readonly power: number; readonly detectableDifference: number };
}

/**
 * Sample size, power and minimum detectable difference of the two-sided McNemar test for one plan:
 * the computation behind `verdict power`, kept apart from the flags so that other inputs (a pilot
 * run's observed discordance, planFromPilot) and library users reuse it.
 *
 * @throws {RangeError} from the stats functions when a value is out of range, or when p10 = p01 and no n is given
 * @example planMcNemarPower({ p10: 0.05, p01: 0.1, alpha: 0.05, power: 0.8, method: 'connor' }).required?.n // 469
 */
export function planMcNemarPower(input: McNemarPowerPlanInput): McNemarPowerPlan {
  const { p10, p01, alpha, power, method, n } = input;
  const discordance = p10 + p01;
  const plan = { p10, p01, alpha, power, method, discordance, difference: p01 - p10 };
  const required = p10 === p01 && n !== undefined ? undefined : mcnemarSampleSize({ p10, p01, alpha, power, method });
  const requiredPart = required && {
    n: required.n,
    ...(required.nUnrounded === undefined ? {} : { nUnrounded: required.nUnrounded }),
    power: required.power,
  };
  if (n === undefined) return { ...plan, ...(requiredPart ? { required: requiredPart } : {}) };
  const atN = {
    n,
    power: mcnemarPower({ n, p10, p01, alpha, method }),
    detectableDifference:
      discordance > 0
        ? mcnemarDetectableDifference({ n, discordance, alpha, power, method })
        : Number.POSITIVE_INFINITY,
  };
  return { ...plan, ...(requiredPart ? { required: requiredPart } : {}), atN };
}

/**
 * Discordant-cell rates from the two pass rates and the discordance d = p10 + p01:
 * p10 = (d - (pB - pA)) / 2 and p01 = (d + (pB - pA)) / 2, since pA = p11 + p10 and pB = p11 + p01.
 * The four cells must be probabilities: d >= |pB - pA|, p11 = pA - p10 >= 0 and p00 = 1 - pA - p01 >= 0.
 *
 * @throws {RangeError} if a rate is outside [0, 1]
 * @throws {InputError} naming `field` (the caller's name for the discordance: `--discordance` for the CLI) when
 *   the rates cannot come from one paired table
 * @example discordantRatesFromPassRates({ baselineRate: 0.7, candidateRate: 0.75, discordance: 0.15 }) // { p10: 0.05, p01: 0.1 }
 */
export function discordantRatesFromPassRates(
  {
    baselineRate,
    candidateRate,
    discordance,
  }: {
    readonly baselineRate: number;
    readonly candidateRate: number;
    readonly discordance: number;
  },
  { field = 'discordance' }: { readonly field?: string } = {},
): { p10: number; p01: number } {
  const fn = 'power';
  assertProbability(fn, 'baseline-rate', baselineRate);
  assertProbability(fn, 'candidate-rate', candidateRate);
  assertProbability(fn, 'discordance', discordance);
  const difference = candidateRate - baselineRate;
  if (discordance < Math.abs(difference) - 1e-12) {
    throw new InputError(
      `${discordance} is below |candidate rate - baseline rate| = ${round(Math.abs(difference))}: every item whose result changed is discordant`,
      { field },
    );
  }
  const p10 = clean(Math.max(0, (discordance - difference) / 2));
  const p01 = clean(Math.max(0, (discordance + difference) / 2));
  if (p10 > baselineRate + 1e-12 || p01 > 1 - baselineRate + 1e-12) {
    throw new InputError(
      `${discordance} is too large for pass rates ${baselineRate} and ${candidateRate}: at most ${round(Math.min(baselineRate + candidateRate, 2 - baselineRate - candidateRate))} of the items can be discordant`,
      { field },
    );
  }
  return { p10, p01 };
}

/** Remove the last-bit noise of (d -+ delta)/2 so that 0.05 prints as 0.05. */
const clean = (x: number): number => Number.parseFloat(x.toPrecision(12));
const round = (x: number): number => Number.parseFloat(x.toPrecision(6));
