import { describe, expect, it } from 'vitest';
import { clusteredStandardError, meanStandardError } from '../../stats/index';

describe('clusteredStandardError', () => {
  it('is Miller (2024) eq.: SE_CLT^2 plus the within-cluster cross products over n^2', () => {
    const scores = [1, 1, 0, 0];
    // mean 0.5, residuals ±0.5, s^2 = 1/3: se^2 = 1/12 + ((1 - 0.5) + (1 - 0.5)) / 16
    expect(clusteredStandardError(scores, ['a', 'a', 'b', 'b']).se).toBeCloseTo(Math.sqrt(1 / 12 + 1 / 16), 15);
  });

  it('equals the CLT standard error when every item is its own cluster', () => {
    const scores = [0.2, 0.9, 0.4, 0.4, 1, 0];
    expect(clusteredStandardError(scores, [1, 2, 3, 4, 5, 6])).toEqual(meanStandardError(scores));
  });

  it('grows when correlated items share a cluster, and accepts string and number ids', () => {
    const scores = [1, 1, 1, 0, 0, 0, 1, 0];
    const clustered = clusteredStandardError(scores, ['q1', 'q1', 'q1', 'q2', 'q2', 'q2', 7, 8]);
    expect(clustered.se).toBeGreaterThan(meanStandardError(scores).se);
    expect(clustered.mean).toBe(0.5);
  });

  it('rejects mismatched lengths and ids that are not strings or numbers', () => {
    expect(() => clusteredStandardError([1, 0], ['a'])).toThrow(
      new RangeError(
        'clusteredStandardError: `scores` and `clusters` must have the same length (paired data), got 2 and 1',
      ),
    );
    expect(() => clusteredStandardError([1, 0], ['a', null as unknown as string])).toThrow(
      new TypeError('clusteredStandardError: `clusters[1]` must be a string or a finite number, got null'),
    );
  });
});
