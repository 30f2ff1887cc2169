import { normal } from './distributions/normal';
import { findRoot } from './find-root';
import { proportionInterval } from './proportion-interval';
import type { IntervalResult, PairedTable } from './types';
import { assertCount, assertOneOf, assertOpenProbability, assertOptions, describeValue } from './validate';

/** The interval methods of {@link pairedDifference}. */
export const PAIRED_DIFFERENCE_METHODS = ['newcombe', 'tango', 'wald', 'wald-cc', 'agresti-min'] as const;
export type PairedDifferenceMethod = (typeof PAIRED_DIFFERENCE_METHODS)[number];

/** Options of {@link pairedDifference}. */
export interface PairedDifferenceOptions {
  /** How the interval is built (see {@link pairedDifference}). @default 'newcombe' */
  readonly method?: PairedDifferenceMethod;
  /** Two-sided confidence level, strictly between 0 and 1. @default 0.95 */
  readonly confidence?: number;
}

interface Cells {
  readonly n11: number;
  readonly n10: number;
  readonly n01: number;
  readonly n00: number;
  readonly n: number;
}

/** Newcombe (1998) method 10: Wilson limits of both rates combined with a corrected phi coefficient. */
function newcombeBounds({ n11, n10, n01, n00, n }: Cells, confidence: number): [number, number] {
  const candidate = proportionInterval(n11 + n01, n, { confidence });
  const baseline = proportionInterval(n11 + n10, n, { confidence });
  const pB = candidate.estimate;
  const pA = baseline.estimate;
  const margins = (n11 + n01) * (n10 + n00) * (n11 + n10) * (n01 + n00);
  const cross = n11 * n00 - n10 * n01;
  // Newcombe's correction: shrink ad - bc by n/2 above n/2, set it to 0 in [0, n/2], keep it when negative.
  const corrected = cross > n / 2 ? cross - n / 2 : Math.min(cross, 0);
  const phi = margins === 0 ? 0 : corrected / Math.sqrt(margins);
  const spread = (x: number, y: number) => Math.sqrt(Math.max(0, x * x - 2 * phi * x * y + y * y));
  const d = pB - pA;
  return [d - spread(pB - candidate.lower, baseline.upper - pA), d + spread(candidate.upper - pB, pA - baseline.lower)];
}

/**
 * Tango (1998) score interval: the Δ where (n01 - n10 - nΔ) / √(n(2q̂ + Δ(1 - Δ))) = ±z, q̂ the restricted
 * MLE of P(n10 cell) given Δ. The score falls as Δ rises; a limit is ±1 when the score at ±1 does not reach ∓z
 * (in particular when every pair is discordant in one direction).
 */
function tangoBounds({ n10, n01, n }: Cells, z: number): [number, number] {
  const score = (delta: number) => {
    const b = -n01 - n10 + (2 * n - n01 + n10) * delta;
    const c = -n10 * delta * (1 - delta);
    const q = (Math.sqrt(Math.max(0, b * b - 8 * n * c)) - b) / (4 * n);
    return (n01 - n10 - n * delta) / Math.sqrt(n * (2 * q + delta * (1 - delta)));
  };
  const estimate = (n01 - n10) / n;
  const solve = (target: number, end: number) => {
    const atEnd = score(end);
    // NaN at an end (0/0) means the estimate sits there; the end is then the limit.
    if (Number.isNaN(atEnd) || (target > 0 ? atEnd <= target : atEnd >= target)) return end;
    if (estimate === end) return end;
    // The score is 0 at the estimate (0/0 when there are no discordant pairs: use the limit).
    const f = (delta: number) => (delta === estimate ? 0 : score(delta)) - target;
    return findRoot(f, Math.min(end, estimate), Math.max(end, estimate), {
      tolerance: 1e-14,
    });
  };
  return [solve(z, -1), solve(-z, 1)];
}

