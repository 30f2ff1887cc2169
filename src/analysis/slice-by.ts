import type { ColumnTable } from 'arquero';
import type { ResultRecord } from '../schema/result-record';
import { MISSING_VALUE, recordField } from './record-field';
import { columnValues, takeRows } from './table-columns';

/** The paired items of one value of a slicing field. */
export interface SliceGroup {
  readonly value: string;
  readonly pairs: ColumnTable;
}

/**
 * Split paired items by the value of a field (`tags.category`, `difficulty`, any dotted path; a plain
 * name also finds the tag of that name), read from the item's baseline record (the candidate's when
 * the baseline lacks it). Items without a value form the `(missing)` slice. Groups are sorted by value
 * (numerically where the values are numbers).
 *
 * @example sliceBy(paired, cells, 'tags.category').map((group) => group.value) // ['code', 'math']
 */
export function sliceBy(pairs: ColumnTable, cells: ColumnTable, field: string): SliceGroup[] {
  const values = itemFieldValues(pairs, cells, field);
  const groups = new Map<string, number[]>();
  values.forEach((value, i) => {
    const rows = groups.get(value);
    if (rows) rows.push(i);
    else groups.set(value, [i]);
  });
  return [...groups.keys()]
    .sort((x, y) => x.localeCompare(y, 'en', { numeric: true }))
    .map((value) => ({ value, pairs: takeRows(pairs, groups.get(value)!) }));
}

/** Each paired item's value of `field` (baseline record first, then the candidate's). */
export function itemFieldValues(pairs: ColumnTable, cells: ColumnTable, field: string): string[] {
  const aRow = columnValues<number>(pairs, 'aRow');
  const bRow = columnValues<number>(pairs, 'bRow');
  const records = columnValues<ResultRecord>(cells, 'record');
  const values: string[] = new Array(aRow.length);
  for (let i = 0; i < aRow.length; i++) {
    const value = recordField(records[aRow[i]!]!, field);
    values[i] = value === MISSING_VALUE && bRow[i]! >= 0 ? recordField(records[bRow[i]!]!, field) : value;
  }
  return values;
}
