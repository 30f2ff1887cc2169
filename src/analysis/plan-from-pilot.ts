import type { McNemarPowerMethod } from '../../stats/index';
import { InputError } from '../schema/input-error';
import { observedPairedTable } from './observed-paired-table';
import type { McNemarPowerPlanInput } from './plan-mcnemar-power';
import { DEFAULT_ALPHA, DEFAULT_TARGET_POWER } from './policy';
import type { LoadedResults } from './results-table';

/** Options of {@link planFromPilot}. */
export interface PilotPlanOptions {
  readonly baseline: string;
  readonly candidate: string;
  /** Plan for a drop of this size (a proportion: 0.03 is 3 points) instead of the observed difference. @default 0 */
  readonly margin?: number;
  /** @default 0.05 */
  readonly alpha?: number;
  /** Target power. @default 0.8 */
  readonly power?: number;
  /** @default 'connor' */
  readonly method?: McNemarPowerMethod;
}

/** A pilot run's planning input and what it was derived from. */
export interface PilotPlan {
  /** planMcNemarPower's input: the planning rates, the level, the power and the pilot's n. */
  readonly input: McNemarPowerPlanInput;
  /** The pilot's paired table on the two variants. */
  readonly observed: { readonly n: number; readonly n10: number; readonly n01: number; readonly discordance: number };
  /** With a margin: the discordance planned at, max(observed discordance, margin). */
  readonly planningDiscordance?: number;
}

/**
 * The power-planning input of a pilot run (`verdict power --from`): its observed paired table gives n and the
 * discordance p_d = (n10 + n01)/n. Without a margin the planning rates are the observed p10 and p01 (power at
 * the current n, the pairs needed to confirm the observed difference, the minimum detectable difference); with
 * a margin m they are those of a drop of m at the discordance d = max(p_d, m): p10 = (d + m)/2, p01 = (d - m)/2
 * (a drop needs at least m of the items to be discordant). Feed `input` to planMcNemarPower.
 *
 * @throws {InputError} when the variants agree on every paired item and no margin is given (nothing to plan for)
 * @example planFromPilot(results, { baseline: 'model-v1', candidate: 'model-v2', margin: 0.03 }).input.p10 // (d + 0.03) / 2
 */
export function planFromPilot(results: LoadedResults, options: PilotPlanOptions): PilotPlan {
  const {
    baseline,
    candidate,
    margin = 0,
    alpha = DEFAULT_ALPHA,
    power = DEFAULT_TARGET_POWER,
    method = 'connor',
  } = options;
  const { n11, n10, n01, n00 } = observedPairedTable(results, { baseline, candidate });
  const n = n11 + n10 + n01 + n00;
  const discordance = (n10 + n01) / n;
  const observed = { n, n10, n01, discordance };
  if (margin > 0) {
    const planning = Math.max(discordance, margin);
    return {
      input: { p10: (planning + margin) / 2, p01: (planning - margin) / 2, alpha, power, method, n },
      observed,
      planningDiscordance: planning,
    };
  }
  if (discordance === 0) {
    throw new InputError(
      'the variants agree on every paired item (no discordant pairs): give --margin to plan for a drop of that size',
    );
  }
  return { input: { p10: n10 / n, p01: n01 / n, alpha, power, method, n }, observed };
}
