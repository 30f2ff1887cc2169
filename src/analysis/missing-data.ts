import { binomial } from '../../stats/index';
import type { RecordStatus } from '../schema/result-record';
import type { MissingData, Policy, VariantMissing } from '../schema/verdict-document';
import {
  addAt,
  type ItemCounts,
  itemCounts,
  OK,
  type ResultsColumns,
  STATUS_NAMES,
  variantCode,
} from './results-columns';

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
  /**
   * Variants whose rows do not name planned items: a third variant each of whose inputs records its own plan as a
   * list of items (an inspect_ai log's `dataset.sample_ids`), a plan that names neither compared variant (a log of
   * another model, often on another task, read from the same folder). A third variant of a plain file, or of a
   * run or log that does not list its items, still names planned items: cells neither compared variant ran.
   * @default []
   */
  readonly unplannedVariants?: readonly string[];
  /**
   * With `unplannedVariants`: the items the compared variants' inputs list as planned. An item of a left-out
   * variant's rows that is listed here stays planned for the two (absent where they lack it), not "not planned".
   * @default none
   */
  readonly listedItems?: ReadonlySet<string>;
}

/**
 * Every planned cell of the baseline and the candidate, accounted for (docs/decision.md, "Missing results").
 *
 * The plan is the run's (its manifest's items x samples) when the inputs are runs, else the items any variant of
 * the inputs has a row for (but `unplannedVariants`, whose own plans name neither), each with the most cells either
 * compared variant stored for it (an aggregated `n`/`c` row counts as its n samples). A planned cell is
 * `ok`, `error`, `timeout`, `skipped` (its latest row), or `absent` (no row). A variant's missing share is
 * (planned - ok) / planned; above `maxMissing` the comparison cannot be signed.
 *
 * Differential missingness, the eval's sample-ratio-mismatch check: an item is complete for a variant when
 * all its planned samples are ok. Among the items complete for exactly one variant, under "both variants miss
 * items alike" the candidate's share is Binomial(m, 1/2); the one-sided exact p-value P[X >= x] (x the items
 * only the candidate misses, as McNemar's test on ok/non-ok status) is flagged at `missingAlpha`.
 *
 * @param cells the latest cells (`latestCells`), every status
 * @returns the summary, and per item (by item code) whether each variant has all its planned samples ok
 */
