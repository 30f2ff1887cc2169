import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { mcnemarPower, mcnemarTest, signTest } from '../../stats/index';
import { expectClose } from '../helpers/expect-close';

// Found in the adversarial review of issue 2: the exact McNemar (and sign-test) p-values came from the incomplete
// beta and were an ulp or two off the dyadic values they are (2 P[X <= 0] at m = 2 gave 0.5000000000000002), so
// the exact power, whose rejection rule is "p <= alpha", lost every rejection at alpha = 0.5 or 0.25 where p equals
// alpha exactly: mcnemarPower({ n: 3, p10: 0.05, p01: 0.95, alpha: 0.25, method: 'exact' }) gave 0 instead of
// 0.8575 (exact rational summation below, and a Python exact-integer summation).

/** 2 * sum_{i <= k} C(m, i) (or the mid-p numerator) over 2^m, exactly, as a BigInt fraction. */
function exactPValue(k: number, m: number, midP: boolean): { num: bigint; den: bigint } {
  let term = 1n;
  let sum = 1n;
  for (let i = 0; i < k; i++) {
    term = (term * BigInt(m - i)) / BigInt(i + 1);
    sum += term;
  }
  const num = midP ? 2n * sum - term : 2n * sum;
  const den = 2n ** BigInt(m);
  return num >= den ? { num: 1n, den: 1n } : { num, den };
}

/** The double nearest to num/den (den a power of two, num < 2^66: Number() rounds to nearest). */
const toDouble = ({ num, den }: { num: bigint; den: bigint }): number => Number(num) / Number(den);

describe('exact McNemar and sign-test p-values are the dyadic rationals they are', () => {
  it.each([
    [0, 2, 0.5],
    [0, 3, 0.25],
    [0, 5, 0.0625],
    [0, 1, 1],
    [3, 20, 2 ** -11], // 1 + 23 + 253 + 1771 = 2^11: a sporadic power of two among the partial sums
    [2, 12, 53 / 4096],
  ])('mcnemarTest n10 = %i, n01 = %i gives exactly %d', (n10, n01, p) => {
    expect(mcnemarTest({ n10, n01 }).pValue).toBe(p);
    expect(mcnemarTest({ n10: n01, n01: n10 }).pValue).toBe(p);
  });

  it('gives the mid-p exactly too: 2 P[X < k] + P[X = k]', () => {
    expect(mcnemarTest({ n10: 1, n01: 5 }, { method: 'mid-p' }).pValue).toBe(0.125); // (2 * 1 + 6) / 64
    expect(mcnemarTest({ n10: 4, n01: 4 }, { method: 'mid-p' }).pValue).toBe(1);
  });

  it('signTest: five wins and no loss is 2/32 = 0.0625 exactly, as R binom.test(5, 5)', () => {
    expect(signTest([0, 0, 0, 0, 0, 1], [1, 1, 1, 1, 1, 1]).pValue).toBe(0.0625);
  });

  test.prop([fc.integer({ min: 1, max: 64 }).chain((m) => fc.tuple(fc.integer({ min: 0, max: m }), fc.constant(m)))], {
    seed: 2026112101,
  })('up to 64 discordant pairs the p-value is the exact fraction rounded once', ([n10, m]) => {
    const k = Math.min(n10, m - n10);
    expect(mcnemarTest({ n10, n01: m - n10 }).pValue).toBe(toDouble(exactPValue(k, m, false)));
    expect(mcnemarTest({ n10, n01: m - n10 }, { method: 'mid-p' }).pValue).toBe(toDouble(exactPValue(k, m, true)));
  });
});

/**
 * Exact power of the exact McNemar test in rational arithmetic, for p10 = a/d and p01 = b/d: the sum over
 * (n10, n01, concordant) of the multinomial probability of the tables the test rejects (p <= alpha, with p
 * and alpha compared exactly). Independent of the package's binomial code and of its critical-value search.
 */
function exactPowerReference(n: number, a: number, b: number, d: number, alpha: number): number {
  // alpha as an exact fraction of a power of two (every double is one).
  const scale = 2 ** 60;
  const alphaNum = BigInt(Math.round(alpha * scale));
  const alphaDen = BigInt(scale);
  const choose = (m: number, k: number): bigint => {
    let r = 1n;
    for (let i = 0; i < k; i++) r = (r * BigInt(m - i)) / BigInt(i + 1);
    return r;
  };
  let num = 0n;
  for (let n10 = 0; n10 <= n; n10++) {
    for (let n01 = 0; n10 + n01 <= n; n01++) {
      const m = n10 + n01;
      if (m === 0) continue;
      const p = exactPValue(Math.min(n10, n01), m, false);
      if (p.num * alphaDen > alphaNum * p.den) continue; // p > alpha: not rejected
      const ways = choose(n, m) * choose(m, n10);
      num += ways * BigInt(a) ** BigInt(n10) * BigInt(b) ** BigInt(n01) * BigInt(d - a - b) ** BigInt(n - m);
    }
  }
  const den = BigInt(d) ** BigInt(n);
  return Number((num * 10n ** 30n) / den) / 1e30;
}

describe('mcnemarPower exact at dyadic alphas (p equal to alpha is a rejection)', () => {
  it.each([
    // n, p10 = a/d, p01 = b/d, alpha; the first row by hand: only m = 2 with n10 = n01 excluded rejects.
    [2, 1, 1, 5, 0.5],
    [3, 1, 19, 20, 0.25],
    [5, 0, 3, 10, 0.25],
    [8, 1, 2, 10, 0.25],
    [8, 2, 2, 10, 0.5],
    [12, 1, 3, 10, 0.125],
    [23, 1, 4, 10, 2 ** -11],
  ])('n = %i, p10 = %i/%i... matches the exact rational summation', (n, a, b, d, alpha) => {
    const want = exactPowerReference(n, a, b, d, alpha);
    const got = mcnemarPower({ n, p10: a / d, p01: b / d, alpha, method: 'exact' });
    expectClose(got, want, { rel: 1e-12, abs: 1e-15 }, { n, p10: a / d, p01: b / d, alpha });
  });

  it('the hand value: n = 2, p10 = p01 = 0.2, alpha = 0.5 rejects only the two one-sided tables of m = 2', () => {
    // P(m = 2) = 0.4^2 = 0.16; given m = 2, n10 in {0, 2} with probability 1/2 each side: 0.16 / 2 = 0.08.
    expectClose(mcnemarPower({ n: 2, p10: 0.2, p01: 0.2, alpha: 0.5, method: 'exact' }), 0.08, { rel: 1e-14 });
  });

  it('n = 10^7 pairs, all discordant: the sum visits only the m with representable weight', () => {
    // Before: the critical counts were computed for every m below n first, about 90 s here (beyond the test timeout).
    // Reference: scipy 1.10, 2 * binom.cdf(4996900, 1e7, 0.5) with 4996900 the largest k where it is <= 0.05.
    const got = mcnemarPower({ n: 1e7, p10: 0.5, p01: 0.5, method: 'exact' });
    expectClose(got, 0.04996120703261005, { rel: 1e-10 }, { n: 1e7 });
  });
});
