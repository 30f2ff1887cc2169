import type { PairedSequenceState, SequentialTest } from './paired-sequence-types';
import { describeValue } from './validate';

/**
 * What a sequential comparison has shown, once and for good:
 * - `worse`: d < 0 (margin 0), or d < -m (margin m > 0: worse by more than the margin);
 * - `better`: d > 0, or d > m;
 * - `equivalent`: -m < d < m (m > 0; both one-sided margin tests rejected);
 * - `within-margin`: d is shown on one side of 0 but within the margin: -m < d < 0 or 0 < d < m (m > 0);
 * - `non-inferior`: d > -m (m > 0), nothing more yet.
 */
export const PAIRED_SEQUENCE_FINDINGS = ['worse', 'better', 'equivalent', 'within-margin', 'non-inferior'] as const;
export type PairedSequenceFinding = (typeof PAIRED_SEQUENCE_FINDINGS)[number];

/** A finding and the pair at which the sequence reached it. */
export interface PairedSequenceDecision {
  readonly finding: PairedSequenceFinding;
  /** The number of pairs at which every test the finding rests on had been rejected. */
  readonly decidedAt: number;
}

const at = (...tests: SequentialTest[]): number | null => {
  let latest = 0;
  for (const test of tests) {
    if (test.rejectedAt === null) return null;
    latest = Math.max(latest, test.rejectedAt);
  }
  return latest;
};

/**
 * The first finding a sequential comparison reached, or null while none is shown (docs/decision.md, "Sequential
 * analysis"). Each finding rests on one-sided tests of the state, each at level alpha / 2 and rejected for good
 * (`rejectedAt`): `worse` on `drop` (margin 0) or `dropBeyondMargin`; `better` on `gain` or `gainBeyondMargin`;
 * `equivalent` on `nonInferiority` and `nonSuperiority` (two one-sided tests); `within-margin` on `drop` and
 * `nonInferiority`, or `gain` and `nonSuperiority`; `non-inferior` on `nonInferiority` alone. A finding is
 * reached at the pair where its last test was rejected, and the earliest wins (ties in the order above), so a
 * monitor that stops at the first finding and an analysis of the whole path afterwards agree on it. Findings that
 * contradict each other (worse and equivalent) can both be reached only through an error of the tests, with
 * probability at most alpha.
 *
 * @throws {TypeError} if `state` is not a sequence state
 * @example pairedSequenceDecision(pairedSequentialTest(Array(10).fill(false), Array(10).fill(true))) // { finding: 'better', decidedAt: 8 }
 */
export function pairedSequenceDecision(state: PairedSequenceState): PairedSequenceDecision | null {
  if (typeof state !== 'object' || state === null || typeof (state as { tests?: unknown }).tests !== 'object') {
    throw new TypeError(
      `pairedSequenceDecision: \`state\` must come from startPairedSequence or updatePairedSequence, got ${describeValue(state)}`,
    );
  }
  const t = state.tests;
  const candidates: [PairedSequenceFinding, number | null][] =
    state.margin === 0
      ? [
          ['worse', at(t.drop)],
          ['better', at(t.gain)],
        ]
      : [
          ['worse', at(t.dropBeyondMargin)],
          ['better', at(t.gainBeyondMargin)],
          ['equivalent', at(t.nonInferiority, t.nonSuperiority)],
          ['within-margin', minOf(at(t.drop, t.nonInferiority), at(t.gain, t.nonSuperiority))],
          ['non-inferior', at(t.nonInferiority)],
        ];
  let best: PairedSequenceDecision | null = null;
  for (const [finding, decidedAt] of candidates) {
    if (decidedAt !== null && (best === null || decidedAt < best.decidedAt)) best = { finding, decidedAt };
  }
  return best;
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
