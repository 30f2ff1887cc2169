import { median } from './median';
import type { Figure } from './types';

/**
 * A figure from repeated runs: its value is their median, and the runs are kept beside it.
 * @example measured('wall time', 'ms', [120, 118, 131]).value // 120
 */
export function measured(
  label: string,
  unit: string,
  runs: readonly number[],
  goal?: { readonly text: string; readonly met: (value: number) => boolean },
): Figure {
  const value = median(runs);
  return {
    label,
    value,
    unit,
    runs: [...runs],
    ...(goal === undefined ? {} : { goal: goal.text, met: goal.met(value) }),
  };
}

/**
 * A figure computed from others (a ratio, a difference), with no runs of its own.
 * @example derived('verdict / bare p-map', 'x', 0.62, { text: '>= 0.5', met: (v) => v >= 0.5 })
 */
export function derived(
  label: string,
  unit: string,
  value: number,
  goal?: { readonly text: string; readonly met: (value: number) => boolean },
): Figure {
  return { label, value, unit, ...(goal === undefined ? {} : { goal: goal.text, met: goal.met(value) }) };
}

/**
 * Median of the per-run ratios a[i] / b[i] of runs taken in alternation: each ratio compares two
 * measurements made seconds apart, so load on a shared machine hits both sides alike.
 * @example pairedRatio([2, 4], [1, 1]) // 3
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((value, i) => value / b[i]!));
}
