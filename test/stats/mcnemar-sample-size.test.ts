import { describe, expect, it } from 'vitest';
import { mcnemarPower, mcnemarSampleSize, normal } from '../../stats/index';

describe('mcnemarSampleSize', () => {
  it("reproduces Connor's calculator example (p10 = 0.05, p01 = 0.45, 80 %) -> 23", () => {
    const { n, nUnrounded, power } = mcnemarSampleSize({ p10: 0.05, p01: 0.45 });
    const root = normal.quantile(0.975) * Math.sqrt(0.5) + normal.quantile(0.8) * Math.sqrt(0.5 - 0.16);
    expect(nUnrounded).toBeCloseTo((root * root) / 0.16, 10);
    expect(n).toBe(23);
    expect(power).toBeGreaterThanOrEqual(0.8);
    expect(power).toBeCloseTo(mcnemarPower({ n: 23, p10: 0.05, p01: 0.45 }), 14);
  });

  it('exact: returns the smallest n whose exact power reaches the target', () => {
    const target = { p10: 0.05, p01: 0.45, power: 0.8 };
    const { n, nUnrounded, power } = mcnemarSampleSize({ ...target, method: 'exact' });
    expect(n).toBe(25); // ../shared/oracle/dev/mcnemar_power.json
    expect(nUnrounded).toBeUndefined();
    expect(power).toBeGreaterThanOrEqual(0.8);
    for (let m = 1; m < n; m++) expect(mcnemarPower({ n: m, ...target, method: 'exact' })).toBeLessThan(0.8);
  });

  it('exact: reports the power at n as mcnemarPower computes it', () => {
    const r = mcnemarSampleSize({ p10: 0.1, p01: 0.2, power: 0.9, method: 'exact' });
    expect(r.n).toBe(325); // ../shared/oracle/dev/mcnemar_power.json
    expect(r.power).toBeCloseTo(mcnemarPower({ n: 325, p10: 0.1, p01: 0.2, method: 'exact' }), 12);
    expect(mcnemarPower({ n: 324, p10: 0.1, p01: 0.2, method: 'exact' })).toBeLessThan(0.9);
  });

  it('exact: the power is saw-toothed, so a larger n can fall short again', () => {
    const rates = { p10: 0.05, p01: 0.95 };
    expect(mcnemarSampleSize({ ...rates, power: 0.7, method: 'exact' }).n).toBe(6);
    expect(mcnemarPower({ n: 6, ...rates, method: 'exact' })).toBeGreaterThanOrEqual(0.7);
    expect(mcnemarPower({ n: 7, ...rates, method: 'exact' })).toBeLessThan(0.7);
    expect(mcnemarPower({ n: 8, ...rates, method: 'exact' })).toBeLessThan(0.7);
  });

  it('does not depend on which variant is the baseline', () => {
    for (const method of ['connor', 'exact'] as const) {
      expect(mcnemarSampleSize({ p10: 0.1, p01: 0.2, method }).n).toBe(
        mcnemarSampleSize({ p10: 0.2, p01: 0.1, method }).n,
      );
    }
  });

  it('refuses p10 = p01: no sample size detects no difference', () => {
    expect(() => mcnemarSampleSize({ p10: 0.1, p01: 0.1 })).toThrow(
      new RangeError(
        'mcnemarSampleSize: `p10` and `p01` must differ, got 0.1 and 0.1 (with no difference no sample size reaches the power)',
      ),
    );
    expect(() => mcnemarSampleSize({ p10: 0.1, p01: 0.2, power: 1 })).toThrow(
      new RangeError('mcnemarSampleSize: `power` must be strictly between 0 and 1, got 1'),
    );
  });
});
