import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cacheKey, targetIdentity } from '../../src/cache/index';
import { CACHE_KEY_PREFIX, RedisCache } from '../../src/distributed/redis-cache';
import { startRedis } from './redis-server';

let server: Awaited<ReturnType<typeof startRedis>>;
let redis: Redis;
let warnings: string[];
let cache: RedisCache;
beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});
beforeEach(async () => {
  await redis.flushdb();
  warnings = [];
  cache = new RedisCache(redis, {
    location: server.url,
    onWarning: (m) => warnings.push(m),
    now: () => new Date(Date.UTC(2026, 0, 2)),
  });
});

const keyOf = (input: unknown, sample = 0) =>
  cacheKey({
    target: targetIdentity({ type: 'openai', baseURL: 'http://127.0.0.1:9/v1', model: 'm' }),
    input,
    sample,
    seed: 3,
  });

describe('RedisCache', () => {
  it('serves what was put, writes only ok cells, and keeps each sample apart', async () => {
    const key = keyOf('capital of France?');
    expect(await cache.get(key)).toBeUndefined();
    expect(await cache.put(key, { status: 'ok', output: 'Paris', latencyMs: 812, usage: { costUsd: 0.002 } })).toBe(
      true,
    );
    expect(await cache.get(key)).toEqual({
      output: 'Paris',
      latencyMs: 812,
      usage: { costUsd: 0.002 },
      createdAt: '2026-01-02T00:00:00.000Z',
    });
    expect(await cache.get(keyOf('capital of France?', 1))).toBeUndefined();
    for (const status of ['error', 'timeout', 'skipped'])
      expect(await cache.put(keyOf(status), { status, output: 'x', latencyMs: 1 })).toBe(false);
    expect(await redis.keys(`${CACHE_KEY_PREFIX}*`)).toEqual([`${CACHE_KEY_PREFIX}${key}`]);
  });

  it.each([
    ['cut short', (text: string) => text.slice(0, text.length >> 1), 'not JSON'],
    ['edited output', (text: string) => text.replace('"Paris"', '"Rome"'), 'checksum mismatch'],
    ['not an entry', () => '{"hello":"world"}', '`format`: missing required field'],
  ])('an entry %s is ignored with a warning, and replaced when its cell runs again', async (_, damage, reason) => {
    const key = keyOf('q');
    await cache.put(key, { status: 'ok', output: 'Paris', latencyMs: 812 });
    const entry = `${CACHE_KEY_PREFIX}${key}`;
    await redis.set(entry, damage((await redis.get(entry))!));
    expect(await cache.get(key)).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining(`cache entry ${entry} in ${server.url}: `)]);
    expect(warnings[0]).toContain(reason);
    expect(await cache.stats()).toMatchObject({ entries: 0, corrupt: 1 });
    await cache.put(key, { status: 'ok', output: 'Paris', latencyMs: 900 });
    expect(await cache.get(key)).toMatchObject({ output: 'Paris', latencyMs: 900 });
  });

  it('an entry copied under another key is not served as that key', async () => {
    const [a, b] = [keyOf('a'), keyOf('b')];
    await cache.put(a, { status: 'ok', output: 'answer to a', latencyMs: 1 });
    await redis.set(`${CACHE_KEY_PREFIX}${b}`, (await redis.get(`${CACHE_KEY_PREFIX}${a}`))!);
    expect(await cache.get(b)).toBeUndefined();
    expect(warnings[0]).toMatch(/written for key [0-9a-f]{12}…, not this one/);
  });

  it('stats counts entries and bytes of this cache only; clear removes its entries and nothing else', async () => {
    for (let i = 0; i < 1200; i++) await cache.put(keyOf(i), { status: 'ok', output: `answer ${i}`, latencyMs: i });
    await redis.set('verdict:experiment:run', '{}');
    const stats = await cache.stats();
    expect(stats).toMatchObject({ location: server.url, entries: 1200, corrupt: 0, temporaryFiles: 0 });
    let bytes = 0;
    for (let i = 0; i < 1200; i++) bytes += Buffer.byteLength((await redis.get(`${CACHE_KEY_PREFIX}${keyOf(i)}`))!);
    expect(stats.bytes).toBe(bytes);
    expect(await cache.clear()).toBe(1200);
    expect(await cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
    expect(await redis.get('verdict:experiment:run')).toBe('{}');
  });

  it('refuses a key that is not a cache key', async () => {
    await expect(cache.get('../../etc')).rejects.toThrow(/64 lowercase hex digits/);
  });
});
