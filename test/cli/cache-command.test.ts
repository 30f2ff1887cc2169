/**
 * `verdict cache stats|clear` as a user runs them on a cache that `verdict run --cache DIR` filled: the counts
 * printed are the cache's own, a corrupt entry is reported apart, and clear empties it.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheKey, DirectoryCache, targetIdentity } from '../../src/cache/index';
import { runCliInProcess } from '../docs/run-docs';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verdict-cache-command-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('verdict cache', () => {
  it('stats counts what a cached run stored, and clear removes it', async () => {
    const cacheDir = join(dir, 'cache');
    const run = await runCliInProcess(
      ['run', 'examples/qa/experiment.ts', '--out', join(dir, 'run'), '--cache', cacheDir, '--quiet', '--in-process'],
      process.cwd(),
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const stored = await new DirectoryCache(cacheDir).stats();
    expect(stored.entries).toBeGreaterThan(0);

    const stats = await runCliInProcess(['cache', 'stats', '--dir', cacheDir, '--json'], process.cwd());
    expect(stats.exitCode, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toEqual(stored);

    const text = await runCliInProcess(['cache', 'stats', '--dir', cacheDir], process.cwd());
    expect(text.stdout).toBe(
      `Output cache ${cacheDir}: ${stored.entries} entries, ${(stored.bytes / 1024).toFixed(1)} KiB\n`,
    );

    const cleared = await runCliInProcess(['cache', 'clear', '--dir', cacheDir], process.cwd());
    expect(cleared.stdout).toBe(`Removed ${stored.entries} entries from ${cacheDir}\n`);
    expect(await new DirectoryCache(cacheDir).stats()).toMatchObject({ entries: 0, corrupt: 0 });
  }, 60_000);

  it('reports a corrupt entry apart from the intact ones', async () => {
    const cacheDir = join(dir, 'corrupt');
    const cache = new DirectoryCache(cacheDir);
    const key = (input: number) =>
      cacheKey({
        target: targetIdentity({ type: 'openai', baseURL: 'http://127.0.0.1:9/v1', model: 'm' }),
        input,
        sample: 0,
        seed: 1,
      });
    await cache.put(key(1), { status: 'ok', output: 'one', latencyMs: 1 });
    await cache.put(key(2), { status: 'ok', output: 'two', latencyMs: 2 });
    writeFileSync(cache.entryFile(key(2)), '{"format":');
    const text = await runCliInProcess(['cache', 'stats', '--dir', cacheDir], process.cwd());
    expect(text.stdout).toMatch(/: 1 entry, .* KiB; 1 corrupt \(ignored, replaced when their cell runs\)\n$/);
  });

  it('--queue with no Redis listening fails at once with one line naming the URL without its password', async () => {
    // A loopback port that was free a moment ago and is closed now: the connection is refused.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    for (const command of ['stats', 'clear']) {
      const started = Date.now();
      const result = await runCliInProcess(
        ['cache', command, '--queue', `redis://:hunter2@127.0.0.1:${port}/0`],
        process.cwd(),
      );
      // Before, the client retried for ever and this never returned; a refused loopback connection takes milliseconds.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `verdict: \`--queue\`: Redis at redis://:***@127.0.0.1:${port}/0 is unreachable (connect ECONNREFUSED 127.0.0.1:${port}); check the host, the port and that redis-server runs there\n`,
      );
    }
  });
});
