import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type PairedDifferenceMethod, pairedDifference } from '../../stats/index';
import { expectClose } from '../helpers/expect-close';

const METHODS: PairedDifferenceMethod[] = ['newcombe', 'tango', 'wald', 'wald-cc', 'agresti-min'];
const closed = { rel: 1e-9, abs: 1e-12 };

describe('pairedDifference: reference values', () => {
  // 36 both pass, 2 baseline-only, 12 candidate-only, 0 both fail: D = (12 - 2)/50 = 0.2. R 4.2.2 values from
  // ../shared/oracle/dev/paired_diff_ci.json (PropCIs takes the cells swapped: it estimates (c - b)/n).
  const table = { n11: 36, n10: 2, n01: 12, n00: 0 };
  it.each([
    ['newcombe', 0.2, 0.05692958400323889, 0.3404276029749406], // epiR::epi.conf(ctype = "prop.paired")
    ['tango', 0.2, 0.06111240618634404, 0.34470874828214865], // PropCIs::scoreci.mp equation, uniroot 1e-15
    ['wald', 0.2, 0.06420971191085945, 0.3357902880891406], // PropCIs::diffpropci.Wald.mp
    ['wald-cc', 0.2, 0.044209711910859456, 0.3557902880891406], // epibasix::mcNemar
    ['agresti-min', 10 / 52, 0.05600716627979138, 0.3286082183355933], // PropCIs::diffpropci.mp
  ] as const)('%s matches R', (method, estimate, lower, upper) => {
    const r = pairedDifference(table, { method });
    expect(r).toMatchObject({ confidence: 0.95, method });
    const tol = method === 'tango' ? { rel: 1e-9, abs: 1e-10 } : closed; // Tango is root-solved
    expectClose(r.estimate, estimate, closed, { method });
    expectClose(r.lower, lower, tol, { method });
    expectClose(r.upper, upper, tol, { method });
  });

  it('defaults to Newcombe at 95%', () => {
    expect(pairedDifference(table)).toEqual(pairedDifference(table, { method: 'newcombe', confidence: 0.95 }));
  });

  it('tango reaches -1 and 1 exactly when every pair is discordant in one direction', () => {
    expect(pairedDifference({ n11: 0, n10: 5, n01: 0, n00: 0 }, { method: 'tango' }).lower).toBe(-1);
    expect(pairedDifference({ n11: 0, n10: 0, n01: 5, n00: 0 }, { method: 'tango' }).upper).toBe(1);
  });

  it('all-concordant tables give a symmetric interval around 0 (Tango: PropCIs 0.1611 at n = 20)', () => {
    const r = pairedDifference({ n11: 20, n10: 0, n01: 0, n00: 0 }, { method: 'tango' });
    expect(r.estimate).toBe(0);
    expectClose(r.upper, 0.16112515805281924, closed);
    expectClose(r.lower, -r.upper, closed);
  });

  it('leaves Wald bounds unclipped and clips Agresti-Min to [-1, 1]', () => {
    const all = { n11: 0, n10: 0, n01: 1, n00: 0 };
    expect(pairedDifference(all, { method: 'wald-cc' }).upper).toBe(2); // 1 + 1/n, as epibasix reports
    expect(pairedDifference(all, { method: 'agresti-min' }).upper).toBeLessThanOrEqual(1);
  });
});

describe('pairedDifference: properties', () => {
  const table = fc.record({ n11: fc.nat(200), n10: fc.nat(200), n01: fc.nat(200), n00: fc.nat(200) });
  const nonEmpty = table.filter((t) => t.n11 + t.n10 + t.n01 + t.n00 > 0);
  const level = fc.double({ min: 0.5, max: 0.999, noNaN: true });
  const method = fc.constantFrom(...METHODS);

  test.prop([nonEmpty, method, level], { seed: 20261121 })('the interval contains its estimate', (t, m, confidence) => {
    const r = pairedDifference(t, { method: m, confidence });
    expect(r.lower).toBeLessThanOrEqual(r.estimate + 1e-12);
    expect(r.upper).toBeGreaterThanOrEqual(r.estimate - 1e-12);
  });

  test.prop([nonEmpty, method], { seed: 20261122 })(
    'swapping baseline and candidate negates the estimate and both limits',
    (t, m) => {
      const r = pairedDifference(t, { method: m });
      const swapped = pairedDifference({ ...t, n10: t.n01, n01: t.n10 }, { method: m });
      expect(swapped.estimate).toBeCloseTo(-r.estimate, 14);
      expect(Math.abs(swapped.lower + r.upper)).toBeLessThan(1e-10);
      expect(Math.abs(swapped.upper + r.lower)).toBeLessThan(1e-10);
    },
  );

  test.prop([nonEmpty, method, level, level], { seed: 20261123 })(
    'never narrows as the confidence rises',
    (t, m, a, b) => {
      const narrow = pairedDifference(t, { method: m, confidence: Math.min(a, b) });
      const wide = pairedDifference(t, { method: m, confidence: Math.max(a, b) });
      expect(wide.lower).toBeLessThanOrEqual(narrow.lower + 1e-10);
      expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper - 1e-10);
    },
  );

  test.prop([nonEmpty, fc.constantFrom<PairedDifferenceMethod>('newcombe', 'tango', 'agresti-min')], {
    seed: 20261124,
  })('Newcombe, Tango and Agresti-Min stay in [-1, 1]', (t, m) => {
    const r = pairedDifference(t, { method: m });
    expect(r.lower).toBeGreaterThanOrEqual(-1);
    expect(r.upper).toBeLessThanOrEqual(1);
  });
});

describe('pairedDifference: argument checks', () => {
  it.each([
    [
      () => pairedDifference({ n11: 1, n10: 2, n01: 3, n00: -4 }),
      'pairedDifference: `table.n00` must be a non-negative integer, got -4',
    ],
    [
      () => pairedDifference({ n11: 0, n10: 0, n01: 0, n00: 0 }),
      'pairedDifference: `table` must hold at least one pair, got 0',
    ],
    [
      () => pairedDifference({ n11: 1, n10: 2, n01: 3, n00: 4 }, { confidence: 0 }),
      'pairedDifference: `confidence` must be strictly between 0 and 1, got 0',
    ],
    [
      () => pairedDifference({ n11: 1, n10: 2, n01: 3, n00: 4 }, { method: 'score' as PairedDifferenceMethod }),
      "pairedDifference: `method` must be one of 'newcombe', 'tango', 'wald', 'wald-cc', 'agresti-min', got \"score\"",
    ],
  ])('%#: throws a RangeError naming the argument and value', (call, message) => {
    expect(call).toThrow(new RangeError(message));
  });

  it('needs the concordant cells: a table without n11 is a TypeError', () => {
    expect(() => pairedDifference({ n10: 2, n01: 3 })).toThrow(
      new TypeError('pairedDifference: `table.n11` must be a number, got undefined (undefined)'),
    );
  });
});
