import { seededRandom } from '../../stats/index';
import { InputError } from '../schema/input-error';
import type {
  Flips,
  MissingData,
  PairedComparison,
  PassAtKPoint,
  Policy,
  PowerSummary,
  Slice,
} from '../schema/verdict-document';
import { adjustFamily, familyMember } from './adjust-family';
import { analysePairs } from './analyse-pairs';
import { decideVerdict } from './decide-verdict';
import { DEFAULT_FLIP_LIMIT, type FlipListing, flipsUpTo, listFlips } from './find-flips';
import { missingData, type PlannedCells } from './missing-data';
import { type PairedItems, pairByItem, pairedKey, pairedOnly } from './pair-by-item';
import type { PairedAnalysis } from './paired-analysis';
import { passAtKCurve } from './pass-at-k-curve';
import { binaryPowerModel, meansPowerModel, type PowerModel } from './power-summary';
import { type ItemCounts, OK, type ResultsColumns } from './results-columns';
import { type StoppingDesign, sequentialAnalysis } from './sequential-analysis';
import { sliceBy } from './slice-by';

/** One candidate against the baseline, before the p-value is adjusted across candidates. */
export interface VariantComparison {
  /** The primary analysis (`policy.errors`), headline interval at 1 - alpha. */
  readonly primary: PairedAnalysis;
  /** The same with the other treatment of non-ok cells; null when it cannot be run (no item paired that way). */
  readonly sensitivity: { readonly errors: Policy['errors']; readonly analysis: PairedAnalysis } | null;
  readonly missing: MissingData;
  readonly slices: Slice[];
  readonly power: PowerSummary;
  /** The flips listed up to `flipLimit` per direction. */
  readonly flips: Flips;
  /** Every flip, described on demand (the JSON report writes them as they come). */
  readonly flipListing: FlipListing;
  readonly passAtK: PassAtKPoint[] | null;
  /** Ok rows of the candidate whose item the baseline lacks. */
  readonly unpairedCandidateRows: number;
  /** Baseline items the candidate lacks, with their ok rows. */
  readonly unpairedBaselineItems: ReadonlyMap<string, number>;
  /** The largest |difference| the outcome allows (1 for pass rates, the observed score range). */
  readonly maxDifference: number;
}

export interface CompareVariantsOptions {
  readonly baseline: string;
  readonly candidate: string;
  readonly policy: Policy;
  /** What the runs among the inputs planned for these variants; null: the items in the inputs are the plan. */
  readonly plan?: PlannedCells | null;
  /** Third variants whose rows name no planned item (missingData's `unplannedVariants`). @default [] */
  readonly unplannedVariants?: readonly string[];
  /** The items the two's inputs list as planned (missingData's `listedItems`). */
  readonly listedItems?: ReadonlySet<string>;
  /** Flip items listed per direction; null lists every one. @default 200 */
  readonly flipLimit?: number | null;
  /**
   * The design the run that produced these variants stopped on (`stopping.design` of `verdict run --stop-early`),
   * so that `policy.analysis` `sequential` judges the pairs with the same tests the run did. @default null
   */
  readonly stoppingDesign?: StoppingDesign | null;
}

/**
 * Compare one candidate with the baseline: the primary paired analysis (its design chosen from the data:
 * `score` for --metric score; `binary` when every item has exactly one sample on each side; `binary-samples`
 * otherwise) on the items both have ok (`policy.errors` `exclude`) or on every item with the missing cells
 * counted as failures (`count-as-fail`), the other of the two as the sensitivity analysis, every planned cell
 * accounted for (`missingData`), the slices of every `policy.by` field (adjusted within the field), power,
 * flips and (design `binary-samples`) the pass@k curves of both variants.
 *
 * @param cells the latest cells (`latestCells`)
 * @throws {InputError} when no item has ok outcomes in both variants and missing cells are not counted
 */
