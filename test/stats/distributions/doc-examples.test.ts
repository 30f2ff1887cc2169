import { describe, expect, it } from 'vitest';
import { beta, binomial, chiSquared, logBeta, logGamma, normal, studentT } from '../../../stats/index';

// The @example lines of the distribution objects' TSDoc, value for value (so the docs cannot drift).
describe('documented examples', () => {
  it.each([
    ['normal.cdf(-5)', () => normal.cdf(-5), 2.866515718791939e-7],
    ['normal.sf(10)', () => normal.sf(10), 7.619853024160527e-24],
    ['normal.quantile(0.975)', () => normal.quantile(0.975), 1.9599639845400536],
    ['normal.pdf(0)', () => normal.pdf(0), 0.3989422804014327],
    ['studentT.cdf(1.96, 30)', () => studentT.cdf(1.96, 30), 0.9703288435519748],
    ['studentT.sf(12, 1000)', () => studentT.sf(12, 1000), 2.1620286933872544e-31],
    ['studentT.pdf(0, 1)', () => studentT.pdf(0, 1), 0.31830988618379086],
    ['studentT.quantile(0.975, 10)', () => studentT.quantile(0.975, 10), 2.2281388519862753],
    ['chiSquared.cdf(3.841458820694124, 1)', () => chiSquared.cdf(3.841458820694124, 1), 0.9499999999999998],
    ['chiSquared.sf(150, 1)', () => chiSquared.sf(150, 1), 1.7336432457178317e-34],
    ['chiSquared.pdf(2, 2)', () => chiSquared.pdf(2, 2), 0.18393972058572122],
    ['chiSquared.quantile(0.95, 1)', () => chiSquared.quantile(0.95, 1), 3.841458820694128],
    ['beta.cdf(0.5, 3, 8)', () => beta.cdf(0.5, 3, 8), 0.9453125],
    ['beta.sf(0.5, 3, 8)', () => beta.sf(0.5, 3, 8), 0.05468750000000002],
    ['beta.pdf(0.5, 2, 2)', () => beta.pdf(0.5, 2, 2), 1.5000000000000002],
    ['beta.quantile(0.025, 1, 5)', () => beta.quantile(0.025, 1, 5), 0.005050763379468056],
    ['binomial.pmf(3, 10, 0.5)', () => binomial.pmf(3, 10, 0.5), 0.1171875000000002],
    ['binomial.logPmf(0, 10, 0.5)', () => binomial.logPmf(0, 10, 0.5), -6.931471805599453],
    ['binomial.cdf(3, 10, 0.5)', () => binomial.cdf(3, 10, 0.5), 0.17187499999999986],
    ['binomial.sf(9, 10, 0.5)', () => binomial.sf(9, 10, 0.5), 0.0009765624999999991],
    ['binomial.logCdf(0, 10, 0.5)', () => binomial.logCdf(0, 10, 0.5), -6.931471805599454],
    ['binomial.logSf(9, 10, 0.5)', () => binomial.logSf(9, 10, 0.5), -6.931471805599454],
    ['binomial.quantile(0.5, 10, 0.5)', () => binomial.quantile(0.5, 10, 0.5), 5],
    ['logGamma(5)', () => logGamma(5), 3.178053830347945],
    ['logBeta(2, 3)', () => logBeta(2, 3), -2.4849066497880004],
  ] as const)('%s', (_, call, value) => {
    expect(call()).toBe(value);
  });
});
