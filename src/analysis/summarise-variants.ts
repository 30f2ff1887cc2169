import { clusteredProportionInterval, proportionInterval } from '../../stats/index';
import type { VariantSummary } from '../schema/verdict-document';
import { distributionOfGroup } from './distribution';
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
  /** Records served from the output cache, judge answers served from it, and their original cost. */
  cachedCells = 0;
  cachedJudgeCalls = 0;
  costSavedUsd = 0;
  /**
   * Whether an item has several ok samples (an aggregated row of n > 1, or a second ok row): only then is the
   * interval clustered by item, and only then are the per-item totals gathered (`itemTotals`, a second pass).
   */
  repeated = false;

  constructor(itemCount: number) {
    this.items = new Uint32Array(Math.ceil(itemCount / 32));
  }

  /** Counts the item's first ok row; a second one marks the variant `repeated`. */
  addItem(id: number): void {
    const word = id >>> 5;
    const bit = 1 << (id & 31);
    const bits = this.items[word] ?? 0;
    if ((bits & bit) === 0) {
      this.items[word] = bits | bit;
      this.nItems++;
    } else this.repeated = true;
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
      if (n > 1) t.repeated = true;
      t.n += n;
      t.passes += c;
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
      return t === undefined ? [] : [{ code, variant: cells.variantNames[code] ?? '', t }];
    })
    .map(({ code, variant, t }) => ({
      variant,
      items: t.nItems,
      n: t.n,
      passes: t.passes,
      rate: t.n > 0 ? t.passes / t.n : 0,
      ...passRateInterval(t, t.repeated ? itemTotals(cells, code) : null, confidence),
      meanScore: t.scoreCount > 0 ? t.scoreSum / t.scoreCount : null,
      errors: t.errors,
      timeouts: t.timeouts,
      skipped: t.skipped,
      // Read from the columns in place, the variant's rows only (no copy of them per variant).
      latencyMs: distributionOfGroup(latencyMs, { groups: cells.variant, group: code }),
      costUsd: distributionOfGroup(costUsd, { groups: cells.variant, group: code }),
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

/**
 * The pass rate's interval and design effect: Wilson's, clustered by item when an item has several samples
 * (`perItem`: the ok trials and passes of each item with any, null when none has more than one).
 */
function passRateInterval(
  t: VariantTotals,
  perItem: { trials: number[]; passes: number[] } | null,
  confidence: number,
): Pick<VariantSummary, 'interval' | 'designEffect'> {
  if (t.n === 0)
    return { interval: { estimate: 0, lower: 0, upper: 1, confidence, method: 'wilson' }, designEffect: 1 };
  if (perItem === null || !perItem.trials.some((n) => n > 1))
    return { interval: { ...proportionInterval(t.passes, t.n, { confidence }) }, designEffect: 1 };
  const {
    designEffect,
    effectiveN: _,
    ...interval
  } = clusteredProportionInterval(perItem.passes, perItem.trials, {
    confidence,
  });
  return { interval, designEffect };
}

/** One variant's ok trials and passes per item, for the items that have any (in item-code order). */
function itemTotals(cells: ResultsColumns, code: number): { trials: number[]; passes: number[] } {
  const { variant, status, itemId, trials, passes } = cells;
  const nItems = cells.itemKeys.length;
  const itemTrials = new Float64Array(nItems);
  const itemPasses = new Float64Array(nItems);
  for (let row = 0; row < cells.length; row++) {
    if (variant[row] !== code || status[row] !== OK) continue;
    const id = itemId[row] ?? 0;
    addAt(itemTrials, id, trials[row] ?? 0);
    addAt(itemPasses, id, passes[row] ?? 0);
  }
  const out: { trials: number[]; passes: number[] } = { trials: [], passes: [] };
  itemTrials.forEach((n, id) => {
    if (n === 0) return;
    out.trials.push(n);
    out.passes.push(itemPasses[id] ?? 0);
  });
  return out;
}
