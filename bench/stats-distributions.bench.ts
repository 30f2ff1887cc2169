/**
 * Timing of the distribution layer (results: bench/results/stats-distributions.md): binomial tails at
 * n = 10^7 (the exact McNemar test on 10^7 discordant pairs), far-tail log forms, and the quantiles,
 * which solve by Newton's method on the log of the tail.
 * Run: npx vitest bench --run bench/stats-distributions.bench.ts
 */
import { bench, describe } from 'vitest';
import { beta, binomial, chiSquared, normal, studentT } from '../stats/index';

const n = 1e7;
describe('binomial tails at n = 10^7, p = 1/2', () => {
  bench('cdf at the mean - 1 sd', () => void binomial.cdf(n / 2 - 1581, n, 0.5));
  bench('sf at the mean + 3 sd', () => void binomial.sf(n / 2 + 4743, n, 0.5));
  bench('logSf at the mean + 632 sd (tail 1e-87 450)', () => void binomial.logSf(6e6, n, 0.5));
  bench('pmf at the mode', () => void binomial.pmf(n / 2, n, 0.5));
});

describe('binomial tails at n = 10^7, p = 0.01', () => {
  bench('cdf at the mean - 2 sd', () => void binomial.cdf(99_371, n, 0.01));
  bench('sf at the mean + 5 sd', () => void binomial.sf(101_573, n, 0.01));
});

describe('quantiles', () => {
  bench('normal.quantile(1e-300)', () => void normal.quantile(1e-300));
  bench('studentT.quantile(0.975, 10)', () => void studentT.quantile(0.975, 10));
  bench('studentT.quantile(1e-10, 1e6)', () => void studentT.quantile(1e-10, 1e6));
  bench('chiSquared.quantile(0.95, 1)', () => void chiSquared.quantile(0.95, 1));
  bench('chiSquared.quantile(1e-10, 1e6)', () => void chiSquared.quantile(1e-10, 1e6));
  bench('beta.quantile(0.025, 20, 30) (a Clopper-Pearson bound)', () => void beta.quantile(0.025, 20, 30));
  bench('beta.quantile(0.975, 5e6, 5e6)', () => void beta.quantile(0.975, 5e6, 5e6));
  bench('binomial.quantile(0.975, 10^7, 1/2)', () => void binomial.quantile(0.975, n, 0.5));
});
