import { describe, expect, it } from 'vitest';
import { exitCodeFor, gateFor } from '../../src/index';

describe('gateFor and exitCodeFor', () => {
  it('fail on a regression (1), an incomplete comparison (4), inconclusive under non-inferiority (3); pass otherwise', () => {
    expect(gateFor('regressed', { require: 'no-regression' })).toEqual({ passed: false, exitCode: 1 });
    expect(gateFor('incomplete', { require: 'no-regression' })).toEqual({ passed: false, exitCode: 4 });
    expect(gateFor('incomplete', { require: 'non-inferiority' })).toEqual({ passed: false, exitCode: 4 });
    expect(gateFor('inconclusive', { require: 'non-inferiority' })).toEqual({ passed: false, exitCode: 3 });
    expect(gateFor('inconclusive', { require: 'no-regression' })).toEqual({ passed: true, exitCode: 0 });
    const passing = [
      'improved',
      'equivalent',
      'non-inferior',
      'below-margin',
      'no-significant-difference',
      'underpowered',
    ] as const;
    for (const verdict of passing) {
      expect(gateFor(verdict, { require: 'non-inferiority' })).toEqual({ passed: true, exitCode: 0 });
    }
  });

  it('exitCodeFor reads the document’s gate', () => {
    expect(exitCodeFor({ gate: { passed: false, exitCode: 4 } })).toBe(4);
  });
});
