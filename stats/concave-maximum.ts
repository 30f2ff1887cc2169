/** A concave function of one variable with its first two derivatives (a log-integrand in stats/). */
export interface ConcaveFunction {
  /** f(u); may be -Infinity at an end of the interval. */
  readonly value: (u: number) => number;
  /** f'(u), non-increasing in u. */
  readonly slope: (u: number) => number;
  /** f''(u) <= 0. */
  readonly curvature: (u: number) => number;
}

/**
 * The point of [lower, upper] where a concave function is largest: an end where the slope points out of the
 * interval, else the root of the (non-increasing) slope by Newton's method kept inside a shrinking bracket,
 * bisecting whenever a Newton step would leave it (so it converges for any concave f, never worse than
 * bisection). Internal helper of the sequential e-values (arguments unchecked).
 *
 * @example concaveMaximum({ value: (u) => -(u - 0.3) ** 2, slope: (u) => -2 * (u - 0.3), curvature: () => -2 }, 0, 1) // 0.3
 */
export function concaveMaximum(f: ConcaveFunction, lower: number, upper: number): number {
  if (!(f.slope(lower) > 0)) return lower;
  if (!(f.slope(upper) < 0)) return upper;
  let a = lower;
  let b = upper;
  let u = (a + b) / 2;
  for (let iteration = 0; iteration < 200; iteration++) {
    const slope = f.slope(u);
    if (slope === 0) return u;
    if (slope > 0) a = u;
    else b = u;
    const curvature = f.curvature(u);
    let next = curvature < 0 ? u - slope / curvature : Number.NaN;
    if (!(next > a && next < b)) next = (a + b) / 2;
    if (Math.abs(next - u) <= 4 * Number.EPSILON * Math.max(1, Math.abs(u)) || b - a <= Number.EPSILON * 4) {
      return next;
    }
    u = next;
  }
  return u;
}
