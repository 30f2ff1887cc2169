import { cellKey, type TargetFunction, TransientError } from '../../src/index';
import type { CellFault } from './fault-plan';

/** The transient failures a target may throw, in turn: each form the runner must recognise as transient. */
const TRANSIENT_FORMS: readonly ((attempt: number) => Error)[] = [
  (a) => new TransientError(`HTTP 429 Too Many Requests (attempt ${a})`, { retryAfterMs: 2 }),
  (a) => Object.assign(new Error(`read ECONNRESET (attempt ${a})`), { code: 'ECONNRESET' }),
  (a) => Object.assign(new Error(`Service Unavailable (attempt ${a})`), { status: 503 }),
  (a) => new Error(`upstream hiccup (attempt ${a})`, { cause: { transient: true } }),
  (a) =>
    new TypeError('fetch failed', {
      cause: Object.assign(new Error(`connect ECONNREFUSED (attempt ${a})`), { code: 'ECONNREFUSED' }),
    }),
];

const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * A function target that plays its cell's fault (fault-plan.ts) and counts the calls it gets: transient
 * failures in five forms the runner must recognise, permanent failures, hangs (half of them deaf to
 * their signal), outputs JSON cannot store, and slow answers. Its answer is `<variant>:<input>`.
 */
export function faultyTarget(variant: string, plan: ReadonlyMap<string, CellFault>, calls: Map<string, number>) {
  const target: TargetFunction = async (input, ctx) => {
    const key = cellKey(ctx.item.id, variant, ctx.sample);
    calls.set(key, (calls.get(key) ?? 0) + 1);
    const fault = plan.get(key)!;
    const form = Number(input) % TRANSIENT_FORMS.length;
    switch (fault.kind) {
      case 'transient':
        if (ctx.attempt <= fault.failures)
          throw TRANSIENT_FORMS[(form + ctx.attempt) % TRANSIENT_FORMS.length]!(ctx.attempt);
        break;
      case 'permanent':
        throw form % 2 === 0
          ? Object.assign(new Error(`Bad Request for ${String(input)}`), { status: 400 })
          : new Error(`no answer for ${String(input)}`);
      case 'hang':
        // Half of the hung calls ignore their signal: the deadline must hold anyway.
        return form % 2 === 0
          ? new Promise(() => {})
          : new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
      case 'malformed':
        return form % 2 === 0 ? undefined : 10n;
      case 'slow':
        await delay(fault.delayMs, ctx.signal);
        break;
    }
    return `${variant}:${String(input)}`;
  };
  return target;
}
