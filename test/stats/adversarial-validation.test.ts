import { describe, expect, it } from 'vitest';
import {
  adjustPValues,
  clusteredStandardError,
  findRoot,
  logBeta,
  logGamma,
  mcnemarSampleSize,
  mcnemarTest,
  meanPassAtK,
  meanStandardError,
  pairedOddsRatio,
  pairedStandardError,
  pairedTTest,
  twoProportionPower,
  twoProportionSampleSize,
  wilcoxonSignedRank,
} from '../../stats/index';
import { expectClose } from '../helpers/expect-close';

// Inputs found in the adversarial review of issue 2 that were accepted silently, returned NaN or a wrong number,
// or failed with a message naming another function. Each now throws a message naming the function, the argument
// and the value (the contract's error rule).

describe('a concordant cell that is given must be a count, even where only the discordant cells are used', () => {
  // Before: mcnemarTest({ n11: NaN, n10: 1, n01: 3, n00: 2 }) returned a p-value.
  it.each([
    ['n11', Number.NaN, RangeError, 'must be a finite number, got NaN'],
    ['n11', -1, RangeError, 'must be a non-negative integer, got -1'],
    ['n00', 2.5, RangeError, 'must be a non-negative integer, got 2.5'],
    ['n00', '7', TypeError, 'must be a number, got "7" (string)'],
    ['n11', null, TypeError, 'must be a number, got null (object)'],
  ] as const)('table.%s = %s', (cell, value, ErrorType, rule) => {
    const table = { n11: 1, n10: 1, n01: 3, n00: 2, [cell]: value } as never;
    expect(() => mcnemarTest(table)).toThrow(new ErrorType(`mcnemarTest: \`table.${cell}\` ${rule}`));
    expect(() => pairedOddsRatio(table)).toThrow(new ErrorType(`pairedOddsRatio: \`table.${cell}\` ${rule}`));
  });

  it('omitting n11 and n00 is still fine', () => {
    expect(mcnemarTest({ n10: 2, n01: 12 }).pValue).toBe(53 / 4096);
  });

  it('an array is not a table', () => {
    expect(() => mcnemarTest([2, 12] as never)).toThrow(
      new TypeError('mcnemarTest: `table` must be an object { n11, n10, n01, n00 }, got an array of length 2'),
    );
  });
});

describe('holes in sparse arrays are caught, not skipped', () => {
  // Before: adjustPValues([0.1, , 0.2], 'holm') returned [0.3, NaN, NaN]; meanPassAtK returned NaN.
  const sparse = <T>(first: T, last: T): T[] => {
    const values = [first];
    values[2] = last;
    return values;
  };

  it('adjustPValues', () => {
    expect(() => adjustPValues(sparse(0.1, 0.2), 'holm')).toThrow(
      new TypeError('adjustPValues: `pValues[1]` must be a number, got undefined (undefined)'),
    );
  });

  it('meanPassAtK', () => {
    expect(() => meanPassAtK(sparse({ n: 3, c: 1 }, { n: 3, c: 2 }), 1)).toThrow(
      new TypeError('meanPassAtK: `problems[1]` must be an object { n, c }, got undefined'),
    );
  });

  it('clusteredStandardError', () => {
    expect(() => clusteredStandardError([1, 0, 1], sparse('a', 'b'))).toThrow(
      new TypeError('clusteredStandardError: `clusters[1]` must be a string or a finite number, got undefined'),
    );
  });
});

describe('scores near the top of the double range overflow with a message, not NaN', () => {
  // Before: meanStandardError([1.7e308, 1.7e308]) gave { mean: NaN, se: NaN }, and pairedTTest failed with
  // "studentT.cdf: `x` must not be NaN".
  it('meanStandardError', () => {
    expect(() => meanStandardError([1.7e308, 1.7e308])).toThrow(
      new RangeError(
        'meanStandardError: the values are too large for a mean and variance in double precision (largest magnitude 1.7e+308)',
      ),
    );
  });

  it('pairedStandardError', () => {
    expect(() => pairedStandardError([0, 0], [1.7e308, 1.7e308])).toThrow(
      new RangeError(
        'pairedStandardError: the values are too large for a mean and variance in double precision (largest magnitude 1.7e+308)',
      ),
    );
  });

  it.each([
    ['pairedTTest', pairedTTest],
    ['wilcoxonSignedRank', wilcoxonSignedRank],
  ] as const)('%s names itself when a difference overflows', (name, test) => {
    expect(() => test([-1e308, 1], [1e308, 2])).toThrow(
      new RangeError(`${name}: \`candidate[0]\` - \`baseline[0]\` (1e+308 - -1e+308) overflows a double`),
    );
  });

  it('clusteredStandardError', () => {
    expect(() => clusteredStandardError([1e200, -1e200, 0], ['a', 'b', 'c'])).toThrow(
      new RangeError(
        'clusteredStandardError: the values are too large for a mean and variance in double precision (largest magnitude 1e+200)',
      ),
    );
  });
});

