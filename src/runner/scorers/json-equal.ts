import type { Scorer } from '../../schema/experiment-definition';
import { expectedOf } from './output-text';

/** Deep equality of JSON values: object key order ignored, array order kept, NaN never equal. */
export function jsonValuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, index) => jsonValuesEqual(value, b[index]));
  }
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const keys = Object.keys(aRecord).filter((key) => aRecord[key] !== undefined);
  if (keys.length !== Object.keys(bRecord).filter((key) => bRecord[key] !== undefined).length) return false;
  return keys.every((key) => Object.hasOwn(bRecord, key) && jsonValuesEqual(aRecord[key], bRecord[key]));
}

const PARSE_FAILED = Symbol('parse failed');

function parseIfText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return PARSE_FAILED;
  }
}

/**
 * Pass when the output and the item's `expected` are the same JSON value, key order ignored (promptfoo's
 * `is-json` + `equals` on objects). A string on either side is parsed as JSON first; an output that is
 * not valid JSON fails, an `expected` string that is not JSON is compared as a plain string.
 *
 * @example jsonEqual()('{"b":2,"a":1}', { id: 1, input: '', expected: { a: 1, b: 2 } }) // true
 */
export function jsonEqual(): Scorer {
  return (output, item) => {
    const got = parseIfText(output);
    if (got === PARSE_FAILED) return false;
    const rawExpected = expectedOf('jsonEqual', item);
    const expected = parseIfText(rawExpected);
    return jsonValuesEqual(got, expected === PARSE_FAILED ? rawExpected : expected);
  };
}
