import { describe, expect, it } from 'vitest';
import { decideVerdict, worstVerdictIndex } from '../../src/index';

const noRegression = { alpha: 0.05, margin: 0, require: 'no-regression' } as const;
const nonInferiority = { alpha: 0.05, margin: 0.02, require: 'non-inferiority' } as const;

describe('decideVerdict (the rule of docs/decision.md)', () => {
  it.each([
    // d, L, U, p, policy -> verdict, reason
    [-0.06, -0.1, -0.02, 0.004, noRegression, 'regressed', 'significant-drop'],
    [0.06, 0.02, 0.1, 0.004, noRegression, 'improved', 'significant-gain'],
    [-0.01, -0.05, 0.03, 0.6, noRegression, 'no-change', 'no-significant-difference'],
    // Significant but smaller than the margin: no regression that matters.
    [-0.01, -0.015, -0.005, 0.001, { ...noRegression, margin: 0.02 }, 'equivalent', 'within-margin'],
    [-0.03, -0.045, -0.015, 0.001, { ...noRegression, margin: 0.02 }, 'regressed', 'significant-drop'],
    [-0.01, -0.03, 0.01, 0.3, { ...noRegression, margin: 0.02 }, 'no-change', 'no-significant-difference'],
    // p exactly alpha counts as significant.
    [-0.05, -0.1, 0, 0.05, noRegression, 'regressed', 'significant-drop'],
    [-0.04, -0.07, -0.021, 0.01, nonInferiority, 'regressed', 'upper-bound-below-margin'],
    [-0.01, -0.04, 0.02, 0.4, nonInferiority, 'inconclusive', 'interval-crosses-margin'],
    // L = -m does not clear the margin.
    [0, -0.02, 0.02, 1, nonInferiority, 'inconclusive', 'interval-crosses-margin'],
    [0, -0.015, 0.015, 1, nonInferiority, 'equivalent', 'within-margin'],
    [0.01, -0.015, 0.035, 0.3, nonInferiority, 'no-change', 'non-inferior'],
    [0.05, 0.03, 0.07, 0.001, nonInferiority, 'improved', 'significant-gain'],
  ])('d = %d, [%d, %d], p = %d -> %s', (estimate, lower, upper, pValue, policy, verdict, reason) => {
    expect(decideVerdict({ estimate, lower, upper, pValue }, policy)).toEqual({ verdict, reason });
  });
});

describe('worstVerdictIndex', () => {
  it('picks regressed, then inconclusive, then the first of the rest', () => {
    expect(worstVerdictIndex(['improved', 'inconclusive', 'regressed', 'no-change'])).toBe(2);
    expect(worstVerdictIndex(['improved', 'inconclusive', 'no-change'])).toBe(1);
    expect(worstVerdictIndex(['equivalent', 'improved'])).toBe(0);
  });
});
