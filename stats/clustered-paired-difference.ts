import { type ClusterSums, clusterSums, designEffectOf } from './cluster-sums';
import { normal } from './distributions/normal';
import type { ClusterTable, IntervalResult } from './types';
import { assertOneOf, assertOpenProbability, assertOptions } from './validate';

/** The intervals of {@link clusteredPairedDifference}: each is the inversion of the test of the same name. */
export type ClusteredPairedDifferenceMethod = 'yang' | 'obuchowski';

const METHODS: readonly ClusteredPairedDifferenceMethod[] = ['yang', 'obuchowski'];

/** Options of {@link clusteredPairedDifference}. */
export interface ClusteredPairedDifferenceOptions {
  /** Which test is inverted (as in `clusteredMcNemarTest`). @default 'yang' */
  readonly method?: ClusteredPairedDifferenceMethod;
  /** Two-sided confidence level, strictly between 0 and 1. @default 0.95 */
  readonly confidence?: number;
}

/** The result of {@link clusteredPairedDifference}: the interval and the design effect behind it. */
export interface ClusteredPairedDifferenceResult extends IntervalResult<ClusteredPairedDifferenceMethod> {
  /** As `clusteredDesignEffect`. */
  readonly designEffect: number;
  /** Number of clusters K. */
  readonly nClusters: number;
  /** Number of pairs N. */
  readonly n: number;
}

/**
 * Confidence interval for the difference in pass rates under clustering, candidate minus baseline,
 * D = (n01 - n10) / N, that is dual to `clusteredMcNemarTest` with the same `method`: 0 lies outside it exactly
 * when that test's p-value is below 1 - confidence (up to rounding at the boundary).
 *
 * It is the set of d whose generalised statistic stays below c = z^2, z = Phi^-1((1 + confidence) / 2). With
 * e_k = n01_k - n10_k, E = sum e_k, f = (K - 1) / K, Q(d) = sum (e_k - n_k d)^2 (the variance under D = d, as
 * Obuchowski's is under D = 0) and Q(D) the variance at the estimate:
 *
 * - `yang` (default): T(d) = f (E - N d)^2 / (1/2 [Q(D) + Q(d)]), Yang, Sun & Hardin's (2010) statistic at d;
 * - `obuchowski`: T(d) = f (E - N d)^2 / Q(d), Obuchowski's (1998) statistic at d.
 *
 * T(0) is the test's statistic. T(d) <= c is a quadratic inequality in t = d - D, solved in closed form: with
 * S = sum n_k^2, R = sum n_k (e_k - n_k D) and W = Q(D), `yang` gives (f N^2 - c S / 2) t^2 + c R t - c W <= 0 and
 * `obuchowski` (f N^2 - c S) t^2 + 2 c R t - c W <= 0. The constant term is never positive, so the estimate is
 * always inside. When the leading coefficient is positive (about 3 or more equally sized clusters for `yang`, 5
 * for `obuchowski`) the set is one interval around D; it is clipped to [-1, 1]. When it is not (one or two
 * clusters hold most items) the set can be unbounded or split in two: the interval is then the hull of the set
 * within [-1, 1] if the test does not reject 0, and the piece holding D if it does, so that duality still holds.
 *
 * Why an inverted test and not the Wald interval D +- z sqrt(variance at D): neither test is of Wald type (their
 * variance is computed under the null value), and a Wald interval would disagree with them. Like the tests,
 * the interval rests on moment estimates of the variance from the observed clusters: with very few discordant
 * pairs it is too narrow, and with every e_k = 0 (no discordant pairs, or each cluster balanced) it has width 0.
 * There the data cannot bound the difference; read it beside the unclustered analysis (`pairedDifference`).
 *
 * @param clusters one paired table `{ n11, n10, n01, n00 }` per cluster (at least 2, none empty)
 * @throws {TypeError} if `clusters` is not an array of objects, a cell is not a number, or `options` is not an object
 * @throws {RangeError} if there are fewer than 2 clusters, a cell is not a non-negative integer, a cluster is
 *   empty, `confidence` is outside (0, 1), or `method` is unknown
 * @example const passages = [{ n11: 2, n10: 0, n01: 1, n00: 1 }, { n11: 0, n10: 0, n01: 2, n00: 2 }, { n11: 3, n10: 0, n01: 1, n00: 0 }, { n11: 1, n10: 0, n01: 3, n00: 0 }, { n11: 4, n10: 0, n01: 0, n00: 1 }, { n11: 2, n10: 0, n01: 1, n00: 2 }]
 * clusteredPairedDifference(passages) // { estimate: 0.3076923076923077, lower: 0.05006111896875132, upper: 0.5884916303725252, confidence: 0.95, method: 'yang', ... } (test p = 0.0294)
 */
