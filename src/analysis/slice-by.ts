import { type PairedItems, someItems } from './pair-by-item';
import { fieldText, MISSING_VALUE } from './record-field';

/** The paired items of one value of a slicing field. */
export interface SliceGroup {
  readonly value: string;
  /** The items of this value: the same sides, fewer ids (nothing copied). */
  readonly pairs: PairedItems;
}

/**
 * Split paired items by the value of a field (`tags.category`, `difficulty`, any dotted path; a plain
 * name also finds the tag of that name), read from the item's baseline record (the candidate's when
 * the baseline lacks it). Items without a value form the `(missing)` slice. Groups are sorted by value
 * (numerically where the values are numbers).
 *
 * @example sliceBy(paired, 'tags.category').map((group) => group.value) // ['code', 'math']
 */
export function sliceBy(pairs: PairedItems, field: string): SliceGroup[] {
  const groups = new Map<string, number[]>();
  itemFieldValues(pairs, field).forEach((value, i) => {
    const positions = groups.get(value);
    if (positions === undefined) groups.set(value, [i]);
    else positions.push(i);
  });
  return [...groups]
    .sort(([x], [y]) => x.localeCompare(y, 'en', { numeric: true }))
    .map(([value, positions]) => ({ value, pairs: someItems(pairs, positions) }));
}

/** Each paired item's value of `field` (baseline record first, then the candidate's). */
export function itemFieldValues({ cells, ids, a, b }: PairedItems, field: string): string[] {
  const valueAt = (row: number) => (row < 0 ? MISSING_VALUE : fieldText(cells.records.valueAt(row, field)));
  return Array.from(ids, (id) => {
    const value = valueAt(a.row[id] ?? -1);
    const other = b.row[id] ?? -1;
    return value === MISSING_VALUE && other >= 0 ? valueAt(other) : value;
  });
}
