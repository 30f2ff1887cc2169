import { describe, expect, it } from 'vitest';
import { normal, twoProportionPower } from '../../stats/index';

describe('twoProportionPower', () => {
  it('pooled: R power.prop.test(n = 50, p1 = 0.5, p2 = 0.75) (its help page example: power = 0.7401659)', () => {
    expect(twoProportionPower({ n: 50, p1: 0.5, p2: 0.75 })).toBeCloseTo(0.7401659, 6);
  });

  it('gives the value of its documentation example', () => {
    expect(twoProportionPower({ n: 100, p1: 0.5, p2: 0.75 })).toBeCloseTo(0.96001750687, 10);
  });

  it('pooled counts one tail, as R with strict = FALSE: alpha / 2 when p1 = p2', () => {
    expect(twoProportionPower({ n: 100, p1: 0.3, p2: 0.3 })).toBeCloseTo(0.025, 14);
  });

  it("arcsine: pwr.2p.test with Cohen's h, both tails (alpha when p1 = p2)", () => {
    const [n, p1, p2] = [100, 0.5, 0.75];
    const h = 2 * Math.asin(Math.sqrt(p2)) - 2 * Math.asin(Math.sqrt(p1));
    const z = normal.quantile(0.975);
    const want = normal.sf(z - h * Math.sqrt(n / 2)) + normal.cdf(-z - h * Math.sqrt(n / 2));
    expect(twoProportionPower({ n, p1, p2, method: 'arcsine' })).toBeCloseTo(want, 14);
    expect(twoProportionPower({ n, p1: 0.3, p2: 0.3, method: 'arcsine' })).toBeCloseTo(0.05, 14);
  });

  it('does not depend on which group is the baseline', () => {
    for (const method of ['pooled', 'arcsine'] as const) {
      expect(twoProportionPower({ n: 80, p1: 0.2, p2: 0.35, method })).toBeCloseTo(
        twoProportionPower({ n: 80, p1: 0.35, p2: 0.2, method }),
        14,
      );
    }
  });

  it('rejects out-of-range input, naming it', () => {
    expect(() => twoProportionPower({ n: 0, p1: 0.2, p2: 0.3 })).toThrow(
      new RangeError('twoProportionPower: `n` must be greater than 0, got 0'),
    );
    expect(() => twoProportionPower({ n: 10, p1: 1.2, p2: 0.3 })).toThrow(
      new RangeError('twoProportionPower: `p1` must be in [0, 1], got 1.2'),
    );
    expect(() => twoProportionPower({ n: 10, p1: 0, p2: 0 })).toThrow(
      new RangeError('twoProportionPower: `p1` and `p2` must not both be 0 (the pooled variance is 0)'),
    );
  });
});
