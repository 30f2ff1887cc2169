import type { ColumnTable } from 'arquero';
import { columnValues } from './table-columns';

/** The order in which the paired items of a comparison completed, as far as the records tell. */
export interface PairCompletionOrder {
  /**
   * `finishedAt`: every record of the two variants has an ISO `finishedAt` (verdict's runner writes one per cell)
   * and the pairs are ordered by the later of their cells' times, ties by that cell's position in the inputs;
   * `none`: some record has no such time (another tool's file), and `indices` is the order of the pairs' rows.
   */
  readonly order: 'finishedAt' | 'none';
  /** Rows of `pairs`, in completion order. */
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
 * @param pairs paired items (`pairByItem`), with `key`, `aRow` and `bRow`
 * @param cells the cells those rows point into (`latestCells`)
 */
export function pairCompletionOrder(pairs: ColumnTable, cells: ColumnTable): PairCompletionOrder {
  const count = pairs.numRows();
  const natural = Array.from({ length: count }, (_, i) => i);
  const variants = columnValues<string>(cells, 'variant');
  const records = columnValues<Record<string, unknown>>(cells, 'record');
  const keys = columnValues<string>(cells, 'key');
  const compared = new Set<string>();
  for (const column of ['aRow', 'bRow']) {
    const rows = columnValues<number>(pairs, column);
    for (let i = 0; i < rows.length && compared.size < 2; i++) if (rows[i]! >= 0) compared.add(variants[rows[i]!]!);
  }
  const finished = new Map<string, { time: number; row: number }>();
  let untimedRecords = 0;
  for (let row = 0; row < variants.length; row++) {
    if (!compared.has(variants[row]!)) continue;
    const stamp = records[row]?.finishedAt;
    const time = typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
    if (Number.isNaN(time)) {
      untimedRecords++;
      continue;
    }
    const key = keys[row]!;
    const seen = finished.get(key);
    if (seen === undefined || time >= seen.time) finished.set(key, { time, row });
  }
  if (untimedRecords > 0) return { order: 'none', indices: natural, untimedRecords };
  const pairKeys = columnValues<string>(pairs, 'key');
  const at = natural.map((i) => finished.get(pairKeys[i]!)!);
  const indices = natural.sort((i, j) => at[i]!.time - at[j]!.time || at[i]!.row - at[j]!.row);
  return { order: 'finishedAt', indices, untimedRecords: 0 };
}
