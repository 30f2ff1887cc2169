import type { ColumnTable } from 'arquero';
import { seededRandom } from '../../stats/index';
import type { PassAtKPoint, VariantSummary } from '../schema/verdict-document';
import { latestCells } from './latest-cells';
import { passAtKCurve } from './pass-at-k-curve';
import { DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_BOOTSTRAP_SEED } from './policy';
import type { LoadedResults } from './results-table';
import { summariseVariants } from './summarise-variants';
import { columnValues } from './table-columns';

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
  const { cells, duplicates } = latestCells(results.table);
  const variants = summariseVariants(cells, { confidence });
  const passAtK = variants.flatMap(({ variant }) => {
    const { trials, passes } = itemTotals(cells, variant);
    if (trials.length === 0 || trials.every((n) => n <= 1)) return [];
    return passAtKCurve(variant, trials, passes, { resamples, confidence, random: seededRandom(seed) });
  });
  return { variants, passAtK, duplicates };
}

/** Samples and passes per item of one variant's ok cells with a pass outcome. */
function itemTotals(cells: ColumnTable, variant: string): { trials: number[]; passes: number[] } {
  const variants = columnValues<string>(cells, 'variant');
  const statuses = columnValues<string>(cells, 'status');
  const keys = columnValues<string>(cells, 'key');
  const trialColumn = columnValues<number>(cells, 'trials');
  const passColumn = columnValues<number>(cells, 'passes');
  const index = new Map<string, number>();
  const trials: number[] = [];
  const passes: number[] = [];
  for (let row = 0; row < variants.length; row++) {
    if (variants[row] !== variant || statuses[row] !== 'ok' || trialColumn[row] === 0) continue;
    let slot = index.get(keys[row]!);
    if (slot === undefined) {
      slot = trials.length;
      index.set(keys[row]!, slot);
      trials.push(0);
      passes.push(0);
    }
    trials[slot]! += trialColumn[row]!;
    passes[slot]! += passColumn[row]!;
  }
  return { trials, passes };
}
