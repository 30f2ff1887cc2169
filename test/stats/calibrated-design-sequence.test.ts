/**
 * The calibrated truncated design inside the paired sequence (`design.truncation`, stats/advance-paired-sequence.ts):
 * crossing at the calibrated threshold, the final exact look at the K-th discordant pair, frozen after it, and a
 * truncation whose level does not hold refused. Paths built by hand so each rule is seen once; the level and power
 * of the design itself are checked exactly in test/stats/design-likelihood-ratio-exact.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  calibratedCrosses,
  pairedSequenceDecision,
  pairedSequenceFinalLook,
  pairedSequentialTest,
  startPairedSequence,
  updatePairedSequence,
} from '../../stats/index';
import { truncatedBoundaryPValue, truncatedBoundaryTable } from '../../stats/truncated-design-look';

const TRUNCATION = { threshold: 33.15, maxDiscordant: 76 };
const DESIGN = { difference: 0.05, discordance: 0.15, truncation: TRUNCATION };

/** A path of discordant pairs: 'd' a drop (baseline passes, candidate fails), 'g' a gain, 't' a tied pair. */
function path(signs: string): { a: boolean[]; b: boolean[] } {
  const a: boolean[] = [];
  const b: boolean[] = [];
  for (const s of signs) {
    a.push(s === 'd' || s === 't');
    b.push(s === 'g' || s === 't');
  }
  return { a, b };
}

describe('the calibrated truncated design in the sequence', () => {
  it('crosses at the calibrated threshold, where Ville’s 2 / alpha = 40 has not yet', () => {
    // One gain, then 14 drops: E = (4/3)^14 (2/3) = 37.4, between 33.15 and 40.
    const { a, b } = path(`g${'d'.repeat(14)}`);
    const calibrated = pairedSequentialTest(a, b, { design: DESIGN });
    expect(calibrated.tests.drop.rejectedAt).toBe(15);
    expect(calibrated.tests.drop.pValue).toBeLessThanOrEqual(0.05);
    expect(pairedSequenceDecision(calibrated)).toEqual({ finding: 'worse', decidedAt: 15 });
    const ville = pairedSequentialTest(a, b, { design: { difference: 0.05, discordance: 0.15 } });
    expect(ville.tests.drop.rejectedAt).toBeNull();
  });

  it('takes the final exact look at the K-th discordant pair (tied pairs do not count), then is frozen', () => {
    const { critical } = truncatedBoundaryTable(calibratedCrosses(2 / 3, 33.15), 0.05, 76);
    const c = critical[76]!;
    expect(c).toBe(48);
    // 28 alternating pairs, then the drops, so neither side crosses: the drop side is largest at the end,
    // (8/9)^28 (4/3)^20 = 11.6 < 33.15.
    const shown = path(`${'dg'.repeat(76 - c)}ttt${'d'.repeat(2 * c - 76)}`);
    const atK = pairedSequentialTest(shown.a, shown.b, { design: DESIGN });
    expect(atK.tests.drop.rejectedAt).toBe(79);
    const stagewise = truncatedBoundaryPValue(calibratedCrosses(2 / 3, 33.15), c, 76 - c);
    expect(atK.tests.drop.pValue).toBeCloseTo(2 * stagewise, 12);
    expect(atK.tests.drop.pValue).toBeLessThanOrEqual(0.05);
    // One win fewer: not shown at K, and nothing after K changes it (valid up to K only).
    const short = path(`${'dg'.repeat(77 - c)}${'d'.repeat(2 * c - 78)}${'d'.repeat(30)}`);
    const frozen = pairedSequentialTest(short.a, short.b, { design: DESIGN });
    expect(frozen.tests.drop.rejectedAt).toBeNull();
    expect(frozen.tests.drop.pValue).toBeGreaterThan(0.05);
    expect(pairedSequenceDecision(frozen)).toBeNull();
    const atEnd = pairedSequentialTest(short.a.slice(0, 76), short.b.slice(0, 76), { design: DESIGN });
    expect(frozen.tests.drop).toEqual(atEnd.tests.drop);
    // The run's planned end after K: the final look was taken already, so nothing changes.
    expect(pairedSequenceFinalLook(frozen).tests).toEqual(frozen.tests);
  });

  it('a planned end before K takes the final look at the k reached, with the calibrated boundary', () => {
    let state = startPairedSequence({ design: DESIGN });
    for (const s of `${'g'.repeat(3)}${'d'.repeat(12)}`) state = updatePairedSequence(state, s === 'd', s === 'g');
    expect(state.tests.drop.rejectedAt).toBeNull();
    const looked = pairedSequenceFinalLook(state);
    const p = truncatedBoundaryPValue(calibratedCrosses(2 / 3, 33.15), 12, 3);
    expect(looked.tests.drop.pValue).toBeCloseTo(Math.min(1, 2 * p), 12);
    expect(looked.tests.drop.rejectedAt).toBe(2 * p <= 0.05 ? 15 : null);
  });

  it('refuses a truncation whose crossings alone spend more than alpha / 2 (naming the field)', () => {
    // At 33.15 the crossings pass alpha / 2 at k = 148.
    expect(() =>
      startPairedSequence({ design: { ...DESIGN, truncation: { threshold: 33.15, maxDiscordant: 160 } } }),
    ).toThrow(/`design.truncation` crosses with probability 0.02\d+ > alpha \/ 2 within 160/);
    expect(() =>
      startPairedSequence({ design: { ...DESIGN, truncation: { threshold: 33.15, maxDiscordant: 7.5 } } }),
    ).toThrow(/`design.truncation.maxDiscordant` must be a positive integer/);
  });
});
