import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { InputError } from '../schema/input-error';
import { processIsAlive } from '../store/lock';
import { abortableDelay } from '../time/timers';

/** How long a lease lasts without renewal: a coordinator killed on another machine frees the queue after this. */
export const LEASE_TTL_MS = 15_000;
/** A lease is renewed this many times per TTL, so that two renewals may be lost (a slow event loop, a blip) before it expires. */
const RENEWALS_PER_TTL = 3;

const LeaseOwner = z.object({ host: z.string(), pid: z.number().int(), token: z.string(), since: z.string() });
type LeaseOwner = z.infer<typeof LeaseOwner>;

/** Renew only our own lease; drop only our own (compare-and-set on the token). */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const TAKE_OVER = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end`;

/** The coordinator's hold on a queue, renewed in the background until `release`. */
export interface CoordinatorLease {
  /** Whether the lease was lost (another coordinator took the queue after ours expired). */
  readonly lost: () => boolean;
  readonly release: () => Promise<void>;
}

/**
 * Take the queue for this coordinator: one coordinator per queue, so that two run directories never
 * split one run's results between them. The lease is a Redis key with a 15 s expiry (`ttlMs`), renewed
 * every third of that. A lease held by a process of this machine that is no longer alive (a coordinator killed with
 * kill -9, now resumed) is taken over at once, as the run directory's lock is; one held from another
 * machine is waited out until it expires, and refused, naming its holder, if it is still renewed.
 *
 * @throws {InputError} when another coordinator holds the queue.
 */
export async function acquireCoordinatorLease(
  redis: Redis,
  key: string,
  {
    display,
    signal,
    onNotice,
    ttlMs = LEASE_TTL_MS,
  }: { display: string; signal?: AbortSignal; onNotice: (message: string) => void; ttlMs?: number },
): Promise<CoordinatorLease> {
  const renewEveryMs = Math.max(1, Math.floor(ttlMs / RENEWALS_PER_TTL));
  const me: LeaseOwner = {
    host: hostname(),
    pid: process.pid,
    token: randomBytes(8).toString('hex'),
    since: new Date().toISOString(),
  };
  const text = JSON.stringify(me);
  let waited = false;
  let seen: { token: string; at: number } | undefined;
  for (;;) {
    signal?.throwIfAborted();
    if ((await redis.set(key, text, 'PX', ttlMs, 'NX')) === 'OK') break;
    const heldText = await redis.get(key);
    if (heldText === null) continue;
    const held = parseOwner(heldText);
    if (held !== undefined && held.host === me.host && !processIsAlive(held.pid)) {
      if ((await redis.eval(TAKE_OVER, 1, key, heldText, text, String(ttlMs))) === 1) break;
      continue;
    }
    if (held !== undefined && held.host === me.host)
      throw new InputError(
        `another coordinator (process ${held.pid} on this machine, since ${held.since}) is running this queue; stop it, or give this run another --queue-name`,
        { field: '--queue' },
      );
    const token = held?.token ?? heldText;
    if (seen?.token !== token) seen = { token, at: Date.now() };
    else if (Date.now() - seen.at > ttlMs + 2 * renewEveryMs)
      throw new InputError(
        `another coordinator (pid ${held?.pid ?? '?'} on ${held?.host ?? 'another machine'}, since ${held?.since ?? '?'}) is running this queue and renewing its lease; stop it, or give this run another --queue-name`,
        { field: '--queue' },
      );
    if (!waited) {
      waited = true;
      onNotice(
        `the queue on ${display} is held by a coordinator on ${held?.host ?? 'another machine'} (pid ${held?.pid ?? '?'}); waiting for its lease to expire (${ttlMs / 1000} s after its last renewal) (if it is still running, stop this one: Ctrl-C)`,
      );
    }
    await abortableDelay(Math.min(1000, renewEveryMs), signal === undefined ? {} : { signal });
  }
  let lost = false;
  const timer = setInterval(() => {
    redis
      .eval(RENEW, 1, key, text, String(ttlMs))
      .then((renewed) => {
        if (renewed === 0 && !lost) {
          // Expired while Redis was unreachable, or lost with Redis's data: take it back if it is free.
          void redis.set(key, text, 'PX', ttlMs, 'NX').then((taken) => {
            if (taken !== 'OK') lost = true;
          });
        }
      })
      .catch(() => undefined);
  }, renewEveryMs);
  timer.unref();
  return {
    lost: () => lost,
    release: async () => {
      clearInterval(timer);
      await redis.eval(RELEASE, 1, key, text).catch(() => undefined);
    },
  };
}

function parseOwner(text: string): LeaseOwner | undefined {
  try {
    const parsed = LeaseOwner.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
