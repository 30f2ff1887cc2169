import { describe, expect, it } from 'vitest';
import {
  decisionRule,
  decisiveComparison,
  detectableSentence,
  excludedSummary,
  keyNumbersLine,
  marginSampleSentence,
  methodsSummary,
  reasonSentence,
  verdictHeadline,
  verdictStatusWord,
} from '../../reports/index';
import { loadFixture } from './fixtures';

const regression = loadFixture('regression');
const score = loadFixture('score-latency-cost');
const edge = loadFixture('no-discordant-pairs');

describe('verdict wording', () => {
  it('says who is worse in one sentence, with the names as given', () => {
    expect(verdictHeadline(regression, regression.policy)).toBe(
      `${regression.candidate.variant} is worse than ${regression.baseline.variant}.`,
    );
    expect(verdictHeadline(edge, edge.policy)).toBe('Not enough evidence that B is no worse than A.');
    expect(verdictHeadline(score, score.policy)).toBe(
      `${score.candidate.variant} performs the same as judge-v1, within ±0.02.`,
    );
  });

  it('has an emoji-free status word for each verdict', () => {
    expect(
      ['regressed', 'improved', 'no-change', 'equivalent', 'inconclusive'].map((v) => verdictStatusWord(v as never)),
    ).toEqual(['REGRESSED', 'IMPROVED', 'NO CHANGE', 'EQUIVALENT', 'INCONCLUSIVE']);
  });
});

describe('reasonSentence', () => {
  const policy = regression.policy;
  const withReason = (reason: string) => ({ ...regression, reason });

  it('explains each reason code of src/analysis/decide-verdict.ts', () => {
    expect(reasonSentence(withReason('significant-drop'), policy)).toBe(
      'The drop of 4.4 points is statistically significant (p = 0.005355, alpha = 0.05).',
    );
    expect(reasonSentence(withReason('no-significant-difference'), policy)).toBe(
      'The difference of -4.4 points is not statistically significant (p = 0.005355, alpha = 0.05).',
    );
    expect(reasonSentence(edge, edge.policy)).toBe(
      'The 95% interval reaches below -5.0 points: these data cannot rule out a drop larger than the margin.',
    );
    expect(reasonSentence(score, score.policy)).toBe('The whole 95% interval lies within ±0.02 of zero.');
    expect(reasonSentence({ ...edge, reason: 'non-inferior' }, edge.policy)).toBe(
      'The lower bound of the 95% interval lies above -5.0 points: the candidate is no worse than the baseline by more than the margin.',
    );
    expect(reasonSentence({ ...edge, reason: 'upper-bound-below-margin' }, edge.policy)).toBe(
      'The whole 95% interval lies below -5.0 points: the candidate is worse by more than the margin.',
    );
  });

  it('still shows a reason code it does not know', () => {
    expect(reasonSentence(withReason('new-rule-x'), policy)).toBe(
      'Reason: new rule x (difference -4.4 points, p = 0.005355, alpha = 0.05).',
    );
  });
});

describe('power, exclusions, methods', () => {
  it('says what the eval can detect, and what the margin would need', () => {
    expect(detectableSentence(regression.power, 'pass')).toBe(
      'This eval can detect drops of 5.8 points or more (80% power, alpha = 0.05, n = 500).',
    );
    expect(detectableSentence(edge.power, 'pass')).toBe(
      'The smallest detectable difference cannot be computed from these data (n = 12).',
    );
    expect(marginSampleSentence(score.power, 'score')).toBe(
      'Detecting a difference of 0.02 would need about 310 paired items.',
    );
    expect(marginSampleSentence(regression.power, 'pass')).toBeNull();
  });

  it('counts every exclusion by reason, or says nothing was excluded', () => {
    expect(excludedSummary(regression.excluded)).toBe(
      '17 rows excluded from the paired analysis: 7 errors, 2 timeouts, 1 skipped, 5 unpaired, 2 duplicates.',
    );
    expect(excludedSummary(edge.excluded)).toBe('Nothing was excluded from the paired analysis.');
  });

  it('puts the key numbers in one line', () => {
    expect(keyNumbersLine(regression.paired, 'pass')).toBe(
      'Difference -4.4 points (95% CI -7.4 to -1.4), p = 0.005355, n = 500 paired items.',
    );
  });

  it('writes the decision rule of src/analysis/decide-verdict.ts for each requirement', () => {
    expect(decisionRule(regression.policy)).toBe(
      'Required: no regression. Regressed when p <= alpha (0.05) and the difference (candidate minus baseline) is negative; ' +
        'improved when p <= alpha (0.05) and the difference is positive; otherwise no change. ' +
        'The gate fails only on a regression (exit 1).',
    );
    expect(decisionRule(edge.policy)).toBe(
      'Required: non-inferiority (margin 5.0 points). Regressed when the whole 95% interval lies below -5.0 points; ' +
        'inconclusive when its lower bound does not clear -5.0 points; otherwise improved when p <= alpha (0.05) and ' +
        'the difference is positive and at least 5.0 points; equivalent when the whole 95% interval lies within ±5.0 points; ' +
        'otherwise no change. The gate fails on a regression (exit 1) and on an inconclusive result (exit 3).',
    );
    expect(methodsSummary(regression)).toContain('Slice p-values are adjusted with the Holm correction');
  });
});

describe('decisiveComparison', () => {
  it('is the comparison the overall verdict comes from, not always the first', () => {
    expect(decisiveComparison(regression)).toBe(regression.comparisons[0]);
    const [first, second] = regression.comparisons;
    const swapped = { ...regression, comparisons: [second!, first!] };
    expect(decisiveComparison(swapped)).toBe(first);
  });
});
