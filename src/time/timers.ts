import { MAX_TIMER_DELAY_MS } from '../schema/experiment';
/**
 * Time as an argument (p-timeout's `customTimers`): every wait in the runner goes through a `Timers`
 * object, so tests drive it with fake timers and nothing reads the clock behind their back. An
 * implementation must honour any delay, as {@link systemTimers} does (Node's own timers do not).
 */
export interface Timers {
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
  /** Milliseconds since an arbitrary origin, for rates and latencies. */
  readonly now: () => number;
}

/** A wait longer than {@link MAX_TIMER_DELAY_MS}, armed as a chain of shorter timers. */
class ChainedTimer {
  current: ReturnType<typeof setTimeout> | undefined;
}

function setChainedTimeout(callback: () => void, ms: number): ChainedTimer {
  const chained = new ChainedTimer();
  const end = Date.now() + ms;
  const arm = (left: number) => {
    chained.current = globalThis.setTimeout(
      () => {
        const remaining = end - Date.now();
        if (remaining > 0) arm(remaining);
        else callback();
      },
      Math.min(left, MAX_TIMER_DELAY_MS),
    );
  };
  arm(ms);
  return chained;
}

/**
 * The global timers, looked up at each call (not captured at import) so that `vi.useFakeTimers()`
 * installed after this module loaded still takes effect. Any delay is honoured: one over
 * {@link MAX_TIMER_DELAY_MS} is a chain of timers (an infinite one never fires), never 1 ms.
 */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) =>
    ms > MAX_TIMER_DELAY_MS ? setChainedTimeout(callback, ms) : globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) =>
    globalThis.clearTimeout(
      (handle instanceof ChainedTimer ? handle.current : handle) as ReturnType<typeof setTimeout>,
    ),
  now: () => Date.now(),
};

/**
 * Wait `ms` milliseconds, or reject with `signal.reason` as soon as `signal` aborts. The listener is
 * added with `{ once: true }` and removed when the wait ends, so thousands of waits on one run signal
 * leave nothing behind (the leak p-map once fixed).
 *
 * @example await abortableDelay(250, { signal, timers: systemTimers })
 */
export function abortableDelay(
  ms: number,
  { signal, timers = systemTimers }: { readonly signal?: AbortSignal; readonly timers?: Timers } = {},
): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
