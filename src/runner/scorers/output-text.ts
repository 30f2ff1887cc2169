/**
 * The text a string scorer compares: strings as they are, numbers, booleans and bigints as `String()`
 * writes them, anything else as JSON (so an object output can still be matched, never "[object Object]").
 */
export function outputText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** The item's `expected`, or an error naming the scorer and the item when it has none. */
export function expectedOf(
  scorer: string,
  item: { readonly id: string | number; readonly expected?: unknown },
): unknown {
  if (item.expected === undefined)
    throw new TypeError(`${scorer}: item ${JSON.stringify(item.id)} has no \`expected\` value to compare with`);
  return item.expected;
}
