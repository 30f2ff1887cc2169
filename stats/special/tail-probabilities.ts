/**
 * Both tails of a continuous distribution function at one point, with their logarithms. Functions that
 * return it compute the smaller tail directly (never as 1 minus something) and the other as its
 * complement, so each field is accurate to a few ulps relative to its own size, including the logarithm
 * of a tail that underflows a double.
 */
export interface TailProbabilities {
  /** P(X <= x). */
  readonly lower: number;
  /** P(X > x), computed without cancellation where it is the smaller tail. */
  readonly upper: number;
  /** log P(X <= x); finite even where `lower` underflows to 0. */
  readonly logLower: number;
  /** log P(X > x); finite even where `upper` underflows to 0. */
  readonly logUpper: number;
}

/**
 * Complete a pair of tails from the logarithm of the one computed directly.
 * @param logDirect log of the tail computed directly (<= 0)
 * @param directIsLower whether that tail is the lower one
 */
export function tailsFromLog(logDirect: number, directIsLower: boolean): TailProbabilities {
  const direct = Math.exp(logDirect);
  const logOther = direct < 0.5 ? Math.log1p(-direct) : Math.log(-Math.expm1(logDirect));
  const other = direct < 0.5 ? 1 - direct : -Math.expm1(logDirect);
  return directIsLower
    ? { lower: direct, upper: other, logLower: logDirect, logUpper: logOther }
    : { lower: other, upper: direct, logLower: logOther, logUpper: logDirect };
}
