import { type TailProbabilities, tailsFromLog } from '../special/tail-probabilities';

const SQRT_32 = 5.656854249492381; // sqrt(32)
const ONE_OVER_SQRT_2PI = 0.3989422804014327; // 1 / sqrt(2 pi)
const LN_SQRT_2PI = 0.9189385332046728; // log(sqrt(2 pi))

// Cody (1969, 1993) near-minimax rational approximations, as in SPECFUN ANORM and R's pnorm_both.
const A = [2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356];
const A4 = 0.06568233791820745;
const B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726, 6848.190450536283,
  11602.65143764735, 9842.714838383978,
];
const C8 = 1.0765576773720192e-8;
const D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097, 34900.95272114598,
  38912.00328609327, 19685.429676859992,
];
const P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934, 0.000029112874951168793,
];
const P5 = 0.023073441764940174;
const Q = [1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 0.00007297515550839662];

/**
 * Both tails of the standard normal distribution at x, each accurate to a few ulps relative to its own
 * size (the upper tail at x = 37 is 5.7e-300, not 1 - 1), with their logarithms (finite far past the
 * underflow of the tails themselves, as in R's pnorm(..., log.p = TRUE)).
 *
 * Algorithm: Cody's rational Chebyshev approximations to erf/erfc (Cody 1969, "Rational Chebyshev
 * approximations for the error function", Math. Comp. 23; Cody 1993, ACM TOMS 715 ANORM), as R's
 * pnorm_both uses them: a rational function of x^2 for |x| <= 0.66291, of |x| up to sqrt(32), and of 1/x^2
 * beyond. The factor exp(-x^2/2) is split as exp(-s^2/2) exp(-(x - s)(x + s)/2) with s = x rounded down to
 * 1/16, so the large exponent is exact. simple-statistics' `cumulativeStdNormalProbability` reads a
 * 2-decimal table (25 of 26 golden cases missed), jstat's `normal.cdf` = 1 - erfc-based
 * value loses the far tail (pnorm(10, lower = FALSE) was 0 against 7.6e-24).
 */
export function normalTails(x: number): TailProbabilities {
  if (x === Number.POSITIVE_INFINITY) return tailsFromLog(Number.NEGATIVE_INFINITY, false);
  if (x === Number.NEGATIVE_INFINITY) return tailsFromLog(Number.NEGATIVE_INFINITY, true);
  const y = Math.abs(x);
  if (y <= 0.66291) {
    const xsq = x * x;
    let numerator = A4 * xsq;
    let denominator = xsq;
    for (let i = 0; i < 3; i++) {
      numerator = (numerator + A[i]!) * xsq;
      denominator = (denominator + B[i]!) * xsq;
    }
    const half = (x * (numerator + A[3]!)) / (denominator + B[3]!);
    const lower = 0.5 + half;
    const upper = 0.5 - half;
    return { lower, upper, logLower: Math.log(lower), logUpper: Math.log(upper) };
  }
  // r: the smaller tail divided by exp(-y^2 / 2).
  let r: number;
  if (y <= SQRT_32) {
    let numerator = C8 * y;
    let denominator = y;
    for (let i = 0; i < 7; i++) {
      numerator = (numerator + C[i]!) * y;
      denominator = (denominator + D[i]!) * y;
    }
    r = (numerator + C[7]!) / (denominator + D[7]!);
  } else {
    const xsq = 1 / (x * x);
    let numerator = P5 * xsq;
    let denominator = xsq;
    for (let i = 0; i < 4; i++) {
      numerator = (numerator + P[i]!) * xsq;
      denominator = (denominator + Q[i]!) * xsq;
    }
    r = (ONE_OVER_SQRT_2PI - (xsq * (numerator + P[4]!)) / (denominator + Q[4]!)) / y;
  }
  if (y > 1e8) {
    // Far beyond the underflow of the tail (x = 38.5): log of the leading term, exact to 1 / x^2 < 1e-16.
    const logFar = -0.5 * y * y - Math.log(y) - LN_SQRT_2PI;
    return tailsFromLog(logFar, x < 0);
  }
  const s = Math.floor(y * 16) / 16;
  const del = (y - s) * (y + s);
  const logSmall = -s * s * 0.5 - del * 0.5 + Math.log(r);
  const small = Math.exp(-s * s * 0.5) * Math.exp(-del * 0.5) * r;
  const large = 1 - small;
  const logLarge = small < 0.5 ? Math.log1p(-small) : Math.log(large);
  return x > 0
    ? { lower: large, upper: small, logLower: logLarge, logUpper: logSmall }
    : { lower: small, upper: large, logLower: logSmall, logUpper: logLarge };
}

/**
 * The standard normal density exp(-x^2 / 2) / sqrt(2 pi), with the exponent split as in `normalTails` so
 * that it keeps full relative accuracy out to x = 38.
 */
export function normalDensity(x: number): number {
  const y = Math.abs(x);
  if (y > 40) return 0; // exp(-800) underflows
  const s = Math.floor(y * 16) / 16;
  return ONE_OVER_SQRT_2PI * Math.exp(-s * s * 0.5) * Math.exp(-(y - s) * (y + s) * 0.5);
}
