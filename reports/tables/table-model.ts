import type { VerdictKind } from '../../src/schema/verdict-document';
import { NO_VALUE } from '../messages';

/**
 * One cell of a report table, as words (from `messages.ts` and `format-number.ts`) and what kind of value they
 * are, so each writer lays it out in its own format without wording anything itself:
 * - `words`: numbers or words; `note` is a qualifier a writer may set apart (HTML `<small>`, Markdown after a space);
 * - `id`: an identifier from the data (an item id, a file path); `hash`: a digest;
 * - `verdict`: a verdict's label, with the verdict for a writer that colours it;
 * - `text`: a text from the data (a question, an output, a reason), whole: each writer cuts it at its own limit for
 *   the text's `limit` kind (an item's texts are held longer than a model's outputs);
 * - `none`: nothing to show for this row (`NO_VALUE`), or a sentence standing in for a value that is elsewhere.
 */
export type TableCell =
  | { readonly kind: 'words'; readonly text: string; readonly note?: string }
  | { readonly kind: 'id' | 'hash'; readonly text: string }
  | { readonly kind: 'verdict'; readonly text: string; readonly verdict: VerdictKind }
  | { readonly kind: 'text'; readonly text: string; readonly limit: 'item' | 'output' }
  | { readonly kind: 'none'; readonly text: string };

/**
 * A column: its header, whether its cells are numbers (right-aligned), and, for a column that qualifies another
 * (an item's tags), the column a writer with room for two lines in a cell may show it beneath.
 */
export interface TableColumn {
  readonly header: string;
  readonly numeric?: boolean;
  readonly beneath?: string;
}

/**
 * A report table: its columns, its rows (one cell per column, in the columns' order) and an optional caption.
 * The one description of each table that the HTML and Markdown reports render, so they show the same columns
 * with the same headers and the same wording of every value; a writer only escapes and lays out.
 */
export interface TableModel {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly TableCell[])[];
  readonly caption?: string;
}

/** What a cell shows where its row has no value. */
export const NONE: TableCell = { kind: 'none', text: NO_VALUE };

/** A cell of numbers or words. */
export const words = (text: string, note?: string): TableCell =>
  note === undefined ? { kind: 'words', text } : { kind: 'words', text, note };

/**
 * A table from named columns and rows of cells keyed by column name, leaving out the columns no row has a cell
 * for (another tool's results may lack inputs, reasons or scores; one candidate needs no candidate column). A
 * table without rows keeps every column.
 */
export function tableOf<Key extends string>(
  columns: readonly (TableColumn & { readonly key: Key })[],
  rows: readonly Partial<Record<Key, TableCell>>[],
  caption?: string,
): TableModel {
  const used = rows.length === 0 ? columns : columns.filter((c) => rows.some((row) => row[c.key] !== undefined));
  return {
    columns: used.map(({ key: _, ...column }) => column),
    rows: rows.map((row) => used.map((c) => row[c.key] ?? NONE)),
    ...(caption === undefined ? {} : { caption }),
  };
}
