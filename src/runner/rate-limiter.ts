import { systemTimers, type Timers } from '../time/timers';

/** Hands out permission to send one request, waiting as long as the rate requires. */
export interface RateLimiter {
  /** Resolve when a request may be sent; reject with `signal.reason` if `signal` aborts first. */
  readonly acquire: (signal?: AbortSignal) => Promise<void>;
  /** Hold every request back for `ms` from now (a server's `Retry-After`): a longer pause wins. */
  readonly pause: (ms: number) => void;
  /** Count `tokens` a request used against a tokens-per-minute limit, when the limiter has one. */
  readonly charge?: (tokens: number) => void;
}

/**
 * The rate limits of provider accounts (or endpoints), each shared by every variant (and judge) that
 * uses the account. The runner needs only these two operations, so that a limiter shared between
 * processes (one backed by Redis, for a distributed run) can take this one's place.
 */
export interface AccountLimiter {
  /** Resolve when `account` may send one request; reject with `signal.reason` if `signal` aborts first. */
  readonly acquire: (account: string, signal?: AbortSignal) => Promise<void>;
  /** Hold back every request of `account` for `ms` from now: a 429's `Retry-After` seen by one cell pauses all. */
  readonly pause: (account: string, ms: number) => void;
  /** Count `tokens` one of `account`'s requests used against its tokens-per-minute limit, if it has one. */
  readonly charge?: (account: string, tokens: number) => void;
}

/** One account's limit: requests and tokens per minute, or none (then only pauses hold requests back). */
export interface AccountLimit {
  readonly requestsPerMinute?: number;
  /**
   * Tokens per minute: a request is sent only while the tokens the account's responses reported in the
   * last 60 s are under this. A request's tokens are known only once it is answered, so requests in
   * flight together can overshoot by their own usage (at most `concurrency` requests' worth).
   */
  readonly tokensPerMinute?: number;
}

/** Options of {@link createAccountLimiter}. */
export interface AccountLimiterOptions {
  /** @default systemTimers */
  readonly timers?: Timers;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/**
 * One account's queue: requests are granted in arrival order, at least `60000 / rpm` ms apart measured
 * from the moment each was granted (so a late timer never lets two through closer than that, and no
 * 60 s window ever holds more than `rpm`: the limit providers count; the generic cell-rate algorithm of
 * ITU-T I.371 with a FIFO queue), and none while the account is paused.
 */
class AccountQueue {
  readonly #intervalMs: number;
  readonly #timers: Timers;
  readonly #waiters: Waiter[] = [];
  readonly #tokens: TokenWindow | undefined;
  #nextFreeAt = Number.NEGATIVE_INFINITY;
  #pausedUntil = Number.NEGATIVE_INFINITY;
  #timer: unknown;

  constructor(intervalMs: number, timers: Timers, tokensPerMinute?: number) {
    this.#intervalMs = intervalMs;
    this.#timers = timers;
    this.#tokens = tokensPerMinute === undefined ? undefined : new TokenWindow(tokensPerMinute);
  }

  charge(tokens: number): void {
    if (this.#tokens === undefined || !(tokens > 0)) return;
    this.#tokens.take(tokens, this.#timers.now());
    if (this.#waiters.length > 0) this.#arm();
  }

  acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = this.#timers.now();
    if (this.#waiters.length === 0 && now >= this.#freeAt()) {
      this.#nextFreeAt = now + this.#intervalMs;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index !== -1) this.#waiters.splice(index, 1);
          reject(signal?.reason);
          this.#arm();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
      if (this.#waiters.length === 1) this.#arm();
    });
  }

  pause(ms: number): void {
    if (!(ms > 0)) return;
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#timers.now() + ms);
    this.#arm();
  }

  #freeAt(): number {
    const free = Math.max(this.#nextFreeAt, this.#pausedUntil);
    return this.#tokens === undefined ? free : Math.max(free, this.#tokens.freeAt(this.#timers.now()));
  }

  #arm(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#waiters.length === 0) return;
    const delay = Math.max(0, this.#freeAt() - this.#timers.now());
    this.#timer = this.#timers.setTimeout(() => this.#dispatch(), delay);
  }

  #dispatch(): void {
    this.#timer = undefined;
    const now = this.#timers.now();
    while (this.#waiters.length > 0 && now >= this.#freeAt()) {
      const waiter = this.#waiters.shift()!;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.#nextFreeAt = now + this.#intervalMs;
      waiter.resolve();
    }
    this.#arm();
  }
}

/** A minute, the window providers count tokens per minute over. */
const MINUTE_MS = 60_000;

/**
 * Tokens per minute as a sliding window log: the tokens each response reported, with when; a request is
 * sent only while the tokens of the last 60 s are under the limit. A window rather than a token bucket:
 * a bucket holding a minute's tokens lets up to twice the limit through in some 60 s window (a full
 * bucket spent, then a minute's refill), and the limit providers enforce is per 60 s.
 */
class TokenWindow {
  readonly #limit: number;
  readonly #entries: { readonly at: number; readonly tokens: number }[] = [];
  #head = 0;
  #sum = 0;

