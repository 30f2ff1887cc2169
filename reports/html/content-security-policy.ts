import { createHash } from 'node:crypto';

/**
 * The `'sha256-...'` source of an inline script, as CSP Level 2 hashes it: SHA-256 of the element's exact text,
 * base64-encoded.
 */
const scriptHash = (source: string): string =>
  `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;

/**
 * A Content-Security-Policy that forbids every network request: nothing may load (`default-src 'none'`), only the
 * report's own inline scripts run (by hash), images only from `data:` URLs, styles inline. `base-uri` and
 * `form-action` are closed too, since `default-src` does not cover them.
 * @example contentSecurityPolicy([bootScript]) // "default-src 'none'; script-src 'sha256-...'; ..."
 */
export function contentSecurityPolicy(inlineScripts: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${inlineScripts.map(scriptHash).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "font-src 'none'",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
