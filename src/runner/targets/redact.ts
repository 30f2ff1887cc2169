/**
 * Replace every occurrence of each secret in `text` with `[REDACTED]`. Servers echo keys back
 * ("Incorrect API key provided: sk-..."), so anything a target puts in an error or a record passes
 * through here first. Secrets shorter than 4 characters are left alone: replacing them would
 * mangle ordinary text and they protect nothing.
 *
 * @example redactSecrets('bad key sk-123456', ['sk-123456']) // 'bad key [REDACTED]'
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    redacted = redacted.split(secret).join('[REDACTED]');
  }
  return redacted;
}

/** The first `maxLength` characters of `text` on one line (whitespace collapsed), with an ellipsis when cut. */
export function excerpt(text: string, maxLength = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= maxLength ? line : `${line.slice(0, maxLength)}…`;
}
