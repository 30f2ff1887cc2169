import { replaceLoneSurrogates } from './replace-lone-surrogates';

/**
 * Escapes text for one line of GitHub-flavoured Markdown, including a table cell. HTML is live in GitHub comments
 * and step summaries, so `&`, `<` and `>` become entities; Markdown punctuation that could open a code span,
 * emphasis, a link or strike-through, and the table pipe, get a backslash (CommonMark 0.31, section 2.4: any ASCII
 * punctuation may be backslash-escaped). Line breaks become spaces, so a value cannot end a table row.
 * @example escapeMarkdown('a | b `c`') // 'a \\| b \\`c\\`'
 */
export const escapeMarkdown = (text: string): string =>
  replaceLoneSurrogates(text)
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`);
