import { formatSignificant } from '../../src/schema/format-number';
import type { FlipItem } from '../../src/schema/verdict-document';
import { FLIP_COLUMNS, itemRefSentence } from '../messages';
import { type TableCell, type TableModel, tableOf, words } from './table-model';

const text = (value: string | undefined, limit: 'item' | 'output'): TableCell | undefined =>
  value === undefined || value === '' ? undefined : { kind: 'text', text: value, limit };

const score = (value: number | undefined): TableCell | undefined =>
  value === undefined ? undefined : words(formatSignificant(value, 4));

/**
 * Whether the scores get columns: where some listed item has a score on a side with no output to show (results
 * that are scores only). Beside the outputs a score repeats what the list's heading says (the pass rate fell or
 * rose), so those lists keep their width for the texts; the JSON document has every score.
 */
const scoresShown = (items: readonly FlipItem[]): boolean =>
  items.some(
    (i) =>
      (i.baselineScore !== undefined && i.baselineOutput === undefined) ||
      (i.candidateScore !== undefined && i.candidateOutput === undefined),
  );

/**
 * The items of one flip list as a table: each item's id and tags, its question (or where to find an item too
 * large to copy) and expected answer, both scores where there is no output, both outputs and each scorer's reason;
 * only the columns some listed item has (another tool's results may lack inputs or reasons).
 */
export function flipTable(items: readonly FlipItem[]): TableModel {
  const withScores = scoresShown(items);
  return tableOf(
    [
      { key: 'item', header: FLIP_COLUMNS.item },
      { key: 'tags', header: FLIP_COLUMNS.tags, beneath: FLIP_COLUMNS.item },
      { key: 'input', header: FLIP_COLUMNS.input },
      { key: 'expected', header: FLIP_COLUMNS.expected },
      { key: 'baselineScore', header: FLIP_COLUMNS.baselineScore, numeric: true },
      { key: 'candidateScore', header: FLIP_COLUMNS.candidateScore, numeric: true },
      { key: 'baselineOutput', header: FLIP_COLUMNS.baselineOutput },
      { key: 'baselineReason', header: FLIP_COLUMNS.baselineReason },
      { key: 'candidateOutput', header: FLIP_COLUMNS.candidateOutput },
      { key: 'candidateReason', header: FLIP_COLUMNS.candidateReason },
    ],
    items.map((i) => {
      const tags = Object.entries(i.tags ?? {})
        .map(([key, value]) => `${key}=${value}`)
        .join(', ');
      return {
        item: { kind: 'id', text: String(i.item) },
        tags: tags === '' ? undefined : words(tags),
        input:
          i.input === undefined && i.itemRef !== undefined
            ? { kind: 'none', text: itemRefSentence(i.itemRef) }
            : text(i.input, 'item'),
        expected: text(i.expected, 'item'),
        ...(withScores ? { baselineScore: score(i.baselineScore), candidateScore: score(i.candidateScore) } : {}),
        baselineOutput: text(i.baselineOutput, 'output'),
        baselineReason: text(i.baselineReason, 'output'),
        candidateOutput: text(i.candidateOutput, 'output'),
        candidateReason: text(i.candidateReason, 'output'),
      };
    }),
  );
}
