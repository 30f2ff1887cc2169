import { assertFiniteArray, assertSameLength } from './validate';

/**
 * candidate[i] - baseline[i] for paired scores, after checking both vectors (finite numbers, same
 * length, at least `minLength` pairs); errors name `fn`. Internal helper of the paired functions.
 *
 * @example pairedDifferences('pairedTTest', [1, 2], [1.5, 1]) // Float64Array [0.5, -1]
 */
export function pairedDifferences(
  fn: string,
  baseline: readonly number[],
  candidate: readonly number[],
  minLength = 1,
): Float64Array {
  assertFiniteArray(fn, 'baseline', baseline, minLength);
  assertFiniteArray(fn, 'candidate', candidate, minLength);
  assertSameLength(fn, ['baseline', 'candidate'], baseline, candidate);
  const differences = new Float64Array(baseline.length);
  for (let i = 0; i < baseline.length; i++) {
    differences[i] = candidate[i]! - baseline[i]!;
    if (!Number.isFinite(differences[i]!)) {
      throw new RangeError(
        `${fn}: \`candidate[${i}]\` - \`baseline[${i}]\` (${candidate[i]} - ${baseline[i]}) overflows a double`,
      );
    }
  }
  return differences;
}
