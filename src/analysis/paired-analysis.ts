import type { Interval, PairedComparison } from '../schema/verdict-document';

/**
 * A paired comparison and the means to rebuild its headline interval at another level: a family of candidates
 * or slices is adjusted after every member is analysed (`adjustFamily`), and each member's interval is then
 * rebuilt at its adjusted level, still dual to its test.
 */
export interface PairedAnalysis {
  /** The comparison, with the headline interval at 1 - alpha. */
  readonly paired: PairedComparison;
  /** The headline interval (dual to `paired.test`) at `confidence`. */
  readonly intervalAt: (confidence: number) => Interval;
  /**
   * The whole comparison at level `alpha` (the sequential analysis, whose tests' rejections and finding depend on
   * the level too); absent where rebuilding the interval is enough.
   */
  readonly pairedAt?: (alpha: number) => PairedComparison;
}
