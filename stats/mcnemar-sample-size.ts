import { connorPower } from './connor-power';
import { normal } from './distributions/normal';
import { exactMcNemarPowerModel } from './exact-mcnemar-power-model';
import { assertDiscordantRates, MCNEMAR_POWER_METHODS, type McNemarPowerMethod } from './mcnemar-power';
import { MCNEMAR_TEST_METHODS, type McNemarTestMethod } from './mcnemar-test';
import { assertOneOf, assertOpenProbability, assertOptions } from './validate';

/** The largest n the exact search examines: beyond it the normal approximation is accurate anyway. */
export const MCNEMAR_EXACT_MAX_N = 1_000_000;

/** Options of {@link mcnemarSampleSize}. */
export interface McNemarSampleSizeOptions {
  /** P(baseline passes, candidate fails), in [0, 1]. */
  readonly p10: number;
  /** P(baseline fails, candidate passes), in [0, 1]; must differ from p10. */
  readonly p01: number;
  /** Two-sided significance level. @default 0.05 */
  readonly alpha?: number;
  /** Target power, strictly between 0 and 1. @default 0.8 */
  readonly power?: number;
  /** `connor` (closed form) or `exact` (search over n). @default 'connor' */
  readonly method?: McNemarPowerMethod;
  /**
   * `exact` method only: the McNemar test whose exact power is summed (`mcnemarTest`'s methods). Connor's formula
   * is the power of the `score` test (the z test without continuity correction) whichever test is named.
   * @default 'exact'
   */
  readonly test?: McNemarTestMethod;
}

/** The result of {@link mcnemarSampleSize}. */
export interface McNemarSampleSize {
  /** Number of pairs needed (an integer). */
  readonly n: number;
  /** Connor's closed-form n before rounding up; absent for `exact`. */
  readonly nUnrounded?: number;
  /** Power at `n` by the same method (both tails). */
  readonly power: number;
  readonly method: McNemarPowerMethod;
}

/**
 * Number of pairs the two-sided McNemar test needs to reach a power, for discordant-cell
 * probabilities p10 (baseline passes, candidate fails) and p01.
 *
 * - `connor` (default): Connor (1987, Biometrics 43:207) closed form
 *   n = [z_{1-alpha/2} sqrt(d) + z_{power} sqrt(d - delta^2)]^2 / delta^2, d = p10 + p01, delta = p01 - p10,
 *   returned as `nUnrounded` and rounded up as `n`. (Its derivation ignores the wrong-direction tail, so
 *   `mcnemarPower` at `n` is at least the target.) Reproduces Connor's calculator example
 *   p10 = 0.05, p01 = 0.45 -> 23.
 * - `exact`: the smallest n whose exact power (`mcnemarPower(..., method: 'exact')`) reaches the target.
 *   Exact power is saw-toothed in n, most visibly when most pairs are discordant: for p10 = 0.05,
 *   p01 = 0.95, alpha = 0.05 it is 0.735 at n = 6, 0.698 at 7, 0.663 at 8 and 0.929 at 9, so for power 0.7
 *   this returns 6 although 7 and 8 fall short again; a plan that must hold at every larger n should
 *   check `mcnemarPower` there. The answer is the first n that reaches it, found without scanning from 1: a monotone upper
 *   bound on the power (the expected running maximum of the conditional power) gives a floor below which
 *   no n can reach the target, and the exact power is scanned upward from there. No `nUnrounded`.
 *   Searches up to `MCNEMAR_EXACT_MAX_N` pairs.
 *
 * @throws {RangeError} if p10 = p01 (no sample size reaches a power above alpha), a probability is out of
 *   range, (connor) the power is at or below Connor's power as n approaches 0 (below alpha / 2), the method is
 *   unknown, or `exact` needs more than `MCNEMAR_EXACT_MAX_N` pairs
 * @example mcnemarSampleSize({ p10: 0.05, p01: 0.45 }) // { n: 23, nUnrounded: 22.0113..., power: 0.8194..., method: 'connor' }
 * @example mcnemarSampleSize({ p10: 0.1, p01: 0.2, power: 0.9, method: 'exact' }).n // 325
 */
export function mcnemarSampleSize(options: McNemarSampleSizeOptions): McNemarSampleSize {
  const fn = 'mcnemarSampleSize';
  assertOptions(fn, options);
  if (options === undefined) throw new TypeError(`${fn}: \`options\` must be an object { p10, p01 }, got undefined`);
  const { p10, p01, alpha = 0.05, power = 0.8, method = 'connor', test = 'exact' } = options;
  assertDiscordantRates(fn, p10, p01);
  assertOpenProbability(fn, 'alpha', alpha);
  assertOpenProbability(fn, 'power', power);
  assertOneOf(fn, 'method', method, MCNEMAR_POWER_METHODS);
  assertOneOf(fn, 'test', test, MCNEMAR_TEST_METHODS);
  if (p10 === p01) {
    throw new RangeError(
      `${fn}: \`p10\` and \`p01\` must differ, got ${p10} and ${p01} (with no difference no sample size reaches the power)`,
    );
  }
  if (method === 'connor') {
    const discordance = p10 + p01;
    const delta = p01 - p10;
    const zAlpha = -normal.quantile(alpha / 2);
    const zPower = normal.quantile(power);
    const sd = Math.sqrt(Math.max(0, discordance - delta * delta));
    const root = zAlpha * Math.sqrt(discordance) + zPower * sd;
    // root <= 0: Connor's power exceeds the target at every n > 0, so squaring the root would return an n whose
    // power is not the target.
    if (root <= 0) {
      throw new RangeError(
        `${fn}: \`power\` (${power}) must exceed ${normal.cdf((zPower * sd - root) / sd)}, Connor's power as n approaches 0`,
      );
    }
    const nUnrounded = (root * root) / (delta * delta);
    const n = Math.max(1, Math.ceil(nUnrounded));
    return { n, nUnrounded, power: connorPower(n, p10, p01, alpha), method };
  }
  const found = exactSampleSize(exactMcNemarPowerModel(p10, p01, alpha, test), power);
  if (found === undefined) {
    throw new RangeError(
      `${fn}: the exact power for p10 = ${p10}, p01 = ${p01} does not reach ${power} within ${MCNEMAR_EXACT_MAX_N} pairs; use method 'connor'`,
    );
  }
  return { ...found, method };
}

/**
 * The smallest n whose exact power reaches `power`, with the power there, or undefined past
 * `MCNEMAR_EXACT_MAX_N`: the monotone lower bound gives the floor, the exact power is scanned upward from it
 * (internal: `mcnemarSampleSize`, and analysis's power summary with critical counts it shares).
 */
export function exactSampleSize(
  model: ReturnType<typeof exactMcNemarPowerModel>,
  power: number,
): { n: number; power: number } | undefined {
  const floor = model.lowerBoundForPower(power, MCNEMAR_EXACT_MAX_N);
  if (floor > MCNEMAR_EXACT_MAX_N) return undefined;
  let achieved = Number.NaN;
  const n = model.scan(
    floor,
    (_, p) => {
      achieved = p;
      return p >= power;
    },
    MCNEMAR_EXACT_MAX_N,
  );
  return n === undefined ? undefined : { n, power: achieved };
}
