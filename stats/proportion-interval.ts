import { beta } from './distributions/beta';
import { normal } from './distributions/normal';
import type { IntervalResult } from './types';
import { assertCount, assertOneOf, assertOpenProbability, assertOptions, assertPositiveInteger } from './validate';

/** The interval methods of {@link proportionInterval}. */
export type ProportionIntervalMethod =
  | 'wilson'
  | 'wilson-cc'
  | 'clopper-pearson'
  | 'jeffreys'
  | 'agresti-coull'
  | 'wald';

const METHODS: readonly ProportionIntervalMethod[] = [
  'wilson',
  'wilson-cc',
  'clopper-pearson',
  'jeffreys',
  'agresti-coull',
  'wald',
];

/** Options of {@link proportionInterval}. */
export interface ProportionIntervalOptions {
  /** How the interval is built (see {@link proportionInterval}). @default 'wilson' */
  readonly method?: ProportionIntervalMethod;
  /** Two-sided confidence level, strictly between 0 and 1. @default 0.95 */
  readonly confidence?: number;
}

const clip01 = (value: number): number => Math.min(1, Math.max(0, value));

/**
 * Wilson score bounds around `center` = x/n ± a continuity correction, written as R's prop.test
 * writes them: (p + z²/2n ± z √(p(1-p)/n + z²/4n²)) / (1 + z²/n), and exactly 0 (1) once the
 * corrected centre reaches the end of [0, 1].
 */
function wilsonBounds(p: number, n: number, z: number, correction: number): [number, number] {
  const z22n = (z * z) / (2 * n);
  const bound = (center: number, sign: number) =>
    (center + z22n + sign * z * Math.sqrt((center * (1 - center)) / n + z22n / (2 * n))) / (1 + 2 * z22n);
  const low = p - correction / n;
  const high = p + correction / n;
  return [low <= 0 ? 0 : bound(low, -1), high >= 1 ? 1 : bound(high, 1)];
}

/**
 * Two-sided confidence interval for a binomial proportion x/n. Every method reports the estimate
 * x/n and bounds clipped to [0, 1]; z = Φ⁻¹(1 - α/2) with α = 1 - confidence.
 *
 * - `wilson` (default): score interval (p + z²/2n ± z√(p(1-p)/n + z²/4n²)) / (1 + z²/n). Wilson (1927)
 *   JASA 22:209; equals R `prop.test(x, n, correct = FALSE)$conf.int`.
 * - `wilson-cc`: Wilson evaluated at p ∓ 1/(2n) (the full 0.5 continuity correction), lower 0 at x = 0 and
 *   upper 1 at x = n. Newcombe (1998) Stat Med 17:857, method 4. R's `prop.test(correct = TRUE)` shrinks the
 *   correction towards its null p; this does not.
 * - `clopper-pearson`: [B⁻¹(α/2; x, n-x+1), B⁻¹(1-α/2; x+1, n-x)], 0 at x = 0 and 1 at x = n. Clopper &
 *   Pearson (1934) Biometrika 26:404; equals R `binom.test(x, n)$conf.int`.
 * - `jeffreys`: equal-tailed quantiles of Beta(x + ½, n - x + ½) with the boundary rule of Brown, Cai &
 *   DasGupta (2001) Stat Sci 16:101: lower 0 at x = 0, upper 1 at x = n.
 * - `agresti-coull`: ñ = n + z², p̃ = (x + z²/2)/ñ, p̃ ± z√(p̃(1-p̃)/ñ). Agresti & Coull (1998) Am Stat 52:119;
 *   R `binom::binom.confint(method = "agresti-coull")`, clipped here.
 * - `wald`: p ± z√(p(1-p)/n); R `binom::binom.confint(method = "asymptotic")`, clipped here. Collapses to a
 *   point at x = 0 and x = n: prefer Wilson.
 *
 * @param successes x, an integer in [0, trials]
 * @param trials n, an integer >= 1
 * @throws {TypeError} if a count or the confidence is not a number, or `options` is not an object
 * @throws {RangeError} if a count is not a non-negative integer, `successes` exceeds `trials`, `trials` is 0,
 *   `confidence` is outside (0, 1) or `method` is unknown; the message names the argument and its value
 * @example proportionInterval(81, 263) // { estimate: 0.30798..., lower: 0.25529..., upper: 0.36621..., confidence: 0.95, method: 'wilson' }
 */
export function proportionInterval(
  successes: number,
  trials: number,
  options: ProportionIntervalOptions = {},
): IntervalResult<ProportionIntervalMethod> {
  const fn = 'proportionInterval';
  assertOptions(fn, options);
  const { method = 'wilson', confidence = 0.95 } = options;
  assertCount(fn, 'successes', successes);
  assertPositiveInteger(fn, 'trials', trials);
  if (successes > trials) {
    throw new RangeError(`${fn}: \`successes\` (${successes}) must not exceed \`trials\` (${trials})`);
  }
  assertOneOf(fn, 'method', method, METHODS);
  assertOpenProbability(fn, 'confidence', confidence);

  const x = successes;
  const n = trials;
  const p = x / n;
  const alpha = 1 - confidence;
  const z = -normal.quantile(alpha / 2);
  let lower: number;
  let upper: number;
  switch (method) {
    case 'wilson':
      [lower, upper] = wilsonBounds(p, n, z, 0);
      break;
    case 'wilson-cc':
      [lower, upper] = wilsonBounds(p, n, z, 0.5);
      break;
    case 'clopper-pearson':
      lower = x === 0 ? 0 : beta.quantile(alpha / 2, x, n - x + 1);
      upper = x === n ? 1 : beta.quantile(1 - alpha / 2, x + 1, n - x);
      break;
    case 'jeffreys':
      lower = x === 0 ? 0 : beta.quantile(alpha / 2, x + 0.5, n - x + 0.5);
      upper = x === n ? 1 : beta.quantile(1 - alpha / 2, x + 0.5, n - x + 0.5);
      break;
    case 'agresti-coull': {
      const nTilde = n + z * z;
      const pTilde = (x + (z * z) / 2) / nTilde;
      const half = z * Math.sqrt((pTilde * (1 - pTilde)) / nTilde);
      [lower, upper] = [pTilde - half, pTilde + half];
      break;
    }
    case 'wald': {
      const half = z * Math.sqrt((p * (1 - p)) / n);
      [lower, upper] = [p - half, p + half];
      break;
    }
  }
  return { estimate: p, lower: clip01(lower), upper: clip01(upper), confidence, method };
}
