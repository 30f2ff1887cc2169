import { assertFiniteNumber, assertPositiveInteger, describeValue } from './validate';

export interface FindRootOptions {
  /** Absolute tolerance on the root. @default 1e-15 */
  readonly tolerance?: number;
  /** Maximum number of iterations. @default 500 */
  readonly maxIterations?: number;
}

/**
 * A root of a continuous function in a bracketing interval, by Brent's method: inverse quadratic
 * interpolation and secant steps, falling back to bisection whenever they would leave the bracket
 * or converge slowly, so it never does worse than bisection.
 *
 * Brent, R. P. (1973) "Algorithms for Minimization without Derivatives", ch. 4 (the zeroin
 * algorithm, which R's uniroot() also uses). Written here because neither jstat nor
 * simple-statistics has a bracketing root finder.
 *
 * @param f a function with f(lower) and f(upper) of opposite signs (or one of them zero)
 * @throws {TypeError} if `f` is not a function or a bound is not a number
 * @throws {RangeError} if a bound is not finite, `tolerance` is negative or not finite, `maxIterations` is not a
 *   positive integer, or the interval does not bracket a sign change
 * @example findRoot((x) => x * x - 2, 0, 2) // 1.414213562373095
 */
export function findRoot(
  f: (x: number) => number,
  lower: number,
  upper: number,
  { tolerance = 1e-15, maxIterations = 500 }: FindRootOptions = {},
): number {
  if (typeof f !== 'function') throw new TypeError(`findRoot: \`f\` must be a function, got ${describeValue(f)}`);
  assertFiniteNumber('findRoot', 'lower', lower);
  assertFiniteNumber('findRoot', 'upper', upper);
  // A NaN tolerance would stop nothing and return NaN; a negative one is meaningless.
  assertFiniteNumber('findRoot', 'tolerance', tolerance);
  if (tolerance < 0) throw new RangeError(`findRoot: \`tolerance\` must be at least 0, got ${tolerance}`);
  assertPositiveInteger('findRoot', 'maxIterations', maxIterations);
  let a = lower;
  let b = upper;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (Number.isNaN(fa) || Number.isNaN(fb) || Math.sign(fa) === Math.sign(fb)) {
    throw new RangeError(
      `findRoot: f(lower) and f(upper) must have opposite signs, got f(${lower}) = ${fa} and f(${upper}) = ${fb}`,
    );
  }
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tolerance;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Interpolate: secant when only two distinct points, inverse quadratic otherwise.
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}