describe('sample sizes for a power below the power at n -> 0', () => {
  // Before: twoProportionSampleSize({ p1: 0.2, p2: 0.5, power: 0.001 }) squared a negative root and returned
  // n = 5 (nUnrounded 4.79), where the power is 0.16, not 0.001; mcnemarSampleSize (connor) did the same.
  it('twoProportionSampleSize (pooled) refuses, naming the floor', () => {
    // The floor is Phi(-z sqrt(2 pbar qbar) / sqrt(p1 q1 + p2 q2)) = 0.01947...
    expect(() => twoProportionSampleSize({ p1: 0.2, p2: 0.5, power: 0.001 })).toThrow(
      /^twoProportionSampleSize: `power` \(0\.001\) must exceed 0\.01947\d+, the power of the pooled test as n approaches 0$/,
    );
  });

  it('mcnemarSampleSize (connor) refuses', () => {
    expect(() => mcnemarSampleSize({ p10: 0.1, p01: 0.3, power: 0.001 })).toThrow(
      /^mcnemarSampleSize: `power` \(0\.001\) must exceed 0\.0194\d+, Connor's power as n approaches 0$/,
    );
  });

  it.each([0.02, 0.05, 0.3, 0.8, 0.999])('pooled: the power at nUnrounded is the target (power %d)', (power) => {
    const { nUnrounded } = twoProportionSampleSize({ p1: 0.2, p2: 0.5, power });
    expectClose(twoProportionPower({ n: nUnrounded, p1: 0.2, p2: 0.5 }), power, { rel: 1e-9 }, { power });
  });
});

describe('the exported numerical tools check their arguments too', () => {
  // Before: logGamma(-1.5) and logBeta(0, 1) returned NaN, logGamma('3') coerced the string, findRoot with a NaN
  // tolerance returned NaN, and findRoot('x', 0, 1) failed with "f is not a function".
  it.each([
    [() => logGamma(-1.5), new RangeError('logGamma: `x` must be greater than 0, got -1.5')],
    [() => logGamma(0), new RangeError('logGamma: `x` must be greater than 0, got 0')],
    [() => logGamma('3' as never), new TypeError('logGamma: `x` must be a number, got "3" (string)')],
    [() => logBeta(0, 1), new RangeError('logBeta: `a` must be greater than 0, got 0')],
    [() => logBeta(1, Number.NaN), new RangeError('logBeta: `b` must be a finite number, got NaN')],
    [
      () => findRoot((x) => x - 0.3, 0, 1, { tolerance: Number.NaN }),
      new RangeError('findRoot: `tolerance` must be a finite number, got NaN'),
    ],
    [
      () => findRoot((x) => x - 0.3, 0, 1, { tolerance: -1 }),
      new RangeError('findRoot: `tolerance` must be at least 0, got -1'),
    ],
    [
      () => findRoot((x) => x - 0.3, 0, 1, { maxIterations: 0 }),
      new RangeError('findRoot: `maxIterations` must be a positive integer, got 0'),
    ],
    [() => findRoot('x' as never, 0, 1), new TypeError('findRoot: `f` must be a function, got "x"')],
  ])('%#', (call, error) => {
    expect(call).toThrow(error);
  });

  it('valid calls are unchanged', () => {
    expect(logGamma(5)).toBe(3.178053830347945);
    expect(logBeta(2, 3)).toBe(-2.4849066497880004);
    expectClose(
      findRoot((x) => x * x - 2, 0, 2),
      Math.SQRT2,
      { rel: 1e-15 },
    );
  });
});
