import type { PairedItems } from './pair-by-item';

/** The field that says when a cell finished (verdict's runner writes it): kept per row for a sequential analysis. */
export const COMPLETION_FIELD = 'finishedAt';

/** The order in which the paired items of a comparison completed, as far as the records tell. */
export interface PairCompletionOrder {
  /**
   * `finishedAt`: every record of the two variants has an ISO `finishedAt` (verdict's runner writes one per cell)
   * and the pairs are ordered by the later of their cells' times, ties by that cell's position in the inputs;
   * `none`: some record has no such time (another tool's file), and `indices` is the order of the pairs' rows.
   */
  readonly order: 'finishedAt' | 'none';
  /** Positions in `pairs.ids`, in completion order. */
  readonly indices: readonly number[];
  /** Records of the two variants without a readable `finishedAt` (0 with order `finishedAt`). */
  readonly untimedRecords: number;
}

/**
 * When each paired item became a pair: the moment its last cell of either variant finished. That is when a run's
 * stopping monitor (src/runner/stopping-monitor.ts) counted it, so the sequential analysis of a finished run walks
 * the same path the monitor walked. Every record of the item's two variants counts, whatever its status (an item
 * is complete when all its planned cells are stored).
 *
 * @param pairs paired items (`pairByItem`)
 */
export function pairCompletionOrder({ cells, ids, a, b }: PairedItems): PairCompletionOrder {
  const natural = Array.from(ids, (_, i) => i);
  // The compared variants: those of the rows the pairs point into.
  const compared = new Set<number>();
  for (const side of [a, b]) {
    const id = ids.find((candidate) => (side.row[candidate] ?? -1) >= 0);
    if (id !== undefined) compared.add(cells.variant[side.row[id] ?? 0] ?? -1);
  }
  // Per item code: the latest finishing time of its cells, and that cell's row.
  const time = new Float64Array(cells.itemKeys.length).fill(Number.NaN);
  const at = new Int32Array(cells.itemKeys.length);
  let untimedRecords = 0;
  for (let row = 0; row < cells.length; row++) {
    if (!compared.has(cells.variant[row] ?? -1)) continue;
    const stamp = cells.records.valueAt(row, COMPLETION_FIELD);
    const finished = typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
    if (Number.isNaN(finished)) {
      untimedRecords++;
      continue;
    }
    const id = cells.itemId[row] ?? 0;
    const seen = time[id] ?? Number.NaN;
    if (Number.isNaN(seen) || finished >= seen) {
      time[id] = finished;
      at[id] = row;
    }
  }
  if (untimedRecords > 0) return { order: 'none', indices: natural, untimedRecords };
  const key = (i: number) => ids[i] ?? 0;
  const indices = natural.sort(
    (i, j) => (time[key(i)] ?? 0) - (time[key(j)] ?? 0) || (at[key(i)] ?? 0) - (at[key(j)] ?? 0),
  );
  return { order: 'finishedAt', indices, untimedRecords: 0 };
}
