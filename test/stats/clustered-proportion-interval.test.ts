import { describe, expect, it } from 'vitest';
import { clusteredProportionInterval, proportionInterval, seededRandom } from '../../stats/index';
import { expectClose } from '../helpers/expect-close';

const tol = { rel: 1e-12, abs: 1e-14 };

describe('clusteredProportionInterval', () => {
  it('is Wilson exactly with one trial per item (design effect 1)', () => {
    const passes = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1];
    const result = clusteredProportionInterval(
      passes,
      passes.map(() => 1),
    );
    const wilson = proportionInterval(7, 10);
    expect(result.designEffect).toBe(1);
    expectClose(result.lower, wilson.lower, tol);
    expectClose(result.upper, wilson.upper, tol);
  });

  it('counts items, not samples, when every item is all or nothing', () => {
    // 20 items pass all 10 samples, 20 fail all: deff = 10 * 40/39 (the linearised variance's I/(I - 1)).
    const passes = Array.from({ length: 40 }, (_, i) => (i % 2 ? 10 : 0));
    const trials = passes.map(() => 10);
    const result = clusteredProportionInterval(passes, trials);
    expectClose(result.designEffect, 400 / 39, tol);
    expectClose(result.effectiveN, 39, tol);
    // Wilson's formula at n = 39 with p = 1/2: (1/2 +- z sqrt(1/(4n) + z^2/(4n^2))) / (1 + z^2/n).
    const z = 1.959963984540054;
    const n = 39;
    const half = (z * Math.sqrt(0.25 / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
    expectClose(result.upper - result.lower, 2 * half, { rel: 1e-12 });
    expect(result.upper - result.lower).toBeGreaterThan(2 * (proportionInterval(200, 400).upper - 0.5));
  });

  it('never narrows below Wilson on the samples (deff floored at 1), and is one observation with one item', () => {
    const alternating = clusteredProportionInterval([5, 5, 5, 5], [10, 10, 10, 10]);
    expect(alternating.designEffect).toBe(1);
    expect(clusteredProportionInterval([3], [10]).effectiveN).toBe(1);
    expect(clusteredProportionInterval([0, 0], [5, 5])).toMatchObject({ estimate: 0, lower: 0, designEffect: 1 });
  });

  it('covers the item-level pass rate 93% to 97% of the time when samples of an item are correlated (seeded)', () => {
    const random = seededRandom(11);
    let covered = 0;
    const runs = 2000;
    for (let run = 0; run < runs; run++) {
      // 60 items, 5 samples each; each item's pass probability is Beta-like around 0.6 (U^0.7).
      const probabilities = Array.from({ length: 60 }, () => random() ** 0.7);
      const passes = probabilities.map((p) =>
        Array.from({ length: 5 }, () => (random() < p ? 1 : 0)).reduce((a, b) => a + b, 0 as number),
      );
      const { lower, upper } = clusteredProportionInterval(
        passes,
        passes.map(() => 5),
      );
      const truth = 1 / 1.7; // E[U^0.7] = 1 / (1 + 0.7)
      if (lower <= truth && truth <= upper) covered++;
    }
    expect(covered / runs).toBeGreaterThanOrEqual(0.93);
    expect(covered / runs).toBeLessThanOrEqual(0.97);
  });

  it('refuses bad counts, naming the argument and value', () => {
    expect(() => clusteredProportionInterval([3], [2])).toThrow(
      new RangeError('clusteredProportionInterval: `passes[0]` must be an integer in [0, trials[0]] (2), got 3'),
    );
    expect(() => clusteredProportionInterval([1], [0])).toThrow(
      new RangeError('clusteredProportionInterval: `trials[0]` must be an integer >= 1, got 0'),
    );
    expect(() => clusteredProportionInterval([], [])).toThrow(
      new RangeError('clusteredProportionInterval: `passes` must hold at least one item, got 0'),
    );
  });
});
