/**
 * One row of a results file before validation, and the 1-based line it starts on; or, for a line that
 * could not be parsed, the problem (reported with the validation problems, in line order).
 */
export type RawRow =
  | { readonly value: unknown; readonly line: number; readonly problem?: undefined }
  | { readonly value?: undefined; readonly line: number; readonly problem: string };

/** Strip a UTF-8 byte-order mark, which editors on Windows put at the start of text files. */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
