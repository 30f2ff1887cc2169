import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type McNemarTestMethod, mcnemarTest, normal, seededRandom } from '../../stats/index';
import { expectClose } from '../helpers/expect-close';

const METHODS: McNemarTestMethod[] = ['exact', 'mid-p', 'asymptotic', 'score'];
const tol = { rel: 1e-9, abs: 1e-12 };

describe('mcnemarTest: reference values', () => {
  it('exact (default) equals R binom.test(2, 14)$p.value = 53/4096', () => {
    const r = mcnemarTest({ n11: 40, n10: 2, n01: 12, n00: 46 });
    expect(r.method).toBe('exact');
    expectClose(r.pValue, 53 / 4096, tol);
    expect(r).toMatchObject({ n10: 2, n01: 12, statistic: 2 });
    expect(r.df).toBeUndefined();
  });

  it.each([
    // [n10, n01, exact p (R binom.test), mid-p (exactci::binom.exact(midp = TRUE))]
    [37, 16, 0.005486344876760168, 0.003838265880326105],
    [1, 100, 8.046381233254253e-29, 4.0626336618882506e-29],
    [0, 1000, 1.866527237006512e-301, 9.332636185032827e-302],
    [100000, 99500, 0.26391078505483295, 0.26295611168274446],
  ])('n10 = %i, n01 = %i: exact and mid-p match R', (n10, n01, exact, midP) => {
    expectClose(mcnemarTest({ n10, n01 }).pValue, exact, tol, { n10, n01 });
    expectClose(mcnemarTest({ n10, n01 }, { method: 'mid-p' }).pValue, midP, tol, { n10, n01 });
  });

  it('asymptotic equals R mcnemar.test with and without the continuity correction', () => {
    // mcnemar.test(matrix(c(61, 12, 2, 76), 2)): statistic (|2 - 12| - 1)^2 / 14
    const corrected = mcnemarTest({ n11: 61, n10: 2, n01: 12, n00: 76 }, { method: 'asymptotic' });
    expect(corrected).toMatchObject({ method: 'asymptotic', df: 1, n10: 2, n01: 12 });
    expectClose(corrected.statistic!, 81 / 14, tol);
    // mcnemar.test(..., correct = FALSE): statistic 7.142857, p 0.007526315166457892
    const plain = mcnemarTest({ n10: 2, n01: 12 }, { method: 'asymptotic', continuityCorrection: false });
    expectClose(plain.statistic!, 100 / 14, tol);
    expectClose(plain.pValue, 0.007526315166457892, tol);
  });

  it('score equals R mcnemar.test(correct = FALSE), whatever continuityCorrection says', () => {
    // mcnemar.test(matrix(c(61, 12, 2, 76), 2), correct = FALSE): statistic 7.142857, p 0.007526315166457892
    for (const continuityCorrection of [true, false]) {
      const score = mcnemarTest({ n10: 2, n01: 12 }, { method: 'score', continuityCorrection });
      expect(score).toMatchObject({ method: 'score', df: 1, n10: 2, n01: 12 });
      expectClose(score.statistic!, 100 / 14, tol);
      expectClose(score.pValue, 0.007526315166457892, tol);
    }
    expect(mcnemarTest({ n10: 0, n01: 0 }, { method: 'score' })).toMatchObject({ pValue: 1, statistic: 0 });
  });

  it('applies no continuity correction when n10 = n01, as R does (statsmodels would give 1/(n10 + n01))', () => {
    const r = mcnemarTest({ n10: 5, n01: 5 }, { method: 'asymptotic' });
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
  });

  it.each(METHODS)('%s: no discordant pairs gives pValue 1 and statistic 0', (method) => {
    const r = mcnemarTest({ n11: 30, n10: 0, n01: 0, n00: 20 }, { method });
    expect(r.pValue).toBe(1);
    expect(r.statistic).toBe(0);
  });
});

describe('mcnemarTest: properties', () => {
  const cell = fc.nat(2000);

  test.prop([cell, cell, fc.constantFrom(...METHODS), fc.boolean()], { seed: 20261121 })(
    'is symmetric in n10 and n01 (swapping baseline and candidate keeps p), with p in [0, 1]',
    (n10, n01, method, continuityCorrection) => {
      const p = (a: number, b: number) => mcnemarTest({ n10: a, n01: b }, { method, continuityCorrection }).pValue;
      expect(p(n10, n01)).toBe(p(n01, n10));
      expect(p(n10, n01)).toBeGreaterThanOrEqual(0);
      expect(p(n10, n01)).toBeLessThanOrEqual(1);
    },
  );

  test.prop([cell, cell], { seed: 20261122 })('mid-p never exceeds the exact p', (n10, n01) => {
    const exact = mcnemarTest({ n10, n01 }).pValue;
    const midP = mcnemarTest({ n10, n01 }, { method: 'mid-p' }).pValue;
    expect(midP).toBeLessThanOrEqual(exact);
  });
});

