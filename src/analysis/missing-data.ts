import type { ColumnTable } from 'arquero';
import type { MissingData, Policy, VariantMissing } from '../../reports/verdict-document';
import { binomial } from '../../stats/index';
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
 * The plan is the run's (its manifest's items x samples) when the inputs are runs, else the items either
 * variant has any row for, times the most samples either has for an item (`sample` + 1). A planned cell is
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
): { missing: MissingData; complete: { baseline: Uint8Array; candidate: Uint8Array; seen: Uint8Array } } {
  const variants = columnValues<string>(cells, 'variant');
  const statuses = columnValues<string>(cells, 'status');
  const itemIds = columnValues<number>(cells, 'itemId');
  const samples = columnValues<number>(cells, 'sample');
  const nItems = itemCount(cells);
  const seen = new Uint8Array(nItems);
  const okCount = [new Uint32Array(nItems), new Uint32Array(nItems)];
  const statusCount = [emptyCounts(), emptyCounts()];
  let maxSample = 0;
  for (let row = 0; row < variants.length; row++) {
    const side = variants[row] === baseline ? 0 : variants[row] === candidate ? 1 : -1;
    if (side < 0) continue;
    const id = itemIds[row]!;
    seen[id] = 1;
    if (samples[row]! > maxSample) maxSample = samples[row]!;
    const status = statuses[row] as keyof ReturnType<typeof emptyCounts>;
    statusCount[side]![status]++;
    if (status === 'ok') okCount[side]![id]!++;
  }
  let seenItems = 0;
  for (let id = 0; id < nItems; id++) seenItems += seen[id]!;
  const samplesPerItem = Math.max(plan?.samples ?? 1, maxSample + 1);
  const plannedItems = Math.max(seenItems, plan?.items ?? 0);
  const planned = plannedItems * samplesPerItem;
  const complete = [new Uint8Array(nItems), new Uint8Array(nItems)];
  for (let id = 0; id < nItems; id++) {
    for (const side of [0, 1]) complete[side]![id] = seen[id] && okCount[side]![id]! >= samplesPerItem ? 1 : 0;
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
  };
}

function emptyCounts(): { ok: number; error: number; timeout: number; skipped: number } {
  return { ok: 0, error: 0, timeout: 0, skipped: 0 };
}
