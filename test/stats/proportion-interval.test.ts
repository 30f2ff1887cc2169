import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { binomial, type ProportionIntervalMethod, proportionInterval, seededRandom } from '../../stats/index';
import { expectClose } from '../helpers/expect-close';

const METHODS: ProportionIntervalMethod[] = [
  'wilson',
  'wilson-cc',
  'clopper-pearson',
  'jeffreys',
  'agresti-coull',
  'wald',
];
const closed = { rel: 1e-9, abs: 1e-12 }; // closed forms and quantiles: the oracle's tolerance

describe('proportionInterval: reference values', () => {
  // Newcombe (1998a) example 81/263; values from R 4.2.2 (../shared/oracle/dev/binomial_ci.json).
  it.each([
    ['wilson', 0.2552885198782743, 0.36620957698280016], // prop.test(81, 263, correct = FALSE)
    ['wilson-cc', 0.25350868229518525, 0.36817620104300364], // Newcombe method 4
    ['clopper-pearson', 0.2527367455852712, 0.3676219226013514], // binom.test(81, 263)
    ['jeffreys', 0.25452193499102344, 0.36564749917408246], // qbeta(c(.025, .975), 81.5, 182.5)
    ['agresti-coull', 0.25522066518999675, 0.3662774316710775], // binom::binom.confint
    ['wald', 0.2521901262131072, 0.36377945553594226], // binom::binom.confint(method = "asymptotic")
  ] as const)('%s at 81/263 matches R', (method, lower, upper) => {
    const r = proportionInterval(81, 263, { method });
    expect(r.estimate).toBe(81 / 263);
    expect(r.confidence).toBe(0.95);
    expect(r.method).toBe(method);
    expectClose(r.lower, lower, closed, { method });
    expectClose(r.upper, upper, closed, { method });
  });

  it('defaults to the 95% Wilson interval', () => {
    expect(proportionInterval(81, 263)).toEqual(proportionInterval(81, 263, { method: 'wilson', confidence: 0.95 }));
  });

  it('clips the Wald and Agresti-Coull bounds that R binom leaves outside [0, 1]', () => {
    // binom::binom.confint(1, 29, method = "asymptotic") gives lower -0.0319; agresti-coull -0.0084.
    expect(proportionInterval(1, 29, { method: 'wald' }).lower).toBe(0);
    expect(proportionInterval(1, 29, { method: 'agresti-coull' }).lower).toBe(0);
    expect(proportionInterval(1, 1, { method: 'agresti-coull' }).upper).toBe(1);
  });

  it.each(METHODS)('%s puts the bound at 0 successes exactly at 0, and at n successes exactly at 1', (method) => {
    expect(proportionInterval(0, 20, { method }).lower).toBe(0);
    expect(proportionInterval(20, 20, { method }).upper).toBe(1);
  });

  it('jeffreys applies the Brown-Cai-DasGupta rule only at the ends', () => {
    // Plain equal-tailed Jeffreys would give qbeta(0.025, 0.5, 20.5) > 0 at x = 0.
    expect(proportionInterval(0, 20, { method: 'jeffreys' }).lower).toBe(0);
    expect(proportionInterval(1, 29, { method: 'jeffreys' }).lower).toBeGreaterThan(0);
  });
});

