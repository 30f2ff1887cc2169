/**
 * JSON that can sit inside an HTML `<script type="application/json">` element: `<`, `>` and `&` become `\u003c`,
 * `\u003e` and `\u0026` so no `</script>` or `<!--` can end or confuse the element (HTML Living Standard,
 * "restrictions for contents of script elements"), and U+2028 / U+2029 are escaped for older JavaScript parsers.
 * `JSON.parse` reads the escapes back as the same characters.
 * @example jsonForScript({ item: '</script>' }) // '{"item":"\\u003c/script\\u003e"}'
 */
export const jsonForScript = (value: unknown): string =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
