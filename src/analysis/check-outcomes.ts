import type { ColumnTable } from 'arquero';
import { InputProblems } from '../formats/input-problems';
import type { Policy } from '../schema/verdict-document';
import { columnValues } from './table-columns';

/**
 * Check that every ok cell of the compared variants has the outcome the metric needs: `pass` (or `n`
 * and `c`) for `--metric pass`, `score` for `--metric score`. The record schema accepts either; a
 * comparison cannot mix them, and a row without the outcome is the user's to fix, not to drop.
 *
 * @throws {InputError} naming the file, line and field of the first rows without it
 */
export function checkOutcomes(cells: ColumnTable, variants: readonly string[], metric: Policy['metric']): void {
  const wanted = new Set(variants);
  const statuses = columnValues<string>(cells, 'status');
  const names = columnValues<string>(cells, 'variant');
  const trials = columnValues<number>(cells, 'trials');
  const scores = columnValues<number>(cells, 'score');
  const files = columnValues<string>(cells, 'file');
  const lines = columnValues<number>(cells, 'line');
  const problems = new InputProblems();
  for (let row = 0; row < statuses.length; row++) {
    if (statuses[row] !== 'ok' || !wanted.has(names[row]!)) continue;
    const line = lines[row]!;
    const location = { file: files[row]!, line: Number.isNaN(line) ? undefined : line };
    if (metric === 'pass' && trials[row] === 0) {
      problems.add(
        'missing: --metric pass needs `pass` (or `n` and `c`) on every ok row; this row has only `score` (try --metric score)',
        {
          ...location,
          field: 'pass',
        },
      );
    } else if (metric === 'score' && Number.isNaN(scores[row]!)) {
      problems.add('missing: --metric score needs `score` on every ok row', { ...location, field: 'score' });
    }
  }
  problems.throwIfAny();
}
