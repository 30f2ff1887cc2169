import { seededRandom } from '../../stats/index';
import type { PassAtKPoint, VariantSummary } from '../schema/verdict-document';
import { latestCells } from './latest-cells';
import { passAtKCurve } from './pass-at-k-curve';
import { DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_BOOTSTRAP_SEED } from './policy';
import { OK, type ResultsColumns, variantCode } from './results-columns';
import type { LoadedResults } from './results-table';
import { summariseVariants } from './summarise-variants';

export interface SummariseResultsOptions {
  /** Level of the Wilson and bootstrap intervals. @default 0.95 */
  readonly confidence?: number;
  /** Bootstrap resamples of the pass@k intervals. @default 2000 */
  readonly resamples?: number;
  /** @default 0 */
  readonly seed?: number;
}

/** Every variant on its own: the numbers of `verdict summary`. */
export interface ResultsSummary {
  readonly variants: VariantSummary[];
  /** pass@k and pass^k of the variants whose items have more than one sample (k up to the fewest). */
  readonly passAtK: PassAtKPoint[];
  /** Per variant, rows replaced by a later row of the same cell (not counted above). */
  readonly duplicates: Readonly<Record<string, number>>;
}

/**
 * Summarise every variant of the results, unpaired: pass rate with its Wilson interval, errors, timeouts,
 * skipped, mean score, latency and cost (`summariseVariants`), and, for variants with several samples per
 * item, pass@k and pass^k for k = 1..n with bootstrap intervals over items (`passAtKCurve`).
 *
 * @example summariseResults(await loadResults(['taubench.jsonl'])).passAtK.find((p) => p.k === 4)?.passHatK
 */
export function summariseResults(
  results: LoadedResults,
  {
    confidence = 0.95,
    resamples = DEFAULT_BOOTSTRAP_RESAMPLES,
    seed = DEFAULT_BOOTSTRAP_SEED,
  }: SummariseResultsOptions = {},
): ResultsSummary {
  const { cells, duplicates } = latestCells(results.columns);
  const variants = summariseVariants(cells, { confidence });
  const passAtK = variants.flatMap(({ variant }) => {
    const { trials, passes } = itemTotals(cells, variant);
    if (trials.length === 0 || trials.every((n) => n <= 1)) return [];
    return passAtKCurve(variant, trials, passes, { resamples, confidence, random: seededRandom(seed) });
  });
  return { variants, passAtK, duplicates };
}

/** Samples and passes per item of one variant's ok cells with a pass outcome. */
function itemTotals(cells: ResultsColumns, variant: string): { trials: number[]; passes: number[] } {
  const code = variantCode(cells, variant);
  // Per item code, its slot in the lists (-1 until the variant has an ok pass row of it), in order of first row.
  const slots = new Int32Array(cells.itemKeys.length).fill(-1);
  const trials: number[] = [];
  const passes: number[] = [];
  for (let row = 0; row < cells.length; row++) {
    const n = cells.trials[row] ?? 0;
    if (cells.variant[row] !== code || cells.status[row] !== OK || n === 0) continue;
    const id = cells.itemId[row] ?? 0;
    let slot = slots[id] ?? -1;
    if (slot === -1) {
      slot = trials.length;
      slots[id] = slot;
      trials.push(0);
      passes.push(0);
    }
    trials[slot] = (trials[slot] ?? 0) + n;
    passes[slot] = (passes[slot] ?? 0) + (cells.passes[row] ?? 0);
  }
  return { trials, passes };
}
