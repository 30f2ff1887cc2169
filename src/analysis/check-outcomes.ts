import { InputProblems } from '../formats/input-problems';
import type { Policy } from '../schema/verdict-document';
import { OK, type ResultsColumns } from './results-columns';

/**
 * Check that every ok cell of the compared variants has the outcome the metric needs: `pass` (or `n`
 * and `c`) for `--metric pass`, `score` for `--metric score`. The record schema accepts either; a
 * comparison cannot mix them, and a row without the outcome is the user's to fix, not to drop.
 *
 * @throws {InputError} naming the file, line and field of the first rows without it
 */
export function checkOutcomes(cells: ResultsColumns, variants: readonly string[], metric: Policy['metric']): void {
  const wanted = new Set(variants.map((name) => cells.variantNames.indexOf(name)));
  const { status, variant, trials, score, file, line: lines } = cells;
  const problems = new InputProblems();
  for (let row = 0; row < cells.length; row++) {
    if (status[row] !== OK || !wanted.has(variant[row] ?? -1)) continue;
    const missingPass = metric === 'pass' && trials[row] === 0;
    if (!missingPass && !(metric === 'score' && Number.isNaN(score[row] ?? Number.NaN))) continue;
    // Made only for a row with a problem (an object per ok row was 2e6 objects at 10^6 items).
    const line = lines[row] ?? Number.NaN;
    const code = file[row] ?? 0;
    const place = Number.isNaN(line) ? {} : cells.rowNumbered?.[code] ? { entry: `row ${line}` } : { line };
    const location = { file: cells.fileNames[code] ?? '', ...place };
    if (missingPass) {
      problems.add(
        'missing: --metric pass needs `pass` (or `n` and `c`) on every ok row; this row has only `score` (try --metric score)',
        {
          ...location,
          field: 'pass',
        },
      );
    } else if (metric === 'score' && Number.isNaN(score[row] ?? Number.NaN)) {
      problems.add('missing: --metric score needs `score` on every ok row', { ...location, field: 'score' });
    }
  }
  problems.throwIfAny();
}
