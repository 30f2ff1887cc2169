import { replaceLoneSurrogates } from './replace-lone-surrogates';

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values: `&`, `<`, `>`, `"` and `'` (OWASP XSS
 * prevention cheat sheet, rules 1 and 2). Every string from the data passes through here before it reaches the
 * HTML report. Unpaired surrogates become U+FFFD so the file is valid UTF-8.
 * @example escapeHtml('<img src=x onerror=alert(1)>') // '&lt;img src=x onerror=alert(1)&gt;'
 */
export const escapeHtml = (text: string): string =>
  replaceLoneSurrogates(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
