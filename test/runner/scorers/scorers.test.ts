import { describe, expect, it } from 'vitest';
import {
  defaultScorer,
  type ExperimentItem,
  exactMatch,
  includes,
  jsonEqual,
  numericTolerance,
  regex,
  ScorerConfig,
  scorerFromConfig,
} from '../../../src/index';
import { normaliseScore } from '../../../src/runner/score-output';

const item = (expected: unknown): ExperimentItem => ({ id: 'q1', input: 'ignored', expected });

describe('exactMatch', () => {
  it('trims by default and is case-sensitive by default', () => {
    expect(exactMatch()('  Paris\n', item('Paris'))).toBe(true);
    expect(exactMatch()('paris', item('Paris'))).toBe(false);
    expect(exactMatch({ trim: false })('Paris\n', item('Paris'))).toBe(false);
    expect(exactMatch({ caseSensitive: false })('PARIS', item('paris'))).toBe(true);
  });

  it('compares numbers and booleans as text', () => {
    expect(exactMatch()(42, item('42'))).toBe(true);
    expect(exactMatch()('true', item(true))).toBe(true);
  });

  it('throws (an error cell, not a failure) when the item has no expected', () => {
    expect(() => exactMatch()('x', { id: 7, input: '' })).toThrow(
      'exactMatch: item 7 has no `expected` value to compare with',
    );
  });
});

describe('includes', () => {
  it('looks for the expected text, all of several by default, or any', () => {
    expect(includes()('The capital is Paris.', item('Paris'))).toBe(true);
    expect(includes()('Paris, France', item(['Paris', 'Spain']))).toBe(false);
    expect(includes({ match: 'any' })('Paris, France', item(['Paris', 'Spain']))).toBe(true);
    expect(includes({ value: 'paris', caseSensitive: false })('PARIS', item(undefined))).toBe(true);
  });
});

describe('regex', () => {
  it('matches a fixed pattern or the item expected as a pattern, ignoring g/y state', () => {
    const digits = regex({ pattern: /^\d+$/g });
    expect(digits('123', item(undefined))).toBe(true);
    expect(digits('123', item(undefined))).toBe(true);
    expect(regex({ flags: 'i' })('ANSWER: B', item('answer: [a-d]'))).toBe(true);
    expect(regex()('answer: e', item('answer: [a-d]'))).toBe(false);
  });
});

describe('numericTolerance', () => {
  it('passes within max(abs, rel * |expected|), reading numeric strings', () => {
    expect(numericTolerance({ rel: 0.01 })('99.5', item(100))).toBe(true);
    expect(numericTolerance({ rel: 0.01 })('98.9', item(100))).toBe(false);
    expect(numericTolerance({ abs: 0.5 })(3.4, item('3'))).toBe(true);
    expect(numericTolerance()(3, item(3))).toBe(true);
  });

  it('fails an output that is not a number, and errors on an expected that is not', () => {
    expect(numericTolerance()('about three', item(3))).toBe(false);
    expect(() => numericTolerance()('3', item('three'))).toThrow(
      'numericTolerance: item "q1" has an `expected` that is not a number',
    );
    expect(() => numericTolerance({ abs: -1 })).toThrow(
      'numericTolerance: `abs` and `rel` must be non-negative, got abs -1, rel 0',
    );
  });
});

describe('jsonEqual', () => {
  it('compares JSON values deeply, ignoring key order but not array order', () => {
    expect(jsonEqual()('{"b":[1,2],"a":{"y":null,"x":1}}', item({ a: { x: 1, y: null }, b: [1, 2] }))).toBe(true);
    expect(jsonEqual()({ b: [2, 1] }, item({ b: [1, 2] }))).toBe(false);
    expect(jsonEqual()({ a: 1, b: 2 }, item({ a: 1 }))).toBe(false);
    expect(jsonEqual()('not json', item({ a: 1 }))).toBe(false);
    expect(jsonEqual()('"plain"', item('plain'))).toBe(true);
  });
});

describe('defaultScorer', () => {
  it('matches text for a string expected and JSON values otherwise', () => {
    expect(defaultScorer(' 4 ', item('4'))).toBe(true);
    expect(defaultScorer({ n: 4 }, item({ n: 4 }))).toBe(true);
    expect(defaultScorer([1, 2], item([2, 1]))).toBe(false);
  });
});

describe('scorerFromConfig', () => {
  it('builds each built-in scorer from its config', () => {
    expect(scorerFromConfig({ type: 'exact-match', caseSensitive: false })('PARIS', item('paris'))).toBe(true);
    expect(scorerFromConfig({ type: 'includes', value: ['a', 'b'], match: 'any' })('b', item(undefined))).toBe(true);
    expect(scorerFromConfig({ type: 'regex', pattern: '^y' })('yes', item(undefined))).toBe(true);
    expect(scorerFromConfig({ type: 'numeric', abs: 1 })('9', item(10))).toBe(true);
    expect(scorerFromConfig({ type: 'json-equal' })('[1]', item([1]))).toBe(true);
  });

  it('has a strict schema for file experiments', () => {
    expect(ScorerConfig.safeParse({ type: 'numeric', rel: 0.1 }).success).toBe(true);
    const typo = ScorerConfig.safeParse({ type: 'exact-match', casesensitive: false });
    expect(typo.success).toBe(false);
    expect(ScorerConfig.safeParse({ type: 'bleu' }).success).toBe(false);
  });
});

describe('normaliseScore', () => {
  it('reads booleans, numbers (pass at 0.5 or more) and { pass, score } objects', () => {
    expect(normaliseScore(true)).toEqual({ pass: true });
    expect(normaliseScore(0.5)).toEqual({ pass: true, score: 0.5 });
    expect(normaliseScore(0.49)).toEqual({ pass: false, score: 0.49 });
    expect(normaliseScore({ pass: true, score: 0.1 })).toEqual({ pass: true, score: 0.1 });
    expect(normaliseScore({ score: 1, reason: 'ok' })).toEqual({ pass: true, score: 1, reason: 'ok' });
    expect(normaliseScore({ pass: false, reason: 3 })).toEqual({ pass: false, details: { reason: 3 } });
  });

  it('refuses what is not a score', () => {
    expect(() => normaliseScore({ reason: 'x' })).toThrow('scorer returned an object with neither `pass` nor `score`');
    expect(() => normaliseScore('yes' as never)).toThrow(
      'scorer returned "yes"; expected a boolean, a number or { pass, score }',
    );
    expect(() => normaliseScore({ pass: 'yes' } as never)).toThrow('scorer returned `pass` "yes"; expected a boolean');
    expect(() => normaliseScore(Number.POSITIVE_INFINITY)).toThrow(
      'scorer returned `score` Infinity; expected a finite number',
    );
  });
});
