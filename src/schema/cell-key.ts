/**
 * The key of a cell: JSON of `[item id as text, variant, sample]`. JSON quoting makes it unambiguous
 * (no separator can occur inside a part). An item's identity is the text of its id, everywhere in
 * verdict (runner, store, loaders, compare; docs/record-schema.md): item `1` and item `"1"` are the
 * same item, as they must be once a results file has been through CSV, where every id is text.
 *
 * @example cellKey('q7', 'gpt-4o', 0) // '["q7","gpt-4o",0]'; cellKey(7, 'A', 0) === cellKey('7', 'A', 0)
 */
export function cellKey(item: string | number, variant: string, sample: number): string {
  return JSON.stringify([String(item), variant, sample]);
}
