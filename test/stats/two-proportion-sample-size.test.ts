import { describe, expect, it } from 'vitest';
import { twoProportionPower, twoProportionSampleSize } from '../../stats/index';

describe('twoProportionSampleSize', () => {
  it('pooled: R power.prop.test(p1 = 0.5, p2 = 0.75, power = 0.9) (its help page example: n = 76.7)', () => {
    const { n, nUnrounded } = twoProportionSampleSize({ p1: 0.5, p2: 0.75, power: 0.9 });
    expect(nUnrounded).toBeCloseTo(76.7, 1);
    expect(n).toBe(77);
  });

  it('gives the value of its documentation example (R power.prop.test(p1 = 0.5, p2 = 0.75)$n = 57.67343673890836)', () => {
    const { n, nUnrounded } = twoProportionSampleSize({ p1: 0.5, p2: 0.75 });
    expect(n).toBe(58);
    expect(nUnrounded).toBeCloseTo(57.67343673890836, 9);
  });

  it('solves the power equation: the power at nUnrounded is the target', () => {
    for (const method of ['pooled', 'arcsine'] as const) {
      for (const [p1, p2] of [
        [0.5, 0.6],
        [0.05, 0.01],
        [0.9, 0.95],
      ] as const) {
        const { n, nUnrounded } = twoProportionSampleSize({ p1, p2, alpha: 0.01, power: 0.85, method });
        expect(twoProportionPower({ n: nUnrounded, p1, p2, alpha: 0.01, method })).toBeCloseTo(0.85, 12);
        expect(n).toBe(Math.ceil(nUnrounded));
      }
    }
  });

  it('refuses equal rates, and an arcsine power at or below alpha', () => {
    expect(() => twoProportionSampleSize({ p1: 0.3, p2: 0.3 })).toThrow(
      new RangeError(
        'twoProportionSampleSize: `p1` and `p2` must differ, got 0.3 and 0.3 (no sample size detects no difference)',
      ),
    );
    expect(() => twoProportionSampleSize({ p1: 0.3, p2: 0.4, power: 0.04, method: 'arcsine' })).toThrow(
      new RangeError(
        'twoProportionSampleSize: `power` (0.04) must exceed `alpha` (0.05) for the arcsine method (its power exceeds alpha at every n)',
      ),
    );
  });
});
