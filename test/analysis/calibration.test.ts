import { describe, expect, it } from 'vitest';
import { compare, exitCodeFor, resultsFromRecords } from '../../src/index';
import { binomial, mcnemarPower, mcnemarTest, type RandomSource, seededRandom } from '../../stats/index';

/**
 * Simulated experiments through the whole in-memory core (records -> compare -> exit code): does the
 * gate fail as often as it should? Each run draws n items whose (baseline, candidate) outcomes fall in
 * the 2x2 cells with probabilities p11, p10, p01, p00.
 */
const RUNS = 2000;
const ALPHA = 0.05;

function simulateRecords(random: RandomSource, n: number, p10: number, p01: number, p11: number) {
  const records: { item: number; variant: string; pass: boolean }[] = [];
  for (let i = 0; i < n; i++) {
    const u = random();
    const [a, b] =
      u < p11 ? [true, true] : u < p11 + p10 ? [true, false] : u < p11 + p10 + p01 ? [false, true] : [false, false];
    records.push({ item: i, variant: 'A', pass: a }, { item: i, variant: 'B', pass: b });
  }
  return records;
}

function gateFailures(seed: number, n: number, p10: number, p01: number, p11: number) {
  const random = seededRandom(seed);
  let failed = 0;
  let significant = 0;
  for (let run = 0; run < RUNS; run++) {
    const doc = compare(
      resultsFromRecords(simulateRecords(random, n, p10, p01, p11)),
      { alpha: ALPHA },
      {
        baseline: 'A',
        candidates: ['B'],
        now: () => new Date(0),
      },
    );
    if (exitCodeFor(doc) === 1) failed++;
    if (doc.paired.test.pValue <= ALPHA) significant++;
  }
  return { failRate: failed / RUNS, rejectRate: significant / RUNS };
}

/**
 * The probability that the exact McNemar test rejects for a gain (n01 well above n10): the part of
 * `mcnemarPower` (which counts both directions) in which the gate does not fail. Summed exactly over the
 * number of discordant pairs m ~ Binomial(n, p10 + p01); given m, it rejects when min(n10, n01) <= k_m,
 * the largest k with 2 P[Binomial(m, 1/2) <= k] <= alpha, and n10 ~ Binomial(m, p10 / (p10 + p01)).
 */
function gainRejection(n: number, p10: number, p01: number): number {
  const discordance = p10 + p01;
  let total = 0;
  let k = -1;
  for (let m = 1; m <= n; m++) {
    while (2 * binomial.cdf(k + 1, m, 0.5) <= ALPHA) k++;
    if (k >= 0) total += binomial.pmf(m, n, discordance) * binomial.cdf(k, m, p10 / discordance);
  }
  return total;
}

/** Three binomial standard errors of a rate estimated from RUNS runs. */
const monteCarloBound = (rate: number) => 3 * Math.sqrt((rate * (1 - rate)) / RUNS);

describe('calibration of the gate (seeded simulations, 2,000 runs each)', () => {
  it('with identical variants, fails in at most alpha of runs (plus Monte Carlo error)', () => {
    const [n, p10, p01] = [150, 0.06, 0.06];
    const { failRate, rejectRate } = gateFailures(20260101, n, p10, p01, 0.6);
    // The exact McNemar test is conservative: its two-sided rejection rate is at most alpha ...
    expect(rejectRate).toBeLessThanOrEqual(ALPHA + monteCarloBound(ALPHA));
    expect(failRate).toBeLessThanOrEqual(ALPHA + monteCarloBound(ALPHA));
    // ... and the gate fails on drops only: by symmetry, half of the test's exact size.
    const size = mcnemarPower({ n, p10, p01, alpha: ALPHA, method: 'exact' });
    expect(Math.abs(failRate - size / 2), `fail rate ${failRate}, predicted ${size / 2}`).toBeLessThanOrEqual(
      monteCarloBound(size / 2),
    );
  });

  it('with a true drop, fails as often as the exact McNemar power predicts', () => {
    const [n, p10, p01] = [150, 0.1, 0.03];
    // The power counts rejections in both directions; the gate fails on drops only.
    const predicted = mcnemarPower({ n, p10, p01, alpha: ALPHA, method: 'exact' }) - gainRejection(n, p10, p01);
    const { failRate } = gateFailures(20260102, n, p10, p01, 0.6);
    expect(predicted).toBeGreaterThan(0.5);
    expect(Math.abs(failRate - predicted), `fail rate ${failRate}, predicted ${predicted}`).toBeLessThanOrEqual(
      monteCarloBound(predicted),
    );
  });

  it('with no discordant pairs, never fails', () => {
    expect(mcnemarTest({ n11: 10, n10: 0, n01: 0, n00: 5 }).pValue).toBe(1);
    const doc = compare(
      resultsFromRecords(simulateRecords(seededRandom(1), 20, 0, 0, 0.5)),
      {},
      { baseline: 'A', candidates: ['B'] },
    );
    expect(exitCodeFor(doc)).toBe(0);
  });
});
