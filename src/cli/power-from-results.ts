import { formatPoints } from '../../reports/index';
import { MCNEMAR_POWER_METHODS } from '../../stats/index';
import { loadResults } from '../analysis/load-results';
import { planFromPilot } from '../analysis/plan-from-pilot';
import type { McNemarPowerPlanInput } from '../analysis/plan-mcnemar-power';
import { chooseVariants, variantNames } from './choose-variants';
import { type FormatFlags, formatChoices } from './format-options';
import { parseOneOf, parseOpenProbability, parsePoints } from './parse-options';

/** The flags of `verdict power --from` (strings, as commander hands them over). */
export interface PowerFromResultsFlags extends FormatFlags {
  readonly from: readonly string[];
  readonly baseline?: string;
  readonly candidate?: string;
  readonly margin?: string;
  readonly alpha?: string;
  readonly power?: string;
  readonly method?: string;
}

const fixed = (x: number): string => Number(x.toFixed(4)).toString();

/**
 * The power plan of a pilot run from `verdict power --from` flags: the results loaded, the variants chosen, the
 * flags parsed, then planFromPilot (src/analysis) for the rates.
 *
 * @returns the plan's input and the lines that say where its rates come from
 */
export async function planInputFromResults(
  flags: PowerFromResultsFlags,
): Promise<{ input: McNemarPowerPlanInput; header: string }> {
  const results = await loadResults(flags.from, formatChoices(flags));
  const chosen = chooseVariants(variantNames(results), {
    baseline: flags.baseline,
    candidates: flags.candidate === undefined ? [] : [flags.candidate],
  });
  const baseline = chosen.baseline;
  const candidate = chosen.candidates[0]!;
  const method = parseOneOf('--method', MCNEMAR_POWER_METHODS)(flags.method ?? 'connor');
  const margin = flags.margin === undefined ? 0 : parsePoints('--margin')(flags.margin);
  const { input, observed, planningDiscordance } = planFromPilot(results, {
    baseline,
    candidate,
    margin,
    method,
    ...(flags.alpha === undefined ? {} : { alpha: parseOpenProbability('--alpha')(flags.alpha) }),
    ...(flags.power === undefined ? {} : { power: parseOpenProbability('--power')(flags.power) }),
  });
  const lines = [
    ...(chosen.note ? [`(${chosen.note})`] : []),
    `Observed: ${candidate} vs ${baseline}, n = ${observed.n} paired items, n10 = ${observed.n10}, n01 = ${observed.n01} (discordance ${fixed(observed.discordance)})`,
  ];
  if (planningDiscordance !== undefined) {
    lines.push(
      `Planning for a drop of ${formatPoints(-margin).replace(/^-/, '')} points at discordance ${fixed(planningDiscordance)}`,
    );
  }
  return { input, header: `${lines.join('\n')}\n` };
}
