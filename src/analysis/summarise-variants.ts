import type { ColumnTable } from 'arquero';
import { clusteredProportionInterval, proportionInterval } from '../../stats/index';
import type { VariantSummary } from '../schema/verdict-document';
import { distributionOf } from './distribution';
import { columnValues, itemCount } from './table-columns';

export interface SummariseVariantsOptions {
  /** Level of the Wilson intervals. @default 0.95 */
  readonly confidence?: number;
}

/** Running totals of one variant, filled in one pass over the cells. */
class VariantTotals {
  /** One bit per item: has an ok outcome. */
  readonly items: Uint32Array;
  nItems = 0;
  n = 0;
  passes = 0;
  scoreSum = 0;
  scoreCount = 0;
  errors = 0;
  timeouts = 0;
  skipped = 0;
  readonly latencyMs: number[] = [];
  readonly costUsd: number[] = [];
  /** Records served from the output cache, and their original cost. */
  cachedCells = 0;
  costSavedUsd = 0;
  /** Per item (by itemId): ok trials and passes, for the interval clustered by item. */
  readonly itemTrials: Float64Array;
  readonly itemPasses: Float64Array;

  constructor(itemCount: number) {
    this.items = new Uint32Array(Math.ceil(itemCount / 32));
    this.itemTrials = new Float64Array(itemCount);
    this.itemPasses = new Float64Array(itemCount);
  }

  addItem(id: number): void {
    const word = id >>> 5;
    const bit = 1 << (id & 31);
    if ((this.items[word]! & bit) === 0) {
      this.items[word] = this.items[word]! | bit;
      this.nItems++;
    }
  }
}

/**
 * Every variant's own numbers, unpaired, in order of first appearance: items with an ok outcome, ok
 * samples (`n`, aggregated rows counting their `n`), passes, the pass rate with its interval (Wilson's with
 * one sample per item; with several, Wilson's at the effective sample size of samples clustered by item,
 * `clusteredProportionInterval`, so samples of one item never count as independent), the mean score, the error / timeout / skipped counts, and
 * latency and cost summaries over all its cells that record them, and the cells the output cache served (`cached`). A variant with no ok sample has rate
 * 0 and the uninformative interval [0, 1].
 *
 * @param cells the latest cells (`latestCells`)
 */
export function summariseVariants(
  cells: ColumnTable,
  { confidence = 0.95 }: SummariseVariantsOptions = {},
): VariantSummary[] {
  const variants = columnValues<string>(cells, 'variant');
  const statuses = columnValues<string>(cells, 'status');
  const itemIds = columnValues<number>(cells, 'itemId');
  const nItems = itemCount(cells);
  const trials = columnValues<number>(cells, 'trials');
  const passes = columnValues<number>(cells, 'passes');
  const scores = columnValues<number>(cells, 'score');
  const latency = columnValues<number>(cells, 'latencyMs');
  const cost = columnValues<number>(cells, 'costUsd');
  const records = columnValues<Record<string, unknown>>(cells, 'record');
  const totals = new Map<string, VariantTotals>();
  for (let row = 0; row < variants.length; row++) {
    let t = totals.get(variants[row]!);
    if (t === undefined) {
      t = new VariantTotals(nItems);
      totals.set(variants[row]!, t);
    }
    if (!Number.isNaN(latency[row]!)) t.latencyMs.push(latency[row]!);
    if (!Number.isNaN(cost[row]!)) t.costUsd.push(cost[row]!);
    const record = records[row];
    if (record?.cached === true) {
      t.cachedCells++;
      const original = record.originalCostUsd;
      if (typeof original === 'number' && Number.isFinite(original) && original > 0) t.costSavedUsd += original;
    }
    const status = statuses[row];
    if (status === 'ok') {
      t.addItem(itemIds[row]!);
      t.n += trials[row]!;
      t.passes += passes[row]!;
      t.itemTrials[itemIds[row]!] = t.itemTrials[itemIds[row]!]! + trials[row]!;
      t.itemPasses[itemIds[row]!] = t.itemPasses[itemIds[row]!]! + passes[row]!;
      if (!Number.isNaN(scores[row]!)) {
        t.scoreSum += scores[row]!;
        t.scoreCount++;
      }
    } else if (status === 'error') t.errors++;
    else if (status === 'timeout') t.timeouts++;
    else t.skipped++;
  }
  return [...totals].map(([variant, t]) => ({
    variant,
    items: t.nItems,
    n: t.n,
    passes: t.passes,
    rate: t.n > 0 ? t.passes / t.n : 0,
    ...passRateInterval(t, confidence),
    meanScore: t.scoreCount > 0 ? t.scoreSum / t.scoreCount : null,
    errors: t.errors,
    timeouts: t.timeouts,
    skipped: t.skipped,
    latencyMs: distributionOf(t.latencyMs),
    costUsd: distributionOf(t.costUsd),
    ...(t.cachedCells > 0 ? { cached: { cells: t.cachedCells, costSavedUsd: t.costSavedUsd } } : {}),
  }));
}

/** The pass rate's interval and design effect: Wilson's, clustered by item when an item has several samples. */
function passRateInterval(t: VariantTotals, confidence: number): Pick<VariantSummary, 'interval' | 'designEffect'> {
  if (t.n === 0)
    return { interval: { estimate: 0, lower: 0, upper: 1, confidence, method: 'wilson' }, designEffect: 1 };
  const trials: number[] = [];
  const passes: number[] = [];
  let repeated = false;
  for (let id = 0; id < t.itemTrials.length; id++) {
    if (t.itemTrials[id] === 0) continue;
    trials.push(t.itemTrials[id]!);
    passes.push(t.itemPasses[id]!);
    if (t.itemTrials[id]! > 1) repeated = true;
  }
  if (!repeated) return { interval: { ...proportionInterval(t.passes, t.n, { confidence }) }, designEffect: 1 };
  const { designEffect, effectiveN: _, ...interval } = clusteredProportionInterval(passes, trials, { confidence });
  return { interval, designEffect };
}