  constructor(tokensPerMinute: number) {
    this.#limit = tokensPerMinute;
  }

  take(tokens: number, now: number): void {
    this.#entries.push({ at: now, tokens });
    this.#sum += tokens;
  }

  /** The first moment the last 60 s hold fewer tokens than the limit: `now` when they do already. */
  freeAt(now: number): number {
    while (this.#head < this.#entries.length && this.#entries[this.#head]!.at <= now - MINUTE_MS) {
      this.#sum -= this.#entries[this.#head]!.tokens;
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries.splice(0, this.#head);
      this.#head = 0;
    }
    if (this.#sum < this.#limit) return now;
    let left = this.#sum;
    for (let i = this.#head; i < this.#entries.length; i++) {
      left -= this.#entries[i]!.tokens;
      if (left < this.#limit) return this.#entries[i]!.at + MINUTE_MS;
    }
    return now;
  }
}

/**
 * The runner's in-process {@link AccountLimiter}: one FIFO queue per account named in `accounts`
 * (see AccountQueue for the spacing). An account without `requestsPerMinute` is not limited but can
 * be paused.
 *
 * @throws {RangeError} for a rate that is not a positive number, and (from `acquire`/`pause`) for an
 *   account not given here.
 * @example const limits = createAccountLimiter({ team: { requestsPerMinute: 500 } }); await limits.acquire('team', signal)
 */
export function createAccountLimiter(
  accounts: Readonly<Record<string, AccountLimit>>,
  { timers = systemTimers }: AccountLimiterOptions = {},
): AccountLimiter {
  const queues = new Map<string, AccountQueue>();
  for (const [name, { requestsPerMinute: rpm, tokensPerMinute: tpm }] of Object.entries(accounts)) {
    if (rpm !== undefined && !(Number.isFinite(rpm) && rpm > 0))
      throw new RangeError(`createAccountLimiter: \`${name}.requestsPerMinute\` must be a positive number, got ${rpm}`);
    if (tpm !== undefined && !(Number.isFinite(tpm) && tpm > 0))
      throw new RangeError(`createAccountLimiter: \`${name}.tokensPerMinute\` must be a positive number, got ${tpm}`);
    queues.set(name, new AccountQueue(rpm === undefined ? 0 : 60_000 / rpm, timers, tpm));
  }
  const queue = (account: string, fn: string): AccountQueue => {
    const found = queues.get(account);
    if (found === undefined)
      throw new RangeError(`${fn}: no account ${JSON.stringify(account)} (accounts: ${[...queues.keys()].join(', ')})`);
    return found;
  };
  return {
    acquire: (account, signal) => queue(account, 'acquire').acquire(signal),
    pause: (account, ms) => queue(account, 'pause').pause(ms),
    charge: (account, tokens) => queue(account, 'charge').charge(tokens),
  };
}

/** The {@link RateLimiter} of one account of `limiter`. */
export function accountRateLimiter(limiter: AccountLimiter, account: string): RateLimiter {
  return {
    acquire: (signal) => limiter.acquire(account, signal),
    pause: (ms) => limiter.pause(account, ms),
    charge: (tokens) => limiter.charge?.(account, tokens),
  };
}

/**
 * A limiter of its own, at `requestsPerMinute`: requests are spaced at least `60000 / rpm` ms apart,
 * so no 60 s window ever holds more than `rpm` of them, and retries wait their turn like first
 * attempts. Waiting callers are served in arrival order; a caller whose wait is aborted leaves the
 * queue.
 *
 * @example const limiter = createRateLimiter(120); await limiter.acquire(signal) // at most 2 per second
 */
export function createRateLimiter(
  requestsPerMinute: number,
  { timers = systemTimers }: { readonly timers?: Timers } = {},
): RateLimiter {
  if (!Number.isFinite(requestsPerMinute) || requestsPerMinute <= 0)
    throw new RangeError(
      `createRateLimiter: \`requestsPerMinute\` must be a positive number, got ${requestsPerMinute}`,
    );
  const queue = new AccountQueue(60_000 / requestsPerMinute, timers);
  return { acquire: (signal) => queue.acquire(signal), pause: (ms) => queue.pause(ms) };
}
