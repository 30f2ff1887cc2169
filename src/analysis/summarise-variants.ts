import type { ColumnTable } from 'arquero';
import type { VariantSummary } from '../../reports/verdict-document';
import { proportionInterval } from '../../stats/index';
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

  constructor(itemCount: number) {
    this.items = new Uint32Array(Math.ceil(itemCount / 32));
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
 * samples (`n`, aggregated rows counting their `n`), passes, the pass rate with its Wilson interval
 * (which treats samples as independent), the mean score, the error / timeout / skipped counts, and
 * latency and cost summaries over all its cells that record them. A variant with no ok sample has rate
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
  const totals = new Map<string, VariantTotals>();
  for (let row = 0; row < variants.length; row++) {
    let t = totals.get(variants[row]!);
    if (t === undefined) {
      t = new VariantTotals(nItems);
      totals.set(variants[row]!, t);
    }
    if (!Number.isNaN(latency[row]!)) t.latencyMs.push(latency[row]!);
    if (!Number.isNaN(cost[row]!)) t.costUsd.push(cost[row]!);
    const status = statuses[row];
    if (status === 'ok') {
      t.addItem(itemIds[row]!);
      t.n += trials[row]!;
      t.passes += passes[row]!;
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
    interval:
      t.n > 0
        ? { ...proportionInterval(t.passes, t.n, { confidence }) }
        : { estimate: 0, lower: 0, upper: 1, confidence, method: 'wilson' },
    meanScore: t.scoreCount > 0 ? t.scoreSum / t.scoreCount : null,
    errors: t.errors,
    timeouts: t.timeouts,
    skipped: t.skipped,
    latencyMs: distributionOf(t.latencyMs),
    costUsd: distributionOf(t.costUsd),
  }));
}