export function missingData(
  cells: ResultsColumns,
  { baseline, candidate, policy, plan, unplannedVariants = [], listedItems }: MissingDataOptions,
): {
  missing: MissingData;
  complete: { baseline: Uint8Array; candidate: Uint8Array; seen: Uint8Array };
  /** Per item (by item code), its planned cells (0 for an item no variant has), as narrow as they allow. */
  plannedCells: ItemCounts;
} {
  const { variant, status: statuses, itemId, trials } = cells;
  const nItems = cells.itemKeys.length;
  const sides = [variantCode(cells, baseline), variantCode(cells, candidate)];
  // An item is planned when any variant of the inputs has a row for it: a third variant's items that the compared
  // two lack are cells neither ran (never a pass on data it did not see). But a log of another model on another
  // task, read from the same folder, listed its own items and planned nothing for these two: `unplannedVariants`'
  // rows name no planned item (`verdict compare logs/` read a whole task as absent, INCOMPLETE).
  const planning = new Uint8Array(cells.variantNames.length).fill(1);
  const leftOut = [...new Set(unplannedVariants)].filter((name) => variantCode(cells, name) >= 0);
  for (const name of leftOut) planning[variantCode(cells, name)] = 0;
  const seen = new Uint8Array(nItems);
  /** Items with a row of a left-out variant: those not `seen` otherwise are reported as not planned. */
  const leftOutRows = leftOut.length === 0 ? null : new Uint8Array(nItems);
  // Per side and item: ok cells and every stored cell, an aggregated `n`/`c` row counting as its n samples; per side
  // and status code, the cells. By codes, not names (a property increment by status name per row was most of this
  // function's 0.25 s at 10^6 items).
  const itemCount = itemCounts(cells);
  const counts = () => ({
    ok: itemCount(nItems),
    stored: itemCount(nItems),
    byCode: new Float64Array(STATUS_NAMES.length),
  });
  const perSide = [counts(), counts()] as const;
  const [baseCode, candidateCode] = sides;
  for (let row = 0; row < cells.length; row++) {
    const id = itemId[row] ?? 0;
    const code = variant[row] ?? 0;
    if (planning[code] === 1) seen[id] = 1;
    else if (leftOutRows !== null) leftOutRows[id] = 1;
    const side = code === baseCode ? perSide[0] : code === candidateCode ? perSide[1] : null;
    if (side === null) continue;
    const status = statuses[row] ?? OK;
    const weight = status === OK ? Math.max(1, trials[row] ?? 0) : 1;
    addAt(side.byCode, status, weight);
    addAt(side.stored, id, weight);
    if (status === OK) addAt(side.ok, id, weight);
  }
  // Items the two listed as planned are theirs, whichever variant's rows name them.
  if (leftOutRows !== null && listedItems !== undefined)
    for (let id = 0; id < nItems; id++) if (listedItems.has(cells.itemKeys[id] ?? '')) seen[id] = 1;
  // Each item's planned cells: the run's samples, or the most either compared variant stored for it (not the
  // largest sample index plus one: samples may be numbered from 1; and an item run more often than others plans
  // only itself).
  const floor = plan?.samples ?? 1;
  // At most the stored cells' bound or the run's samples: as narrow as the counts (1 byte an item at 10^6, not 8).
  const plannedCells = itemCounts(cells, floor)(nItems);
  let seenItems = 0;
  let planned = 0;
  let samplesPerItem = floor;
  for (let id = 0; id < nItems; id++) {
    if (!seen[id]) continue;
    seenItems++;
    const cellsHere = Math.max(floor, perSide[0].stored[id] ?? 0, perSide[1].stored[id] ?? 0);
    plannedCells[id] = cellsHere;
    planned += cellsHere;
    samplesPerItem = Math.max(samplesPerItem, cellsHere);
  }
  // Planned items the inputs hold no row for at all (a run that never reached them): the run's samples each.
  const plannedItems = Math.max(seenItems, plan?.items ?? 0);
  planned += (plannedItems - seenItems) * floor;
  // By loops: `Uint8Array.from(ok, callback)` took 0.35 s a comparison at 10^6 items (the iterator protocol).
  const complete = [new Uint8Array(nItems), new Uint8Array(nItems)] as const;
  for (const [side, { ok }] of perSide.entries()) {
    const flags = complete[side === 0 ? 0 : 1];
    for (let id = 0; id < nItems; id++) if (seen[id] === 1 && (ok[id] ?? 0) >= (plannedCells[id] ?? 0)) flags[id] = 1;
  }
  const byVariant = [baseline, candidate].map((name, side): VariantMissing => {
    const counts = byStatusName(perSide[side === 0 ? 0 : 1].byCode);
    const stored = counts.ok + counts.error + counts.timeout + counts.skipped;
    const ok = Math.min(counts.ok, planned);
    return {
      variant: name,
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
    if (complete[0][id] && !complete[1][id] && seen[id]) candidateOnlyMissing++;
    else if (!complete[0][id] && complete[1][id]) baselineOnlyMissing++;
  }
  const discordant = candidateOnlyMissing + baselineOnlyMissing;
  let notPlannedItems = 0;
  if (leftOutRows !== null)
    for (let id = 0; id < nItems; id++) if (leftOutRows[id] === 1 && !seen[id]) notPlannedItems++;
  const pValue = candidateOnlyMissing === 0 ? 1 : binomial.sf(candidateOnlyMissing - 1, discordant, 0.5);
  return {
    missing: {
      plannedItems,
      samplesPerItem,
      planSource: plan === null ? 'inputs' : 'manifest',
      ...(notPlannedItems === 0 ? {} : { notPlanned: { items: notPlannedItems, from: leftOut } }),
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
    complete: { baseline: complete[0], candidate: complete[1], seen },
    plannedCells,
  };
}

/** Counts by status code as counts by status name. */
function byStatusName(byCode: Float64Array): Record<RecordStatus, number> {
  const counts: Record<RecordStatus, number> = { ok: 0, error: 0, timeout: 0, skipped: 0 };
  for (const [code, name] of STATUS_NAMES.entries()) counts[name] = byCode[code] ?? 0;
  return counts;
}
