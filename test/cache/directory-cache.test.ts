import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheKey, DirectoryCache, defaultCacheDirectory, targetIdentity } from '../../src/cache/index';

let directory: string;
let warnings: string[];
let cache: DirectoryCache;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'verdict-cache-'));
  warnings = [];
  cache = new DirectoryCache(directory, {
    onWarning: (m) => warnings.push(m),
    now: () => new Date(Date.UTC(2026, 0, 2)),
  });
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const keyOf = (input: unknown, sample = 0) =>
  cacheKey({
    target: targetIdentity({ type: 'openai', baseURL: 'http://127.0.0.1:9/v1', model: 'm' }),
    input,
    sample,
    seed: 3,
  });
const allText = (dir: string): string =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');

describe('DirectoryCache', () => {
  it('serves what was put: the output, the original latency and usage, and when', async () => {
    const key = keyOf('capital of France?');
    expect(await cache.get(key)).toBeUndefined();
    const output = { text: 'Paris', tokens: [1, 2, 3], nested: { ok: true, none: null } };
    expect(await cache.put(key, { status: 'ok', output, latencyMs: 812, usage: { costUsd: 0.002, tokens: 15 } })).toBe(
      true,
    );
    expect(await cache.get(key)).toEqual({
      output,
      latencyMs: 812,
      usage: { costUsd: 0.002, tokens: 15 },
      createdAt: '2026-01-02T00:00:00.000Z',
    });
    expect(await cache.get(keyOf('capital of France?', 1))).toBeUndefined(); // another sample: its own entry
    expect(readdirSync(join(directory, 'entries', key.slice(0, 2)))).toEqual([`${key}.json`]);
    expect(readdirSync(join(directory, 'tmp'))).toEqual([]);
  });

  it('writes only ok cells: an error, a timeout or a skipped cell is no answer to reuse', async () => {
    for (const status of ['error', 'timeout', 'skipped']) {
      expect(await cache.put(keyOf(status), { status, output: 'partial', latencyMs: 1 })).toBe(false);
      expect(await cache.get(keyOf(status))).toBeUndefined();
    }
    expect((await cache.stats()).entries).toBe(0);
  });

  it('stats counts entries, bytes, corrupt entries and leftover temporary files; clear removes them all', async () => {
    await cache.put(keyOf(1), { status: 'ok', output: 'one', latencyMs: 1 });
    await cache.put(keyOf(2), { status: 'ok', output: 'two', latencyMs: 2 });
    writeFileSync(cache.entryFile(keyOf(2)), '{"format":"verdict-cache-entry/1"');
    writeFileSync(join(directory, 'tmp', `${keyOf(3)}.123.abc.tmp`), '{"half": ');
    const stats = await cache.stats();
    expect(stats).toMatchObject({ location: directory, entries: 1, corrupt: 1, temporaryFiles: 1 });
    expect(stats.bytes).toBe(readFileSync(cache.entryFile(keyOf(1))).length);
    expect(await cache.clear()).toBe(2);
    expect(await cache.stats()).toEqual({ location: directory, entries: 0, bytes: 0, corrupt: 0, temporaryFiles: 0 });
    expect(await cache.get(keyOf(1))).toBeUndefined();
    expect(await new DirectoryCache(join(directory, 'never-made')).stats()).toMatchObject({ entries: 0 });
  });

  it.each([
    ['cut short', (text: string) => text.slice(0, text.length >> 1), 'not JSON'],
    ['edited output', (text: string) => text.replace('"Paris"', '"Rome"'), 'checksum mismatch'],
    ['edited latency', (text: string) => text.replace('"latencyMs":812', '"latencyMs":1'), 'checksum mismatch'],
    ['not an entry', () => '{"hello":"world"}', '`format`'],
    ['empty', () => '', 'not JSON'],
  ])('an entry %s is ignored with a warning, recomputed, and replaced', async (_, damage, reason) => {
    const key = keyOf('q');
    await cache.put(key, { status: 'ok', output: 'Paris', latencyMs: 812 });
    writeFileSync(cache.entryFile(key), damage(readFileSync(cache.entryFile(key), 'utf8')));
    expect(await cache.get(key)).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`cache entry ${cache.entryFile(key)}: `);
    expect(warnings[0]).toContain(reason);
    expect(warnings[0]).toMatch(/; ignored, the cell runs again$/);
    await cache.put(key, { status: 'ok', output: 'Paris', latencyMs: 900 });
    expect(await cache.get(key)).toMatchObject({ output: 'Paris', latencyMs: 900 });
  });

  it('an entry copied under another key is not served as that key', async () => {
    const [a, b] = [keyOf('a'), keyOf('b')];
    await cache.put(a, { status: 'ok', output: 'answer to a', latencyMs: 1 });
    mkdirSync(join(directory, 'entries', b.slice(0, 2)), { recursive: true });
    writeFileSync(cache.entryFile(b), readFileSync(cache.entryFile(a)));
    expect(await cache.get(b)).toBeUndefined();
    expect(warnings[0]).toMatch(/written for key [0-9a-f]{12}…, not this one/);
  });

  it('refuses a key that is not a cacheKey (it could name a file outside the cache)', async () => {
    await expect(cache.get('../../etc/passwd')).rejects.toThrow(
      new TypeError('DirectoryCache: `key` must be 64 lowercase hex digits (from cacheKey), got "../../etc/passwd"'),
    );
    await expect(cache.put('A'.repeat(64), { status: 'ok', output: 1, latencyMs: 1 })).rejects.toThrow(TypeError);
    await expect(cache.put(keyOf(1), { status: 'ok', output: undefined, latencyMs: 1 })).rejects.toThrow(
      new TypeError('encodeCacheEntry: `output` must be a JSON value, got undefined'),
    );
  });

  it('stores no API key, header or environment value anywhere in its directory', async () => {
    const secret = 'sk-canary-secret-9f8e7d';
    const openai = {
      type: 'openai',
      baseURL: 'http://127.0.0.1:9/v1',
      model: 'm',
      apiKeyEnv: 'VERDICT_CANARY_KEY',
      headers: { Authorization: `Bearer ${secret}`, 'X-Api-Key': secret },
    } as const;
    const command = { type: 'command', argv: ['./answer'], env: { API_TOKEN: secret } } as const;
    for (const target of [openai, command]) {
      const key = cacheKey({ target: targetIdentity(target), input: 'q', sample: 0, seed: 1 });
      await cache.put(key, {
        status: 'ok',
        output: 'fine',
        latencyMs: 5,
        usage: { tokens: { prompt: 3, completion: 1 } },
      });
    }
    const text = allText(directory);
    expect(text).toContain('"fine"');
    for (const leak of [secret, 'Authorization', 'X-Api-Key', 'VERDICT_CANARY_KEY', 'API_TOKEN'])
      expect(text).not.toContain(leak);
  });
});

describe('defaultCacheDirectory', () => {
  it('is $VERDICT_CACHE_DIR, else $XDG_CACHE_HOME/verdict/outputs, else ~/.cache/verdict/outputs', () => {
    expect(defaultCacheDirectory({ VERDICT_CACHE_DIR: '/tmp/c', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/tmp/c');
    expect(defaultCacheDirectory({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/verdict/outputs');
    expect(defaultCacheDirectory({ HOME: '/home/ada' })).toBe('/home/ada/.cache/verdict/outputs');
  });
});
