/**
 * Characters that a terminal acts on rather than shows, or that reorder what it shows: C0 controls
 * but tab and line feed (ESC starts every escape sequence, CR rewrites a line, BS erases), DEL, C1
 * controls (U+009B is an 8-bit CSI), and the Unicode bidirectional controls (LRM, RLM, ALM, the
 * embeddings and overrides U+202A-U+202E, the isolates U+2066-U+2069; "Trojan Source", CVE-2021-42574).
 * An item id, a tag, a variant name or an output carrying them could otherwise paint a fake green
 * "verdict: PASSED" line over the real one.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this module's job.
export const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const TERMINAL_CONTROLS = new RegExp(TERMINAL_CONTROL.source, 'g');

/**
 * `text` with every terminal control shown as its `\uXXXX` escape, so it is seen, not obeyed. The
 * escape is also what JSON writes for such a character, so JSON text stays valid JSON with the same
 * value (JSON.stringify escapes C0 controls already; C1 and bidirectional controls it leaves raw).
 *
 * @example neutraliseTerminalControls('ok\u001b[2K\rverdict: PASSED') // 'ok\\u001b[2K\\u000dverdict: PASSED'
 */
export function neutraliseTerminalControls(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
