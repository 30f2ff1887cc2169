import {
  addAt,
  type ItemCounts,
  itemCounts,
  itemValue,
  largestCount,
  OK,
  type ResultsColumns,
  variantCode,
} from './results-columns';

/** The two variants of a paired comparison. */
export interface PairOptions {
  readonly baseline: string;
  readonly candidate: string;
  /**
   * Count every planned sample without an ok outcome (error, timeout, skipped or absent) as a failure, with
   * the worst observed score for scores (intention to treat, docs/decision.md): every item either variant has
   * a row for is then paired. @default null (only ok cells count)
   */
  readonly missingAsFailure?: {
    /** Per item (by item code), its planned cells (`missingData`). */
    readonly plannedCells: ItemCounts;
    readonly worstScore: number;
  } | null;
}

/** One variant's side of the paired items, each array indexed by item code (`ResultsColumns.itemId`). */
export interface PairSide {
  /** Ok cells (0 where the variant lacks the item). */
  readonly rows: ItemCounts;
  /** Samples and passes, aggregated `n`/`c` rows included. */
  readonly trials: ItemCounts;
  readonly passes: ItemCounts;
  /** Mean score over the cells that have one, NaN if none. */
  readonly score: Float64Array;
  /** The row in `cells` of the item's lowest ok sample (a non-ok row's when it has none), -1 if none. */
  readonly row: Int32Array;
}

/**
 * Paired items: the items (`ids`, item codes in order of first appearance), and per item code each side's
 * totals (`a` the baseline, `b` the candidate, as in the paired table's `n10`). A subset of the items (the
 * paired ones, a slice) is the same structure with fewer `ids`: nothing is copied.
 */
export interface PairedItems {
  /** The cells the sides' `row` point into (`latestCells`). */
  readonly cells: ResultsColumns;
  readonly ids: Int32Array;
  /** Per item code, its first row in `cells` of either variant (the item as written there). */
  readonly firstRow: Int32Array;
  readonly a: PairSide;
  readonly b: PairSide;
}

/**
 * Join the ok cells of the baseline and the candidate by item (a full outer join, one entry per item of
 * either variant, in order of first appearance): per item, each side's ok cells, samples, passes, mean score
 * and the row of its lowest sample (`PairedItems`). Keep the paired items with `pairedOnly`.
 *
 * One pass over the cells into arrays indexed by item code (no hashing). Per side and item it holds the totals
 * and the row only (issue 14: 7 arrays of 8 bytes per side were 110 MB at 10^6 items): the lowest sample is read
 * from the cells at the row, and the score's sum and count exist only once a cell has a score.
 *
 * @param cells the latest cells (`latestCells`), any status: only `ok` rows are used
 */
