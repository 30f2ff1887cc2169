/**
 * Time as an argument (p-timeout's `customTimers`): every wait in the runner goes through a `Timers`
 * object, so tests drive it with fake timers and nothing reads the clock behind their back.
 */
export interface Timers {
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
  /** Milliseconds since an arbitrary origin, for rates and latencies. */
  readonly now: () => number;
}

/**
 * The global timers, looked up at each call (not captured at import) so that `vi.useFakeTimers()`
 * installed after this module loaded still takes effect.
 */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
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