/**
 * Confidence interval for the difference of paired pass rates, candidate minus baseline:
 * D = pB - pA = (n01 - n10) / n. z = Φ⁻¹(1 - α/2).
 *
 * - `newcombe` (default): Newcombe (1998) Stat Med 17:2635, method 10 (Wilson limits of each rate, combined
 *   with the phi coefficient of the table, corrected as in the paper); as `epiR::epi.conf(ctype = "prop.paired")`.
 *   Stays in [-1, 1] and behaves well at 0 or n discordant pairs.
 * - `tango`: score interval of Tango (1998) Stat Med 17:891 (with the 1999 correction), as the equation in
 *   `PropCIs::scoreci.mp`, solved to about 1e-14 (PropCIs' bisection stops near 1e-7).
 * - `wald`: D ± z √(n10 + n01 - (n01 - n10)²/n) / n, unclipped; `PropCIs::diffpropci.Wald.mp`.
 * - `wald-cc`: the Wald interval widened by 1/n on each side (Fleiss, Levin & Paik 2003, §13), unclipped;
 *   `epibasix::mcNemar`.
 * - `agresti-min`: add ½ to every cell (Agresti & Min 2005, Stat Med 24:729): estimate (n01 - n10)/(n + 2),
 *   bounds estimate ± z √((n10 + n01 + 1) - (n01 - n10)²/(n + 2)) / (n + 2) clipped to [-1, 1];
 *   `PropCIs::diffpropci.mp`.
 *
 * PropCIs estimates (c - b)/n in its own cell naming; verdict's orientation is always candidate minus baseline,
 * so swapping baseline and candidate negates the estimate and both limits.
 *
 * @throws {TypeError} if `table` or `options` is not an object, or a cell is not a number
 * @throws {RangeError} if a cell is not a non-negative integer, the table is empty, `confidence` is outside
 *   (0, 1) or `method` is unknown
 * @example pairedDifference({ n11: 36, n10: 2, n01: 12, n00: 0 }) // { estimate: 0.2, lower: 0.05693..., upper: 0.34043..., confidence: 0.95, method: 'newcombe' }
 */
export function pairedDifference(
  table: PairedTable,
  options: PairedDifferenceOptions = {},
): IntervalResult<PairedDifferenceMethod> {
  const fn = 'pairedDifference';
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    throw new TypeError(`${fn}: \`table\` must be an object { n11, n10, n01, n00 }, got ${describeValue(table)}`);
  }
  assertOptions(fn, options);
  const { method = 'newcombe', confidence = 0.95 } = options;
  const { n11, n10, n01, n00 } = table;
  assertCount(fn, 'table.n11', n11);
  assertCount(fn, 'table.n10', n10);
  assertCount(fn, 'table.n01', n01);
  assertCount(fn, 'table.n00', n00);
  const n = n11 + n10 + n01 + n00;
  if (n === 0) throw new RangeError(`${fn}: \`table\` must hold at least one pair, got 0`);
  assertOneOf(fn, 'method', method, PAIRED_DIFFERENCE_METHODS);
  assertOpenProbability(fn, 'confidence', confidence);

  const cells = { n11, n10, n01, n00, n };
  const z = -normal.quantile((1 - confidence) / 2);
  const estimate = (n01 - n10) / n;
  const result = (estimate: number, [lower, upper]: [number, number]) => ({
    estimate,
    lower,
    upper,
    confidence,
    method,
  });
  switch (method) {
    case 'newcombe':
      return result(estimate, newcombeBounds(cells, confidence));
    case 'tango':
      return result(estimate, tangoBounds(cells, z));
    case 'wald':
    case 'wald-cc': {
      const half = (z * Math.sqrt(n10 + n01 - (n01 - n10) ** 2 / n)) / n + (method === 'wald-cc' ? 1 / n : 0);
      return result(estimate, [estimate - half, estimate + half]);
    }
    case 'agresti-min': {
      const adjusted = (n01 - n10) / (n + 2);
      const half = (z * Math.sqrt(n10 + n01 + 1 - (n01 - n10) ** 2 / (n + 2))) / (n + 2);
      return result(adjusted, [Math.max(-1, adjusted - half), Math.min(1, adjusted + half)]);
    }
  }
}
