import { logBeta as logBetaKernel } from './special/log-beta';
import { logGamma as logGammaKernel } from './special/log-gamma';
import { assertPositive } from './validate';

/**
 * log Γ(x) for x > 0: the public, argument-checked form of the kernel in `special/log-gamma` (Stirling's formula
 * with Loader's error term, about 1e-15 relative), which the distributions call unchecked in their inner loops.
 * Unlike R's lgamma it does not extend to x <= 0 (the kernel would return NaN there).
 *
 * @throws {TypeError} if x is not a number
 * @throws {RangeError} if x is not a finite number > 0
 * @example logGamma(5) // 3.178053830347945 (= log 24)
 */
export function logGamma(x: number): number {
  assertPositive('logGamma', 'x', x);
  return logGammaKernel(x);
}

/**
 * log B(a, b) = log Γ(a) + log Γ(b) - log Γ(a + b) for a, b > 0, without subtracting log-gamma values: the
 * public, argument-checked form of the kernel in `special/log-beta`.
 *
 * @throws {TypeError} if a or b is not a number
 * @throws {RangeError} if a or b is not a finite number > 0
 * @example logBeta(2, 3) // -2.4849066497880004 (= log(1/12))
 */
export function logBeta(a: number, b: number): number {
  assertPositive('logBeta', 'a', a);
  assertPositive('logBeta', 'b', b);
  return logBetaKernel(a, b);
}
