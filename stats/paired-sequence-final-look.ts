import { calibratedCrosses } from './calibrated-design-plan';
import type { PairedSequenceState, SequentialTest } from './paired-sequence-types';
import { truncatedBoundaryPValue, truncatedDesignPValue } from './truncated-design-look';
import { describeValue } from './validate';

/**
 * The state at the last pair of a truncated design: `drop` and `gain`, where not yet rejected, judged by the final
 * look of {@link truncatedDesignTable} (stats/truncated-design-look.ts), which spends at the last pair the part of
 * alpha / 2 each side's crossings left unspent: the test rejects there when the truncated design's one-sided
 * p-value is at most alpha / 2, and its `pValue` becomes twice that p-value (on the scale of the others, compared
 * with alpha). Call it once, at the maximum the run was planned to (the items ran out, or `maxItems` were
 * started): never at a point chosen from the data, and never go on adding pairs after it. The margin tests and the
 * confidence sequence are unchanged. A state without a design, or already decided on a side, is returned as is
 * for that side.
 *
 * @throws {TypeError} if `state` is not a binary sequence state with a design
 * @example pairedSequenceFinalLook(pairedSequentialTest(a, b, { design: { difference: 0.05, discordance: 0.15 } })).tests.drop.rejectedAt
 */
export function pairedSequenceFinalLook(state: PairedSequenceState): PairedSequenceState {
  const fn = 'pairedSequenceFinalLook';
  if (typeof state !== 'object' || state === null || typeof (state as { tests?: unknown }).tests !== 'object') {
    throw new TypeError(
      `${fn}: \`state\` must come from startPairedSequence or updatePairedSequence, got ${describeValue(state)}`,
    );
  }
  const { design, table, alpha, n } = state;
  if (design === null || table === null) {
    throw new TypeError(`${fn}: \`state\` must have a \`design\` (binary outcomes): the final look belongs to it`);
  }
  const { truncation } = design;
  // The calibrated design has taken its final look at K discordant pairs already (frozen there).
  if (truncation !== undefined && table.n10 + table.n01 >= truncation.maxDiscordant) return state;
  const look = (test: SequentialTest, wins: number, losses: number): SequentialTest => {
    if (test.rejectedAt !== null) return test;
    // The calibrated design ended early (before K): the final look at the k reached, valid as crossed[k] <= crossed[K].
    const oneSided =
      truncation === undefined
        ? truncatedDesignPValue(wins, losses, design.share, alpha)
        : truncatedBoundaryPValue(calibratedCrosses(design.share, truncation.threshold), wins, losses);
    const pValue = Math.min(1, 2 * oneSided);
    return { ...test, pValue, rejectedAt: pValue <= alpha && n > 0 ? n : null };
  };
  const drop = look(state.tests.drop, table.n10, table.n01);
  const gain = look(state.tests.gain, table.n01, table.n10);
  const t = state.tests;
  const same = (test: SequentialTest) => (test === t.drop ? drop : test === t.gain ? gain : test);
  return {
    ...state,
    tests: {
      drop,
      gain,
      nonInferiority: same(t.nonInferiority),
      nonSuperiority: same(t.nonSuperiority),
      dropBeyondMargin: same(t.dropBeyondMargin),
      gainBeyondMargin: same(t.gainBeyondMargin),
    },
  };
}
