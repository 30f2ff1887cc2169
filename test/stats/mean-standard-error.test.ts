import { describe, expect, it } from 'vitest';
import { meanStandardError } from '../../stats/index';

describe('meanStandardError', () => {
  it('is sd / sqrt(n) with the n - 1 variance', () => {
    expect(meanStandardError([1, 0, 1, 1])).toEqual({ mean: 0.75, se: 0.25 });
    // 0/1 scores: sqrt(p (1 - p) / (n - 1))
    const scores = [...Array(30).fill(1), ...Array(70).fill(0)];
    expect(meanStandardError(scores).se).toBeCloseTo(Math.sqrt((0.3 * 0.7) / 99), 15);
  });

  it('is exactly 0 for constant scores', () => {
    expect(meanStandardError([0.4, 0.4, 0.4])).toEqual({ mean: 0.4, se: 0 });
  });

  it('rejects fewer than two scores and non-finite scores', () => {
    expect(() => meanStandardError([1])).toThrow(
      new RangeError('meanStandardError: `scores` must hold at least 2 value(s), got 1'),
    );
    expect(() => meanStandardError([1, Number.POSITIVE_INFINITY])).toThrow(
      new RangeError('meanStandardError: `scores[1]` must be a finite number, got Infinity'),
    );
  });
});
