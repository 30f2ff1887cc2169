/** The shapes of the anytime-valid paired sequence: startPairedSequence's options and state, and each test's. */
import type { SequentialAlternative } from './betting-log-e-value';
import type { PairedSequenceDesign } from './design-likelihood-ratio';
import type { PairedTable } from './types';

export type { PairedSequenceDesign, SequentialAlternative };

/** What one outcome is: a pass (`binary`, true/false or 1/0) or a score in `bounds` (`bounded`). */
export type PairedSequenceOutcome = 'binary' | 'bounded';
/**
 * `betting-mixture`: the exact wealth of constant bets on the paired differences, mixed over a uniform prior
 * (binary outcomes); `betting-mixture-eb`: the same mixture over Fan's empirical-Bernstein lower bound of the
 * wealth (bounded scores), a function of the mean and variance of the differences.
 */
export type PairedSequenceMethod = 'betting-mixture' | 'betting-mixture-eb';

/** Options of {@link startPairedSequence} and {@link pairedSequentialTest}. */
export interface PairedSequenceOptions {
  /**
   * Level, strictly between 0 and 1: the confidence sequence misses the true difference at some n with probability
   * at most alpha (alpha / 2 per side), so each one-sided test, monitored after every pair and stopped at any time,
   * rejects a true null with probability at most alpha / 2, and "no difference" at most alpha. @default 0.05
   */
  readonly alpha?: number;
  /**
   * Margin m >= 0 in the units of the difference (a proportion for binary outcomes, score units for bounded ones),
   * below the width of the range: the non-inferiority test is at -m, the equivalence tests at -m and +m. @default 0
   */
  readonly margin?: number;
  /** `binary` (each outcome a pass: true/false or 1/0) or `bounded` (each a score in `bounds`). @default 'binary' */
  readonly outcome?: PairedSequenceOutcome;
  /** `bounded` only: the range [a, b] that every score lies in, a < b (`binary`: [0, 1]). @default [0, 1] */
  readonly bounds?: readonly [number, number];
  /**
   * `binary` only: tune the tests of no difference (`drop`, `gain`) to this alternative: each uses the likelihood
   * ratio at the design's share of discordant pairs (stats/design-likelihood-ratio.ts, the GROW e-value) instead
   * of the uniform mixture; the margin tests and the confidence sequence keep the mixture. Faster at and above
   * the design difference, blind to differences well below it. @default none (the mixture)
   */
  readonly design?: PairedSequenceDesign & { readonly truncation?: PairedSequenceTruncation };
}

/**
 * The calibrated truncated design of `drop` and `gain` (stats/calibrated-design-plan.ts, `calibratedDesignPlan`):
 * each rejects when its likelihood ratio reaches `threshold` (below Ville's 2 / alpha), and at `maxDiscordant`
 * discordant pairs the final exact look is taken and both are frozen: valid up to K discordant pairs only.
 */
export interface PairedSequenceTruncation {
  readonly threshold: number;
  readonly maxDiscordant: number;
}

/** One one-sided sequential test of the mean paired difference d (candidate minus baseline) at a null value c. */
export interface SequentialTest {
  /** The null value c of the difference. */
  readonly nullValue: number;
  /** `less`: H0 d >= c against d < c; `greater`: H0 d <= c against d > c. */
  readonly alternative: SequentialAlternative;
  /** log of the e-value after the pairs so far (0 before any pair: wealth 1). */
  readonly logEValue: number;
  /** log of the largest e-value so far (>= 0): the evidence a monitor has seen. */
  readonly maxLogEValue: number;
  /**
   * Anytime-valid p-value min(1, 2 / max e-value), compared with alpha: each one-sided test spends alpha / 2, as
   * each side of the two-sided 1 - alpha confidence sequence does. Never rises.
   */
  readonly pValue: number;
  /** The number of pairs at which `pValue` first fell to alpha or below (the null rejected, for good), or null. */
  readonly rejectedAt: number | null;
}

/**
 * The six one-sided tests, named by what their rejection shows. With margin 0 the margin tests are the same objects
 * as `drop` and `gain`.
 */
export interface PairedSequenceTests {
  /** H0 d >= 0 against d < 0: rejected, the candidate is worse. */
  readonly drop: SequentialTest;
  /** H0 d <= 0 against d > 0: rejected, the candidate is better. */
  readonly gain: SequentialTest;
  /** H0 d <= -m against d > -m: rejected, the candidate is non-inferior within the margin. */
  readonly nonInferiority: SequentialTest;
  /** H0 d >= m against d < m: rejected, the candidate is not better by the margin or more. */
  readonly nonSuperiority: SequentialTest;
  /** H0 d >= -m against d < -m: rejected, the candidate is worse by more than the margin. */
  readonly dropBeyondMargin: SequentialTest;
  /** H0 d <= m against d > m: rejected, the candidate is better by more than the margin. */
  readonly gainBeyondMargin: SequentialTest;
}

/**
 * The state of a sequential paired comparison after some pairs: plain JSON, never mutated ({@link
 * updatePairedSequence} returns a new one), holding the choices that shaped it, the sufficient statistics and the
 * six tests.
 */
export interface PairedSequenceState {
  readonly method: PairedSequenceMethod;
  readonly outcome: PairedSequenceOutcome;
  /** Range of one outcome ([0, 1] for binary); the difference lies in [a - b, b - a]. */
  readonly bounds: readonly [number, number];
  readonly alpha: number;
  readonly margin: number;
  /** The design alternative `drop` and `gain` are tuned to, with its share q1 of discordant pairs; null: none. */
  readonly design:
    | (PairedSequenceDesign & {
        readonly share: number;
        /** The calibrated truncation, with its final look's critical wins at K and P0(crossed within K) per side. */
        readonly truncation?: PairedSequenceTruncation & { readonly critical: number; readonly spent: number };
      })
    | null;
  /** Pairs so far. */
  readonly n: number;
  /** `binary`: the paired 2x2 table so far (n10: baseline passes, candidate fails); `bounded`: null. */
  readonly table: Required<PairedTable> | null;
  /** Mean of the differences so far, candidate minus baseline (0 before any pair). */
  readonly meanDifference: number;
  /** Sum of squared deviations of the differences from their mean (Welford's update). */
  readonly sumSquaredDeviations: number;
  readonly tests: PairedSequenceTests;
}
