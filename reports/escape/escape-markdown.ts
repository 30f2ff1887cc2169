import { replaceLoneSurrogates } from './replace-lone-surrogates';

/**
 * Escapes text for one line of GitHub-flavoured Markdown, including a table cell. HTML is live in GitHub comments
 * and step summaries, so `&`, `<` and `>` become entities; Markdown punctuation that could open a code span,
 * emphasis, a link or strike-through, and the table pipe, get a backslash (CommonMark 0.31, section 2.4: any ASCII
 * punctuation may be backslash-escaped). Line breaks become spaces, so a value cannot end a table row.
 *
 * A report posted in a pull request must not ping anyone or link anywhere the data says: an `@` (a
 * mention `@user` or `@org/team`, an e-mail address), a URL scheme (`https:`) and `www.` get a zero-width
 * space (`&#8203;`) after them, so GitHub's mention filter and GFM's autolink extension (spec 0.29,
 * section 6.9) find nothing to match, while the text reads the same. Dependabot writes `@&#8203;user`
 * in its pull requests for the same reason.
 * @example escapeMarkdown('a | b `c`') // 'a \\| b \\`c\\`'
 * @example escapeMarkdown('@octocat https://x.io') // '@&#8203;octocat https&#8203;://x.io'
 */
export const escapeMarkdown = (text: string): string =>
  replaceLoneSurrogates(text)
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`)
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/\b([a-z][a-z\d+.-]*)(:\/\/|:(?=[^\s]))/gi, (_, scheme: string, rest: string) =>
      AUTOLINK_SCHEMES.has(scheme.toLowerCase()) ? `${scheme}${ZERO_WIDTH_SPACE}${rest}` : `${scheme}${rest}`,
    )
    .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}${ZERO_WIDTH_SPACE}.`);

/** A zero-width space as an HTML entity (entities are live in GitHub Markdown). */
const ZERO_WIDTH_SPACE = '&#8203;';

/** Schemes GitHub turns into links when written bare. */
const AUTOLINK_SCHEMES = new Set(['http', 'https', 'ftp', 'mailto', 'xmpp', 'file']);
