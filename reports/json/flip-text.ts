/**
 * One flip's JSON text without zod and without a round trip through JSON.stringify's pretty printer (issue 14: the
 * JSON document lists every flip, 628,554 of them at 10^6 items counting both copies, and `FlipItem.safeParse`, then
 * `JSON.stringify(parsed, null, 2)`, then re-indenting every line, took about a fifth of the report's CPU).
 *
 * A fast check that accepts only what `FlipItem` accepts unchanged, and writes the text
 * `JSON.stringify(FlipItem.parse(item), null, 2)` writes, each line after the first indented by `indent`: the keys
 * in the schema's order (zod writes its output in the shape's order, and drops keys it does not know), each string
 * and number by JSON.stringify itself (its escapes, `-0` as `0`). Anything it is not sure of (a key holding a value of
 * another type, a non-finite number, an object that is not plain, a tag named `__proto__` that zod skips, symbol
 * keys) it declines with `undefined`, and the caller takes zod's path, which validates and names the error's place.
 * test/reports/flip-text.test.ts proves the two equal on arbitrary values (fast-check) and this table the schema's.
 */

/** How each key of `FlipItem` is written, in the schema's order (the test checks both against `FlipItem.shape`). */
export const FLIP_KEY_KINDS = [
  ['item', 'string-or-number'],
  ['tags', 'string-record'],
  ['baselineOutput', 'string'],
  ['candidateOutput', 'string'],
  ['baselineScore', 'number'],
  ['candidateScore', 'number'],
  ['input', 'string'],
  ['expected', 'string'],
  ['itemRef', 'item-ref'],
  ['baselineReason', 'string'],
  ['candidateReason', 'string'],
] as const;

type Kind = (typeof FLIP_KEY_KINDS)[number][1];

/** The quoted keys, written once. */
const QUOTED = FLIP_KEY_KINDS.map(([key, kind]) => [key, `${JSON.stringify(key)}: `, kind] as const);

/**
 * The text of one flip as `JSON.stringify(FlipItem.parse(item), null, 2)` writes it with every line after the first
 * indented by `indent` more, or `undefined` when the fast check is not sure `item` is valid (see the module's note).
 * @example fastFlipText({ item: 'q1', tags: { topic: 'math' } }, '    ') // '{\n      "item": "q1",\n      "tags": {\n        "topic": "math"\n      }\n    }'
 */
export function fastFlipText(item: unknown, indent: string): string | undefined {
  if (!isPlainObject(item)) return undefined;
  const inner = `${indent}  `;
  let text = '{';
  let first = true;
  for (const [key, quoted, kind] of QUOTED) {
    const value = item[key];
    if (value === undefined) {
      if (key === 'item') return undefined; // required
      continue;
    }
    const written = valueText(value, kind, inner);
    if (written === undefined) return undefined;
    text += `${first ? '' : ','}\n${inner}${quoted}${written}`;
    first = false;
  }
  return `${text}\n${indent}}`;
}

/** A value of one kind as written on a line indented by `indent`, or undefined if it might not be valid. */
function valueText(value: unknown, kind: Kind, indent: string): string | undefined {
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? JSON.stringify(value) : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'string-or-number':
      return valueText(value, typeof value === 'string' ? 'string' : 'number', indent);
    case 'string-record':
      return stringRecordText(value, indent);
    case 'item-ref':
      return itemRefText(value, indent);
  }
}

/**
 * `z.record(z.string(), z.string())`: own enumerable string keys in order, every value a string. A frozen object's
 * text is kept for it (it cannot change): the flips of a re-read file share a few frozen tag sets (row-records.ts),
 * so 628,554 flips at 10^6 items make about 20 texts of their tags, not one each.
 */
function stringRecordText(value: unknown, indent: string): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const frozen = Object.isFrozen(value);
  if (frozen) {
    const known = FROZEN_TEXT.get(value);
    if (known?.indent === indent) return known.text;
  }
  if (Object.getOwnPropertySymbols(value).length > 0) return undefined;
  const keys = Object.keys(value);
  let text = keys.length === 0 ? '{}' : '{';
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const entry = value[key];
    if (typeof entry !== 'string' || key === '__proto__') return undefined;
    text += `${k === 0 ? '' : ','}\n${indent}  ${JSON.stringify(key)}: ${JSON.stringify(entry)}`;
  }
  if (keys.length > 0) text += `\n${indent}}`;
  if (frozen) FROZEN_TEXT.set(value, { indent, text });
  return text;
}

/** The text of a frozen string record at the indent it was last written at. */
const FROZEN_TEXT = new WeakMap<object, { readonly indent: string; readonly text: string }>();

/** `{ file?: string, sha256: string }`, other keys dropped, in that order. */
function itemRefText(value: unknown, indent: string): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const { file, sha256 } = value;
  if (typeof sha256 !== 'string' || (file !== undefined && typeof file !== 'string')) return undefined;
  const fileLine = file === undefined ? '' : `\n${indent}  "file": ${JSON.stringify(file)},`;
  return `{${fileLine}\n${indent}  "sha256": ${JSON.stringify(sha256)}\n${indent}}`;
}

/** An object made by `{}` or JSON.parse (or with no prototype): no getters of a class, not an array. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
