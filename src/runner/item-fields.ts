import { createHash } from 'node:crypto';
import { canonicalJson } from '../schema/canonical-json';
import type { ItemRef } from '../schema/cell-record';
import type { ExperimentItem } from '../schema/experiment-definition';

/**
 * Longest `input` or `expected` a record carries inline, in characters of its JSON (8 Ki). A reviewer
 * judging a flip needs the question and the answer key beside the two outputs; a long document or a
 * few-shot prompt repeated on every cell (variants x samples) would multiply the results file, so past
 * this the record carries a reference to the items file and a hash of the item instead.
 */
export const DEFAULT_MAX_ITEM_CHARS = 8192;

/** What a cell's record carries of its item, for review: see {@link createItemFields}. */
export interface StoredItemFields {
  readonly input?: unknown;
  readonly expected?: unknown;
  /** Present when `input` or `expected` was too long to carry: where the item is, and its hash. */
  readonly itemRef?: ItemRef;
}

export interface ItemFieldsOptions {
  /** The items file (or the experiment file holding the items), as the user wrote it. */
  readonly itemsFile?: string;
  /** @default DEFAULT_MAX_ITEM_CHARS */
  readonly maxChars?: number;
}

/**
 * The item's fields a record carries: `input` and `expected` as they are when each fits in `maxChars`
 * (characters of JSON); a field that does not is left out and `itemRef` says where the item is
 * (`file`) and which it is (`sha256` of the canonical JSON of `{ id, input, expected }`, so that an
 * edited items file is detectable). Computed once per item (a run stores variants x samples cells of
 * it), kept in a WeakMap that lives as long as the returned function.
 *
 * @example createItemFields({ itemsFile: 'items.jsonl' })({ id: 1, input: '2+2?', expected: '4' }) // { input: '2+2?', expected: '4' }
 */
export function createItemFields({
  itemsFile,
  maxChars = DEFAULT_MAX_ITEM_CHARS,
}: ItemFieldsOptions = {}): (item: ExperimentItem) => StoredItemFields {
  const cache = new WeakMap<ExperimentItem, StoredItemFields>();
  return (item) => {
    let fields = cache.get(item);
    if (fields === undefined) {
      fields = itemFields(item, itemsFile, maxChars);
      if (typeof item === 'object' && item !== null) cache.set(item, fields);
    }
    return fields;
  };
}

function itemFields(item: ExperimentItem, itemsFile: string | undefined, maxChars: number): StoredItemFields {
  const fields: { input?: unknown; expected?: unknown; itemRef?: ItemRef } = {};
  let tooLong = false;
  if (fits(item.input, maxChars)) fields.input = item.input ?? null;
  else tooLong = true;
  if (item.expected !== undefined) {
    if (fits(item.expected, maxChars)) fields.expected = item.expected;
    else tooLong = true;
  }
  if (tooLong) {
    const sha256 = createHash('sha256')
      .update(canonicalJson({ id: item.id, input: item.input, expected: item.expected }))
      .digest('hex');
    fields.itemRef = itemsFile === undefined ? { sha256 } : { file: itemsFile, sha256 };
  }
  return fields;
}

function fits(value: unknown, maxChars: number): boolean {
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') return true;
  if (typeof value === 'string') return value.length <= maxChars;
  try {
    const json = JSON.stringify(value);
    return json !== undefined && json.length <= maxChars;
  } catch {
    return false;
  }
}
