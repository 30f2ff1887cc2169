import { describe, expect, it } from 'vitest';
import { meanPassAtK, passAtK } from '../../stats/index';

describe('meanPassAtK', () => {
  it('averages the per-problem pass@k', () => {
    expect(
      meanPassAtK(
        [
          { n: 10, c: 3 },
          { n: 10, c: 0 },
        ],
        1,
      ),
    ).toBe(0.15);
    const problems = [
      { n: 20, c: 1 },
      { n: 5, c: 2 },
      { n: 200, c: 17 },
    ];
    const want = (passAtK(20, 1, 5) + passAtK(5, 2, 5) + passAtK(200, 17, 5)) / 3;
    expect(meanPassAtK(problems, 5)).toBeCloseTo(want, 15);
  });

  it('names the problem that cannot be scored', () => {
    expect(() =>
      meanPassAtK(
        [
          { n: 10, c: 1 },
          { n: 3, c: 0 },
        ],
        5,
      ),
    ).toThrow(new RangeError('meanPassAtK: `k` (5) must not exceed `problems[1].n` (3)'));
    expect(() => meanPassAtK([{ n: 10, c: 11 }], 1)).toThrow(
      new RangeError('meanPassAtK: `problems[0].c` (11) must not exceed `problems[0].n` (10)'),
    );
    expect(() => meanPassAtK([], 1)).toThrow(
      new RangeError('meanPassAtK: `problems` must hold at least 1 problem, got 0'),
    );
  });
});
