import type { PairedItems } from './pair-by-item';
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
  // Each item's value as a code into `values`, then each group's ids in one typed array: no list of positions per
  // value (10^6 numbers in growing arrays at 10^6 items) and no copy through them.
  const codes = new Int32Array(pairs.ids.length);
  const codeOf = new Map<string, number>();
  const values: string[] = [];
  const sizes: number[] = [];
  itemFieldValues(pairs, field).forEach((value, i) => {
    let code = codeOf.get(value);
    if (code === undefined) {
      code = values.length;
      codeOf.set(value, code);
      values.push(value);
      sizes.push(0);
    }
    codes[i] = code;
    sizes[code] = (sizes[code] ?? 0) + 1;
  });
  const ids = sizes.map((size) => new Int32Array(size));
  const filled = new Int32Array(values.length);
  for (const [i, code] of codes.entries()) {
    const group = ids[code];
    const at = filled[code] ?? 0;
    if (group !== undefined) group[at] = pairs.ids[i] ?? 0;
    filled[code] = at + 1;
  }
  return values
    .map((value, code) => ({ value, pairs: { ...pairs, ids: ids[code] ?? new Int32Array(0) } }))
    .sort((x, y) => x.value.localeCompare(y.value, 'en', { numeric: true }));
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
