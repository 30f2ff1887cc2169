import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { binomial, type PairedOddsRatioMethod, pairedOddsRatio } from '../../stats/index';
import { expectClose } from '../helpers/expect-close';

const quantile = { rel: 1e-9, abs: 1e-12 };
const rootSolved = { rel: 1e-8, abs: 1e-10 }; // mid-p limits: the oracle's tolerance for root-solved values

describe('pairedOddsRatio: reference values', () => {
  it('exact (default): Clopper-Pearson on n01/(n10 + n01) mapped by p/(1 - p), as exact2x2::mcnemar.exact', () => {
    // exact2x2::mcnemar.exact(matrix(c(a, 5, 20, d), 2)): OR 4, CI [1.4567765043175493, 13.638831336088021]
    const r = pairedOddsRatio({ n11: 40, n10: 5, n01: 20, n00: 35 });
    expect(r).toMatchObject({ estimate: 4, confidence: 0.95, method: 'exact' });
    expectClose(r.lower, 1.4567765043175493, quantile);
    expectClose(r.upper, 13.638831336088021, quantile);
  });

  it('mid-p: roots of the central mid-p equations (exactci::binom.exact(midp = TRUE), uniroot tol 1e-15)', () => {
    const r = pairedOddsRatio({ n10: 5, n01: 20 }, { method: 'mid-p', confidence: 0.99 });
    expect(r).toMatchObject({ estimate: 4, confidence: 0.99, method: 'mid-p' });
    expectClose(r.lower, 1.20672657174694, rootSolved);
    expectClose(r.upper, 18.190703012761073, rootSolved);
  });

  it('mid-p limits satisfy their defining equations', () => {
    const [n10, n01, alpha] = [16, 37, 0.05];
    const m = n10 + n01;
    const { lower, upper } = pairedOddsRatio({ n10, n01 }, { method: 'mid-p' });
    const thetaLower = lower / (1 + lower);
    const thetaUpper = upper / (1 + upper);
    const atLower = binomial.sf(n01, m, thetaLower) + binomial.pmf(n01, m, thetaLower) / 2;
    const atUpper = binomial.cdf(n01 - 1, m, thetaUpper) + binomial.pmf(n01, m, thetaUpper) / 2;
    expectClose(atLower, alpha / 2, { rel: 1e-10 });
    expectClose(atUpper, alpha / 2, { rel: 1e-10 });
  });

  it.each<PairedOddsRatioMethod>(['exact', 'mid-p'])('%s: boundaries', (method) => {
    expect(pairedOddsRatio({ n10: 0, n01: 0 }, { method })).toEqual({
      estimate: Number.NaN,
      lower: 0,
      upper: Number.POSITIVE_INFINITY,
      confidence: 0.95,
      method,
    });
    const noWins = pairedOddsRatio({ n10: 7, n01: 0 }, { method });
    expect(noWins.estimate).toBe(0);
    expect(noWins.lower).toBe(0);
    expect(noWins.upper).toBeGreaterThan(0);
    const noLosses = pairedOddsRatio({ n10: 0, n01: 7 }, { method });
    expect(noLosses.estimate).toBe(Number.POSITIVE_INFINITY);
    expect(noLosses.upper).toBe(Number.POSITIVE_INFINITY);
    expect(noLosses.lower).toBeCloseTo(1 / noWins.upper, 12);
  });

  it('exact at one discordant pair: the limits are (α/2)/(1 - α/2) and its reciprocal', () => {
    expectClose(pairedOddsRatio({ n10: 0, n01: 1 }).lower, 0.025 / 0.975, quantile);
    expectClose(pairedOddsRatio({ n10: 1, n01: 0 }).upper, 0.975 / 0.025, quantile);
  });
});

describe('pairedOddsRatio: properties', () => {
  const cell = fc.nat(500);
  const method = fc.constantFrom<PairedOddsRatioMethod>('exact', 'mid-p');
  const level = fc.double({ min: 0.5, max: 0.999, noNaN: true });

  test.prop([cell, cell, method, level], { seed: 20261121 })(
    'the interval contains the estimate',
    (n10, n01, m, confidence) => {
      fc.pre(n10 + n01 > 0);
      const r = pairedOddsRatio({ n10, n01 }, { method: m, confidence });
      expect(r.lower).toBeLessThanOrEqual(r.estimate);
      expect(r.upper).toBeGreaterThanOrEqual(r.estimate);
    },
  );

  test.prop([cell, cell, method], { seed: 20261122 })(
    'swapping baseline and candidate inverts the estimate and the limits',
    (n10, n01, m) => {
      fc.pre(n10 > 0 && n01 > 0);
      const r = pairedOddsRatio({ n10, n01 }, { method: m });
      const swapped = pairedOddsRatio({ n10: n01, n01: n10 }, { method: m });
      expect(swapped.estimate).toBeCloseTo(1 / r.estimate, 12);
      expectClose(swapped.lower, 1 / r.upper, { rel: 1e-10 });
      expectClose(swapped.upper, 1 / r.lower, { rel: 1e-10 });
    },
  );

  test.prop([cell, cell, method, level, level], { seed: 20261123 })(
    'never narrows as the confidence rises',
    (n10, n01, m, a, b) => {
      fc.pre(n10 + n01 > 0);
      const narrow = pairedOddsRatio({ n10, n01 }, { method: m, confidence: Math.min(a, b) });
      const wide = pairedOddsRatio({ n10, n01 }, { method: m, confidence: Math.max(a, b) });
      expect(wide.lower).toBeLessThanOrEqual(narrow.lower * (1 + 1e-10));
      expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper * (1 - 1e-10));
    },
  );

  test.prop([cell, cell], { seed: 20261124 })('the mid-p interval lies inside the exact one', (n10, n01) => {
    fc.pre(n10 + n01 > 0);
    const exact = pairedOddsRatio({ n10, n01 });
    const midP = pairedOddsRatio({ n10, n01 }, { method: 'mid-p' });
    expect(midP.lower).toBeGreaterThanOrEqual(exact.lower * (1 - 1e-10));
    expect(midP.upper).toBeLessThanOrEqual(exact.upper * (1 + 1e-10));
  });
});

describe('pairedOddsRatio: argument checks', () => {
  it.each([
    [() => pairedOddsRatio({ n10: 3, n01: -2 }), 'pairedOddsRatio: `table.n01` must be a non-negative integer, got -2'],
    [
      () => pairedOddsRatio({ n10: 3, n01: 2 }, { confidence: 1 }),
      'pairedOddsRatio: `confidence` must be strictly between 0 and 1, got 1',
    ],
    [
      () => pairedOddsRatio({ n10: 3, n01: 2 }, { method: 'wald' as PairedOddsRatioMethod }),
      "pairedOddsRatio: `method` must be one of 'exact', 'mid-p', got \"wald\"",
    ],
  ])('%#: throws a RangeError naming the argument and value', (call, message) => {
    expect(call).toThrow(new RangeError(message));
  });

  it('throws a TypeError when the table is missing', () => {
    expect(() => pairedOddsRatio(undefined as never)).toThrow(
      new TypeError('pairedOddsRatio: `table` must be an object { n11, n10, n01, n00 }, got undefined'),
    );
  });
});
