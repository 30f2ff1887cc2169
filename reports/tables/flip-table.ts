import { formatSignificant } from '../../src/schema/format-number';
import type { FlipItem } from '../../src/schema/verdict-document';
import { FLIP_COLUMNS, itemRefSentence } from '../messages';
import { type TableCell, type TableModel, tableOf, words } from './table-model';

const text = (value: string | undefined, limit: 'item' | 'output'): TableCell | undefined =>
  value === undefined || value === '' ? undefined : { kind: 'text', text: value, limit };

const score = (value: number | undefined): TableCell | undefined =>
  value === undefined ? undefined : words(formatSignificant(value, 4));

/**
 * The items of one flip list as a table: each item's id and tags, its question (or where to find an item too
 * large to copy) and expected answer, both scores beside both outputs, and each scorer's reason; only the columns
 * some listed item has (another tool's results may lack inputs, scores or reasons). A score stands beside the
 * outputs wherever the records have one: a score of 0.4 against 0.9 says how far an item fell, which a pass/fail
 * heading does not (the columns were Markdown-only for score-only results before the one table model).
 */
export function flipTable(items: readonly FlipItem[]): TableModel {
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
        baselineScore: score(i.baselineScore),
        candidateScore: score(i.candidateScore),
        baselineOutput: text(i.baselineOutput, 'output'),
        baselineReason: text(i.baselineReason, 'output'),
        candidateOutput: text(i.candidateOutput, 'output'),
        candidateReason: text(i.candidateReason, 'output'),
      };
    }),
  );
}
