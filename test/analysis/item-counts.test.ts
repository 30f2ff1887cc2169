import { describe, expect, it } from 'vitest';
import { buildResultsColumns } from '../../src/analysis/columns-builder';
import { latestCells } from '../../src/analysis/latest-cells';
import { missingData } from '../../src/analysis/missing-data';
import { pairByItem } from '../../src/analysis/pair-by-item';
import { resolvePolicy } from '../../src/analysis/policy';
import { itemCounts } from '../../src/analysis/results-columns';
import type { ResultRecord } from '../../src/schema/result-record';

// Issue 14: per-item counts are held in the narrowest array the cells allow (1 byte an item at 10^6 items of one
// sample). These cases are the ones that need more: every count must stay exact, never wrap at 2^8 or 2^16.

const columnsOf = (records: readonly Partial<ResultRecord>[]) =>
  latestCells(
    buildResultsColumns({
      records: records as ResultRecord[],
      files: records.map(() => 'r.jsonl'),
      lines: records.map((_, i) => i + 1),
    }),
  ).cells;

/** Item `many` with `samples` samples on both variants (A passes all, B every other), and item `one` once each. */
function manySamples(samples: number): Partial<ResultRecord>[] {
  const out: Partial<ResultRecord>[] = [];
  for (let sample = 0; sample < samples; sample++) {
    out.push({ item: 'many', variant: 'A', sample, status: 'ok', pass: true });
    out.push({ item: 'many', variant: 'B', sample, status: 'ok', pass: sample % 2 === 0 });
  }
  out.push({ item: 'one', variant: 'A', sample: 0, status: 'ok', pass: true });
  out.push({ item: 'one', variant: 'B', sample: 0, status: 'ok', pass: false });
  return out;
}

describe('per-item counts', () => {
  it('count 300 samples of one item exactly (past a byte), and one sample in a byte', () => {
    const cells = columnsOf(manySamples(300));
    const pairs = pairByItem(cells, { baseline: 'A', candidate: 'B' });
    const many = cells.itemKeys.indexOf('many');
    const one = cells.itemKeys.indexOf('one');
    expect([pairs.a.rows[many], pairs.a.trials[many], pairs.a.passes[many]]).toEqual([300, 300, 300]);
    expect([pairs.b.rows[many], pairs.b.trials[many], pairs.b.passes[many]]).toEqual([300, 300, 150]);
    expect([pairs.b.trials[one], pairs.b.passes[one]]).toEqual([1, 0]);
    expect(pairs.a.trials).toBeInstanceOf(Uint16Array);
    expect(itemCounts(columnsOf(manySamples(1)))(4)).toBeInstanceOf(Uint8Array);
  });

  it('count an aggregated row of 70,000 trials exactly (past two bytes)', () => {
    const cells = columnsOf([
      { item: 'agg', variant: 'A', sample: 0, status: 'ok', n: 70_000, c: 69_999 },
      { item: 'agg', variant: 'B', sample: 0, status: 'ok', n: 70_000, c: 12 },
    ]);
    const pairs = pairByItem(cells, { baseline: 'A', candidate: 'B' });
    expect([pairs.a.trials[0], pairs.a.passes[0], pairs.b.passes[0]]).toEqual([70_000, 69_999, 12]);
    expect(pairs.a.trials).toBeInstanceOf(Uint32Array);
  });

  it("count a run's 1,000 planned samples as missing failures exactly when one is stored", () => {
    const cells = columnsOf([
      { item: 'x', variant: 'A', sample: 0, status: 'ok', pass: true },
      { item: 'x', variant: 'B', sample: 0, status: 'error' },
    ]);
    const policy = resolvePolicy({});
    const plan = { items: 1, samples: 1000 };
    const { plannedCells, missing } = missingData(cells, { baseline: 'A', candidate: 'B', policy, plan });
    expect(plannedCells[0]).toBe(1000);
    expect(missing.byVariant.map((v) => [v.planned, v.ok])).toEqual([
      [1000, 1],
      [1000, 0],
    ]);
    const treated = pairByItem(cells, {
      baseline: 'A',
      candidate: 'B',
      missingAsFailure: { plannedCells, worstScore: Number.NaN },
    });
    expect([treated.a.trials[0], treated.a.passes[0], treated.b.trials[0], treated.b.passes[0]]).toEqual([
      1000, 1, 1000, 0,
    ]);
  });

  it('latestCells hands back the same cells, no duplicates, when every cell is written once', () => {
    const columns = buildResultsColumns({
      records: manySamples(3) as ResultRecord[],
      files: Array(8).fill('r.jsonl'),
      lines: Array.from({ length: 8 }, (_, i) => i + 1),
    });
    const { cells, duplicates } = latestCells(columns);
    expect(cells).toBe(columns);
    expect({ ...duplicates }).toEqual({});
  });
});
