import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type AdjustPValuesMethod, adjustPValues } from '../../stats/index';

const METHODS: AdjustPValuesMethod[] = ['holm', 'hochberg', 'bh', 'by', 'bonferroni'];

describe('adjustPValues', () => {
  it('adjusts as R p.adjust, in input order', () => {
    const p = [0.01, 0.04, 0.03];
    expect(adjustPValues(p, 'bonferroni')).toEqual([0.03, 0.12, 0.09]);
    expect(adjustPValues(p, 'holm')).toEqual([0.03, 0.06, 0.06]);
    expect(adjustPValues(p, 'hochberg')).toEqual([0.03, 0.04, 0.04]);
    expect(adjustPValues(p, 'bh')).toEqual([0.03, 0.04, 0.04]);
    const harmonic = 1 + 1 / 2 + 1 / 3;
    const by = adjustPValues(p, 'by');
    expect(by[0]).toBeCloseTo(0.03 * harmonic, 15);
    expect(by[1]).toBeCloseTo(0.04 * harmonic, 15);
  });

  it('caps at 1 and leaves a single p-value unchanged', () => {
    expect(adjustPValues([0.5, 0.9], 'bonferroni')).toEqual([1, 1]);
    for (const method of METHODS) expect(adjustPValues([0.2], method)).toEqual([0.2]);
  });

  test.prop([fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 })], { seed: 29 })(
    'never lowers a p-value, keeps their order, and orders the methods by strictness',
    (p) => {
      const adjusted = Object.fromEntries(METHODS.map((m) => [m, adjustPValues(p, m)])) as Record<
        AdjustPValuesMethod,
        number[]
      >;
      p.forEach((value, i) => {
        for (const m of METHODS) {
          expect(adjusted[m][i]).toBeGreaterThanOrEqual(value);
          expect(adjusted[m][i]).toBeLessThanOrEqual(1);
        }
        expect(adjusted.bonferroni[i]).toBeGreaterThanOrEqual(adjusted.holm[i]!);
        expect(adjusted.holm[i]).toBeGreaterThanOrEqual(adjusted.hochberg[i]!);
        expect(adjusted.hochberg[i]).toBeGreaterThanOrEqual(adjusted.bh[i]!);
        expect(adjusted.by[i]).toBeGreaterThanOrEqual(adjusted.bh[i]!);
        p.forEach((other, j) => {
          if (value < other) for (const m of METHODS) expect(adjusted[m][i]).toBeLessThanOrEqual(adjusted[m][j]!);
        });
      });
    },
  );

  it('rejects values outside [0, 1], an empty vector and an unknown method', () => {
    expect(() => adjustPValues([0.1, 1.5], 'holm')).toThrow(
      new RangeError('adjustPValues: `pValues[1]` must be in [0, 1], got 1.5'),
    );
    expect(() => adjustPValues([], 'holm')).toThrow(
      new RangeError('adjustPValues: `pValues` must hold at least 1 value(s), got 0'),
    );
    expect(() => adjustPValues([0.1], 'BH' as AdjustPValuesMethod)).toThrow(
      new RangeError("adjustPValues: `method` must be one of 'holm', 'hochberg', 'bh', 'by', 'bonferroni', got \"BH\""),
    );
  });
});
