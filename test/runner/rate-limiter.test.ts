import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter } from '../../src/runner/rate-limiter';

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
