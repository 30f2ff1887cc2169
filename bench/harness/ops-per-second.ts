/**
 * Operations per second of `fn`, in batches: the batch size doubles until one batch takes at least
 * `minBatchMs` (so that the clock's resolution and call overhead do not dominate), then `batches` batches of
 * that size are timed. One untimed call first warms the JIT. Returns each batch's rate, for a median.
 * @example opsPerSecond(() => mcnemarTest(table), { batches: 5, minBatchMs: 200 }) // [812345, 799210, ...]
 */
export function opsPerSecond(
  fn: () => unknown,
  { batches, minBatchMs }: { readonly batches: number; readonly minBatchMs: number },
): number[] {
  fn();
  let iterations = 1;
  let elapsed = 0;
  for (;;) {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    elapsed = performance.now() - started;
    if (elapsed >= minBatchMs || iterations >= 1 << 20) break;
    iterations *= 2;
  }
  const runs = [(iterations * 1000) / elapsed];
  for (let b = 1; b < batches; b++) {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    runs.push((iterations * 1000) / (performance.now() - started));
  }
  return runs;
}
