/** How many links of a `cause` chain a stored message shows. */
const MAX_CAUSES_SHOWN = 3;

/**
 * One line for a failure, as stored in a record's `error`: the message, prefixed by the error's name
 * when it says more than "Error", followed by its causes (`TypeError: fetch failed <- read ECONNRESET`),
 * because `fetch` puts the useful part in the cause.
 *
 * @example describeError(new TypeError('fetch failed', { cause: new Error('read ECONNRESET') })) // 'TypeError: fetch failed <- read ECONNRESET'
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let link: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSES_SHOWN && link !== undefined && link !== null; depth++) {
    parts.push(describeOne(link));
    link = typeof link === 'object' ? (link as { cause?: unknown }).cause : undefined;
  }
  return parts.join(' <- ');
}

function describeOne(value: unknown): string {
  if (value instanceof Error || (typeof value === 'object' && value !== null && 'message' in value)) {
    const { name, message } = value as { name?: unknown; message?: unknown };
    const text = typeof message === 'string' && message !== '' ? message : String(name ?? 'error');
    return typeof name === 'string' && name !== 'Error' && name !== text ? `${name}: ${text}` : text;
  }
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}
