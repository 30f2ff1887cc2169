import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AccountLimit, AccountLimiter, RateLimiter } from '../runner/rate-limiter';
import { abortableDelay, systemTimers, type Timers } from '../time/timers';

// Every script reads the time from Redis (TIME), so that machines whose clocks differ still space
// their requests right. The state of an account is two keys: a hash (`next`: ms, the earliest time
// the next request may go; `paused`: ms, no request before this, set by a 429's Retry-After;
// `tokens`: the tokens the log holds) and a sorted set, the log of the tokens its responses reported
// in the last minute (score: when; member: `<random id>:<tokens>`).
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function extend(key, ms)
  local left = redis.call('PTTL', key)
  if left < ms then redis.call('PEXPIRE', key, math.ceil(ms)) end
end
local function tokensOf(member) return tonumber(string.match(member, ':([^:]+)$')) or 0 end
`;

/**
 * The first moment the last 60 s of KEYS[2] hold fewer tokens than ARGV[2] (0: no tokens-per-minute
 * limit): `now` when they do already. Drops the entries older than a minute, keeping the sum in step:
 * the sliding window log of TokenWindow (src/runner/rate-limiter.ts), held in Redis.
 */
const TOKENS_FREE_AT = `
local function tokensFreeAt(limit)
  if limit <= 0 then return now end
  local sum = tonumber(redis.call('HGET', KEYS[1], 'tokens') or '0')
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - 60000)) do sum = sum - tokensOf(member) end
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 60000)
  if redis.call('ZCARD', KEYS[2]) == 0 or sum < 0 then sum = 0 end
  redis.call('HSET', KEYS[1], 'tokens', tostring(sum))
  if sum < limit then return now end
  local left = sum
  local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  for i = 1, #entries, 2 do
    left = left - tokensOf(entries[i])
    if left < limit then return tonumber(entries[i + 1]) + 60000 end
  end
  return now
end
`;

/**
 * One slot of the account: ARGV[1] the spacing in ms (60000 / requests per minute; 0 when the account
 * has no requests-per-minute limit), ARGV[2] its tokens per minute (0: none). Returns { wait ms, slot }:
 * with a slot (a time) the caller may send once the wait is over; with an empty slot the account's
 * tokens of the last minute (or a pause) are over its limit and no slot is taken: the caller waits
 * and asks again (the tokens of the requests in flight are not known before they are answered).
 */
const ACQUIRE = `${NOW}${TOKENS_FREE_AT}
local interval = tonumber(ARGV[1])
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
local tokensAt = tokensFreeAt(tonumber(ARGV[2]))
if tokensAt > now then return { tostring(math.max(tokensAt, paused) - now), '' } end
local nextFree = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
local slot = math.max(now, nextFree, paused)
redis.call('HSET', KEYS[1], 'next', tostring(slot + interval))
extend(KEYS[1], slot - now + interval + 60000)
return { tostring(slot - now), tostring(slot) }
`;

/** Give back a slot whose wait was aborted, when no later slot was handed out since (as the local limiter does). */
const RELEASE = `
local nextFree = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if nextFree == tonumber(ARGV[1]) + tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], 'next', ARGV[1]) end
return 0
`;

/** Pause the account for ARGV[1] ms from now (never shortening a longer pause); returns the ms left to wait. */
const PAUSE = `${NOW}
local untilMs = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
if untilMs > paused then
  redis.call('HSET', KEYS[1], 'paused', tostring(untilMs))
  extend(KEYS[1], tonumber(ARGV[1]) + 60000)
