import { passAtK, passHatK, type RandomSource } from '../../stats/index';
import type { PassAtKPoint } from '../schema/verdict-document';
import { checkedAt } from './checked-at';
import { quantileSorted } from './quantile-sorted';

export interface PassAtKCurveOptions {
  readonly resamples: number;
  readonly confidence: number;
  readonly random: RandomSource;
}

/**
 * pass@k (Chen et al. 2021, unbiased) and pass^k (all k draws pass) of one variant for k = 1..K, K the
 * fewest samples any item has, each the mean over items with a percentile bootstrap interval over items
 * (the same resampled items for every k, so the curves stay monotone within a resample).
 *
 * @param trials samples per item (n_i >= 1)
 * @param passes passes per item (c_i)
 * @example passAtKCurve('gpt-4o', [4, 4], [1, 3], { resamples: 2000, confidence: 0.95, random: seededRandom(0) })[0].passAtK // 0.5
 */
export function passAtKCurve(
  variant: string,
  trials: ArrayLike<number>,
  passes: ArrayLike<number>,
  { resamples, confidence, random }: PassAtKCurveOptions,
): PassAtKPoint[] {
  const n = trials.length;
  if (n === 0) return [];
  if (passes.length !== n) {
    throw new RangeError(`passAtKCurve: \`passes\` has ${passes.length} items, \`trials\` ${n}`);
  }
  let maxK = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) maxK = Math.min(maxK, checkedAt(trials, i, 'trials'));
  // Per-item values for every k: items x K matrices, so each resample is a sum of lookups.
  const atK = new Float64Array(n * maxK);
  const hatK = new Float64Array(n * maxK);
  for (let i = 0; i < n; i++) {
    const samples = checkedAt(trials, i, 'trials');
    const passed = checkedAt(passes, i, 'passes');
    for (let k = 1; k <= maxK; k++) {
      atK[i * maxK + k - 1] = passAtK(samples, passed, k);
      hatK[i * maxK + k - 1] = passHatK(samples, passed, k);
    }
  }
  // Each k's resampled means, k after k in one array (k's are at [k * resamples, (k + 1) * resamples)).
  const atMeans = new Float64Array(maxK * resamples);
  const hatMeans = new Float64Array(maxK * resamples);
  const sumAt = new Float64Array(maxK);
  const sumHat = new Float64Array(maxK);
  for (let r = 0; r < resamples; r++) {
    sumAt.fill(0);
    sumHat.fill(0);
    for (let j = 0; j < n; j++) {
      const offset = Math.floor(random() * n) * maxK;
      // The hot loop (resamples x items x K): k < maxK and offset <= (n - 1) * maxK bound every index, so `!`
      // asserts what the bounds prove; a checked read here costs time a 10^5-item curve would feel.
      for (let k = 0; k < maxK; k++) {
        sumAt[k] = sumAt[k]! + atK[offset + k]!;
        sumHat[k] = sumHat[k]! + hatK[offset + k]!;
      }
    }
    // k < maxK, the arrays' length (resamples x K reads: a `!` for the same reason).
    for (let k = 0; k < maxK; k++) {
      atMeans[k * resamples + r] = sumAt[k]! / n;
      hatMeans[k * resamples + r] = sumHat[k]! / n;
    }
  }
  const tail = (1 - confidence) / 2;
  const points: PassAtKPoint[] = [];
  for (let k = 1; k <= maxK; k++) {
    let at = 0;
    let hat = 0;
    for (let i = 0; i < n; i++) {
      at += checkedAt(atK, i * maxK + k - 1, 'atK');
      hat += checkedAt(hatK, i * maxK + k - 1, 'hatK');
    }
    const atSorted = atMeans.subarray((k - 1) * resamples, k * resamples).sort();
    const hatSorted = hatMeans.subarray((k - 1) * resamples, k * resamples).sort();
    const bound = (sorted: Float64Array, p: number, fallback: number) =>
      clip(resamples > 0 ? quantileSorted(sorted, p) : fallback);
    points.push({
      variant,
      k,
      passAtK: clip(at / n),
      passAtKLower: bound(atSorted, tail, at / n),
      passAtKUpper: bound(atSorted, 1 - tail, at / n),
      passHatK: clip(hat / n),
      passHatKLower: bound(hatSorted, tail, hat / n),
      passHatKUpper: bound(hatSorted, 1 - tail, hat / n),
    });
  }
  return points;
}

/** Keep float round-off (a mean of ones summing to 1 + 1e-16) inside [0, 1]. */
function clip(value: number): number {
  return Math.min(1, Math.max(0, value));
}
