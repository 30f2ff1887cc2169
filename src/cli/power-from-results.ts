import { formatPoints } from '../../reports/index';
import type { McNemarPowerMethod } from '../../stats/index';
import { loadResults } from '../analysis/load-results';
import { observedPairedTable } from '../analysis/observed-paired-table';
import { DEFAULT_ALPHA, DEFAULT_TARGET_POWER } from '../analysis/policy';
import { InputError } from '../schema/input-error';
import { chooseVariants, variantNames } from './choose-variants';
import { type FormatFlags, formatChoices } from './format-options';
import { parseOpenProbability, parsePoints } from './parse-options';
import type { McNemarPowerPlanInput } from './plan-mcnemar-power';

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
 * The power plan of a pilot run: its observed paired table gives n and the discordance p_d = (n10 + n01)/n.
 * Without --margin the planning rates are the observed p10 and p01 (power at the current n, the pairs
 * needed to confirm the observed difference, the minimum detectable difference); with --margin m they
 * are those of a drop of m at the discordance max(p_d, m): p10 = (d + m)/2, p01 = (d - m)/2.
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
  const { n11, n10, n01, n00 } = observedPairedTable(results, { baseline, candidate });
  const n = n11 + n10 + n01 + n00;
  const discordance = (n10 + n01) / n;
  const alpha = flags.alpha === undefined ? DEFAULT_ALPHA : parseOpenProbability('--alpha')(flags.alpha);
  const power = flags.power === undefined ? DEFAULT_TARGET_POWER : parseOpenProbability('--power')(flags.power);
  const method = (flags.method ?? 'connor') as McNemarPowerMethod;
  if (method !== 'connor' && method !== 'exact') {
    throw new InputError(`expected connor or exact, got ${JSON.stringify(method)}`, { field: '--method' });
  }
  const lines = [
    ...(chosen.note ? [`(${chosen.note})`] : []),
    `Observed: ${candidate} vs ${baseline}, n = ${n} paired items, n10 = ${n10}, n01 = ${n01} (discordance ${fixed(discordance)})`,
  ];
  const margin = flags.margin === undefined ? 0 : parsePoints('--margin')(flags.margin);
  if (margin > 0) {
    const planning = Math.max(discordance, margin);
    lines.push(
      `Planning for a drop of ${formatPoints(-margin).replace(/^-/, '')} points at discordance ${fixed(planning)}`,
    );
    return {
      input: { p10: (planning + margin) / 2, p01: (planning - margin) / 2, alpha, power, method, n },
      header: `${lines.join('\n')}\n`,
    };
  }
  if (discordance === 0) {
    throw new InputError(
      'the variants agree on every paired item (no discordant pairs): give --margin to plan for a drop of that size',
    );
  }
  return { input: { p10: n10 / n, p01: n01 / n, alpha, power, method, n }, header: `${lines.join('\n')}\n` };
}
