import type { Redis } from 'ioredis';
import type { RateLimiter } from '../runner/rate-limiter';
import { abortableDelay, systemTimers, type Timers } from '../time/timers';

/**
 * One slot of a shared token bucket, decided inside Redis on Redis's clock (TIME), so that machines
 * whose clocks differ still space their requests right. The state of an account is a hash:
 * `next` (ms: the earliest time the next request may go) and `paused` (ms: no request before this, set
 * by a 429's Retry-After). KEYS[1]: the hash; ARGV[1]: spacing in ms (60000 / requests per minute, 0
 * for an account with no limit, which then only obeys pauses). Returns { wait ms, slot ms }.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local nextFree = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
local slot = math.max(now, nextFree, paused)
redis.call('HSET', KEYS[1], 'next', tostring(slot + interval))
redis.call('PEXPIRE', KEYS[1], math.ceil(slot - now + interval) + 60000)
return { tostring(slot - now), tostring(slot) }
`;

/** Give back a slot whose wait was aborted, when no later slot was handed out since (as the local limiter does). */
const RELEASE = `
local nextFree = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if nextFree == tonumber(ARGV[1]) + tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], 'next', ARGV[1]) end
return 0
`;

/** Pause the account for ARGV[1] ms from now (never shortening a longer pause); returns the ms left to wait. */
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
if untilMs > paused then
  redis.call('HSET', KEYS[1], 'paused', tostring(untilMs))
  redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[1])) + 60000)
end
return tostring(math.max(untilMs, paused) - now)
`;

/** Milliseconds left of the account's pause (0 when none): checked after a wait that a pause may have overtaken. */
const PAUSED_FOR = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
return tostring(math.max(0, paused - now))
`;

type LimiterRedis = Redis & {
  verdictAcquire(key: string, intervalMs: string): Promise<[string, string]>;
  verdictRelease(key: string, slot: string, intervalMs: string): Promise<number>;
  verdictPause(key: string, ms: string): Promise<string>;
  verdictPausedFor(key: string): Promise<string>;
};

/** Per-account limits shared by every process that uses the same Redis keys. */
export interface SharedRateLimiter {
  /** Resolve when `account` may send one request; reject with `signal.reason` if it aborts first. */
  readonly acquire: (account: string, signal?: AbortSignal) => Promise<void>;
  /** No request of `account`, from any process, for `ms` from now (a 429's Retry-After). */
  readonly pause: (account: string, ms: number) => Promise<void>;
  /** The runner's one-account interface (RateLimiter) for `account`. */
  readonly forAccount: (account: string) => RateLimiter;
}

export interface RedisRateLimiterOptions {
  /** Requests per minute by account; an account without one is not spaced, but obeys pauses. */
  readonly requestsPerMinute: Readonly<Record<string, number>>;
  /** The Redis key of an account's state. */
  readonly keyOf: (account: string) => string;
  /** @default systemTimers */
  readonly timers?: Timers;
}

/**
 * A rate limiter whose state lives in Redis, for every worker of a distributed run: the same
 * generic-cell-rate algorithm as the in-process createRateLimiter (requests of an account spaced at
 * least 60000 / rpm ms apart, so no 60 s window holds more than rpm of them, retries included), with
 * each slot handed out by a Lua script (atomic on the server, one round trip), and a `pause` that a
 * 429 with Retry-After sets for the account on every worker at once. Why not BullMQ's own limiter:
 * it counts *jobs* per queue, while a provider counts *requests* per account, and a cell makes one
 * request per attempt (its retries too) and an experiment's variants may have different limits.
 *
 * A process that waits for a slot and then finds the account paused meanwhile (another worker got a
 * 429) waits out the pause and takes a new slot, so no request goes during a pause.
 *
 * @example const limiter = createRedisRateLimiter(redis, { requestsPerMinute: { A: 600 }, keyOf: keys.limiter }); await limiter.acquire('A', signal)
 */
export function createRedisRateLimiter(
  redis: Redis,
  { requestsPerMinute, keyOf, timers = systemTimers }: RedisRateLimiterOptions,
): SharedRateLimiter {
  for (const [account, rpm] of Object.entries(requestsPerMinute))
    if (!Number.isFinite(rpm) || rpm <= 0)
      throw new RangeError(
        `createRedisRateLimiter: \`requestsPerMinute.${account}\` must be a positive number, got ${rpm}`,
      );
  const scripts = redis as LimiterRedis;
  if (typeof scripts.verdictAcquire !== 'function') {
    redis.defineCommand('verdictAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    redis.defineCommand('verdictRelease', { numberOfKeys: 1, lua: RELEASE });
    redis.defineCommand('verdictPause', { numberOfKeys: 1, lua: PAUSE });
    redis.defineCommand('verdictPausedFor', { numberOfKeys: 1, lua: PAUSED_FOR });
  }
  const intervalOf = (account: string) => {
    const rpm = requestsPerMinute[account];
    return rpm === undefined ? '0' : String(60_000 / rpm);
  };
  const acquire = async (account: string, signal?: AbortSignal): Promise<void> => {
    const key = keyOf(account);
    const interval = intervalOf(account);
    for (;;) {
      signal?.throwIfAborted();
      const [wait, slot] = await scripts.verdictAcquire(key, interval);
      const waitMs = Number(wait);
      if (waitMs <= 0) return;
      try {
        await abortableDelay(waitMs, { ...(signal === undefined ? {} : { signal }), timers });
      } catch (error) {
        await scripts.verdictRelease(key, slot, interval).catch(() => undefined);
        throw error;
      }
      const left = Number(await scripts.verdictPausedFor(key));
      if (left <= 0) return;
    }
  };
  const pause = async (account: string, ms: number): Promise<void> => {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`SharedRateLimiter.pause: \`ms\` must be a non-negative number, got ${ms}`);
    await scripts.verdictPause(keyOf(account), String(Math.ceil(ms)));
  };
  return {
    acquire,
    pause,
    forAccount: (account) => ({
      acquire: (signal) => acquire(account, signal),
      // The runner's view pauses synchronously; the shared pause is written to Redis in the background (a lost
      // write only means this one Retry-After is not shared).
      pause: (ms) => void pause(account, ms).catch(() => undefined),
    }),
  };
}