export function compareVariants(
  cells: ResultsColumns,
  {
    baseline,
    candidate,
    policy,
    plan = null,
    unplannedVariants = [],
    listedItems,
    flipLimit = DEFAULT_FLIP_LIMIT,
    stoppingDesign = null,
  }: CompareVariantsOptions,
): VariantComparison {
  const all = pairByItem(cells, { baseline, candidate });
  const okPairs = pairedOnly(all);
  const { missing, plannedCells } = missingData(cells, {
    baseline,
    candidate,
    policy,
    plan,
    unplannedVariants,
    ...(listedItems === undefined ? {} : { listedItems }),
  });
  const anyMissing = missing.byVariant.some((v) => v.ok < v.planned);
  // With no planned cell missing, counting missing cells as failures changes nothing: the same pairs serve both.
  const intentionToTreat = anyMissing
    ? pairByItem(cells, {
        baseline,
        candidate,
        missingAsFailure: {
          plannedCells,
          worstScore: policy.metric === 'score' ? scoreBounds(cells, [baseline, candidate])[0] : Number.NaN,
        },
      })
    : okPairs;
  const pairsOf = (errors: Policy['errors']) => (errors === 'exclude' ? okPairs : intentionToTreat);
  const pairs = pairsOf(policy.errors);
  if (pairs.ids.length === 0) {
    throw new InputError(`no item has ok outcomes in both \`${baseline}\` and \`${candidate}\`: nothing to compare`);
  }
  const range = policy.metric === 'score' ? scoreRange(cells, [baseline, candidate]) : 1;
  const design = chooseDesign(pairs, policy.metric);
  if (stoppingDesign != null && design !== 'binary' && policy.analysis === 'sequential') {
    // A run with samples refuses a design (stopping-monitor.ts); a design given to compare is refused alike.
    throw new InputError(
      `the design tunes the sequential test of one sample per item; \`${candidate}\` has several samples per item (per-item pass rates use the design-free mixture): leave the design flags out`,
      { field: '--design-difference' },
    );
  }
  const primary = analyse(pairs, design, policy, range, stoppingDesign);
  const other: Policy['errors'] = policy.errors === 'exclude' ? 'count-as-fail' : 'exclude';
  const otherPairs = pairsOf(other);
  const sensitivity =
    !anyMissing || otherPairs.ids.length === 0
      ? null
      : {
          errors: other,
          analysis: analyse(otherPairs, chooseDesign(otherPairs, policy.metric), policy, range, stoppingDesign),
        };
  const power = powerSummary(primary.paired, policy, range);
  const slices = policy.by.flatMap((field) => sliceField(pairs, field, design, policy, range));
  const passAtK = design === 'binary-samples' ? passAtKCurves(okPairs, baseline, candidate, policy) : null;
  const { unpairedCandidateRows, unpairedBaselineItems } = unpaired(all);
  const flipListing = listFlips(pairs, { design });
  return {
    primary,
    sensitivity,
    missing,
    slices,
    power,
    flips: flipsUpTo(flipListing, flipLimit),
    flipListing,
    passAtK,
    unpairedCandidateRows,
    unpairedBaselineItems,
    maxDifference: range,
  };
}

/**
 * The analysis the policy asks for: the fixed-n one (`analysePairs`), or with `policy.analysis` `sequential` the
 * anytime-valid one built on it (`sequentialAnalysis`; `compare` refuses scores and clusters there).
 */
function analyse(
  pairs: PairedItems,
  design: PairedComparison['design'],
  policy: Policy,
  range: number,
  stoppingDesign: StoppingDesign | null,
): PairedAnalysis {
  const fixed = analysePairs(pairs, design, policy, range);
  if (policy.analysis !== 'sequential' || design === 'score') return fixed;
  return sequentialAnalysis(fixed, pairs, design, policy, stoppingDesign);
}

/** The power summary of a paired comparison: exact or Connor for one sample per item, normal for means. */
export const powerSummary = (paired: PairedComparison, policy: Policy, maxDifference: number): PowerSummary =>
  powerModelOf(paired, policy, maxDifference).summary();

/** The power of a paired comparison, for its summary or for its verdict alone (`PowerModel`). */
function powerModelOf(paired: PairedComparison, policy: Policy, maxDifference: number): PowerModel {
  const designEffect = paired.clustering?.designEffect ?? 1;
  if (paired.design === 'binary') {
    const clusters = paired.clustering?.clusters ?? null;
    const { n, n10, n01 } = paired;
    if (n10 === undefined || n01 === undefined)
      throw new Error('powerSummary: a binary comparison without n10 and n01');
    return binaryPowerModel({ n, n10, n01, designEffect, clusters }, policy);
  }
  const units = paired.clustering?.clusters ?? paired.n;
  return meansPowerModel(
    // The sequential analysis reports the fixed-n test's power (docs/decision.md, section 9), named as such.
    {
      n: paired.n,
      standardError: paired.standardError,
      test: paired.sequential?.fixedN.test.method ?? paired.test.method,
      units,
    },
    policy,
    maxDifference,
  );
}

