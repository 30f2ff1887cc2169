import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type PairedSequenceState,
  pairedConfidenceSequence,
  pairedSequentialTest,
  seededRandom,
  startPairedSequence,
  updatePairedSequence,
} from '../../stats/index';
import { expectClose } from '../helpers/expect-close';

const repeat = <T>(value: T, times: number): T[] => Array<T>(times).fill(value);
/** Random paired binary outcomes with the given cell probabilities (p11 = 0.5 - p10, the rest n00). */
function binaryPairs(n: number, p10: number, p01: number, seed: number): { baseline: boolean[]; candidate: boolean[] } {
  const random = seededRandom(seed);
  const baseline: boolean[] = [];
  const candidate: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const u = random();
    const a = u < 0.5;
    baseline.push(a);
    candidate.push(a ? u >= p10 : u >= 1 - p01);
  }
  return { baseline, candidate };
}

describe('documented examples', () => {
  it('startPairedSequence: the non-inferiority test sits at -m, before any pair with wealth 1', () => {
    expect(startPairedSequence({ margin: 0.02 }).tests.nonInferiority).toEqual({
      nullValue: -0.02,
      alternative: 'greater',
      logEValue: 0,
      maxLogEValue: 0,
      pValue: 1,
      rejectedAt: null,
    });
  });

  it('updatePairedSequence: one lost pair is log 3/2 of evidence of a drop, log 1/2 of a gain', () => {
    const state = updatePairedSequence(startPairedSequence(), true, false);
    expect(state.tests.drop.logEValue).toBe(0.4054651081081642);
    expectClose(state.tests.drop.logEValue, Math.log(1.5), { abs: 1e-15 });
    expectClose(state.tests.gain.logEValue, Math.log(0.5), { abs: 1e-15 });
    expect(state.table).toEqual({ n11: 0, n10: 1, n01: 0, n00: 0 });
  });

  it('pairedSequentialTest: n wins in n pairs give E_n(0) = (2^(n+1) - 1) / (n + 1), first >= 40 at n = 8', () => {
    const result = pairedSequentialTest(repeat(false, 10), repeat(true, 10));
    expect(result.tests.gain.rejectedAt).toBe(8);
    expectClose(result.tests.gain.logEValue, Math.log((2 ** 11 - 1) / 11), { abs: 1e-14 });
    // At n = 7 the e-value is 255/8 < 40: not yet.
    expect(pairedSequentialTest(repeat(false, 7), repeat(true, 7)).tests.gain.rejectedAt).toBeNull();
    expect(pairedConfidenceSequence(result).lower).toBe(0.19079456243963416);
    expect(result.interval).toEqual(pairedConfidenceSequence(result));
    expect(result.interval.upper).toBe(1);
  });
});

