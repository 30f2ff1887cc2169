import { describe, expect, it } from 'vitest';
import { checkedAt } from '../../src/analysis/checked-at';
import { passAtKCurve } from '../../src/analysis/pass-at-k-curve';
import { seededRandom } from '../../stats/index';

/**
 * Typed columns read with a check outside the hot loops: a read past the end is a RangeError naming the column,
 * never an `undefined` that arithmetic turns into a NaN in a report.
 */
describe('checked reads of typed columns', () => {
  it('returns the value, or names the column, the index and its length', () => {
    expect(checkedAt(Float64Array.of(1, 2), 1, 'passes')).toBe(2);
    expect(() => checkedAt(Float64Array.of(1, 2), 2, 'passes')).toThrow(
      new RangeError('passes[2]: no value (length 2)'),
    );
  });

  it('refuses a pass@k curve whose passes and trials are not one per item', () => {
    const options = { resamples: 10, confidence: 0.95, random: seededRandom(0) };
    expect(() => passAtKCurve('A', [4, 4, 4], [1, 3], options)).toThrow(
      new RangeError('passAtKCurve: `passes` has 2 items, `trials` 3'),
    );
    expect(passAtKCurve('A', [4, 4], [1, 3], options)[0]?.passAtK).toBe(0.5);
  });
});