function chooseDesign({ ids, a, b }: PairedItems, metric: Policy['metric']): PairedComparison['design'] {
  if (metric === 'score') return 'score';
  return ids.some((id) => a.trials[id] !== 1 || b.trials[id] !== 1) ? 'binary-samples' : 'binary';
}

/**
 * The slices of one field: each value's paired analysis, adjusted together within the field (`adjustFamily`,
 * simultaneous when the decision reads intervals against a margin), each interval rebuilt at its adjusted
 * level, and each slice's verdict by the same rule as the whole comparison (power against the reference
 * effect included, so a small slice reads `underpowered`, not "no change").
 */
function sliceField(
  pairs: PairedItems,
  field: string,
  design: PairedComparison['design'],
  policy: Policy,
  range: number,
): Slice[] {
  const groups = sliceBy(pairs, field).map(({ value, pairs: group }) => ({
    value,
    // A slice was not what the run stopped on: its sequential tests are the design-free mixture.
    analysis: analyse(group, design, policy, range, null),
  }));
  const family = adjustFamily(
    groups.map((group) => group.analysis.paired.test.pValue),
    { alpha: policy.alpha, correction: policy.correction, simultaneous: usesMargin(policy) },
  );
  return groups.map(({ value, analysis }, i) => {
    const { adjustedPValue, level } = familyMember(family, i);
    const paired = withLevel(analysis, level, policy.alpha);
    // The power of the test at the level it is actually judged at; a slice's summary is not reported, so only the
    // verdict's power is computed (no root finding, no curve).
    const powerAtEffect = powerModelOf(paired, { ...policy, alpha: level }, range).verdictPower();
    const { verdict } = decideVerdict({ ...paired.difference, pValue: adjustedPValue, powerAtEffect }, policy);
    return { field, value, paired, adjustedPValue, verdict };
  });
}

/** Whether the decision reads intervals against a margin (non-inferiority, equivalence). */
export const usesMargin = (policy: Pick<Policy, 'require' | 'margin'>): boolean =>
  policy.require === 'non-inferiority' || policy.margin > 0;

/** The comparison with its headline interval at the family's level for it (unchanged at the family's alpha). */
export function withLevel(analysis: PairedAnalysis, level: number, alpha: number): PairedComparison {
  if (level === alpha) return analysis.paired;
  if (analysis.pairedAt !== undefined) return analysis.pairedAt(level);
  return { ...analysis.paired, difference: analysis.intervalAt(1 - level) };
}

function passAtKCurves(pairs: PairedItems, baseline: string, candidate: string, policy: Policy): PassAtKPoint[] {
  const options = { resamples: policy.bootstrapResamples, confidence: policy.confidence };
  const { ids, a, b } = pairs;
  const of = (values: ItemCounts) => Float64Array.from(ids, (id) => values[id] ?? 0);
  return [
    ...passAtKCurve(baseline, of(a.trials), of(a.passes), {
      ...options,
      random: seededRandom(policy.seed),
    }),
    ...passAtKCurve(candidate, of(b.trials), of(b.passes), {
      ...options,
      random: seededRandom(policy.seed + 1),
    }),
  ];
}

/** The observed range of the compared variants' ok scores: the largest |difference| of two of them. */
function scoreRange(cells: ResultsColumns, variants: readonly string[]): number {
  const [low, high] = scoreBounds(cells, variants);
  return Number.isFinite(high - low) ? high - low : 0;
}

/** The lowest and highest ok score of the compared variants (the lowest is a missing cell's score when counted as a failure). */
function scoreBounds(cells: ResultsColumns, variants: readonly string[]): [number, number] {
  const codes = variants.map((name) => cells.variantNames.indexOf(name));
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < cells.length; row++) {
    const score = cells.score[row] ?? Number.NaN;
    if (cells.status[row] !== OK || Number.isNaN(score) || !codes.includes(cells.variant[row] ?? -1)) continue;
    if (score < low) low = score;
    if (score > high) high = score;
  }
  return [low, high];
}

function unpaired(all: PairedItems): Pick<VariantComparison, 'unpairedCandidateRows' | 'unpairedBaselineItems'> {
  const { ids, a, b } = all;
  let unpairedCandidateRows = 0;
  const unpairedBaselineItems = new Map<string, number>();
  ids.forEach((id, i) => {
    const [aRows, bRows] = [a.rows[id] ?? 0, b.rows[id] ?? 0];
    if (aRows === 0) unpairedCandidateRows += bRows;
    else if (bRows === 0) unpairedBaselineItems.set(pairedKey(all, i), aRows);
  });
  return { unpairedCandidateRows, unpairedBaselineItems };
}
