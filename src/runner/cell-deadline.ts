import type { Timers } from './timers';

/** A cell's deadline: aborted by the run's signal or by the cell's timeout, whichever comes first. */
export interface CellDeadline {
  readonly signal: AbortSignal;
  /** Whether the timeout (not the run's signal) aborted it. */
  readonly timedOut: () => boolean;
  /** Clear the timer and remove the listener on the run's signal; call it when the cell ends. */
  readonly dispose: () => void;
}

/**
 * `AbortSignal.any([runSignal, AbortSignal.timeout(timeoutMs)])`, built by hand for three reasons:
 * the timer comes from injectable `timers` (fake timers cannot reach `AbortSignal.timeout`); the
 * listener on the run's signal is removed when the cell ends (on Node 20 each `AbortSignal.any` on a
 * long-lived signal stays attached to it, about 2 kB per cell measured over 200 000 cells, see
 * nodejs/node#55351); and one controller per cell instead of three halves the runner's overhead.
 * The reason is the run signal's, or a `TimeoutError` DOMException as `AbortSignal.timeout` gives.
 *
 * @example const deadline = cellDeadline(runSignal, 60_000, timers); try { ... } finally { deadline.dispose(); }
 */
export function cellDeadline(runSignal: AbortSignal | undefined, timeoutMs: number, timers: Timers): CellDeadline {
  const controller = new AbortController();
  let timedOut = false;
  const onRunAbort = () => {
    if (handle !== undefined) timers.clearTimeout(handle);
    controller.abort(runSignal?.reason);
  };
  const handle = Number.isFinite(timeoutMs)
    ? timers.setTimeout(() => {
        timedOut = true;
        runSignal?.removeEventListener('abort', onRunAbort);
        controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
      }, timeoutMs)
    : undefined;
  if (runSignal?.aborted) onRunAbort();
  else runSignal?.addEventListener('abort', onRunAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      if (handle !== undefined) timers.clearTimeout(handle);
      runSignal?.removeEventListener('abort', onRunAbort);
    },
  };
}
