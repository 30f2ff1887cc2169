import { clusteredProportionInterval, proportionInterval } from '../../stats/index';
import type { VariantSummary } from '../schema/verdict-document';
import { distributionOf } from './distribution';
import { addAt, OK, type ResultsColumns, STATUS_NAMES } from './results-columns';

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
  /** Records served from the output cache, judge answers served from it, and their original cost. */
  cachedCells = 0;
  cachedJudgeCalls = 0;
  costSavedUsd = 0;
  /** Per item (by item code): ok trials and passes, for the interval clustered by item. */
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
    const bits = this.items[word] ?? 0;
    if ((bits & bit) === 0) {
      this.items[word] = bits | bit;
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
  cells: ResultsColumns,
  { confidence = 0.95 }: SummariseVariantsOptions = {},
): VariantSummary[] {
  const { variant, status, itemId, trials, passes, score, latencyMs, costUsd, records } = cells;
  const nItems = cells.itemKeys.length;
  // By variant code; a variant with no row left (all replaced) has no entry, and entries keep first appearance.
  const totals: (VariantTotals | undefined)[] = new Array(cells.variantNames.length);
  const order: number[] = [];
  for (let row = 0; row < cells.length; row++) {
    const code = variant[row] ?? 0;
    let t = totals[code];
    if (t === undefined) {
      t = new VariantTotals(nItems);
      totals[code] = t;
      order.push(code);
    }
    const latency = latencyMs[row] ?? Number.NaN;
    const cost = costUsd[row] ?? Number.NaN;
    if (!Number.isNaN(latency)) t.latencyMs.push(latency);
    if (!Number.isNaN(cost)) t.costUsd.push(cost);
    if (records.valueAt(row, 'cached') === true) {
      t.cachedCells++;
      t.costSavedUsd += savedCost(records.valueAt(row, 'originalCostUsd'));
    }
    // A model-graded scorer's answer the cache served (`judge.cached`): a judge call not made, whether or not the
    // target's output was served too.
    const judge = records.valueAt(row, 'judge') as { cached?: unknown; originalCostUsd?: unknown } | undefined;
    if (typeof judge === 'object' && judge !== null && judge.cached === true) {
      t.cachedJudgeCalls++;
      t.costSavedUsd += savedCost(judge.originalCostUsd);
    }
    const name = STATUS_NAMES[status[row] ?? OK];
    if (name === 'ok') {
      const id = itemId[row] ?? 0;
      const n = trials[row] ?? 0;
      const c = passes[row] ?? 0;
      t.addItem(id);
      t.n += n;
      t.passes += c;
      addAt(t.itemTrials, id, n);
      addAt(t.itemPasses, id, c);
      const value = score[row] ?? Number.NaN;
      if (!Number.isNaN(value)) {
        t.scoreSum += value;
        t.scoreCount++;
      }
    } else if (name === 'error') t.errors++;
    else if (name === 'timeout') t.timeouts++;
    else t.skipped++;
  }
  return order
    .flatMap((code) => {
      const t = totals[code];
      return t === undefined ? [] : [{ variant: cells.variantNames[code] ?? '', t }];
    })
    .map(({ variant, t }) => ({
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
      ...(t.cachedCells > 0 || t.cachedJudgeCalls > 0
        ? {
            cached: {
              cells: t.cachedCells,
              ...(t.cachedJudgeCalls > 0 ? { judgeCalls: t.cachedJudgeCalls } : {}),
              costSavedUsd: t.costSavedUsd,
            },
          }
        : {}),
    }));
}

/** A record's original cost as a saving: a positive finite number, else nothing. */
const savedCost = (original: unknown): number =>
  typeof original === 'number' && Number.isFinite(original) && original > 0 ? original : 0;

/** The pass rate's interval and design effect: Wilson's, clustered by item when an item has several samples. */
function passRateInterval(t: VariantTotals, confidence: number): Pick<VariantSummary, 'interval' | 'designEffect'> {
  if (t.n === 0)
    return { interval: { estimate: 0, lower: 0, upper: 1, confidence, method: 'wilson' }, designEffect: 1 };
  const trials: number[] = [];
  const passes: number[] = [];
  let repeated = false;
  t.itemTrials.forEach((n, id) => {
    if (n === 0) return;
    trials.push(n);
    passes.push(t.itemPasses[id] ?? 0);
    if (n > 1) repeated = true;
  });
  if (!repeated) return { interval: { ...proportionInterval(t.passes, t.n, { confidence }) }, designEffect: 1 };
  const { designEffect, effectiveN: _, ...interval } = clusteredProportionInterval(passes, trials, { confidence });
  return { interval, designEffect };
}