describe('pairedSequentialTest: the streaming and one-shot forms', () => {
  const { baseline, candidate } = binaryPairs(600, 0.1, 0.05, 7);

  it('the one-shot form is the streaming state after the last pair, plus the interval', () => {
    let state = startPairedSequence({ margin: 0.03 });
    for (let i = 0; i < baseline.length; i++) state = updatePairedSequence(state, baseline[i]!, candidate[i]!);
    const { interval, ...rest } = pairedSequentialTest(baseline, candidate, { margin: 0.03 });
    expect(rest).toEqual(state);
    expect(interval).toEqual(pairedConfidenceSequence(state));
  });

  it('update is pure: the old state is left as it was (a frozen state updates fine)', () => {
    const deepFreeze = (value: PairedSequenceState): PairedSequenceState => {
      for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) Object.freeze(v);
      for (const t of Object.values(value.tests)) Object.freeze(t);
      return Object.freeze(value);
    };
    const before = deepFreeze(pairedSequentialTest(baseline.slice(0, 50), candidate.slice(0, 50), { margin: 0.03 }));
    const copy = structuredClone(before);
    const after = updatePairedSequence(before, true, false);
    expect(before).toEqual(copy);
    expect(after.n).toBe(51);
  });

  it('the state is plain JSON: it survives a round trip and updates from the copy the same way', () => {
    const state = pairedSequentialTest(baseline.slice(0, 200), candidate.slice(0, 200), { margin: 0.03 });
    const copy = JSON.parse(JSON.stringify(state)) as PairedSequenceState;
    expect(copy).toEqual(state);
    expect(updatePairedSequence(copy, false, true)).toEqual(updatePairedSequence(state, false, true));
  });

  it('binary: the final e-values and interval depend on the 2x2 table only, not on the order of the pairs', () => {
    const order = baseline.map((_, i) => i);
    const random = seededRandom(3);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const a = pairedSequentialTest(baseline, candidate, { margin: 0.03 });
    const b = pairedSequentialTest(
      order.map((i) => baseline[i]!),
      order.map((i) => candidate[i]!),
      { margin: 0.03 },
    );
    expect(b.table).toEqual(a.table);
    for (const name of Object.keys(a.tests) as (keyof typeof a.tests)[]) {
      expect(b.tests[name].logEValue).toBe(a.tests[name].logEValue);
    }
    expect(b.interval).toEqual(a.interval);
  });

  it('swapping baseline and candidate swaps drop and gain and negates the interval', () => {
    const a = pairedSequentialTest(baseline, candidate, { margin: 0.03 });
    const b = pairedSequentialTest(candidate, baseline, { margin: 0.03 });
    expect(b.tests.gain).toEqual({ ...a.tests.drop, alternative: 'greater' });
    expect(b.tests.nonInferiority.logEValue).toBe(a.tests.nonSuperiority.logEValue);
    expect(b.tests.dropBeyondMargin.logEValue).toBe(a.tests.gainBeyondMargin.logEValue);
    expectClose(b.interval.lower, -a.interval.upper, { abs: 1e-11 });
    expectClose(b.interval.upper, -a.interval.lower, { abs: 1e-11 });
    expect(b.meanDifference).toBe(-a.meanDifference);
  });
});

describe('pairedConfidenceSequence agrees with the tests', () => {
  test.prop([fc.nat(400), fc.nat(40), fc.nat(40), fc.constantFrom(0.05, 0.2)], { numRuns: 60, seed: 17 })(
    'L > c exactly when the greater test at c rejects now, U < c when the less test does (c = 0 and c = -m)',
    (nTied, n10, n01, alpha) => {
      const differences = [...repeat(0, nTied), ...repeat(-1, n10), ...repeat(1, n01)];
      const result = pairedSequentialTest(
        differences.map((d) => d <= 0),
        differences.map((d) => d >= 0),
        { alpha, margin: 0.05 },
      );
      const threshold = Math.log(2 / alpha);
      const { lower, upper } = result.interval;
      const near = (x: number, c: number) => Math.abs(x - c) < 1e-9;
      if (!near(lower, 0)) expect(lower > 0).toBe(result.tests.gain.logEValue >= threshold);
      if (!near(upper, 0)) expect(upper < 0).toBe(result.tests.drop.logEValue >= threshold);
      if (!near(lower, -0.05)) expect(lower > -0.05).toBe(result.tests.nonInferiority.logEValue >= threshold);
      if (!near(upper, 0.05)) expect(upper < 0.05).toBe(result.tests.nonSuperiority.logEValue >= threshold);
      expect(lower).toBeLessThanOrEqual(upper);
      expect(lower).toBeGreaterThanOrEqual(-1);
      expect(upper).toBeLessThanOrEqual(1);
    },
  );

  it('at a bound inside the range the e-value equals 2 / alpha (checked through the margin tests)', () => {
    const { baseline, candidate } = binaryPairs(800, 0.1, 0.05, 11);
    const { interval } = pairedSequentialTest(baseline, candidate);
    expect(interval.lower).toBeLessThan(0);
    const atLower = pairedSequentialTest(baseline, candidate, { margin: -interval.lower });
    expectClose(atLower.tests.nonInferiority.logEValue, Math.log(40), { abs: 1e-9 });
  });

  it('covers the mean difference and contains the estimate', () => {
    const { baseline, candidate } = binaryPairs(1000, 0.1, 0.05, 5);
    const { interval } = pairedSequentialTest(baseline, candidate);
    expect(interval.lower).toBeLessThan(interval.estimate);
    expect(interval.upper).toBeGreaterThan(interval.estimate);
    expect(interval).toMatchObject({ confidence: 0.95, method: 'betting-mixture', n: 1000 });
  });

  it('widens as alpha falls', () => {
    const { baseline, candidate } = binaryPairs(500, 0.1, 0.05, 9);
    const wide = pairedSequentialTest(baseline, candidate, { alpha: 0.01 }).interval;
    const narrow = pairedSequentialTest(baseline, candidate, { alpha: 0.2 }).interval;
    expect(wide.lower).toBeLessThan(narrow.lower);
    expect(wide.upper).toBeGreaterThan(narrow.upper);
  });
});

