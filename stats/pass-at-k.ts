import { logBinomialRatio } from './log-binomial-ratio';
import { assertCount, assertPositiveInteger } from './validate';

/** Check (n, c, k) for the pass@k family; `fn` names the caller in the message. */
export function assertPassAtKArguments(fn: string, n: number, c: number, k: number): void {
  assertPositiveInteger(fn, 'n', n);
  assertCount(fn, 'c', c);
  assertPositiveInteger(fn, 'k', k);
  if (c > n) throw new RangeError(`${fn}: \`c\` (${c}) must not exceed \`n\` (${n})`);
  if (k > n) throw new RangeError(`${fn}: \`k\` (${k}) must not exceed \`n\` (${n})`);
}

/**
 * Unbiased pass@k: the probability that at least one of k samples drawn without replacement from n
 * generated samples, c of them correct, is correct.
 *
 * pass@k = 1 - C(n - c, k) / C(n, k) (Chen et al. 2021, "Evaluating Large Language Models Trained on
 * Code", eq. 1), computed as -expm1(log prod_{i=n-c+1}^{n} (1 - k/i)) with the shorter of the two
 * product forms (see `logBinomialRatio`): no binomial coefficient is ever formed, nothing overflows,
 * and the result is accurate to about 1e-15 relative for n up to 1e5 (the naive 1 - prod loses
 * digits when pass@k is small). Equals 1 whenever n - c < k.
 *
 * @param n samples generated for the problem (>= 1)
 * @param c correct samples among them (0..n)
 * @param k samples the user would draw (1..n)
 * @throws {RangeError} if a count is not an integer in range, c > n or k > n
 * @example passAtK(10, 3, 1) // 0.3
 * @example passAtK(10, 3, 5) // 0.9166666666666666 (= 1 - C(7,5)/C(10,5) = 1 - 21/252)
 */
export function passAtK(n: number, c: number, k: number): number {
  assertPassAtKArguments('passAtK', n, c, k);
  if (c === 0) return 0; // not -expm1(0) = -0
  if (n - c < k) return 1;
  return -Math.expm1(logBinomialRatio(n, n - c, k));
}
