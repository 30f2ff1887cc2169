import { describe, expect, it } from 'vitest';
import { buildResultsColumns } from '../../src/analysis/columns-builder';
import { latestCells } from '../../src/analysis/latest-cells';
import type { ResultRecord } from '../../src/schema/result-record';

/** Rows of 3 items x 2 variants at the given samples, some cells written twice or three times (a resumed run). */
function rows(samples: readonly number[]): ResultRecord[] {
  const out: ResultRecord[] = [];
  const add = (item: string, variant: string, sample: number, pass: boolean) =>
    out.push({ item, variant, sample, status: 'ok', pass } as ResultRecord);
  for (const [k, sample] of samples.entries())
    for (const item of ['a', 'b', 'c']) for (const variant of ['A', 'B']) add(item, variant, sample, k % 2 === 0);
  add('b', 'B', samples[0] ?? 0, false); // rewritten
  add('a', 'A', samples[1] ?? 0, true);
  add('b', 'B', samples[0] ?? 0, true); // rewritten again: this one is the answer
  return out;
}

const summary = (records: readonly ResultRecord[]) => {
  const columns = buildResultsColumns({
    records,
    files: records.map(() => 'r.jsonl'),
    lines: records.map((_, i) => i + 1),
  });
  const { cells, duplicates } = latestCells(columns);
  const kept = [];
  for (let row = 0; row < cells.length; row++) kept.push([cells.line[row], cells.passes[row]]);
  return { kept, duplicates: { ...duplicates } };
};

describe('latestCells', () => {
  it('keeps the last row of each cell alike with a dense index and, past it, rows sorted by cell', () => {
    // 2 variants x (3e6 + 1) samples x 3 items = 1.8e7 cells > 2^24 and > 4 per row: the sorted path (a Map died
    // at 2^24 entries, 10^7 items x 2 variants); samples 0, 1, 2 take the dense one. Same rows kept, same counts.
    const sparse = summary(rows([0, 3_000_000, 7]));
    const dense = summary(rows([0, 1, 2]));
    expect(sparse).toEqual(dense);
    expect(dense.duplicates).toEqual({ B: 2, A: 1 });
    expect(dense.kept).toHaveLength(18);
    expect(dense.kept.at(-1)).toEqual([21, 1]);
  });
});
