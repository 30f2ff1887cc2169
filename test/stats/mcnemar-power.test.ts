import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { mcnemarPower, mcnemarTest, normal, seededRandom } from '../../stats/index';
import { expectClose } from '../helpers/expect-close';

describe('mcnemarPower', () => {
  it('matches exact2x2::powerPaired2x2(0.1, 0.2, 100, 0.01, strict = TRUE, errbound = 1e-15)', () => {
    // ../shared/oracle/dev/mcnemar_power.json: 0.17512564531102465
    const got = mcnemarPower({ n: 100, p10: 0.1, p01: 0.2, alpha: 0.01, method: 'exact' });
    expect(Math.abs(got - 0.17512564531102465)).toBeLessThan(1e-12);
  });

  it("is Connor's formula with both tails", () => {
    const [n, p10, p01] = [100, 0.1, 0.2];
    const z = normal.quantile(0.975);
    const [d, delta] = [p10 + p01, p01 - p10];
    const sd = Math.sqrt(d - delta * delta);
    const want =
      normal.cdf((delta * Math.sqrt(n) - z * Math.sqrt(d)) / sd) +
      normal.cdf((-delta * Math.sqrt(n) - z * Math.sqrt(d)) / sd);
    expect(mcnemarPower({ n, p10, p01 })).toBeCloseTo(want, 14);
  });

  it('gives the values of its documentation examples', () => {
    expect(mcnemarPower({ n: 100, p10: 0.1, p01: 0.2 })).toBeCloseTo(0.44576537346893, 13);
  });

  it('is the size of the test when p10 = p01, and 0 when no pair can be discordant', () => {
    expect(mcnemarPower({ n: 80, p10: 0.1, p01: 0.1 })).toBeCloseTo(0.05, 14);
    const size = mcnemarPower({ n: 80, p10: 0.1, p01: 0.1, method: 'exact' });
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThanOrEqual(0.05);
    expect(mcnemarPower({ n: 80, p10: 0, p01: 0, method: 'exact' })).toBe(0);
    expect(mcnemarPower({ n: 80, p10: 0, p01: 0 })).toBe(0);
  });

  it('is 1 when every pair is discordant in one direction and n is large enough', () => {
    // m = 6 discordant pairs all one way: 2 / 2^6 = 0.031 <= 0.05
    expect(mcnemarPower({ n: 6, p10: 0, p01: 1, method: 'exact' })).toBe(1);
    expect(mcnemarPower({ n: 5, p10: 0, p01: 1, method: 'exact' })).toBe(0);
  });

  it('handles n = 1e4 exactly (power in [0, 1])', () => {
    const power = mcnemarPower({ n: 10_000, p10: 0.1, p01: 0.12, method: 'exact' });
    expect(power).toBeGreaterThan(0.9);
    expect(power).toBeLessThanOrEqual(1);
  });

  test.prop(
    [
      fc.integer({ min: 1, max: 300 }),
      fc.double({ min: 0, max: 0.5, noNaN: true }),
      fc.double({ min: 0, max: 0.5, noNaN: true }),
    ],
    {
      seed: 3,
      numRuns: 60,
    },
  )('lies in [0, 1] and is unchanged by swapping baseline and candidate', (n, p10, p01) => {
    for (const method of ['connor', 'exact'] as const) {
      const power = mcnemarPower({ n, p10, p01, method });
      expect(power).toBeGreaterThanOrEqual(0);
      expect(power).toBeLessThanOrEqual(1 + 1e-12);
      expect(mcnemarPower({ n, p10: p01, p01: p10, method })).toBeCloseTo(power, 12);
    }
  });

  it('exact power agrees with a seeded simulation of the exact test within Monte Carlo error', () => {
    const random = seededRandom(2024);
    const [n, p10, p01, alpha, replicates] = [60, 0.08, 0.22, 0.05, 4000];
    let rejections = 0;
    for (let r = 0; r < replicates; r++) {
      let n10 = 0;
      let n01 = 0;
      for (let i = 0; i < n; i++) {
        const u = random();
        if (u < p10) n10++;
        else if (u < p10 + p01) n01++;
      }
      if (mcnemarTest({ n10, n01 }).pValue <= alpha) rejections++;
    }
    const exact = mcnemarPower({ n, p10, p01, alpha, method: 'exact' });
    const monteCarloSe = Math.sqrt((exact * (1 - exact)) / replicates);
    expect(Math.abs(rejections / replicates - exact)).toBeLessThan(4 * monteCarloSe);
  });

  it('rejects impossible rates and bad options, naming them', () => {
    expect(() => mcnemarPower({ n: 10, p10: 0.6, p01: 0.5 })).toThrow(
      new RangeError('mcnemarPower: `p10` + `p01` (0.6 + 0.5) must not exceed 1'),
    );
    expect(() => mcnemarPower({ n: 0, p10: 0.1, p01: 0.2 })).toThrow(
      new RangeError('mcnemarPower: `n` must be a positive integer, got 0'),
    );
    expect(() => mcnemarPower({ n: 10, p10: 0.1, p01: 0.2, alpha: 1 })).toThrow(
      new RangeError('mcnemarPower: `alpha` must be strictly between 0 and 1, got 1'),
    );
    expect(() => mcnemarPower({ n: 10, p10: 0.1, p01: 0.2, method: 'mid-p' as 'exact' })).toThrow(
      new RangeError("mcnemarPower: `method` must be one of 'connor', 'exact', got \"mid-p\""),
    );
  });
});

describe('mcnemarPower exact for the other McNemar tests', () => {
  /** Exact power by brute force: every (n10, n01) of a trinomial (discordant one way, the other, concordant). */
  function bruteForce(n: number, p10: number, p01: number, rejects: (n10: number, n01: number) => boolean): number {
    const logFactorial = (k: number) => {
      let sum = 0;
      for (let j = 2; j <= k; j++) sum += Math.log(j);
      return sum;
    };
    let power = 0;
    for (let a = 0; a <= n; a++) {
      for (let b = 0; a + b <= n; b++) {
        if (!rejects(a, b)) continue;
        const rest = n - a - b;
        const log =
          logFactorial(n) -
          logFactorial(a) -
          logFactorial(b) -
          logFactorial(rest) +
          (a > 0 ? a * Math.log(p10) : 0) +
          (b > 0 ? b * Math.log(p01) : 0) +
          (rest > 0 ? rest * Math.log(1 - p10 - p01) : 0);
        power += Math.exp(log);
      }
    }
    return power;
  }
  const chi2 = 3.841458820694124; // qchisq(0.95, 1)

  it.each([
    [30, 0.1, 0.25],
    [60, 0.05, 0.12],
    [12, 0.3, 0.05],
  ])('score test at n = %i, p10 = %d, p01 = %d equals the sum over every table', (n, p10, p01) => {
    const rejects = (a: number, b: number) => a + b > 0 && (a - b) ** 2 / (a + b) >= chi2;
    expectClose(mcnemarPower({ n, p10, p01, method: 'exact', test: 'score' }), bruteForce(n, p10, p01, rejects), {
      rel: 1e-10,
      abs: 1e-14,
    });
  });

  it('the asymptotic (continuity-corrected) test likewise', () => {
    const rejects = (a: number, b: number) => a + b > 0 && (Math.abs(a - b) - (a === b ? 0 : 1)) ** 2 / (a + b) >= chi2;
    expectClose(
      mcnemarPower({ n: 40, p10: 0.08, p01: 0.2, method: 'exact', test: 'asymptotic' }),
      bruteForce(40, 0.08, 0.2, rejects),
      { rel: 1e-10, abs: 1e-14 },
    );
  });
});
