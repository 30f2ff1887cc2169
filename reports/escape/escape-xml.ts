import { replaceLoneSurrogates } from './replace-lone-surrogates';

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Characters XML 1.0 forbids even as character references (section 2.2, `Char`): C0 controls other than tab,
 * newline and carriage return, and the non-characters U+FFFE and U+FFFF.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching these characters is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Escapes text for XML content and quoted attribute values. Characters XML 1.0 cannot carry at all are replaced
 * with U+FFFD (as JUnit writers such as pytest's do), so a model output full of control bytes still gives a
 * document every parser accepts. In attributes, newlines and tabs are written as references so they survive
 * attribute-value normalisation (XML 1.0 section 3.3.3).
 * @example escapeXml('a < b & "c"') // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeXml(text: string, { attribute = false }: { readonly attribute?: boolean } = {}): string {
  const escaped = replaceLoneSurrogates(text)
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
  return attribute ? escaped.replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;') : escaped;
}
