/**
 * kill -9 during cache writes: a child process writes the workload's entries (about 16 kB each) and is killed with
 * SIGKILL at 12 seeded moments; after each kill every entry that reads back must be exactly the one written, and
 * every entry the child had acknowledged must read back. Then a rerun through the cache (get, else compute and put)
 * must give what an uncached run gives, with no torn entry served, and a power-cut style corruption of entries that
 * were whole is caught by their checksum.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScript } from '../../bench/harness/bundle-script';
import { DirectoryCache } from '../../src/cache/index';
import { seededRandom } from '../../stats/index';
import { workloadKey, workloadOutput } from './fixtures/cache-workload';

const CHILD_SOURCE = join(import.meta.dirname, 'fixtures', 'write-entries-child.ts');
// Bundled once and run by plain node (about 50 ms to start, against 2 s through tsx), inside the project so that
// its packages resolve from node_modules.
const BUNDLES = join(import.meta.dirname, '../../bench/.tmp', `cache-crash-${process.pid}`);
let child: string;
const KILLS = 12;
// 12 kills after at most 12 entries each end before the last entry: every session is killed, none finishes.
const ENTRIES = 200;

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'verdict-cache-crash-'));
  child = await bundleScript(CHILD_SOURCE, BUNDLES);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
  await rm(BUNDLES, { recursive: true, force: true });
});

/** Start the writer on entries [from, from + count); resolve with the indices it acknowledged once killed. */
function writeUntilKilled(
  from: number,
  count: number,
  acknowledgements: number,
  delayMs: number,
): Promise<{ acked: number[]; signal: string | null }> {
  const writer = spawn(process.execPath, [child, directory, String(from), String(count)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: number[] = [];
  let stderr = '';
  let buffered = '';
  let killing = false;
  writer.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  writer.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) acked.push(Number(line));
    // Kill once the seeded number of entries is acknowledged, a seeded 0-20 ms later: the next write (about 16 ms
    // here, most of it fsync) is then under way, somewhere between its temporary file and its rename.
    if (!killing && acked.length >= acknowledgements) {
      killing = true;
      setTimeout(() => writer.kill('SIGKILL'), delayMs);
    }
  });
  return new Promise((resolve, reject) => {
    writer.on('error', reject);
    writer.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended on its own (code ${code}): ${stderr}`));
      else resolve({ acked, signal });
    });
  });
}

describe('kill -9 while entries are written', () => {
  it('leaves only whole entries or none, and a rerun through the cache equals an uncached run', {
    timeout: 120_000,
  }, async () => {
    const random = seededRandom(1717);
    const warnings: string[] = [];
    const cache = new DirectoryCache(directory, { onWarning: (m) => warnings.push(m) });
    let from = 0;
    const acknowledged = new Set<number>();
    let temporaryBefore = 0;
    let killsInsideAWrite = 0;
    for (let kill = 0; kill < KILLS && from < ENTRIES; kill++) {
      const wanted = 1 + Math.floor(random() * 12); // kill after 1 to 12 acknowledged entries
      const { acked } = await writeUntilKilled(from, ENTRIES - from, wanted, random() * 20);
      for (const i of acked) acknowledged.add(i);
      const { temporaryFiles } = await cache.stats();
      if (temporaryFiles > temporaryBefore) killsInsideAWrite++;
      temporaryBefore = temporaryFiles;
      // Every entry that reads back is exactly the one written; every acknowledged one reads back.
      // This session's entries (those past the next one after its last acknowledged were never started).
      for (let i = from; i < Math.min(ENTRIES, Math.max(from, ...acked) + 2); i++) {
        const hit = await cache.get(workloadKey(i));
        if (acknowledged.has(i)) expect(hit, `entry ${i} was acknowledged`).toBeDefined();
        if (hit !== undefined)
          expect(hit).toMatchObject({ output: workloadOutput(i), latencyMs: i, usage: { costUsd: i / 1000 } });
      }
      expect(warnings).toEqual([]);
      // The next session goes on after the last acknowledged entry, and may rewrite one the kill cut.
      from = Math.max(from, ...acked.map((i) => i + 1));
    }
    expect(acknowledged.size).toBeGreaterThan(KILLS);
    // A kill between a write's temporary file and its rename leaves that file (never read): the kills did land
    // inside writes, not only between them.
    expect(killsInsideAWrite).toBeGreaterThan(0);

    // Whole entries damaged afterwards (a power cut, a disk fault): the checksum catches each.
    const stored = readdirSync(join(directory, 'entries'), { recursive: true }).filter((name) =>
      String(name).endsWith('.json'),
    );
    const damaged = stored.slice(0, 3).map((name) => join(directory, 'entries', String(name)));
    writeFileSync(damaged[0]!, readFileSync(damaged[0]!, 'utf8').slice(0, 1000));
    writeFileSync(damaged[1]!, readFileSync(damaged[1]!, 'utf8').replace('item', 'itex'));
    writeFileSync(damaged[2]!, '');

    // The rerun of a workload of WORKLOAD cells (those the sessions wrote, and more): every cell from the cache when
    // it holds a sound entry, else computed (as an uncached run would) and put. Its results are the uncached run's,
    // cell for cell.
    const WORKLOAD = from + 10;
    let computed = 0;
    const results: unknown[] = [];
    for (let i = 0; i < WORKLOAD; i++) {
      const hit = await cache.get(workloadKey(i));
      if (hit !== undefined) results.push(hit.output);
      else {
        computed++;
        const output = workloadOutput(i);
        await cache.put(workloadKey(i), { status: 'ok', output, latencyMs: i });
        results.push(output);
      }
    }
    expect(results).toEqual(Array.from({ length: WORKLOAD }, (_, i) => workloadOutput(i)));
    expect(warnings).toHaveLength(3);
    expect(computed).toBe(WORKLOAD - (stored.length - 3));
    const after = await cache.stats();
    expect(after).toMatchObject({ entries: WORKLOAD, corrupt: 0 });
    expect(await cache.clear()).toBe(WORKLOAD);
    expect((await cache.stats()).temporaryFiles).toBe(0);
  });
});
