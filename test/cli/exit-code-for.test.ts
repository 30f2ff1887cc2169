import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/index';

describe('exitCodeFor', () => {
  it('is 1 on a regression, 3 on inconclusive under non-inferiority, 0 otherwise', () => {
    expect(exitCodeFor({ verdict: 'regressed' }, { require: 'no-regression' })).toBe(1);
    expect(exitCodeFor({ verdict: 'inconclusive' }, { require: 'non-inferiority' })).toBe(3);
    expect(exitCodeFor({ verdict: 'inconclusive' }, { require: 'no-regression' })).toBe(0);
    for (const verdict of ['improved', 'no-change', 'equivalent'] as const) {
      expect(exitCodeFor({ verdict }, { require: 'non-inferiority' })).toBe(0);
    }
  });
});
