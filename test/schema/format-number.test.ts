import { describe, expect, it } from 'vitest';
import {
  formatBounds,
  formatConfidence,
  formatCount,
  formatDifference,
  formatInterval,
  formatPercent,
  formatPoints,
  formatPValue,
  formatSignificant,
  formatStatistic,
  pValuePhrase,
} from '../../reports/index';

describe('formatPValue', () => {
  // R 4.x: format.pval(p, digits = 4), the call print.htest makes with the default options(digits = 7).
  it.each([
    [0.0654296875, '0.06543'],
    [0.5, '0.5'],
    [1, '1'],
    [0.05, '0.05'],
    [0.001234, '0.001234'],
    [0.000123456, '0.0001235'], // fixed and scientific are both 9 wide: R keeps fixed
    [0.0001, '1e-04'], // fixed '0.0001' is wider than '1e-04'
    [1e-5, '1e-05'],
    [1.234567e-10, '1.235e-10'],
    [2.3e-16, '2.3e-16'],
    [2e-16, '< 2.2e-16'],
    [0, '< 2.2e-16'],
  ])('formats %s as R does: %s', (p, want) => {
    expect(formatPValue(p)).toBe(want);
  });

  it('phrases a p-value with = or <', () => {
    expect(pValuePhrase(0.0054)).toBe('p = 0.0054');
    expect(pValuePhrase(0)).toBe('p < 2.2e-16');
  });
});

describe('formatSignificant', () => {
  it('keeps every integer digit in fixed notation, as R format(24011, digits = 3)', () => {
    expect(formatSignificant(24011, 3)).toBe('24011');
    expect(formatSignificant(-0.0082, 3)).toBe('-0.0082');
    expect(formatSignificant(0)).toBe('0');
  });
});

describe('percentages and points', () => {
  it('formats proportions as percentages', () => {
    expect(formatPercent(0.6804)).toBe('68.0%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0)).toBe('0.0%');
  });

  it('signs differences in percentage points and never prints -0.0', () => {
    expect(formatPoints(-0.044)).toBe('-4.4');
    expect(formatPoints(0.021)).toBe('+2.1');
    expect(formatPoints(-0.0001)).toBe('0.0');
    expect(formatPoints(0)).toBe('0.0');
  });

  it('formats a difference on the metric scale', () => {
    expect(formatDifference(-0.044, 'pass')).toBe('-4.4 points');
    expect(formatDifference(0.006, 'score')).toBe('+0.006');
    expect(formatDifference(-0.0082, 'score')).toBe('-0.0082');
  });

  it('formats interval bounds and a confidence interval phrase', () => {
    expect(formatBounds(-0.0736, -0.0144, 'pass')).toBe('-7.4 to -1.4');
    expect(formatInterval({ lower: -0.0736, upper: 0.021, confidence: 0.95 }, 'pass')).toBe('95% CI -7.4 to +2.1');
    expect(formatConfidence(0.995)).toBe('99.5%');
  });

  it('formats counts with thousands separators and non-finite statistics as symbols', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(12)).toBe('12');
    expect(formatStatistic('Infinity')).toBe('∞');
    expect(formatStatistic(null)).toBe('n/a');
    expect(formatStatistic(0.45)).toBe('0.45');
  });
});
