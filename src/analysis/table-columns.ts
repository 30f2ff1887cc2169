import { type ColumnTable, table } from 'arquero';

/**
 * A column's values in row order, without copying when the table is neither filtered nor ordered
 * (arquero's `array()` copies through a per-row callback, too slow for typed loops over 10^6 rows).
 */
export function columnValues<T>(data: ColumnTable, name: string): ArrayLike<T> {
  const column = data.column(name);
  if (column === undefined) throw new RangeError(`columnValues: the table has no column \`${name}\``);
  if (!data.isFiltered() && !data.isOrdered()) return column as unknown as ArrayLike<T>;
  return data.array(name) as unknown as ArrayLike<T>;
}

/** A new table of the given rows, in the given order (a gather over every column). */
export function takeRows(data: ColumnTable, rows: ArrayLike<number>): ColumnTable {
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const name of data.columnNames()) {
    const values = columnValues<unknown>(data, name);
    const typed = ArrayBuffer.isView(values) ? (values as unknown as Float64Array) : null;
    const out: { [index: number]: unknown; length: number } = typed
      ? new (typed.constructor as Float64ArrayConstructor)(rows.length)
      : new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!];
    columns[name] = out as ArrayLike<unknown>;
  }
  return table(columns as Record<string, unknown[]>, data.columnNames());
}

/** One more than the largest `itemId` of a results table: the length of arrays indexed by item. */
export function itemCount(data: ColumnTable): number {
  const ids = columnValues<number>(data, 'itemId');
  let max = -1;
  for (let i = 0; i < ids.length; i++) if (ids[i]! > max) max = ids[i]!;
  return max + 1;
}
