import { assertOneOf, describeValue } from './validate';

/** Multiple-comparison corrections, named as R's p.adjust methods (lower case), for validation. */
export const ADJUST_P_VALUES_METHODS = ['holm', 'hochberg', 'bh', 'by', 'bonferroni'] as const;
export type AdjustPValuesMethod = (typeof ADJUST_P_VALUES_METHODS)[number];

/**
 * Adjust p-values for multiple comparisons (one per slice, metric or model pair), as R
 * p.adjust(p, method). Returns the adjusted values in the input order, each in [0, 1].
 *
 * With p_(1) <= ... <= p_(m) sorted ascending (ties in input order, as R's order()):
 * - `bonferroni`: min(1, m p).
 * - `holm` (Holm 1979; controls the family-wise error rate, never worse than Bonferroni):
 *   p~_(i) = min(1, max_{j <= i} (m - j + 1) p_(j)).
 * - `hochberg` (Hochberg 1988; FWER under independence or positive dependence, more powerful than Holm):
 *   p~_(i) = min(1, min_{j >= i} (m - j + 1) p_(j)).
 * - `bh` (Benjamini & Hochberg 1995; false discovery rate): p~_(i) = min(1, min_{j >= i} (m / j) p_(j)).
 * - `by` (Benjamini & Yekutieli 2001; FDR under any dependence): as `bh` times sum_{k=1}^{m} 1/k.
 * Products are formed in R's order of operations, so the values equal R's to the last bit or nearly.
 *
 * @param pValues p-values in [0, 1] (at least one)
 * @throws {TypeError} if `pValues` is not an array of numbers
 * @throws {RangeError} if it is empty, a value is outside [0, 1] or NaN, or the method is unknown
 * @example adjustPValues([0.01, 0.04, 0.03], 'holm') // [0.03, 0.06, 0.06]
 * @example adjustPValues([0.01, 0.04, 0.03], 'bh') // [0.03, 0.04, 0.04]
 */
export function adjustPValues(pValues: readonly number[], method: AdjustPValuesMethod): number[] {
  const fn = 'adjustPValues';
  if (!Array.isArray(pValues)) {
    throw new TypeError(`${fn}: \`pValues\` must be an array of numbers, got ${describeValue(pValues)}`);
  }
  if (pValues.length === 0) throw new RangeError(`${fn}: \`pValues\` must hold at least 1 value(s), got 0`);
  // An index loop, not forEach: forEach skips the holes of a sparse array, which would come out as NaN.
  for (let i = 0; i < pValues.length; i++) {
    const p = pValues[i];
    if (typeof p !== 'number') {
      throw new TypeError(`${fn}: \`pValues[${i}]\` must be a number, got ${describeValue(p)} (${typeof p})`);
    }
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${fn}: \`pValues[${i}]\` must be in [0, 1], got ${p}`);
  }
  assertOneOf(fn, 'method', method, ADJUST_P_VALUES_METHODS);
  const m = pValues.length;
  if (method === 'bonferroni') return pValues.map((p) => Math.min(1, m * p));
  const adjusted = new Array<number>(m);
  if (method === 'holm') {
    const ascending = [...pValues.keys()].sort((a, b) => pValues[a]! - pValues[b]!);
    let running = 0;
    ascending.forEach((index, j) => {
      running = Math.max(running, (m - j) * pValues[index]!);
      adjusted[index] = Math.min(1, running);
    });
    return adjusted;
  }
  // Step-up methods: R sorts decreasingly (stable) and takes the cumulative minimum with i = m, m-1, ..., 1.
  const descending = [...pValues.keys()].sort((a, b) => pValues[b]! - pValues[a]!);
  let harmonic = 0;
  if (method === 'by') for (let k = 1; k <= m; k++) harmonic += 1 / k;
  let running = Number.POSITIVE_INFINITY;
  descending.forEach((index, position) => {
    const i = m - position;
    const p = pValues[index]!;
    const scaled = method === 'hochberg' ? (m + 1 - i) * p : method === 'bh' ? (m / i) * p : ((harmonic * m) / i) * p;
    running = Math.min(running, scaled);
    adjusted[index] = Math.min(1, running);
  });
  return adjusted;
}
