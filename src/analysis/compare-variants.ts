import type { ColumnTable } from 'arquero';
import type {
  Flips,
  PairedComparison,
  PassAtKPoint,
  Policy,
  PowerSummary,
  Slice,
} from '../../reports/verdict-document';
import { adjustPValues, seededRandom } from '../../stats/index';
import { InputError } from '../schema/input-error';
import { analysePairs } from './analyse-pairs';
import { decideVerdict } from './decide-verdict';
import { findFlips } from './find-flips';
import { pairByItem, pairedOnly } from './pair-by-item';
import { passAtKCurve } from './pass-at-k-curve';
import { binaryPowerSummary, meansPowerSummary } from './power-summary';
import { sliceBy } from './slice-by';
import { columnValues } from './table-columns';

/** One candidate against the baseline, before the p-value is adjusted across candidates. */
export interface VariantComparison {
  readonly paired: PairedComparison;
  readonly slices: Slice[];
  readonly power: PowerSummary;
  readonly flips: Flips;
  readonly passAtK: PassAtKPoint[] | null;
  /** Ok rows of the candidate whose item the baseline lacks. */
  readonly unpairedCandidateRows: number;
  /** Baseline items the candidate lacks, with their ok rows. */
  readonly unpairedBaselineItems: ReadonlyMap<string, number>;
}

export interface CompareVariantsOptions {
  readonly baseline: string;
  readonly candidate: string;
  readonly policy: Policy;
  /** Flip items listed per direction. @default 200 */
  readonly flipLimit?: number;
}

/**
 * Compare one candidate with the baseline on the items both have: the paired analysis (its design
 * chosen from the data: `score` for --metric score; `binary` when every item has exactly one sample on
 * each side; `binary-samples` otherwise), the slices of every `policy.by` field with p-values adjusted
 * within the field, power, flips and (design `binary-samples`) the pass@k curves of both variants.
 *
 * @param cells the latest cells (`latestCells`)
 * @throws {InputError} when no item has ok outcomes in both variants
 */
export function compareVariants(
  cells: ColumnTable,
  { baseline, candidate, policy, flipLimit }: CompareVariantsOptions,
): VariantComparison {
  const all = pairByItem(cells, { baseline, candidate });
  const pairs = pairedOnly(all);
  if (pairs.numRows() === 0) {
    throw new InputError(`no item has ok outcomes in both \`${baseline}\` and \`${candidate}\`: nothing to compare`);
  }
  const design = chooseDesign(pairs, policy.metric);
  const paired = analysePairs(pairs, cells, design, policy);
  const slices = policy.by.flatMap((field) => sliceField(pairs, cells, field, design, policy));
  const power =
    design === 'binary'
      ? binaryPowerSummary({ n: paired.n, n10: paired.n10!, n01: paired.n01! }, policy)
      : meansPowerSummary(paired, policy);
  const passAtK = design === 'binary-samples' ? passAtKCurves(pairs, baseline, candidate, policy) : null;
  const { unpairedCandidateRows, unpairedBaselineItems } = unpaired(all);
  return {
    paired,
    slices,
    power,
    flips: findFlips(pairs, cells, { design, ...(flipLimit === undefined ? {} : { limit: flipLimit }) }),
    passAtK,
    unpairedCandidateRows,
    unpairedBaselineItems,
  };
}

function chooseDesign(pairs: ColumnTable, metric: Policy['metric']): PairedComparison['design'] {
  if (metric === 'score') return 'score';
  const aTrials = columnValues<number>(pairs, 'aTrials');
  const bTrials = columnValues<number>(pairs, 'bTrials');
  for (let i = 0; i < aTrials.length; i++) if (aTrials[i] !== 1 || bTrials[i] !== 1) return 'binary-samples';
  return 'binary';
}

function sliceField(
  pairs: ColumnTable,
  cells: ColumnTable,
  field: string,
  design: PairedComparison['design'],
  policy: Policy,
): Slice[] {
  const groups = sliceBy(pairs, cells, field).map(({ value, pairs: group }) => ({
    value,
    paired: analysePairs(group, cells, design, policy),
  }));
  const raw = groups.map((group) => group.paired.test.pValue);
  const adjusted = policy.correction === 'none' ? raw : adjustPValues(raw, policy.correction);
  return groups.map(({ value, paired }, i) => {
    const adjustedPValue = adjusted[i]!;
    const { verdict } = decideVerdict({ ...paired.difference, pValue: adjustedPValue }, policy);
    return { field, value, paired, adjustedPValue, verdict };
  });
}

function passAtKCurves(pairs: ColumnTable, baseline: string, candidate: string, policy: Policy): PassAtKPoint[] {
  const options = { resamples: policy.bootstrapResamples, confidence: policy.confidence };
  return [
    ...passAtKCurve(baseline, columnValues(pairs, 'aTrials'), columnValues(pairs, 'aPasses'), {
      ...options,
      random: seededRandom(policy.seed),
    }),
    ...passAtKCurve(candidate, columnValues(pairs, 'bTrials'), columnValues(pairs, 'bPasses'), {
      ...options,
      random: seededRandom(policy.seed + 1),
    }),
  ];
}

function unpaired(all: ColumnTable): Pick<VariantComparison, 'unpairedCandidateRows' | 'unpairedBaselineItems'> {
  const keys = columnValues<string>(all, 'key');
  const aRows = columnValues<number>(all, 'aRows');
  const bRows = columnValues<number>(all, 'bRows');
  let unpairedCandidateRows = 0;
  const unpairedBaselineItems = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) {
    if (aRows[i] === 0) unpairedCandidateRows += bRows[i]!;
    else if (bRows[i] === 0) unpairedBaselineItems.set(keys[i]!, aRows[i]!);
  }
  return { unpairedCandidateRows, unpairedBaselineItems };
}