export function pairByItem(
  cells: ResultsColumns,
  { baseline, candidate, missingAsFailure = null }: PairOptions,
): PairedItems {
  const { itemId, variant, status, sample, trials, passes, score } = cells;
  const nItems = cells.itemKeys.length;
  const baseCode = variantCode(cells, baseline);
  const candidateCode = variantCode(cells, candidate);
  // Issue 14: the two pairings of a comparison with missing cells held 12 arrays of 8 bytes per item, 96 MB of
  // compare's peak at 10^6 items; their 6 arrays of counts are now as narrow as the counts allow (1 byte there).
  const counts = itemCounts(cells, missingAsFailure === null ? 0 : largestCount(missingAsFailure.plannedCells));
  const side = () => ({
    rows: counts(nItems),
    trials: counts(nItems),
    passes: counts(nItems),
    scores: null as { sum: Float64Array; count: Float64Array } | null,
    row: new Int32Array(nItems).fill(-1),
  });
  const scoresOf = (s: ReturnType<typeof side>) => {
    s.scores ??= { sum: new Float64Array(nItems), count: new Float64Array(nItems) };
    return s.scores;
  };
  const a = side();
  const b = side();
  const order = new Int32Array(nItems);
  const firstRow = new Int32Array(nItems).fill(-1);
  let count = 0;
  for (let row = 0; row < cells.length; row++) {
    const ok = status[row] === OK;
    if (!ok && missingAsFailure === null) continue;
    const code = variant[row];
    if (code !== baseCode && code !== candidateCode) continue;
    const id = itemId[row] ?? 0;
    if (firstRow[id] === -1) {
      firstRow[id] = row;
      order[count++] = id;
    }
    const s = code === baseCode ? a : b;
    if (!ok) {
      if (s.row[id] === -1) s.row[id] = row; // a record for tags and slicing, until an ok one comes
      continue;
    }
    addAt(s.rows, id, 1);
    addAt(s.trials, id, trials[row] ?? 0);
    addAt(s.passes, id, passes[row] ?? 0);
    const value = score[row] ?? Number.NaN;
    if (!Number.isNaN(value)) {
      const scores = scoresOf(s);
      addAt(scores.sum, id, value);
      addAt(scores.count, id, 1);
    }
    // The lowest ok sample's row (a non-ok row held until then is replaced by the first ok one).
    const held = s.row[id] ?? -1;
    if (held === -1 || status[held] !== OK || (sample[row] ?? 0) < (sample[held] ?? 0)) s.row[id] = row;
  }
  const ids = count === nItems ? order : order.slice(0, count);
  if (missingAsFailure !== null) {
    const { plannedCells, worstScore } = missingAsFailure;
    for (const s of [a, b]) {
      for (const id of ids) {
        // Ok cells stored: a pass row is one, an aggregated n/c row its n (a score-only row one).
        const rows = s.rows[id] ?? 0;
        const missing = Math.max(0, (plannedCells[id] ?? 0) - Math.max(rows, s.trials[id] ?? 0));
        s.rows[id] = Math.max(rows, 1);
        addAt(s.trials, id, missing);
        if (!Number.isNaN(worstScore)) {
          const scores = scoresOf(s);
          addAt(scores.sum, id, missing * worstScore);
          addAt(scores.count, id, missing);
        }
      }
    }
  }
  const finish = (s: typeof a): PairSide => {
    const { scores } = s;
    if (scores === null)
      return { rows: s.rows, trials: s.trials, passes: s.passes, score: noScores(nItems), row: s.row };
    const mean = new Float64Array(nItems).fill(Number.NaN);
    for (const id of ids) {
      const n = scores.count[id] ?? 0;
      if (n > 0) mean[id] = (scores.sum[id] ?? 0) / n;
    }
    return { rows: s.rows, trials: s.trials, passes: s.passes, score: mean, row: s.row };
  };
  return { cells, ids, firstRow, a: finish(a), b: finish(b) };
}

/**
 * The sides without a score share one array of NaN (read only, 8 MB at 10^6 items), and so do the pairings of one
 * comparison (kept while any holds it: a WeakRef, so nothing stays once they are gone).
 */
function noScores(nItems: number): Float64Array {
  const known = sharedNoScores?.deref();
  if (known !== undefined && known.length === nItems) return known;
  const made = new Float64Array(nItems).fill(Number.NaN);
  sharedNoScores = new WeakRef(made);
  return made;
}

let sharedNoScores: WeakRef<Float64Array> | null = null;

/** The items that both variants have (ok cells on each side): the items the paired analysis uses. */
export function pairedOnly(pairs: PairedItems): PairedItems {
  const { a, b } = pairs;
  const both = (id: number) => (a.rows[id] ?? 0) > 0 && (b.rows[id] ?? 0) > 0;
  // Loops, not `ids.filter(callback)` (10^6 calls, issue 14); counted first, so no array when every item is paired.
  let n = 0;
  for (const id of pairs.ids) if (both(id)) n++;
  if (n === pairs.ids.length) return pairs;
  const ids = new Int32Array(n);
  n = 0;
  for (const id of pairs.ids) if (both(id)) ids[n++] = id;
  return { ...pairs, ids };
}

/** The same paired items, restricted to some of them (`positions` index `pairs.ids`): a slice, no copy. */
export function someItems(pairs: PairedItems, positions: readonly number[]): PairedItems {
  const ids = new Int32Array(positions.length);
  for (const [k, i] of positions.entries()) ids[k] = pairs.ids[i] ?? 0;
  return { ...pairs, ids };
}

/** The item of a paired item (position `i` of `pairs.ids`) as written in the first of its cells. */
export const pairedItem = (pairs: PairedItems, i: number): string | number =>
  itemValue(pairs.cells, pairs.firstRow[pairs.ids[i] ?? 0] ?? 0);

/** The pairing key (String(item)) of a paired item. */
export const pairedKey = (pairs: PairedItems, i: number): string => pairs.cells.itemKeys[pairs.ids[i] ?? 0] ?? '';
