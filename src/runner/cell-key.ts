/**
 * The key of a cell: JSON of `[item id, variant, sample]`. JSON quoting makes it unambiguous (no
 * separator can occur inside a part) and keeps the type of the id, so item `1` and item `"1"` differ.
 *
 * @example cellKey('q7', 'gpt-4o', 0) // '["q7","gpt-4o",0]'
 */
export function cellKey(item: string | number, variant: string, sample: number): string {
  return JSON.stringify([item, variant, sample]);
}
