import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { wilcoxonSignedRank } from '../../stats/index';

const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

/** Two-sided exact p by enumerating all 2^n sign patterns of the ranks 1..n. */
function bruteForceP(statistic: number, n: number): number {
  let below = 0;
  let above = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    let v = 0;
    for (let r = 1; r <= n; r++) if (mask & (1 << (r - 1))) v += r;
    if (v <= statistic) below++;
    if (v >= statistic) above++;
  }
  return Math.min(1, (2 * Math.min(below, above)) / 2 ** n);
}

describe('wilcoxonSignedRank', () => {
  it('matches R wilcox.test(drug1, drug2, paired = TRUE) on the sleep data (ties and a zero: normal approximation)', () => {
    // R 4.2: V = 0, p-value = 0.009091
    const r = wilcoxonSignedRank(drug2, drug1);
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBeCloseTo(0.009091, 6);
    expect(r.method).toBe('asymptotic');
    expect(r.continuityCorrection).toBe(true);
    expect(r.n).toBe(9);
  });

  it('is exact by default for few distinct non-zero differences', () => {
    const r = wilcoxonSignedRank([0, 0, 0, 0, 0, 0], [1, 2, 3, 4, 5, -6]);
    expect(r).toEqual({ statistic: 15, pValue: 2 * (14 / 64), method: 'exact', continuityCorrection: false, n: 6 });
    expect(wilcoxonSignedRank([0, 0, 0], [1, 2, 3], { exact: false }).method).toBe('asymptotic');
  });

  it('uses the normal approximation with ties even when exact is asked for (as R does)', () => {
    expect(wilcoxonSignedRank([0, 0, 0, 0], [1, 1, 2, 3], { exact: true }).method).toBe('asymptotic');
  });

  it('gives pValue 1 when every difference is 0', () => {
    expect(wilcoxonSignedRank([1, 2], [1, 2])).toEqual({
      statistic: 0,
      pValue: 1,
      method: 'exact',
      continuityCorrection: false,
      n: 0,
    });
  });

  test.prop(
    [
      fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 12 }),
      fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    ],
    {
      seed: 17,
    },
  )('exact p equals brute-force enumeration, and swapping the variants keeps it', (magnitudes, signs) => {
    const candidate = magnitudes.map((m, i) => (signs[i] ? m : -m));
    const baseline = candidate.map(() => 0);
    const r = wilcoxonSignedRank(baseline, candidate);
    const n = magnitudes.length;
    expect(r.method).toBe('exact');
    expect(r.pValue).toBeCloseTo(bruteForceP(r.statistic, n), 13);
    const swapped = wilcoxonSignedRank(candidate, baseline);
    expect(swapped.statistic).toBe((n * (n + 1)) / 2 - r.statistic);
    expect(swapped.pValue).toBeCloseTo(r.pValue, 14);
  });

  test.prop(
    [
      fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), {
        minLength: 1,
        maxLength: 80,
      }),
    ],
    {
      seed: 19,
    },
  )('p-values lie in [0, 1] with ties and zeros, and are symmetric in the variants', (pairs) => {
    const a = pairs.map(([x]) => x);
    const b = pairs.map(([, y]) => y);
    const forward = wilcoxonSignedRank(a, b);
    expect(forward.pValue).toBeGreaterThanOrEqual(0);
    expect(forward.pValue).toBeLessThanOrEqual(1);
    expect(wilcoxonSignedRank(b, a).pValue).toBeCloseTo(forward.pValue, 12);
  });

  it('rejects a non-boolean option', () => {
    expect(() => wilcoxonSignedRank([1], [2], { exact: 'yes' as unknown as boolean })).toThrow(
      new TypeError('wilcoxonSignedRank: `exact` must be a boolean, got "yes" (string)'),
    );
  });
});