describe('mcnemarTest: calibration', () => {
  it.each([
    [40, 0.1],
    [200, 0.05],
  ])('the exact test rejects a true null at most alpha = 0.05 of the time (n = %i pairs, p10 = p01 = %f)', (n, p) => {
    const random = seededRandom(n);
    const replicates = 4000;
    let rejections = 0;
    for (let i = 0; i < replicates; i++) {
      let n10 = 0;
      let n01 = 0;
      for (let j = 0; j < n; j++) {
        const u = random();
        if (u < p) n10++;
        else if (u < 2 * p) n01++;
      }
      if (mcnemarTest({ n10, n01 }).pValue <= 0.05) rejections++;
    }
    const monteCarloError = Math.sqrt((0.05 * 0.95) / replicates);
    expect(rejections / replicates).toBeLessThanOrEqual(0.05 + 3 * monteCarloError);
  });
});

describe('mcnemarTest: 10^7 discordant pairs', () => {
  /**
   * P[X <= k] and P[X = k] for X ~ Binomial(m, 1/2), m even, by a direct sum in log space that shares nothing
   * with the library: P[X = m/2] from the asymptotic series of C(2h, h)/4^h, stepped down to k through the ratios
   * P[X = j - 1]/P[X = j] = j/(m - j + 1), then the tail summed relative to P[X = k].
   */
  function directTail(k: number, m: number) {
    const h = m / 2;
    const central = (1 / Math.sqrt(Math.PI * h)) * (1 - 1 / (8 * h) + 1 / (128 * h * h) + 5 / (1024 * h ** 3));
    let logPoint = Math.log(central);
    for (let j = h; j > k; j--) logPoint += Math.log1p(-(m - 2 * j + 1) / (m - j + 1));
    let sum = 0;
    let term = 1;
    for (let j = k; j >= 0 && term > 1e-18 * sum; j--) {
      sum += term;
      term *= j / (m - j + 1);
    }
    const point = Math.exp(logPoint);
    return { tail: point * sum, point };
  }

  const m = 10_000_000;
  const n10 = 4_995_000;
  const n01 = m - n10;

  it('exact p is finite and equals a log-space direct sum', () => {
    const { tail } = directTail(n10, m);
    const p = mcnemarTest({ n10, n01 }).pValue;
    expect(Number.isFinite(p) && p > 0).toBe(true);
    expectClose(p, 2 * tail, { rel: 1e-8 }, { n10, n01 });
  });

  it('mid-p equals the direct sum minus half the point mass', () => {
    const { tail, point } = directTail(n10, m);
    expectClose(mcnemarTest({ n10, n01 }, { method: 'mid-p' }).pValue, 2 * tail - point, { rel: 1e-8 }, { n10, n01 });
  });

  it('exact p agrees with the continuity-corrected normal approximation (error O(1/m))', () => {
    const z = (n10 + 0.5 - m / 2) / (Math.sqrt(m) / 2);
    expectClose(mcnemarTest({ n10, n01 }).pValue, 2 * normal.cdf(z), { rel: 1e-4 }, { n10, n01 });
  });

  it('stays finite far in the tail (p near 1e-200) at 10^6 discordant pairs', () => {
    const p = mcnemarTest({ n10: 485_000, n01: 515_000 }).pValue;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-180);
  });
});

describe('mcnemarTest: argument checks', () => {
  it.each([
    [() => mcnemarTest({ n10: -1, n01: 3 }), 'mcnemarTest: `table.n10` must be a non-negative integer, got -1'],
    [() => mcnemarTest({ n10: 1, n01: 2.5 }), 'mcnemarTest: `table.n01` must be a non-negative integer, got 2.5'],
    [() => mcnemarTest({ n10: Number.NaN, n01: 2 }), 'mcnemarTest: `table.n10` must be a finite number, got NaN'],
    [
      () => mcnemarTest({ n10: 1, n01: 2 }, { method: 'chisq' as McNemarTestMethod }),
      "mcnemarTest: `method` must be one of 'exact', 'mid-p', 'asymptotic', 'score', got \"chisq\"",
    ],
  ])('%#: throws a RangeError naming the argument and value', (call, message) => {
    expect(call).toThrow(new RangeError(message));
  });

  it.each([
    [() => mcnemarTest(null as never), 'mcnemarTest: `table` must be an object { n11, n10, n01, n00 }, got null'],
    [() => mcnemarTest({ n01: 2 } as never), 'mcnemarTest: `table.n10` must be a number, got undefined (undefined)'],
    [
      () => mcnemarTest({ n10: 1, n01: 2 }, { continuityCorrection: 'yes' as never }),
      'mcnemarTest: `continuityCorrection` must be a boolean, got "yes" (string)',
    ],
  ])('%#: throws a TypeError naming the argument and value', (call, message) => {
    expect(call).toThrow(new TypeError(message));
  });
});
