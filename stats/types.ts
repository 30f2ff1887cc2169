/**
 * Shared result and input types of the statistics layer.
 * Orientation everywhere: A is the baseline, B the candidate; differences are B minus A.
 */

/**
 * A paired 2x2 table of binary outcomes on the same items. First digit: baseline (A), second: candidate (B).
 * `n11` both pass, `n10` baseline passes and candidate fails, `n01` baseline fails and candidate passes,
 * `n00` both fail. `n11` and `n00` may be omitted where only the discordant cells matter.
 */
export interface PairedTable {
  readonly n11?: number;
  readonly n10: number;
  readonly n01: number;
  readonly n00?: number;
}

/** Two independent groups: x1 of n1 (group 1, the baseline) and x2 of n2 (group 2, the candidate). */
export interface TwoProportionCounts {
  readonly x1: number;
  readonly n1: number;
  readonly x2: number;
  readonly n2: number;
}

/** A two-sided confidence interval and the choices that shaped it (as R's htest echoes them). */
export interface IntervalResult<M extends string = string> {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** Two-sided coverage, e.g. 0.95. */
  readonly confidence: number;
  readonly method: M;
}

/**
 * A paired 2x2 table of one cluster of items (one passage's questions, one conversation's turns), with all four
 * cells, since the cluster's size n11 + n10 + n01 + n00 enters the clustered statistics.
 */
export interface ClusterTable {
  readonly n11: number;
  readonly n10: number;
  readonly n01: number;
  readonly n00: number;
}
