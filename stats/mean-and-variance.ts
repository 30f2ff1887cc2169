import { compensatedSum } from './compensated-sum';

/**
 * Mean and the n - 1 sample variance, both two-pass as R's mean() and var() compute them: the mean
 * refined by the mean of the residuals, the variance from squared deviations (never E[x^2] - E[x]^2,
 * which cancels). Internal helper of the standard errors and the paired tests; expects at least two
 * finite values (the variance of one value is NaN).
 *
 * @param fn the caller, named in the error
 * @throws {RangeError} if the sum or the squared deviations overflow (values beyond about 1e154)
 * @example meanAndVariance([1, 2, 3, 4]) // { mean: 2.5, variance: 1.6666666666666667 }
 */
export function meanAndVariance(values: ArrayLike<number>, fn = 'meanAndVariance'): { mean: number; variance: number } {
  const n = values.length;
  let mean = compensatedSum(values) / n;
  const deviations = new Float64Array(n);
  for (let i = 0; i < n; i++) deviations[i] = values[i]! - mean;
  mean += compensatedSum(deviations) / n;
  for (let i = 0; i < n; i++) deviations[i] = (values[i]! - mean) ** 2;
  const variance = n > 1 ? compensatedSum(deviations) / (n - 1) : Number.NaN;
  // Finite inputs near the top of the double range (|x| > ~1e154) overflow the sum or the squares: say so
  // rather than hand back NaN or Infinity.
  if (!Number.isFinite(mean) || (n > 1 && !Number.isFinite(variance))) {
    let largest = 0;
    for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(values[i]!));
    throw new RangeError(
      `${fn}: the values are too large for a mean and variance in double precision (largest magnitude ${largest})`,
    );
  }
  return { mean, variance };
}
