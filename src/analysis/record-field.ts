import type { ResultRecord } from '../schema/result-record';

/** Shown for an item that has no value in a slicing or cluster field. */
export const MISSING_VALUE = '(missing)';

/**
 * The value of a field of a record, by a dotted path (`tags.category`, `meta.source.name`), as text.
 * A plain name the record lacks is looked up in its tags too (`--by category` finds `tags.category`).
 * Absent, null or empty: `(missing)`.
 *
 * @example recordField({ item: 1, variant: 'A', tags: { category: 'math' } }, 'category') // 'math'
 */
export function recordField(record: ResultRecord, field: string): string {
  return fieldText(fieldValue(record, field));
}

/** The value of a field of a record as it is (undefined when absent), by {@link recordField}'s rules. */
export function fieldValue(record: ResultRecord, field: string): unknown {
  const value = valueAtPath(record, field.split('.'));
  if (value === undefined && !field.includes('.') && record.tags !== undefined && Object.hasOwn(record.tags, field))
    return record.tags[field];
  return value;
}

/** A field's value as text: absent, null or empty `(missing)`; an object or array as JSON. */
export function fieldText(value: unknown): string {
  if (value === undefined || value === null || value === '') return MISSING_VALUE;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function valueAtPath(record: object, path: readonly string[]): unknown {
  let current: unknown = record;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
