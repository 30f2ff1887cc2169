/**
 * Where a notebook user meets a table: `loadResults` hands out the rows as an arquero table, the user filters
 * it with arquero's verbs, and `compare` takes the filtered table back, judging exactly the rows left.
 */
import { ColumnTable, escape as escapeFunction, from } from 'arquero';
import { describe, expect, it } from 'vitest';
import { compare, InputError, resultsFromRecords } from '../../src/index';

const AB = { baseline: 'A', candidates: ['B'], now: () => new Date('2026-01-02T03:04:05.000Z'), nodeVersion: 'v20' };

/** 40 items of two categories: B loses 6 items of `math` and none of `code`. */
function records(): Record<string, unknown>[] {
  return Array.from({ length: 40 }, (_, i) => {
    const category = i % 2 === 0 ? 'math' : 'code';
    const lost = category === 'math' && i < 12;
    return [
      { item: i, variant: 'A', pass: true, tags: { category } },
      { item: i, variant: 'B', pass: !lost, tags: { category } },
    ];
  }).flat();
}

describe('the arquero table of loaded results', () => {
  const results = resultsFromRecords(records());

  it('has one row per record with the documented columns, typed values as loaded', () => {
    const { table } = results;
    expect(table.numRows()).toBe(80);
    expect(table.columnNames()).toEqual([
      'item',
      'key',
      'itemId',
      'variant',
      'sample',
      'status',
      'trials',
      'passes',
      'score',
      'latencyMs',
      'costUsd',
      'record',
      'file',
      'line',
    ]);
    expect(table.object(3)).toMatchObject({ item: 1, key: '1', itemId: 1, variant: 'B', status: 'ok', passes: 1 });
  });

  it('filtered by a user and handed back, compares the rows left as if they alone had been loaded', () => {
    const math = results.table.filter(
      escapeFunction((row: { record: { tags: { category: string } } }) => row.record.tags.category === 'math'),
    );
    const fromTable = compare(math, {}, AB);
    const fromRecords = compare(
      records().filter((record) => (record.tags as { category: string }).category === 'math'),
      {},
      AB,
    );
    expect(fromTable.paired).toEqual(fromRecords.paired);
    expect(fromTable.paired).toMatchObject({ n: 20, n10: 6, n01: 0 });
  });

  it('is the arquero a notebook imports (loaded on first read, the same module instance)', () => {
    expect(results.table).toBeInstanceOf(ColumnTable);
    // A table the user builds with their own arquero is recognised as a table, not taken for loaded results.
    const mine = from(records().filter((record) => record.item !== 0));
    expect(compare(mine, {}, AB).paired).toMatchObject({ n: 39, n10: 5, n01: 0 });
  });

  it('validates a table of plain record rows again, naming the row', () => {
    const rows = resultsFromRecords(records()).table.select('item', 'variant', 'passes');
    expect(() => compare(rows, {}, AB)).toThrow(InputError);
  });
});
