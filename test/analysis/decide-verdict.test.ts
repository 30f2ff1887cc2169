import { describe, expect, it } from 'vitest';
import { decideVerdict, worstVerdictIndex } from '../../src/analysis/decide-verdict';

const noRegression = { alpha: 0.05, margin: 0, require: 'no-regression', targetPower: 0.8 } as const;
const nonInferiority = { alpha: 0.05, margin: 0.02, require: 'non-inferiority', targetPower: 0.8 } as const;
const powered = 0.9;
const weak = 0.3;

describe('decideVerdict (the rule of docs/decision.md)', () => {
  it.each([
    // d, L, U, p, power against the reference effect, policy -> verdict, reason
    [-0.06, -0.1, -0.02, 0.004, powered, noRegression, 'regressed', 'significant-drop'],
    [0.06, 0.02, 0.1, 0.004, powered, noRegression, 'improved', 'significant-gain'],
    [-0.01, -0.05, 0.03, 0.6, powered, noRegression, 'no-significant-difference', 'no-significant-difference'],
    // The eval could not have seen the reference effect: it cannot tell, and says so.
    [-0.01, -0.05, 0.03, 0.6, weak, noRegression, 'underpowered', 'underpowered'],
    // No power check asked for (scores without --detect): no claim about power.
    [-0.01, -0.05, 0.03, 0.6, null, noRegression, 'no-significant-difference', 'no-significant-difference'],
    // Significant but smaller than the margin: no regression that matters.
    [-0.01, -0.015, -0.005, 0.001, powered, { ...noRegression, margin: 0.02 }, 'equivalent', 'within-margin'],
    [
      -0.01,
      -0.025,
      -0.001,
      0.01,
      powered,
      { ...noRegression, margin: 0.02 },
      'below-margin',
      'significant-below-margin',
    ],
    [-0.03, -0.045, -0.015, 0.001, powered, { ...noRegression, margin: 0.02 }, 'regressed', 'significant-drop'],
    [
      -0.01,
      -0.03,
      0.01,
      0.3,
      powered,
      { ...noRegression, margin: 0.02 },
      'no-significant-difference',
      'no-significant-difference',
    ],
    [-0.01, -0.03, 0.01, 0.3, weak, { ...noRegression, margin: 0.02 }, 'underpowered', 'underpowered'],
    // p exactly alpha counts as significant (the dual interval then touches 0).
    [-0.05, -0.1, 0, 0.05, powered, noRegression, 'regressed', 'significant-drop'],
    [-0.04, -0.07, -0.021, 0.01, powered, nonInferiority, 'regressed', 'upper-bound-below-margin'],
    [-0.01, -0.04, 0.02, 0.4, weak, nonInferiority, 'inconclusive', 'interval-crosses-margin'],
    // L = -m does not clear the margin.
    [0, -0.02, 0.02, 1, powered, nonInferiority, 'inconclusive', 'interval-crosses-margin'],
    [0, -0.015, 0.015, 1, powered, nonInferiority, 'equivalent', 'within-margin'],
    [0.01, -0.015, 0.035, 0.3, powered, nonInferiority, 'non-inferior', 'non-inferior'],
    [0.05, 0.03, 0.07, 0.001, powered, nonInferiority, 'improved', 'significant-gain'],
  ] as const)(
    'd = %d, [%d, %d], p = %d, power %s -> %j: %s',
    (estimate, lower, upper, pValue, powerAtEffect, policy, verdict, reason) => {
      expect(decideVerdict({ estimate, lower, upper, pValue, powerAtEffect }, policy)).toEqual({ verdict, reason });
    },
  );

  it('decides nothing on incomplete data, whatever the numbers say', () => {
    const incomplete = [{ kind: 'missing-share', message: 'B misses 40%', fix: 're-run' }] as const;
    const evidence = { estimate: -0.2, lower: -0.3, upper: -0.1, pValue: 1e-9, powerAtEffect: 1, incomplete };
    expect(decideVerdict(evidence, noRegression)).toEqual({ verdict: 'incomplete', reason: 'incomplete' });
    expect(decideVerdict(evidence, nonInferiority)).toEqual({ verdict: 'incomplete', reason: 'incomplete' });
  });
});

describe('worstVerdictIndex', () => {
  it('picks regressed, then incomplete, then inconclusive, then underpowered, then the first of the rest', () => {
    expect(worstVerdictIndex(['improved', 'inconclusive', 'regressed', 'incomplete'])).toBe(2);
    expect(worstVerdictIndex(['improved', 'inconclusive', 'incomplete'])).toBe(2);
    expect(worstVerdictIndex(['improved', 'underpowered', 'inconclusive'])).toBe(2);
    expect(worstVerdictIndex(['improved', 'underpowered', 'no-significant-difference'])).toBe(1);
    expect(worstVerdictIndex(['equivalent', 'improved'])).toBe(0);
  });
});
