import { describe, expect, it } from 'vitest';
import { type CellRecord, ResultRecord } from '../../src/index';
import { inexactItemNumber } from '../../src/schema/exact-item-number';

describe('ResultRecord', () => {
  it('fills in the defaults and keeps the item id as written ("007" stays "007")', () => {
    expect(ResultRecord.parse({ item: '007', variant: 'B', pass: 1 })).toEqual({
      item: '007',
      variant: 'B',
      pass: true,
      sample: 0,
      status: 'ok',
    });
    expect(ResultRecord.parse({ item: 7, variant: 'B', pass: 0 }).item).toBe(7);
  });

  it('accepts a record exactly as the runner writes it (CellRecord), keeping every field', () => {
    const cell: CellRecord = {
      key: '["q1","gpt",2]',
      item: 'q1',
      variant: 'gpt',
      sample: 2,
      status: 'ok',
      pass: false,
      score: 0.25,
      tags: { category: 'math' },
      output: { text: 'forty-two' },
      latencyMs: 812,
      attempts: 2,
      costUsd: 0.0031,
      tokens: { prompt: 120, completion: 8 },
      seed: 1234,
      finishedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(ResultRecord.parse(cell)).toEqual(cell);
  });

  it('accepts the aggregated form (c passes of n samples) and score-only rows', () => {
    expect(ResultRecord.parse({ item: 'p1', variant: 'm', n: 10, c: 3, score: 0.3 })).toMatchObject({ n: 10, c: 3 });
    expect(ResultRecord.parse({ item: 'p1', variant: 'm', score: 0.7 })).toMatchObject({ score: 0.7 });
  });

  it('needs no outcome on a row that is not ok, and reads null as absent', () => {
    expect(ResultRecord.parse({ item: 1, variant: 'A', status: 'error', pass: null, error: 'HTTP 500' })).toEqual({
      item: 1,
      variant: 'A',
      sample: 0,
      status: 'error',
      error: 'HTTP 500',
    });
  });

  it('keeps unknown fields such as snake_case cost_usd and api_calls', () => {
    const row = { item: 'x', variant: 'v', pass: true, cost_usd: 0.2, api_calls: 14 };
    expect(ResultRecord.parse(row)).toMatchObject({ cost_usd: 0.2, api_calls: 14 });
  });

  it('turns numeric and boolean tag values into their text', () => {
    expect(ResultRecord.parse({ item: 1, variant: 'A', pass: true, tags: { level: 3, hard: false } }).tags).toEqual({
      level: '3',
      hard: 'false',
    });
  });

  it.each([
    [{ item: 1, variant: 'A', pass: 'yes' }, 'pass', 'expected boolean or 0/1'],
    [{ item: 1, variant: 'A', pass: 2 }, 'pass', 'expected boolean or 0/1'],
    [{ item: 1, variant: '', pass: true }, 'variant', 'expected a non-empty string'],
    [{ item: null, variant: 'A', pass: true }, 'item', 'expected a string or a number'],
    [{ item: 2 ** 53, variant: 'A', pass: true }, 'item', inexactItemNumber(2 ** 53)], // 2^53 + 1 as read
    [{ item: 1e21, variant: 'A', pass: true }, 'item', inexactItemNumber(1e21)],
    [{ item: 1, variant: 'A', sample: 1.5, pass: true }, 'sample', 'expected an integer >= 0'],
    [{ item: 1, variant: 'A', status: 'failed' }, 'status', 'expected one of "ok", "error", "timeout", "skipped"'],
    [{ item: 1, variant: 'A' }, 'pass', 'an ok row needs `pass`, `score` or `n` and `c`'],
    [{ item: 1, variant: 'A', n: 4 }, 'c', 'required with `n`'],
    [{ item: 1, variant: 'A', c: 4 }, 'n', 'required with `c`'],
    [{ item: 1, variant: 'A', n: 4, c: 5 }, 'c', 'must not exceed `n` (4)'],
    [{ item: 1, variant: 'A', n: 0, c: 0 }, 'n', 'expected an integer >= 1'],
    [{ item: 1, variant: 'A', score: Number.POSITIVE_INFINITY }, 'score', 'expected a finite number'],
  ])('rejects %j at `%s`: %s', (row, field, message) => {
    const result = ResultRecord.safeParse(row);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toContainEqual([field, message]);
  });
});
