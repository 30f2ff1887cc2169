import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accountRateLimiter, createAccountLimiter, createRateLimiter } from '../../src/runner/rate-limiter';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createRateLimiter', () => {
  it('spaces requests 60000 / rpm ms apart, in arrival order', async () => {
    const limiter = createRateLimiter(60);
    const granted: number[] = [];
    const waits = [0, 1, 2].map((i) => limiter.acquire().then(() => granted.push(i * 10_000 + Date.now())));
    await vi.advanceTimersByTimeAsync(999);
    expect(granted).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1001);
    await Promise.all(waits);
    expect(granted).toEqual([0, 11_000, 22_000]);
  });

  it('does not hold back a request after an idle period longer than the interval', async () => {
    const limiter = createRateLimiter(120);
    await limiter.acquire();
    await vi.advanceTimersByTimeAsync(5000);
    let done = false;
    const next = limiter.acquire().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(true);
    await next;
  });

  it('rejects with the reason when aborted while waiting, and gives the slot back', async () => {
    const limiter = createRateLimiter(60);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    let grantedAt = -1;
    const next = limiter.acquire().then(() => {
      grantedAt = Date.now();
    });
    await vi.advanceTimersByTimeAsync(1000);
    await next;
    expect(grantedAt).toBe(1000);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => createRateLimiter(0)).toThrow(
      'createRateLimiter: `requestsPerMinute` must be a positive number, got 0',
    );
  });
});

describe('createAccountLimiter', () => {
  it('holds back requests while the last 60 s of reported tokens reach tokensPerMinute', async () => {
    const limiter = createAccountLimiter({ team: { tokensPerMinute: 1000 } });
    const granted: number[] = [];
    // Each request uses 300 tokens, known when it is answered (charged right after it is granted).
    const send = async () => {
      let done = false;
      const waiting = limiter.acquire('team').then(() => {
        done = true;
        granted.push(Date.now());
      });
      while (!done) await vi.advanceTimersToNextTimerAsync();
      await waiting;
      await vi.advanceTimersByTimeAsync(10_000);
      limiter.charge!('team', 300);
    };
    for (let i = 0; i < 6; i++) await send();
    // 4 x 300 = 1200 >= 1000 at 30 s (the 4th got in under the limit, at 900): the 5th waits until the
    // first 300 leave the window (at 60 s after it was charged at 10 s), and so on.
    expect(granted).toEqual([0, 10_000, 20_000, 30_000, 70_000, 80_000]);
    // No 60 s window holds more than the limit plus one request's tokens in flight.
    const charged = granted.map((at) => at + 10_000);
    for (const start of charged) {
      const inWindow = charged.filter((at) => at >= start && at < start + 60_000).length;
      expect(inWindow * 300).toBeLessThanOrEqual(1000 + 300);
    }
  });

  it('shares one account between callers: requests are spaced for all, and a pause holds all back', async () => {
    const limiter = createAccountLimiter({ team: { requestsPerMinute: 60 }, other: {} });
    const a = accountRateLimiter(limiter, 'team');
    const b = accountRateLimiter(limiter, 'team');
    const granted: string[] = [];
    const waits = [
      a.acquire().then(() => granted.push(`a@${Date.now()}`)),
      b.acquire().then(() => granted.push(`b@${Date.now()}`)),
    ];
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(waits);
    expect(granted).toEqual(['a@0', 'b@1000']);
    a.pause(5000);
    let at = -1;
    const next = b.acquire().then(() => {
      at = Date.now();
    });
    await vi.advanceTimersByTimeAsync(6000);
    await next;
    expect(at).toBe(6000);
    // Another account is not held back.
    await limiter.acquire('other');
    expect(() => createAccountLimiter({ x: { tokensPerMinute: 0 } })).toThrow(/`x.tokensPerMinute` must be a positive/);
  });
});
