import type { ColumnTable } from 'arquero';
import { binomial } from '../../stats/index';
import type { MissingData, Policy, VariantMissing } from '../schema/verdict-document';
import { columnValues, itemCount } from './table-columns';

/** What a run's manifest planned for the compared variants (absent when the inputs are plain files). */
export interface PlannedCells {
  readonly items: number;
  readonly samples: number;
}

export interface MissingDataOptions {
  readonly baseline: string;
  readonly candidate: string;
  readonly policy: Pick<Policy, 'maxMissing' | 'missingAlpha'>;
  /** The plan from the run manifests that hold these variants; null: the items in the inputs are the plan. */
  readonly plan: PlannedCells | null;
}

/**
 * Every planned cell of the baseline and the candidate, accounted for (docs/decision.md, "Missing results").
 *
 * The plan is the run's (its manifest's items x samples) when the inputs are runs, else the items any variant of
 * the inputs has a row for, each with the most cells either compared variant stored for it (an aggregated `n`/`c`
 * row counts as its n samples). A planned cell is
 * `ok`, `error`, `timeout`, `skipped` (its latest row), or `absent` (no row). A variant's missing share is
 * (planned - ok) / planned; above `maxMissing` the comparison cannot be signed.
 *
 * Differential missingness, the eval's sample-ratio-mismatch check: an item is complete for a variant when
 * all its planned samples are ok. Among the items complete for exactly one variant, under "both variants miss
 * items alike" the candidate's share is Binomial(m, 1/2); the one-sided exact p-value P[X >= x] (x the items
 * only the candidate misses, as McNemar's test on ok/non-ok status) is flagged at `missingAlpha`.
 *
 * @param cells the latest cells (`latestCells`), every status
 * @returns the summary, and per item (by `itemId`) whether each variant has all its planned samples ok
 */
export function missingData(
  cells: ColumnTable,
  { baseline, candidate, policy, plan }: MissingDataOptions,
): {
  missing: MissingData;
  complete: { baseline: Uint8Array; candidate: Uint8Array; seen: Uint8Array };
  /** Per item (by `itemId`), its planned cells (0 for an item no variant has). */
  plannedCells: Float64Array;
} {
  const variants = columnValues<string>(cells, 'variant');
  const statuses = columnValues<string>(cells, 'status');
  const itemIds = columnValues<number>(cells, 'itemId');
  const trials = columnValues<number>(cells, 'trials');
  const nItems = itemCount(cells);
  // An item is planned when any variant of the inputs has a row for it: a third variant's items that the
  // compared two lack are cells neither ran (never a pass on data it did not see).
  const seen = new Uint8Array(nItems);
  // Per side and item: ok cells and every stored cell, an aggregated `n`/`c` row counting as its n samples.
  const okCount = [new Float64Array(nItems), new Float64Array(nItems)];
  const storedCount = [new Float64Array(nItems), new Float64Array(nItems)];
  const statusCount = [emptyCounts(), emptyCounts()];
  for (let row = 0; row < variants.length; row++) {
    const id = itemIds[row]!;
    seen[id] = 1;
    const side = variants[row] === baseline ? 0 : variants[row] === candidate ? 1 : -1;
    if (side < 0) continue;
    const status = statuses[row] as keyof ReturnType<typeof emptyCounts>;
    const weight = status === 'ok' ? Math.max(1, trials[row]!) : 1;
    statusCount[side]![status] += weight;
    storedCount[side]![id] = storedCount[side]![id]! + weight;
    if (status === 'ok') okCount[side]![id] = okCount[side]![id]! + weight;
  }
  // Each item's planned cells: the run's samples, or the most either compared variant stored for it (not the
  // largest sample index plus one: samples may be numbered from 1; and an item run more often than others plans
  // only itself).
  const floor = plan?.samples ?? 1;
  const plannedCells = new Float64Array(nItems);
  let seenItems = 0;
  let planned = 0;
  let samplesPerItem = floor;
  for (let id = 0; id < nItems; id++) {
    if (!seen[id]) continue;
    seenItems++;
    const cellsHere = Math.max(floor, storedCount[0]![id]!, storedCount[1]![id]!);
    plannedCells[id] = cellsHere;
    planned += cellsHere;
    samplesPerItem = Math.max(samplesPerItem, cellsHere);
  }
  // Planned items the inputs hold no row for at all (a run that never reached them): the run's samples each.
  const plannedItems = Math.max(seenItems, plan?.items ?? 0);
  planned += (plannedItems - seenItems) * floor;
  const complete = [new Uint8Array(nItems), new Uint8Array(nItems)];
  for (let id = 0; id < nItems; id++) {
    for (const side of [0, 1]) complete[side]![id] = seen[id] && okCount[side]![id]! >= plannedCells[id]! ? 1 : 0;
  }
  const byVariant = [baseline, candidate].map((variant, side): VariantMissing => {
    const counts = statusCount[side]!;
    const stored = counts.ok + counts.error + counts.timeout + counts.skipped;
    const ok = Math.min(counts.ok, planned);
    return {
      variant,
      planned,
      ok,
      error: counts.error,
      timeout: counts.timeout,
      skipped: counts.skipped,
      absent: Math.max(0, planned - stored),
      share: planned === 0 ? 0 : (planned - ok) / planned,
    };
  });
  let candidateOnlyMissing = 0;
  let baselineOnlyMissing = 0;
  for (let id = 0; id < nItems; id++) {
    if (complete[0]![id] && !complete[1]![id] && seen[id]) candidateOnlyMissing++;
    else if (!complete[0]![id] && complete[1]![id]) baselineOnlyMissing++;
  }
  const discordant = candidateOnlyMissing + baselineOnlyMissing;
  const pValue = candidateOnlyMissing === 0 ? 1 : binomial.sf(candidateOnlyMissing - 1, discordant, 0.5);
  return {
    missing: {
      plannedItems,
      samplesPerItem,
      planSource: plan === null ? 'inputs' : 'manifest',
      byVariant,
      maxMissing: policy.maxMissing,
      overLimit: byVariant.filter((v) => v.share > policy.maxMissing).map((v) => v.variant),
      differential: {
        candidateOnlyMissing,
        baselineOnlyMissing,
        pValue,
        alpha: policy.missingAlpha,
        flagged: pValue <= policy.missingAlpha,
      },
    },
    complete: { baseline: complete[0]!, candidate: complete[1]!, seen },
    plannedCells,
  };
}

function emptyCounts(): { ok: number; error: number; timeout: number; skipped: number } {
  return { ok: 0, error: 0, timeout: 0, skipped: 0 };
}
