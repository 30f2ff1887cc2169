import { expect } from 'vitest';

/** Tolerance of one reference value: pass iff |got - want| <= max(abs, rel * |want|). */
export interface Tolerance {
  readonly rel?: number;
  readonly abs?: number;
}

/** Oracle encoding of non-finite values: "NaN", "Infinity", "-Infinity"; null is R's NA. */
export function decodeNumber(value: unknown): number {
  if (value === 'NaN' || value === null) return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return value as number;
}

/** Whether `got` is within tolerance of `want` (non-finite values must match exactly). */
export function isClose(got: unknown, want: unknown, { rel = 0, abs = 0 }: Tolerance): boolean {
  const target = decodeNumber(want);
  if (typeof got !== 'number') return false;
  if (Number.isNaN(target)) return Number.isNaN(got);
  if (!Number.isFinite(target)) return got === target;
  return Math.abs(got - target) <= Math.max(abs, rel * Math.abs(target));
}

/** Assert closeness with a message that prints the inputs, got, want, tolerance and difference (as stdlib does). */
export function expectClose(got: number, want: number, tol: Tolerance, inputs: unknown = {}): void {
  if (isClose(got, want, tol)) return;
  const message = `inputs ${JSON.stringify(inputs)}: got ${got}, want ${want}, tol ${JSON.stringify(tol)}, diff ${Math.abs(got - want)}`;
  expect.fail(message);
}
