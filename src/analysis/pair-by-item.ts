import { type ColumnTable, table } from 'arquero';
import { columnValues, itemCount, takeRows } from './table-columns';

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
    /** Per item (by `itemId`), its planned cells (`missingData`). */
    readonly plannedCells: Float64Array;
    readonly worstScore: number;
  } | null;
}

const SIDE_COLUMNS = ['Rows', 'Trials', 'Passes', 'ScoreSum', 'ScoreCount', 'Row', 'Sample'] as const;

/**
 * Join the ok cells of the baseline and the candidate by item (a full outer join, one row per item of
 * either variant, in order of first appearance). Columns, for the baseline (`a`) and candidate (`b`):
 * `key`, `item`; `aRows`/`bRows` (ok cells; 0 where the variant lacks the item), `aTrials`/`bTrials` and
 * `aPasses`/`bPasses` (samples and passes, aggregated `n`/`c` rows included), `aScore`/`bScore` (mean score
 * over the cells that have one, NaN if none), `aRow`/`bRow` (the row in `cells` of the item's lowest
 * sample, -1 if none). Keep the paired items with `pairedOnly`.
 *
 * One pass over the cells into arrays indexed by `itemId` (no hashing), then one pass to compact them.
 *
 * @param cells the latest cells (`latestCells`), any status: only `ok` rows are used
 */
export function pairByItem(
  cells: ColumnTable,
  { baseline, candidate, missingAsFailure = null }: PairOptions,
): ColumnTable {
  const itemIds = columnValues<number>(cells, 'itemId');
  const keys = columnValues<string>(cells, 'key');
  const items = columnValues<string | number>(cells, 'item');
  const variants = columnValues<string>(cells, 'variant');
  const statuses = columnValues<string>(cells, 'status');
  const samples = columnValues<number>(cells, 'sample');
  const trials = columnValues<number>(cells, 'trials');
  const passes = columnValues<number>(cells, 'passes');
  const scores = columnValues<number>(cells, 'score');
  const nItems = itemCount(cells);
  const side = () => {
    const columns = Object.fromEntries(SIDE_COLUMNS.map((name) => [name, new Float64Array(nItems)])) as Record<
      (typeof SIDE_COLUMNS)[number],
      Float64Array
    >;
    columns.Row.fill(-1);
    columns.Sample.fill(Number.POSITIVE_INFINITY);
    return columns;
  };
  const a = side();
  const b = side();
  const order = new Int32Array(nItems);
  const firstRow = new Int32Array(nItems).fill(-1);
  let count = 0;
  for (let row = 0; row < itemIds.length; row++) {
    const ok = statuses[row] === 'ok';
    if (!ok && missingAsFailure === null) continue;
    const variant = variants[row];
    const isBaseline = variant === baseline;
    if (!isBaseline && variant !== candidate) continue;
    const id = itemIds[row]!;
    if (firstRow[id] === -1) {
      firstRow[id] = row;
      order[count++] = id;
    }
    const s = isBaseline ? a : b;
    if (!ok) {
      if (s.Row[id] === -1) s.Row[id] = row; // a record for tags and slicing, until an ok one comes
      continue;
    }
    s.Rows[id]!++;
    s.Trials[id] = s.Trials[id]! + trials[row]!;
    s.Passes[id] = s.Passes[id]! + passes[row]!;
    const score = scores[row]!;
    if (!Number.isNaN(score)) {
      s.ScoreSum[id] = s.ScoreSum[id]! + score;
      s.ScoreCount[id]!++;
    }
    if (samples[row]! < s.Sample[id]!) {
      s.Sample[id] = samples[row]!;
      s.Row[id] = row;
    }
  }
  const ids = order.slice(0, count);
  if (missingAsFailure !== null) {
    const { plannedCells, worstScore } = missingAsFailure;
    for (const s of [a, b]) {
      for (const id of ids) {
        // Ok cells stored: a pass row is one, an aggregated n/c row its n (a score-only row one).
        const stored = Math.max(s.Rows[id]!, s.Trials[id]!);
        const missing = Math.max(0, plannedCells[id]! - stored);
        s.Rows[id] = Math.max(s.Rows[id]!, 1);
        s.Trials[id] = s.Trials[id]! + missing;
        if (!Number.isNaN(worstScore)) {
          s.ScoreSum[id] = s.ScoreSum[id]! + missing * worstScore;
          s.ScoreCount[id] = s.ScoreCount[id]! + missing;
        }
      }
    }
  }
  const gather = (values: Float64Array) => {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = values[ids[i]!]!;
    return out;
  };
  const meanScore = (s: typeof a) => {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const id = ids[i]!;
      out[i] = s.ScoreCount[id]! > 0 ? s.ScoreSum[id]! / s.ScoreCount[id]! : Number.NaN;
    }
    return out;
  };
  const key: string[] = new Array(count);
  const item: (string | number)[] = new Array(count);
  for (let i = 0; i < count; i++) {
    key[i] = keys[firstRow[ids[i]!]!]!;
    item[i] = items[firstRow[ids[i]!]!]!;
  }
  return table({
    key,
    item,
    itemId: ids,
    aRows: gather(a.Rows),
    bRows: gather(b.Rows),
    aTrials: gather(a.Trials),
    bTrials: gather(b.Trials),
    aPasses: gather(a.Passes),
    bPasses: gather(b.Passes),
    aScore: meanScore(a),
    bScore: meanScore(b),
    aRow: gather(a.Row),
    bRow: gather(b.Row),
  });
}

/** The items that both variants have (ok cells on each side): the rows the paired analysis uses. */
export function pairedOnly(pairs: ColumnTable): ColumnTable {
  const aRows = columnValues<number>(pairs, 'aRows');
  const bRows = columnValues<number>(pairs, 'bRows');
  const rows: number[] = [];
  for (let i = 0; i < aRows.length; i++) if (aRows[i]! > 0 && bRows[i]! > 0) rows.push(i);
  return rows.length === aRows.length ? pairs : takeRows(pairs, rows);
}
