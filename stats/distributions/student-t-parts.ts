import { logBetaKernel } from '../special/beta-kernel';
import { incompleteBeta } from '../special/incomplete-beta';
import { logBeta } from '../special/log-beta';

const LN2 = Math.LN2;

/** Student's t at |t| >= 0 split into the pieces its cdf, sf and quantile are built from. */
export interface StudentTParts {
  /** log P(T > |t|), the tail beyond |t|. */
  readonly logTail: number;
  /** log P(0 < T < |t|), the central piece (-Infinity at t = 0). */
  readonly logCentral: number;
  /** log(|t| f(|t|)) for the t density f: the derivative of both pieces with respect to log |t|. */
  readonly logSlope: number;
}

/**
 * The two pieces of Student's t distribution with df degrees of freedom on either side of |t|, from the
 * regularized incomplete beta function with x = t^2 / (df + t^2) and y = df / (df + t^2), each formed
 * directly (never as 1 - the other): P(|T| > |t|) = I_y(df/2, 1/2) and P(|T| < |t|) = I_x(1/2, df/2), as in
 * R's pt. So the far tail keeps full relative accuracy (pt(-50, 1000) = 1.4e-274), and so does the
 * central piece near t = 0, where cdf(t) = 1/2 + P(0 < T < t) has no cancellation either.
 * Past |t| / sqrt(df) = 1e75 (where t^2 could overflow) the tail is the leading term of its expansion,
 * y^(df/2) / ((df/2) B(df/2, 1/2)), whose relative error is below 1e-150 there.
 */
export function studentTParts(t: number, df: number): StudentTParts {
  const absT = Math.abs(t);
  const ratio = absT / Math.sqrt(df);
  if (ratio > 1e75) {
    // log y = log(df / (df + t^2)) = -2 log(ratio) to within 1e-150.
    const logY = -2 * Math.log(ratio);
    const logTwoTail = 0.5 * df * logY - logBeta(0.5 * df, 0.5) - Math.log(0.5 * df);
    return {
      logTail: logTwoTail - LN2,
      logCentral: Math.log1p(-Math.exp(logTwoTail)) - LN2,
      logSlope: logTwoTail + Math.log(0.5 * df),
    };
  }
  const r2 = ratio * ratio;
  const x = r2 / (1 + r2);
  const y = 1 / (1 + r2);
  const tails = incompleteBeta(x, y, 0.5, 0.5 * df);
  const logKernel = logBetaKernel(x, y, 0.5, 0.5 * df);
  // t f(t) = t d/dt [I_x(1/2, df/2) / 2] = x^(1/2) y^(df/2) / B(1/2, df/2).
  return { logTail: tails.logUpper - LN2, logCentral: tails.logLower - LN2, logSlope: logKernel };
}
