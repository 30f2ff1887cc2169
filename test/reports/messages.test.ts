import { describe, expect, it } from 'vitest';
import {
  decisionRule,
  decisiveComparison,
  detectableSentence,
  effectSampleSentence,
  excludedSummary,
  flipListHeading,
  flipLists,
  flipListTitle,
  gateWords,
  incompleteFixes,
  intervalDisagreement,
  itemRefSentence,
  keyNumbersLine,
  methodsSummary,
  missingSentence,
  reasonSentence,
  sensitivitySentence,
  verdictHeadline,
  verdictStatusWord,
} from '../../reports/index';
import type { VerdictKind } from '../../src/schema/verdict-document';
import { HOSTILE, loadFixture } from './fixtures';

const regression = loadFixture('regression');
const score = loadFixture('score-latency-cost');
const edge = loadFixture('no-discordant-pairs');
const incomplete = loadFixture('incomplete');
const candidate = `cand-${HOSTILE.img}`;
const baseline = `baseline "A" & ${HOSTILE.template}`;

describe('verdict wording', () => {
  it('says who is worse in one sentence, with the names as given', () => {
    expect(verdictHeadline(regression, regression.policy)).toBe(`${candidate} is worse than ${baseline}.`);
    expect(verdictHeadline(edge, edge.policy)).toBe('Not enough evidence that B is no worse than A.');
    expect(verdictHeadline(score, score.policy)).toBe(
      `${score.candidate.variant} performs the same as judge-v1, within ±0.02.`,
    );
    expect(verdictHeadline(decisiveComparison(incomplete), incomplete.policy)).toBe(
      `Not decided: the results of v2 ${HOSTILE.img} vs v1 are incomplete.`,
    );
  });

  it('never says "no change": what was not significant says so, and says when the eval could not tell', () => {
    const base = decisiveComparison(edge);
    const as = (verdict: VerdictKind) => ({ ...base, verdict });
    expect(verdictHeadline(as('no-significant-difference'), edge.policy)).toBe(
      'No significant difference between B and A.',
    );
    expect(verdictHeadline(as('underpowered'), edge.policy)).toBe(
      'No significant difference between B and A, but this eval is too small to detect a drop of 5.0 points.',
    );
    const kinds: VerdictKind[] = [
      'regressed',
      'improved',
      'equivalent',
      'non-inferior',
      'below-margin',
      'no-significant-difference',
      'underpowered',
      'inconclusive',
      'incomplete',
    ];
    expect(kinds.map(verdictStatusWord)).toEqual([
      'REGRESSED',
      'IMPROVED',
      'EQUIVALENT',
      'NON-INFERIOR',
      'BELOW THE MARGIN',
      'NO SIGNIFICANT DIFFERENCE',
      'UNDERPOWERED',
      'INCONCLUSIVE',
      'INCOMPLETE',
    ]);
    for (const kind of kinds) expect(verdictHeadline(as(kind), edge.policy).toLowerCase()).not.toContain('no change');
  });

  it('states the gate with its exit code', () => {
    expect(gateWords(regression.gate)).toBe('gate FAILED (exit 1)');
    expect(gateWords(incomplete.gate)).toBe('gate FAILED (exit 4)');
    expect(gateWords(score.gate)).toBe('gate PASSED');
  });
});