describe('proportionInterval: properties', () => {
  const counts = fc
    .integer({ min: 1, max: 400 })
    .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
  const level = fc.double({ min: 0.5, max: 0.999, noNaN: true });

  test.prop([counts, level, fc.constantFrom(...METHODS)], { seed: 20261121 })(
    'every bound lies in [0, 1] with lower <= upper',
    ([x, n], confidence, method) => {
      const r = proportionInterval(x, n, { method, confidence });
      expect(r.lower).toBeGreaterThanOrEqual(0);
      expect(r.upper).toBeLessThanOrEqual(1);
      expect(r.lower).toBeLessThanOrEqual(r.upper);
    },
  );

  test.prop([counts, level, fc.constantFrom<ProportionIntervalMethod>('wilson', 'wilson-cc', 'clopper-pearson')], {
    seed: 20261122,
  })('Wilson and Clopper-Pearson contain x/n', ([x, n], confidence, method) => {
    const r = proportionInterval(x, n, { method, confidence });
    expect(r.lower).toBeLessThanOrEqual(x / n);
    expect(r.upper).toBeGreaterThanOrEqual(x / n);
  });

  test.prop([counts, level, level, fc.constantFrom(...METHODS)], { seed: 20261123 })(
    'never narrows as the confidence rises',
    ([x, n], a, b, method) => {
      const narrow = proportionInterval(x, n, { method, confidence: Math.min(a, b) });
      const wide = proportionInterval(x, n, { method, confidence: Math.max(a, b) });
      expect(wide.lower).toBeLessThanOrEqual(narrow.lower + 1e-12);
      expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper - 1e-12);
    },
  );

  test.prop([counts, fc.constantFrom(...METHODS)], { seed: 20261124 })(
    'x of n and n - x of n are mirror images',
    ([x, n], method) => {
      const r = proportionInterval(x, n, { method });
      const mirror = proportionInterval(n - x, n, { method });
      expect(Math.abs(r.lower - (1 - mirror.upper))).toBeLessThan(1e-9);
      expect(Math.abs(r.upper - (1 - mirror.lower))).toBeLessThan(1e-9);
    },
  );
});

describe('proportionInterval: calibration of the 95% Wilson interval', () => {
  /** Exact coverage: the binomial probability of the x whose interval covers p. */
  const exactCoverage = (n: number, p: number) => {
    let coverage = 0;
    for (let x = 0; x <= n; x++) {
      const r = proportionInterval(x, n);
      if (r.lower <= p && p <= r.upper) coverage += binomial.pmf(x, n, p);
    }
    return coverage;
  };

  it('has exact coverage 0.974 at n = 30, p = 0.1 (Brown, Cai & DasGupta 2001, fig. 4)', () => {
    expect(exactCoverage(30, 0.1)).toBeCloseTo(0.974, 3);
  });

  it.each([
    [30, 0.1],
    [30, 0.5],
    [30, 0.9],
    [300, 0.1],
    [300, 0.5],
    [300, 0.9],
  ])('simulated coverage at n = %i, p = %f matches the exact coverage within Monte Carlo error', (n, p) => {
    const random = seededRandom(1000 * n + 10 * p);
    const replicates = 4000;
    let covered = 0;
    for (let i = 0; i < replicates; i++) {
      let x = 0;
      for (let j = 0; j < n; j++) if (random() < p) x++;
      const r = proportionInterval(x, n);
      if (r.lower <= p && p <= r.upper) covered++;
    }
    const exact = exactCoverage(n, p);
    const monteCarloError = Math.sqrt((exact * (1 - exact)) / replicates);
    expect(Math.abs(covered / replicates - exact)).toBeLessThanOrEqual(4 * monteCarloError);
  });
});

describe('proportionInterval: argument checks', () => {
  it.each([
    [() => proportionInterval(-1, 10), 'proportionInterval: `successes` must be a non-negative integer, got -1'],
    [() => proportionInterval(1.5, 10), 'proportionInterval: `successes` must be a non-negative integer, got 1.5'],
    [() => proportionInterval(11, 10), 'proportionInterval: `successes` (11) must not exceed `trials` (10)'],
    [() => proportionInterval(0, 0), 'proportionInterval: `trials` must be a positive integer, got 0'],
    [() => proportionInterval(Number.NaN, 10), 'proportionInterval: `successes` must be a finite number, got NaN'],
    [
      () => proportionInterval(3, 10, { confidence: 95 }),
      'proportionInterval: `confidence` must be strictly between 0 and 1, got 95',
    ],
    [
      () => proportionInterval(3, 10, { method: 'exact' as ProportionIntervalMethod }),
      "proportionInterval: `method` must be one of 'wilson', 'wilson-cc', 'clopper-pearson', 'jeffreys', 'agresti-coull', 'wald', got \"exact\"",
    ],
  ])('%#: throws a RangeError naming the argument and value', (call, message) => {
    expect(call).toThrow(new RangeError(message));
  });

  it('throws a TypeError for a count that is not a number', () => {
    expect(() => proportionInterval('3' as unknown as number, 10)).toThrow(
      new TypeError('proportionInterval: `successes` must be a number, got "3" (string)'),
    );
  });
});