export function clusteredPairedDifference(
  clusters: readonly ClusterTable[],
  options: ClusteredPairedDifferenceOptions = {},
): ClusteredPairedDifferenceResult {
  const fn = 'clusteredPairedDifference';
  const sums = clusterSums(fn, clusters);
  assertOptions(fn, options);
  const { method = 'yang', confidence = 0.95 } = options;
  assertOneOf(fn, 'method', method, METHODS);
  assertOpenProbability(fn, 'confidence', confidence);
  const z = normal.quantile((1 + confidence) / 2);
  const [lower, upper] = invertedBounds(sums, method, z * z);
  return {
    estimate: sums.estimate,
    lower,
    upper,
    confidence,
    method,
    designEffect: designEffectOf(sums),
    nClusters: sums.nClusters,
    n: sums.n,
  };
}

/** The accepted set { t : a t^2 + b t + c <= 0 } as closed pieces (c <= 0, so t = 0 is always in one). */
function acceptedPieces(a: number, b: number, c: number): [number, number][] {
  const all: [number, number][] = [[Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]];
  if (a === 0) {
    if (b === 0) return all;
    return b > 0 ? [[Number.NEGATIVE_INFINITY, -c / b]] : [[-c / b, Number.POSITIVE_INFINITY]];
  }
  const discriminant = b * b - 4 * a * c;
  if (discriminant < 0) return all; // only possible for a < 0: the parabola opens down and never reaches 0
  // Roots without cancellation (Numerical Recipes §5.6): q = -(b + sign(b) sqrt(disc)) / 2, roots q / a and c / q.
  const q = -(b + (b < 0 ? -1 : 1) * Math.sqrt(discriminant)) / 2;
  const [r1, r2] = q === 0 ? [0, 0] : [q / a, c / q];
  const [low, high] = r1 <= r2 ? [r1, r2] : [r2, r1];
  return a > 0
    ? [[low, high]]
    : [
        [Number.NEGATIVE_INFINITY, low],
        [high, Number.POSITIVE_INFINITY],
      ];
}

function invertedBounds(sums: ClusterSums, method: ClusteredPairedDifferenceMethod, c: number): [number, number] {
  const { nClusters: k, n, estimate, sumSquaredSizes, sumSizeResiduals, sumSquaredResiduals } = sums;
  const f = (k - 1) / k;
  const weight = method === 'yang' ? 0.5 : 1;
  // In t = d - D: f N^2 t^2 <= c (weight-mixed variance), see the doc comment for the two quadratics.
  const a = f * n * n - weight * c * sumSquaredSizes;
  const b = 2 * weight * c * sumSizeResiduals;
  const constant = -c * sumSquaredResiduals;
  // Back from t to d, clipped to [-1, 1] there so that a clipped bound is exactly -1 or 1.
  const pieces = acceptedPieces(a, b, constant)
    .map(([p, q]): [number, number] => [Math.max(-1, estimate + p), Math.min(1, estimate + q)])
    .filter(([p, q]) => p <= q);
  const rejectsNull = a * estimate * estimate - b * estimate + constant > 0; // the quadratic at t = -D
  if (!rejectsNull) return [Math.min(...pieces.map(([p]) => p)), Math.max(...pieces.map(([, q]) => q))];
  // The piece holding D: t = 0 is always accepted, and D + p <= D <= D + q in floating point for p <= 0 <= q.
  return pieces.find(([p, q]) => p <= estimate && estimate <= q)!;
}