describe('reasonSentence', () => {
  const policy = regression.policy;
  const withReason = (reason: string) => ({ ...regression, reason });

  it('explains each reason code of src/analysis/decide-verdict.ts', () => {
    expect(reasonSentence(regression, policy)).toBe(
      'The drop of 4.4 points is statistically significant (p = 0.003868, alpha = 0.05).',
    );
    expect(reasonSentence(withReason('no-significant-difference'), policy)).toBe(
      'The difference of -4.4 points is not statistically significant (p = 0.003868, alpha = 0.05), and this eval could have detected the difference that matters (see its power).',
    );
    expect(reasonSentence({ ...regression, reason: 'underpowered', power: edge.power }, policy)).toBe(
      'The difference of -4.4 points is not statistically significant (p = 0.003868, alpha = 0.05), and with 500 paired items this eval has 0% power to detect a drop of 5.0 points (80% wanted): it cannot tell.',
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

  it('names what is missing and how to fix it', () => {
    const decisive = decisiveComparison(incomplete);
    expect(reasonSentence(decisive, incomplete.policy)).toBe(
      `Incomplete: v2 ${HOSTILE.img} has no ok result for 20 of 100 planned cells (20%: 20 errors), above the 5.0% limit; ` +
        `v2 ${HOSTILE.img} misses 20 items that v1 has, v1 misses 0 that v2 ${HOSTILE.img} has (one-sided exact p = 9.54e-7 <= 0.001): the candidate's missing results are not at random.`,
    );
    expect(incompleteFixes(decisive)[0]).toBe(
      'To fix: re-run the failed cells (verdict run EXPERIMENT --out RUN --resume --retry-errors), or raise the limit with --max-missing.',
    );
  });

  it('still shows a reason code it does not know', () => {
    expect(reasonSentence(withReason('new-rule-x'), policy)).toBe(
      'Reason: new rule x (difference -4.4 points, p = 0.003868, alpha = 0.05).',
    );
  });
});

describe('power, missing results, exclusions, methods', () => {
  it('says what the eval can detect, with which power, and what the reference effect needs', () => {
    expect(detectableSentence(regression.power, 'pass')).toBe(
      // At alpha 0.025: the first of two candidates is judged at Holm's first step, and so is its power.
      'This eval can detect drops of 4.6 points or more (80% power, alpha = 0.025, n = 500, exact power of the McNemar score test).',
    );
    expect(effectSampleSentence(regression.power, 'pass')).toBe(
      'Detecting a drop of 5.0 points with 80% power needs about 439 paired items (power now 87%).',
    );
    expect(effectSampleSentence(edge.power, 'pass')).toBe(
      'Detecting a drop of 5.0 points (the margin) with 80% power needs at least 110 paired items (no discordant pair was seen: planned at the least discordance a difference that size allows, the fewest items it could take) (power now 0%).',
    );
  });

  it('says when no drop of any size can be detected, instead of "cannot be computed"', () => {
    const tiny = { ...edge.power, n: 2, minimumDetectableDifference: null, detectableAtAll: false };
    expect(detectableSentence(tiny, 'pass')).toBe(
      'No drop of any size up to 100.0 points can be detected with 80% power at n = 2: the test cannot reach alpha = 0.05 often enough with so few items (80% power, alpha = 0.05, n = 2, exact power of the McNemar score test).',
    );
  });

  it('accounts for every planned cell, and shows the analysis with missing cells counted as failures', () => {
    const decisive = decisiveComparison(incomplete);
    expect(missingSentence(decisive.missing)).toBe(
      `Missing results: v1 0 of 100 planned cells (0.0%), v2 ${HOSTILE.img} 20 of 100 planned cells (20.0%: 20 errors); the candidate alone misses 20 items, the baseline alone 0 (differential check p = 9.537e-07, flagged at 0.001). Limit: 5.0% per variant.`,
    );
    expect(sensitivitySentence(decisive, 'pass')).toBe(
      'Sensitivity, with missing cells counted as failures of the variant that had them: difference -15.0 points (95% CI -25.2 to -5.2), p = 0.003892, n = 100 paired items: Regressed.',
    );
    expect(sensitivitySentence(decisiveComparison(edge), 'pass')).toBe(
      'Sensitivity: no planned cell is missing, so counting missing cells as failures changes nothing.',
    );
  });

  it('explains a further interval that disagrees with the test', () => {
    const paired = {
      ...edge.paired,
      otherIntervals: [{ estimate: 0, lower: 0.01, upper: 0.2, confidence: 0.95, method: 'newcombe' }],
    };
    expect(intervalDisagreement(paired, 'pass')).toBe(
      'The Newcombe interval (+1.0 to +20.0 points) excludes 0 while the McNemar score test does not reject; the verdict follows the test and the interval shown first, which agree.',
    );
    expect(intervalDisagreement(edge.paired, 'pass')).toBeNull();
  });

  it('counts every exclusion by reason, or says nothing was excluded', () => {
    expect(excludedSummary(regression.excluded)).toBe(
      '14 rows excluded from the paired analysis: 4 errors, 8 unpaired, 2 duplicates.',
    );
    expect(excludedSummary(edge.excluded)).toBe('Nothing was excluded from the paired analysis.');
  });

  it('puts the key numbers in one line', () => {
    expect(keyNumbersLine(regression.paired, 'pass')).toBe(
      'Difference -4.4 points (97.5% CI -8.0 to -1.0), p = 0.003868, n = 500 paired items.',
    );
  });

  it('writes the decision rule of src/analysis/decide-verdict.ts for each requirement', () => {
    expect(decisionRule(regression.policy)).toBe(
      'Required: no regression. Incomplete (exit 4) when a run is unfinished, a variant misses more than 5.0% of its planned cells, ' +
        'or the candidate misses items the baseline has more often than the reverse (one-sided exact p <= 0.001). ' +
        'Regressed when p <= alpha (0.05) and the difference (candidate minus baseline) is negative; ' +
        'improved when p <= alpha (0.05) and the difference is positive; ' +
        'otherwise underpowered when the power to detect 5.0 points is below 80%, else no significant difference. ' +
        'The gate fails on a regression (exit 1) and on an incomplete comparison (exit 4).',
    );
    expect(decisionRule(edge.policy)).toBe(
      'Required: non-inferiority (margin 5.0 points). Incomplete (exit 4) when a run is unfinished, a variant misses more than 5.0% of its planned cells, ' +
        'or the candidate misses items the baseline has more often than the reverse (one-sided exact p <= 0.001). ' +
        'Regressed when the whole interval lies below -5.0 points; inconclusive when its lower bound does not clear -5.0 points; ' +
        'otherwise improved when p <= alpha (0.05) and the difference is positive and at least 5.0 points; ' +
        'equivalent when the whole interval lies within ±5.0 points; otherwise non-inferior. ' +
        'The gate fails on a regression (exit 1), an incomplete comparison (exit 4) and an inconclusive result (exit 3).',
    );
    expect(methodsSummary(regression)).toContain('Slice p-values are adjusted with the Holm correction');
    expect(methodsSummary(regression)).toContain('dual to the test');
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

describe('flip list wording', () => {
  it('names the lists in the terms of the design and says how many are shown', () => {
    expect(flipListTitle('passToFail', 'binary')).toBe('Pass → fail');
    expect(flipListTitle('failToPass', 'binary')).toBe('Fail → pass');
    expect(flipListTitle('passToFail', 'binary-samples')).toBe('Pass rate fell');
    expect(flipListTitle('failToPass', 'score')).toBe('Mean score rose');
    expect(flipListHeading('Pass → fail', { shown: 1, total: 1 })).toBe('Pass → fail: 1 item');
    expect(flipListHeading('Pass → fail', { shown: 50, total: 1234 })).toBe(
      'Pass → fail: 1,234 items, showing 50 of 1,234',
    );
    expect(flipListHeading('Pass → fail', { shown: 0, total: 3 })).toBe('Pass → fail: 3 items, not listed (--flips 0)');
    expect(itemRefSentence({ sha256: 'f'.repeat(64) })).toBe('too long to copy: sha256 ffffffffffff');
  });

  it('lists at most maxFlips of what the document lists, with the complete counts', () => {
    const lists = flipLists(regression, 5);
    expect(lists.map(({ direction, heading, total, items }) => [direction, heading, total, items.length])).toEqual([
      ['passToFail', 'Pass → fail: 40 items, showing 5 of 40', 40, 5],
      ['failToPass', 'Fail → pass: 18 items, showing 5 of 18', 18, 5],
    ]);
  });
});