end
return tostring(math.max(untilMs, paused) - now)
`;

/**
 * Milliseconds the account must still wait after a slot's wait (0: send now): a pause another worker
 * set meanwhile, or tokens of the last minute that reached the limit meanwhile. ARGV[1]: tokens per minute.
 */
const HELD_FOR = `${NOW}${TOKENS_FREE_AT}
local paused = tonumber(redis.call('HGET', KEYS[1], 'paused') or '0')
return tostring(math.max(0, paused - now, tokensFreeAt(tonumber(ARGV[1])) - now))
`;

/** Log ARGV[2] tokens a response of the account reported (ARGV[1]: a random id, so equal charges stay apart). */
const CHARGE = `${NOW}
redis.call('ZADD', KEYS[2], now, ARGV[1] .. ':' .. ARGV[2])
redis.call('HINCRBYFLOAT', KEYS[1], 'tokens', ARGV[2])
extend(KEYS[2], 61000)
extend(KEYS[1], 61000)
return 0
`;

type LimiterRedis = Redis & {
  verdictAcquire(state: string, log: string, intervalMs: string, tokensPerMinute: string): Promise<[string, string]>;
  verdictRelease(state: string, slot: string, intervalMs: string): Promise<number>;
  verdictPause(state: string, ms: string): Promise<string>;
  verdictHeldFor(state: string, log: string, tokensPerMinute: string): Promise<string>;
  verdictCharge(state: string, log: string, id: string, tokens: string): Promise<number>;
};

/** Per-account limits shared by every process that uses the same Redis keys. */
export interface SharedRateLimiter extends AccountLimiter {
  /** Resolve when `account` may send one request; reject with `signal.reason` if it aborts first. */
  readonly acquire: (account: string, signal?: AbortSignal) => Promise<void>;
  /**
   * No request of `account`, from any process, for `ms` from now (a 429's Retry-After). The runner's
   * interface is synchronous: the pause is written to Redis in the background (a lost write only means
   * this one Retry-After is not shared); {@link SharedRateLimiter.pauseShared} resolves once it is written.
   */
  readonly pause: (account: string, ms: number) => void;
  /** As `pause`, resolving once every process sees the pause. */
  readonly pauseShared: (account: string, ms: number) => Promise<void>;
  /** Count `tokens` one of `account`'s responses reported against its tokens per minute (in the background). */
  readonly charge: (account: string, tokens: number) => void;
  /** The runner's one-account interface (RateLimiter) for `account`. */
  readonly forAccount: (account: string) => RateLimiter;
}

/** The Redis keys of one account's shared state. */
export interface SharedLimitKeys {
  /** The hash of its spacing, pause and token sum. */
  readonly state: string;
  /** The sorted set of its tokens of the last minute. */
  readonly log: string;
}

export interface RedisRateLimiterOptions {
  /** The limits by account; an account not named here is not limited, but obeys pauses. */
  readonly limits: Readonly<Record<string, AccountLimit>>;
  /** The Redis keys of an account's state. */
  readonly keysOf: (account: string) => SharedLimitKeys;
  /** @default systemTimers */
  readonly timers?: Timers;
}

/**
 * A rate limiter whose state lives in Redis, for every worker of a distributed run: the same
 * algorithms as the in-process createAccountLimiter, on the server. Requests per minute: the generic
 * cell-rate algorithm (requests of an account spaced at least 60000 / rpm ms apart, so no 60 s
 * window holds more than rpm of them, retries included). Tokens per minute: a sliding window log of
 * the tokens responses reported, no request sent while the last 60 s hold the limit (requests in
 * flight together can overshoot by their own usage, as locally: a request's tokens are known only once
 * it is answered). Each decision is one Lua script (atomic on the server, one round trip), and a
 * `pause` (a 429's Retry-After) holds the account back on every worker at once.
 *
 * Why not BullMQ's own limiter: it counts *jobs* per queue, while a provider counts *requests* (and
 * tokens) per account, a cell makes one request per attempt (its retries too), and an experiment's
 * variants and judge may share one account or have limits of their own.
 *
 * A process that waits for a slot and then finds the account held meanwhile (another worker got a
 * 429, or the tokens reached the limit) waits that out and takes a new slot, so no request goes
 * during a pause.
 *
 * @example const limiter = createRedisRateLimiter(redis, { limits: { team: { requestsPerMinute: 600 } }, keysOf }); await limiter.acquire('team', signal)
 */
export function createRedisRateLimiter(
  redis: Redis,
  { limits, keysOf, timers = systemTimers }: RedisRateLimiterOptions,
): SharedRateLimiter {
  for (const [account, { requestsPerMinute: rpm, tokensPerMinute: tpm }] of Object.entries(limits)) {
    if (rpm !== undefined && !(Number.isFinite(rpm) && rpm > 0))
      throw new RangeError(
        `createRedisRateLimiter: \`${account}.requestsPerMinute\` must be a positive number, got ${rpm}`,
      );
    if (tpm !== undefined && !(Number.isFinite(tpm) && tpm > 0))
      throw new RangeError(
        `createRedisRateLimiter: \`${account}.tokensPerMinute\` must be a positive number, got ${tpm}`,
      );
  }
  const scripts = redis as LimiterRedis;
  if (typeof scripts.verdictCharge !== 'function') {
    redis.defineCommand('verdictAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    redis.defineCommand('verdictRelease', { numberOfKeys: 1, lua: RELEASE });
    redis.defineCommand('verdictPause', { numberOfKeys: 1, lua: PAUSE });
    redis.defineCommand('verdictHeldFor', { numberOfKeys: 2, lua: HELD_FOR });
    redis.defineCommand('verdictCharge', { numberOfKeys: 2, lua: CHARGE });
  }
  const intervalOf = (account: string) => {
    const rpm = limits[account]?.requestsPerMinute;
    return rpm === undefined ? '0' : String(60_000 / rpm);
  };
  const tokensPerMinuteOf = (account: string) => String(limits[account]?.tokensPerMinute ?? 0);
  const acquire = async (account: string, signal?: AbortSignal): Promise<void> => {
    const { state, log } = keysOf(account);
    const interval = intervalOf(account);
    const tpm = tokensPerMinuteOf(account);
    for (;;) {
      signal?.throwIfAborted();
      const [wait, slot] = await scripts.verdictAcquire(state, log, interval, tpm);
      const waitMs = Number(wait);
      if (waitMs <= 0) return;
      try {
        await abortableDelay(waitMs, { ...(signal === undefined ? {} : { signal }), timers });
      } catch (error) {
        if (slot !== '') await scripts.verdictRelease(state, slot, interval).catch(() => undefined);
        throw error;
      }
      if (slot === '') continue;
      const left = Number(await scripts.verdictHeldFor(state, log, tpm));
      if (left <= 0) return;
    }
  };
  const pauseShared = async (account: string, ms: number): Promise<void> => {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`SharedRateLimiter.pause: \`ms\` must be a non-negative number, got ${ms}`);
    await scripts.verdictPause(keysOf(account).state, String(Math.ceil(ms)));
  };
  const pause = (account: string, ms: number) => void pauseShared(account, ms).catch(() => undefined);
  const charge = (account: string, tokens: number) => {
    if (limits[account]?.tokensPerMinute === undefined || !(Number.isFinite(tokens) && tokens > 0)) return;
    const { state, log } = keysOf(account);
    scripts.verdictCharge(state, log, randomBytes(6).toString('hex'), String(tokens)).catch(() => undefined);
  };
  return {
    acquire,
    pause,
    pauseShared,
    charge,
    forAccount: (account) => ({
      acquire: (signal) => acquire(account, signal),
      pause: (ms) => pause(account, ms),
      charge: (tokens) => charge(account, tokens),
    }),
  };
}
