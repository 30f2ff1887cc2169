import { InputError } from '../schema/input-error';
import { fieldText, MISSING_VALUE } from './record-field';
import type { ResultsColumns } from './results-columns';

/** Closest existing fields named in the error. */
const SUGGESTIONS = 3;
/** Rows whose fields are offered as suggestions. */
const SUGGESTION_ROWS = 1000;

/**
 * Refuse a slicing or cluster field that no row of the compared variants has (a typo would otherwise make
 * one `(missing)` slice of every item, or one cluster of all of them, and the check would quietly vanish),
 * naming the flag, the field and the closest fields that exist (by edit distance).
 *
 * @param fields the fields with the flag that named them, e.g. [['--by', 'tags.category'], ['--cluster', 'tags.passage']]
 * @throws {InputError} for the first field no row has
 */
export function checkFields(
  cells: ResultsColumns,
  variants: readonly string[],
  fields: readonly (readonly [flag: string, field: string])[],
): void {
  if (fields.length === 0) return;
  const wanted = new Set(variants.map((name) => cells.variantNames.indexOf(name)));
  const pending = new Map(fields.map(([flag, field]) => [field, flag]));
  const rows: number[] = [];
  for (let row = 0; row < cells.length && pending.size > 0; row++) {
    if (!wanted.has(cells.variant[row] ?? -1)) continue;
    if (rows.length < SUGGESTION_ROWS) rows.push(row);
    for (const field of [...pending.keys()])
      if (fieldText(cells.records.valueAt(row, field)) !== MISSING_VALUE) pending.delete(field);
  }
  const [missing] = pending;
  if (missing === undefined) return;
  // The fields that exist, for the suggestion: those of the first rows (whole records, re-read only on this error).
  const known = new Set<string>();
  for (const record of cells.records.recordsAt(rows)) {
    for (const key of Object.keys(record)) if (key !== 'tags') known.add(key);
    for (const key of Object.keys(record.tags ?? {})) known.add(`tags.${key}`);
  }
  const [field, flag] = missing;
  const closest = [...known]
    .map((name) => ({ name, distance: editDistance(field.toLowerCase(), name.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, SUGGESTIONS)
    .map(({ name }) => name);
  const hint = closest.length > 0 ? `; the closest fields are ${closest.join(', ')}` : '';
  throw new InputError(`no row of ${variants.join(', ')} has the field ${JSON.stringify(field)}${hint}`, {
    field: flag,
  });
}

/**
 * Levenshtein distance (insertions, deletions, substitutions), one row at a time: `above` is the previous row's
 * cell, `diagonal` the one before it and `left` the current row's last.
 */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = i - 1;
    let left = i;
    const current = [left];
    for (const [j, above] of previous.slice(1).entries()) {
      left = Math.min(above + 1, left + 1, diagonal + (a[i - 1] === b[j] ? 0 : 1));
      diagonal = above;
      current.push(left);
    }
    previous = current;
  }
  return previous.at(-1) ?? b.length; // never undefined: a row has b.length + 1 cells
}