describe('boundaries', () => {
  it('no pairs: the whole range, every p-value 1', () => {
    const result = pairedSequentialTest([], []);
    expect(result.interval).toEqual({
      estimate: 0,
      lower: -1,
      upper: 1,
      confidence: 0.95,
      method: 'betting-mixture',
      n: 0,
    });
    for (const t of Object.values(result.tests)) expect(t).toMatchObject({ pValue: 1, rejectedAt: null });
    const scores = pairedSequentialTest([], [], { outcome: 'bounded', bounds: [1, 5] });
    expect(scores.interval).toMatchObject({ lower: -4, upper: 4, method: 'betting-mixture-eb' });
  });

  it('tied pairs say nothing about a difference at 0, but shrink the interval symmetrically about it', () => {
    const result = pairedSequentialTest(repeat(true, 100), repeat(true, 100), { margin: 0.05 });
    expect(result.tests.drop.logEValue).toBe(0);
    expect(result.tests.gain.logEValue).toBe(0);
    expect(result.tests.nonInferiority.logEValue).toBeGreaterThan(0);
    expectClose(result.interval.lower, -result.interval.upper, { abs: 1e-12 });
    expect(result.interval.upper).toBeLessThan(0.06);
  });

  it('margin 0: the margin tests are the tests at 0', () => {
    const { tests } = pairedSequentialTest([true, false, true], [false, false, true]);
    expect(tests.nonInferiority).toBe(tests.gain);
    expect(tests.nonSuperiority).toBe(tests.drop);
    expect(tests.dropBeyondMargin).toBe(tests.drop);
    expect(tests.gainBeyondMargin).toBe(tests.gain);
  });

  it('a rejection stays: rejectedAt and pValue keep the strongest evidence seen', () => {
    // Eight wins, then enough losses to undo them.
    const result = pairedSequentialTest(
      [...repeat(false, 8), ...repeat(true, 30)],
      [...repeat(true, 8), ...repeat(false, 30)],
    );
    expect(result.tests.gain.rejectedAt).toBe(8);
    expect(result.tests.gain.logEValue).toBeLessThan(0);
    expectClose(result.tests.gain.pValue, (2 * 9) / (2 ** 9 - 1), { rel: 1e-14 });
    expect(result.tests.drop.rejectedAt).not.toBeNull();
    expect(result.interval.upper).toBeLessThan(0); // the interval at n = 38 alone: see its doc
  });

  it('accepts 1/0 for binary outcomes and scores at the ends of the bounds', () => {
    expect(pairedSequentialTest([1, 0], [0, 0]).table).toEqual({ n11: 0, n10: 1, n01: 0, n00: 1 });
    const scores = pairedSequentialTest([0, 10], [10, 0], { outcome: 'bounded', bounds: [0, 10] });
    expect(scores.meanDifference).toBe(0);
    expect(scores.sumSquaredDeviations).toBe(200);
  });

  it('bounded scores: mean and squared deviations of the differences, and an interval inside [a - b, b - a]', () => {
    const result = pairedSequentialTest([0.2, 0.4, 0.9, 0.5], [0.3, 0.4, 0.7, 0.6], { outcome: 'bounded' });
    expectClose(result.meanDifference, 0, { abs: 1e-16 });
    expectClose(result.sumSquaredDeviations, 0.06, { rel: 1e-14 });
    expect(result.table).toBeNull();
    expect(result.interval).toMatchObject({ lower: -1, upper: 1 }); // four pairs cannot exclude anything at 95%
  });
});

