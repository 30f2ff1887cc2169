import { describeValue } from '../../stats/validate';
import { fastParseRecord } from '../schema/fast-parse-record';
import type { InputLocation } from '../schema/input-error';
import { describeZodIssues, formatPath } from '../schema/input-error-from-zod';
import { hasPrototypeKey, PROTOTYPE_KEY, PROTOTYPE_KEY_PROBLEM } from '../schema/prototype-key';
import { ResultRecord } from '../schema/result-record';
import type { InputProblems } from './input-problems';
import type { RawRow } from './raw-row';

/** Records that passed the schema, with the line each came from. */
export interface ValidRows {
  readonly records: ResultRecord[];
  readonly lines: number[];
}

/**
 * Validate each row against the record schema: plainly valid rows through `fastParseRecord`, any other
 * with zod's `safeParse`. A failing row adds one problem per zod issue, in the one wording of
 * `describeZodIssues` (src/schema/input-error-from-zod.ts), pinned to its file, line and field with the value
 * found there (``results.jsonl:12: `pass`: expected boolean or 0/1, got "yes"``); the valid rows are returned.
 */
export function validateRows(rows: readonly RawRow[], file: string, problems: InputProblems): ValidRows {
  const records: ResultRecord[] = [];
  const lines: number[] = [];
  for (const { value, line, problem } of rows) {
    if (problem !== undefined) {
      problems.add(problem, { file, line });
      continue;
    }
    const record = validateRecord(value, { file, line }, problems);
    if (record === undefined) continue;
    records.push(record);
    lines.push(line);
  }
  return { records, lines };
}

/**
 * One row checked against the record schema (`fastParseRecord` first, zod's `safeParse` for the rest): the
 * record, or undefined after adding one problem per zod issue at `location` (its field appended to the
 * location's own field, for a row that sits at a JSON path).
 */
export function validateRecord(
  value: unknown,
  location: InputLocation,
  problems: InputProblems,
): ResultRecord | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add(`expected a record (a JSON object), got ${describeValue(value)}`, location);
    return undefined;
  }
  // zod drops a `__proto__` key silently: refuse it by name rather than lose a field, a tag or a variant.
  const named = hasPrototypeKey(value)
    ? PROTOTYPE_KEY
    : hasPrototypeKey((value as { tags?: unknown }).tags)
      ? `tags.${PROTOTYPE_KEY}`
      : (value as { variant?: unknown }).variant === PROTOTYPE_KEY
        ? 'variant'
        : undefined;
  if (named !== undefined) {
    const field = location.field ? `${location.field}.${named}` : named;
    problems.add(PROTOTYPE_KEY_PROBLEM, { ...location, field });
    return undefined;
  }
  const fast = fastParseRecord(value);
  if (fast !== undefined) return fast;
  const parsed = ResultRecord.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const { path, problem } of describeZodIssues(parsed.error.issues, value)) {
    const field = formatPath(path);
    problems.add(problem, { ...location, field: location.field ? `${location.field}.${field}` : field });
  }
  return undefined;
}
