/**
 * Cuts `text` to at most `limit` UTF-16 code units (never splitting a surrogate pair) and says how much was left
 * out, so a report stays small whatever a model wrote.
 * @example truncateText('abcdef', 3) // 'abc… (3 more characters)'
 */
export function truncateText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(limit - 1)) ? limit - 1 : limit;
  const more = text.length - cut;
  return `${text.slice(0, cut)}… (${more} more character${more === 1 ? '' : 's'})`;
}
