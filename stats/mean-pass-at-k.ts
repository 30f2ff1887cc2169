import { compensatedSum } from './compensated-sum';
import { passAtK } from './pass-at-k';
import { assertCount, assertPositiveInteger, describeValue } from './validate';

/** One problem's samples: c correct out of n generated. */
export interface PassAtKProblem {
  readonly n: number;
  readonly c: number;
}

/**
 * pass@k of a benchmark: the mean over problems of the unbiased per-problem pass@k,
 * (1/P) sum_p [1 - C(n_p - c_p, k) / C(n_p, k)] (Chen et al. 2021, eq. 1 and the text after it).
 * Problems may have different n; each needs n >= k. The sum is compensated (Neumaier), so the mean
 * of many problems keeps the per-problem accuracy.
 *
 * @param problems a non-empty array of `{ n, c }`
 * @throws {TypeError} if `problems` is not an array of objects
 * @throws {RangeError} if it is empty, or a problem has c > n or n < k (naming the problem's index)
 * @example meanPassAtK([{ n: 10, c: 3 }, { n: 10, c: 0 }], 1) // 0.15
 */
export function meanPassAtK(problems: readonly PassAtKProblem[], k: number): number {
  const fn = 'meanPassAtK';
  if (!Array.isArray(problems)) {
    throw new TypeError(`${fn}: \`problems\` must be an array of { n, c }, got ${describeValue(problems)}`);
  }
  if (problems.length === 0) throw new RangeError(`${fn}: \`problems\` must hold at least 1 problem, got 0`);
  assertPositiveInteger(fn, 'k', k);
  // An index loop, not map: map skips the holes of a sparse array, which would come out as NaN.
  const values = new Float64Array(problems.length);
  for (let i = 0; i < problems.length; i++) {
    const problem = problems[i];
    if (typeof problem !== 'object' || problem === null) {
      throw new TypeError(`${fn}: \`problems[${i}]\` must be an object { n, c }, got ${describeValue(problem)}`);
    }
    const { n, c } = problem;
    assertPositiveInteger(fn, `problems[${i}].n`, n);
    if (k > n) throw new RangeError(`${fn}: \`k\` (${k}) must not exceed \`problems[${i}].n\` (${n})`);
    assertCount(fn, `problems[${i}].c`, c);
    if (c > n) throw new RangeError(`${fn}: \`problems[${i}].c\` (${c}) must not exceed \`problems[${i}].n\` (${n})`);
    values[i] = passAtK(n, c, k);
  }
  return compensatedSum(values) / problems.length;
}
