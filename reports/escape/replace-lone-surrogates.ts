/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Replaces unpaired UTF-16 surrogates with U+FFFD, as `String.prototype.toWellFormed` (ES2024) does, so text
 * cut from a model's output can always be written as UTF-8.
 * @example replaceLoneSurrogates('a\uD800b') // 'a\uFFFDb'
 */
export const replaceLoneSurrogates = (text: string): string => text.replace(LONE_SURROGATE, '\uFFFD');