describe('argument checks name the function, the argument and the value', () => {
  it.each([
    [{ alpha: 0 }, RangeError, 'startPairedSequence: `alpha` must be strictly between 0 and 1, got 0'],
    [
      { margin: -0.1 },
      RangeError,
      'startPairedSequence: `margin` must be at least 0 and below 1 (the width of `bounds`), got -0.1',
    ],
    [
      { margin: 1 },
      RangeError,
      'startPairedSequence: `margin` must be at least 0 and below 1 (the width of `bounds`), got 1',
    ],
    [
      { outcome: 'score' },
      RangeError,
      "startPairedSequence: `outcome` must be one of 'binary', 'bounded', got \"score\"",
    ],
    [
      { bounds: [0, 10] },
      RangeError,
      'startPairedSequence: `bounds` must be [0, 1] (or left out) for binary outcomes, got [0, 10]',
    ],
    [
      { outcome: 'bounded', bounds: [1, 1] },
      RangeError,
      'startPairedSequence: `bounds` must have bounds[0] < bounds[1], got [1, 1]',
    ],
    [
      { outcome: 'bounded', bounds: [0] },
      TypeError,
      'startPairedSequence: `bounds` must be an array [a, b] of two numbers, got an array of length 1',
    ],
    [
      { outcome: 'bounded', bounds: [0, Number.NaN] },
      RangeError,
      'startPairedSequence: `bounds[1]` must be a finite number, got NaN',
    ],
    [
      { outcome: 'bounded', bounds: [0, 10], margin: 10 },
      RangeError,
      'startPairedSequence: `margin` must be at least 0 and below 10 (the width of `bounds`), got 10',
    ],
  ] as const)('options %j', (options, ErrorType, message) => {
    expect(() => startPairedSequence(options as never)).toThrow(new ErrorType(message));
    expect(() => pairedSequentialTest([], [], options as never)).toThrow(
      new ErrorType(message.replace('startPairedSequence', 'pairedSequentialTest')),
    );
  });

  it('outcomes', () => {
    const binary = startPairedSequence();
    expect(() => updatePairedSequence(binary, 2, 1)).toThrow(
      new RangeError('updatePairedSequence: `baseline` must be a boolean or 0/1, got 2'),
    );
    expect(() => updatePairedSequence(binary, true, 'yes' as never)).toThrow(
      new TypeError('updatePairedSequence: `candidate` must be a boolean or 0/1, got "yes" (string)'),
    );
    const scores = startPairedSequence({ outcome: 'bounded', bounds: [0, 10] });
    expect(() => updatePairedSequence(scores, 11, 1)).toThrow(
      new RangeError('updatePairedSequence: `baseline` must be a score in [0, 10] (the `bounds`), got 11'),
    );
    expect(() => updatePairedSequence(scores, 1, Number.NaN)).toThrow(
      new RangeError('updatePairedSequence: `candidate` must be a score in [0, 10] (the `bounds`), got NaN'),
    );
    expect(() => updatePairedSequence(scores, true, 1)).toThrow(
      new TypeError('updatePairedSequence: `baseline` must be a number, got true (boolean)'),
    );
    expect(() => pairedSequentialTest([true, true, 3], [true, true, true])).toThrow(
      new RangeError('pairedSequentialTest: `baseline[2]` must be a boolean or 0/1, got 3'),
    );
  });

  it('arrays and states', () => {
    expect(() => pairedSequentialTest([true], [true, false])).toThrow(
      new RangeError(
        'pairedSequentialTest: `baseline` and `candidate` must have the same length (paired data), got 1 and 2',
      ),
    );
    expect(() => pairedSequentialTest('10' as never, [])).toThrow(
      new TypeError('pairedSequentialTest: `baseline` must be an array, got "10"'),
    );
    expect(() => updatePairedSequence({ n: 3 } as never, true, true)).toThrow(
      new TypeError(
        'updatePairedSequence: `state` must come from startPairedSequence or updatePairedSequence, got {"n":3}',
      ),
    );
    expect(() => pairedConfidenceSequence(null as never)).toThrow(
      new TypeError(
        'pairedConfidenceSequence: `state` must come from startPairedSequence or updatePairedSequence, got null',
      ),
    );
  });
});
