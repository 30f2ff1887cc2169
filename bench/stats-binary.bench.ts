/**
 * Timing of the binary-outcome statistics at scale (results: bench/results/stats-binary.md).
 * Run: npx vitest bench --run bench/stats-binary.bench.ts
 */
import { bench, describe } from 'vitest';
import {
  fisherExact,
  mcnemarTest,
  pairedDifference,
  pairedOddsRatio,
  proportionInterval,
  twoProportionDifference,
} from '../stats/index';

/** A near-null split of m discordant pairs: n10 = m/2 - ceil(m/2000), n01 = the rest (z about 3 at m = 10^7). */
const split = (m: number) => ({ n10: m / 2 - Math.ceil(m / 2000), n01: m / 2 + Math.ceil(m / 2000) });

describe('mcnemarTest exact: discordant pairs', () => {
  for (const m of [1e3, 1e5, 1e7]) bench(`m = ${m}`, () => void mcnemarTest(split(m)));
});

describe('mcnemarTest mid-p: discordant pairs', () => {
  for (const m of [1e3, 1e7]) bench(`m = ${m}`, () => void mcnemarTest(split(m), { method: 'mid-p' }));
});

describe('pairedOddsRatio: discordant pairs', () => {
  for (const m of [1e3, 1e7]) {
    bench(`exact, m = ${m}`, () => void pairedOddsRatio(split(m)));
    bench(`mid-p (root-solved), m = ${m}`, () => void pairedOddsRatio(split(m), { method: 'mid-p' }));
  }
});

describe('pairedDifference: n = 10^6 pairs', () => {
  const table = { n11: 300_000, n10: 2000, n01: 1800, n00: 696_200 };
  bench('newcombe', () => void pairedDifference(table));
  bench('tango (root-solved)', () => void pairedDifference(table, { method: 'tango' }));
});

describe('proportionInterval: n = 10^6', () => {
  bench('wilson', () => void proportionInterval(123_456, 1_000_000));
  bench('clopper-pearson', () => void proportionInterval(123_456, 1_000_000, { method: 'clopper-pearson' }));
});

describe('two independent groups', () => {
  bench('twoProportionDifference newcombe, 10^6 per arm', () => {
    twoProportionDifference({ x1: 123_000, n1: 1_000_000, x2: 123_456, n2: 1_000_000 });
  });
  bench('fisherExact, 10^3 per arm', () => void fisherExact({ x1: 480, n1: 1000, x2: 520, n2: 1000 }));
  bench(
    'fisherExact, 10^6 per arm',
    () => void fisherExact({ x1: 123_000, n1: 1_000_000, x2: 123_456, n2: 1_000_000 }),
    {
      iterations: 3,
      time: 0,
    },
  );
});
