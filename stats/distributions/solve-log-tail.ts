/** The logarithm of a tail probability as a function of a scale variable v, with its derivative. */
export interface LogTailPoint {
  readonly logTail: number;
  /** d logTail / dv. */
  readonly slope: number;
}

/** Where to look for the root of `solveLogTail`, on the solver's scale v. */
export interface LogTailBracket {
  /** A first guess (an approximation such as Wilson-Hilferty or Cornish-Fisher). */
  readonly start: number;
  /** v below the root. */
  readonly lower: number;
  /** v above the root. */
  readonly upper: number;
  /** Whether the tail grows with v (a lower tail) or shrinks (an upper tail). */
  readonly increasing: boolean;
}

/** The root of `solveLogTail` as v - step: the last point evaluated and the Newton step from it. */
export interface LogTailRoot {
  readonly at: number;
  /** The final Newton step, smaller than v can resolve: callers apply it on their natural scale. */
  readonly step: number;
}

/**
 * Solve log T(v) = logTarget for a monotone tail probability T on a scale v where log T is close to
 * linear in the tails (log x for the chi-square, logit x for the beta, log |t| for Student's t), so that
 * Newton's method converges in a few steps from a rough start even at p = 1e-300. Newton steps are
 * safeguarded by bisection whenever they would leave the current bracket or fail to halve it (the rtsafe
 * scheme of Numerical Recipes 9.4). Working with the smaller tail and its logarithm keeps the equation as
 * well conditioned as the tail itself. Iterates until a step moves v by less than 4 ulps of max(1, |v|),
 * and returns that last step separately: at v = log x = -690 one ulp of v is a relative change of 1.1e-13
 * in x, so the caller applies the step to x itself (x exp(-step)) and keeps x to a few ulps.
 *
 * @returns the root as `at - step`
 */
export function solveLogTail(
  evaluate: (v: number) => LogTailPoint,
  logTarget: number,
  { start, lower, upper, increasing }: LogTailBracket,
): LogTailRoot {
  let lo = lower;
  let hi = upper;
  let v = Number.isFinite(start) ? Math.min(Math.max(start, lo), hi) : 0.5 * (lo + hi);
  let previousStep = hi - lo;
  for (let iteration = 0; iteration < 400; iteration++) {
    const { logTail, slope } = evaluate(v);
    const g = logTail - logTarget;
    if (g === 0 || Number.isNaN(g)) return { at: v, step: 0 };
    // T is monotone: the sign of g says on which side of v the root lies.
    if (g > 0 !== increasing) lo = v;
    else hi = v;
    const newtonStep = g / slope;
    const resolution = 4 * Number.EPSILON * Math.max(1, Math.abs(v));
    if (Math.abs(newtonStep) <= resolution) return { at: v, step: newtonStep };
    let next = v - newtonStep;
    if (!(next > lo && next < hi) || Math.abs(newtonStep) > 0.5 * previousStep) next = 0.5 * (lo + hi);
    previousStep = Math.abs(next - v);
    if (hi - lo <= resolution) return { at: next, step: 0 };
    v = next;
  }
  return { at: v, step: 0 };
}
