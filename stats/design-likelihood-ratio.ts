import { describeValue } from './validate';

/**
 * The alternative a sequential design is tuned to: a difference in pass rate of `difference` (a proportion, either
 * direction) among items whose expected discordance p10 + p01 is `discordance` (as in `mcnemarSampleSize`).
 */
export interface PairedSequenceDesign {
  /** |d| = |p01 - p10| the design is to detect, a proportion in (0, discordance). */
  readonly difference: number;
  /** Expected share of discordant pairs p10 + p01, in (difference, 1]. */
  readonly discordance: number;
}

/**
 * The share of the discordant pairs on the side of the difference under the design alternative: with
 * p10 + p01 = ψ and |p01 - p10| = δ, P(the discordant pair points the design's way) = (ψ + δ) / (2ψ).
 *
 * @throws {TypeError} if `design` is not an object of two numbers
 * @throws {RangeError} if not 0 < difference < discordance <= 1 (naming `fn` and the field)
 * @example designDiscordantShare('startPairedSequence', { difference: 0.05, discordance: 0.15 }) // 0.6666666666666666
 */
export function designDiscordantShare(fn: string, design: unknown): number {
  if (typeof design !== 'object' || design === null || Array.isArray(design)) {
    throw new TypeError(
      `${fn}: \`design\` must be an object { difference, discordance }, got ${describeValue(design)}`,
    );
  }
  const { difference, discordance } = design as Record<string, unknown>;
  for (const [field, value] of [
    ['difference', difference],
    ['discordance', discordance],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TypeError(`${fn}: \`design.${field}\` must be a finite number, got ${describeValue(value)}`);
    }
  }
  const d = difference as number;
  const psi = discordance as number;
  if (!(psi > 0 && psi <= 1)) throw new RangeError(`${fn}: \`design.discordance\` must be in (0, 1], got ${psi}`);
  if (!(d > 0 && d < psi)) {
    throw new RangeError(
      `${fn}: \`design.difference\` must be above 0 and below \`design.discordance\` (${psi}): a difference of ${d} needs more discordant pairs than that`,
    );
  }
  return (psi + d) / (2 * psi);
}

/**
 * log of the likelihood-ratio e-value of a one-sided McNemar-type test tuned to a design alternative: on the
 * discordant pairs, H0 q <= 1/2 against the point q1 = (ψ + δ) / (2ψ) > 1/2 (q the share of discordant pairs on
 * the tested side; `wins` of them so far on that side, `losses` on the other):
 *
 *   E_n = (2 q1)^wins (2 (1 - q1))^losses.
 *
 * Each discordant pair multiplies it by 2 q1 or 2 (1 - q1), of conditional mean 2 (1 - q1) + 2q (2 q1 - 1) <= 1
 * when q <= 1/2, and a tied pair by 1, so it is a nonnegative supermartingale under every null distribution (any
 * discordance), and Ville's inequality makes P(sup_n E_n >= 1/a) <= a: valid under continuous monitoring. It is
 * Wald's (1945) SPRT statistic, and the GROW e-value (growth-rate optimal in the worst case over the alternative)
 * of Grünwald, de Heide & Koolen ("Safe testing", JRSS-B 2024, 86(5):1091-1128, Sec. 4: for a one-dimensional
 * exponential family and H1 = {q >= q1} it is the likelihood ratio at q1): the e-value that grows fastest,
 * E log E_n = n ψ KL(q1 || 1/2), when the design alternative holds. The price: at a true share q it grows at
 * q log(2 q1) + (1 - q) log(2 (1 - q1)) per discordant pair, which is negative below
 * q* = log(2 (1 - q1)) / log((1 - q1) / q1), so a difference well below the design's is never shown (q1 = 2/3:
 * q* = 0.585, a drop of 0.17 ψ, 2.5 points at ψ = 0.15), where the uniform mixture shows any difference in time.
 *
 * @example designLogLikelihoodRatio(12, 2, 2 / 3) // 12 log(4/3) + 2 log(2/3) = 2.6412...
 */
export function designLogLikelihoodRatio(wins: number, losses: number, share: number): number {
  return wins * Math.log(2 * share) + losses * Math.log(2 * (1 - share));
}
