import { headersOf, RETRY_HEADERS } from '../is-transient-error';

/**
 * A thrown value as it crosses a thread boundary. Structured cloning keeps an Error's name, message
 * and stack but drops its own fields (`status`, `code`, `transient`, `retryAfterMs`), which decide
 * whether the runner retries, so errors are carried as plain data and rebuilt on the other side;
 * anything else thrown (`throw 'text'`, `throw { code }`) is carried as it is when it clones. An
 * error's `headers` (an SDK's `APIError`: a Headers object, which does not clone, or a plain object)
 * are carried as the few the runner reads (RETRY_HEADERS), so that a `Retry-After` is honoured after
 * the boundary too; the others (cookies, request ids) stay behind.
 */
export type ThrownValue = { readonly error: ErrorShape } | { readonly value: unknown };

export interface ErrorShape {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** Own enumerable fields with primitive values (`code`, `status`, `transient`, `retryAfterMs`, ...). */
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
  readonly cause?: ThrownValue;
  /** The error's retry headers (`retry-after`, `retry-after-ms`, `x-should-retry`), lower-cased. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** How deep a `cause` chain is carried (describeError shows three links). */
const MAX_CAUSE_DEPTH = 8;

/** The thrown value as data a MessagePort can carry. */
export function toThrownValue(thrown: unknown, depth = 0): ThrownValue {
  if (thrown instanceof Error || (typeof thrown === 'object' && thrown !== null && 'message' in thrown)) {
    const error = thrown as Error & Record<string, unknown>;
    const fields: Record<string, string | number | boolean | null> = Object.create(null);
    for (const key of Object.keys(error)) {
      const value = error[key];
      if (key === 'cause' || key === 'name' || key === 'message' || key === 'stack') continue;
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
        fields[key] = value as string | number | boolean | null;
    }
    const cause = error.cause;
    const headers = headersOf(error.headers);
    const carried: Record<string, string> = {};
    for (const name of RETRY_HEADERS) {
      const value = headers?.get(name);
      if (value !== null && value !== undefined) carried[name] = value;
    }
    return {
      error: {
        name: typeof error.name === 'string' ? error.name : 'Error',
        message: typeof error.message === 'string' ? error.message : String(error.message),
        ...(typeof error.stack === 'string' ? { stack: error.stack } : {}),
        fields: { ...fields },
        ...(Object.keys(carried).length === 0 ? {} : { headers: carried }),
        ...(cause === undefined || depth >= MAX_CAUSE_DEPTH ? {} : { cause: toThrownValue(cause, depth + 1) }),
      },
    };
  }
  try {
    return { value: structuredClone(thrown) };
  } catch {
    return { value: String(thrown) };
  }
}

/** The thrown value rebuilt: an Error with the original's name, message, fields and cause. */
export function fromThrownValue(thrown: ThrownValue): unknown {
  if ('value' in thrown) return thrown.value;
  const { name, message, stack, fields, cause, headers } = thrown.error;
  const error = new Error(message) as Error & Record<string, unknown>;
  if (name !== 'Error') Object.defineProperty(error, 'name', { value: name, writable: true, configurable: true });
  for (const [key, value] of Object.entries(fields))
    Object.defineProperty(error, key, { value, writable: true, configurable: true, enumerable: true });
  if (headers !== undefined)
    Object.defineProperty(error, 'headers', {
      value: { ...headers },
      writable: true,
      configurable: true,
      enumerable: true,
    });
  if (stack !== undefined) error.stack = stack;
  if (cause !== undefined) error.cause = fromThrownValue(cause);
  return error;
}
