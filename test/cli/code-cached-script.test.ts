/**
 * The CLI bundle's V8 code cache (src/cli/code-cached-script.ts): each case runs a small CommonJS script in a child
 * process, as dist/cli.js runs the bundle, since the cache is written when the process exits. What a user would
 * notice: the script's result is the same with a cache, without one, or with a damaged, stale or foreign one, and
 * a directory it cannot write only costs the cache.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MODULE = resolve(import.meta.dirname, '../../src/cli/code-cached-script.ts');

let dir: string;
let script: string;
let cache: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verdict-code-cache-'));
  script = join(dir, 'script.cjs');
  cache = join(dir, 'cache');
  await writeScript(1);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A script that uses what the loader hands it: `require`, `module.exports`, `__filename` and a parameter. */
const writeScript = (version: number) =>
  writeFile(
    script,
    [
      "const { basename } = require('node:path');",
      'function sum(n) { let s = 0; for (let i = 1; i <= n; i++) s += i; return s; }',
      `module.exports = { answer: sum(greeting.length) * ${version}, file: basename(__filename) };`,
    ].join('\n'),
  );

/** Runs the script through runCodeCachedScript in a new process: its exports and whether the cache was used. */
async function runScript(cacheDirectory = cache): Promise<{ answer: number; file: string; cacheAccepted: boolean }> {
  const code = [
    `import { runCodeCachedScript } from ${JSON.stringify(MODULE)};`,
    `const { exports, cacheAccepted, saveCache } = runCodeCachedScript({ file: ${JSON.stringify(script)},`,
    `  cacheDirectory: ${JSON.stringify(cacheDirectory)}, cacheName: 'test', parameters: { greeting: 'hello' } });`,
    'console.log(JSON.stringify({ ...exports, cacheAccepted }));',
    "process.once('exit', saveCache);",
  ].join('\n');
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code]);
  expect(stderr).toBe('');
  return JSON.parse(stdout) as { answer: number; file: string; cacheAccepted: boolean };
}

const cacheFiles = async () => (await readdir(cache)).filter((name) => name.endsWith('.bin'));

describe('runCodeCachedScript', () => {
  it('writes the cache on the first run and uses it on the next, with the same result', async () => {
    expect(await runScript()).toEqual({ answer: 15, file: 'script.cjs', cacheAccepted: false });
    expect(await cacheFiles()).toHaveLength(1);
    expect(await runScript()).toEqual({ answer: 15, file: 'script.cjs', cacheAccepted: true });
  });

  it('ignores a damaged or torn cache file and writes a whole one again', async () => {
    await runScript();
    const [name] = await cacheFiles();
    const file = join(cache, name!);
    const bytes = await readFile(file);
    bytes[bytes.length - 10]! ^= 0xff;
    await writeFile(file, bytes);
    expect(await runScript()).toEqual({ answer: 15, file: 'script.cjs', cacheAccepted: false });
    expect(await runScript()).toMatchObject({ cacheAccepted: true });
    await writeFile(file, bytes.subarray(0, bytes.length / 2));
    expect(await runScript()).toEqual({ answer: 15, file: 'script.cjs', cacheAccepted: false });
    expect(await runScript()).toMatchObject({ cacheAccepted: true });
  });

  it('gives a changed script a new cache and removes the old one', async () => {
    await runScript();
    const [before] = await cacheFiles();
    await writeScript(2);
    expect(await runScript()).toEqual({ answer: 30, file: 'script.cjs', cacheAccepted: false });
    const after = await cacheFiles();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
    expect(await runScript()).toEqual({ answer: 30, file: 'script.cjs', cacheAccepted: true });
  });

  it("rewrites a whole cache that V8 refuses (another script's code under this script's name)", async () => {
    await runScript();
    const [name] = await cacheFiles();
    const ours = await readFile(join(cache, name!));
    await writeScript(12345); // another source length: V8's own check refuses its cache for this script
    await runScript();
    const [theirs] = await cacheFiles();
    await writeFile(join(cache, theirs!), ours);
    expect(await runScript()).toEqual({ answer: 15 * 12345, file: 'script.cjs', cacheAccepted: false });
    expect(await runScript()).toMatchObject({ cacheAccepted: true });
  });

  it('runs without a cache where the directory cannot be made, silently', async () => {
    const notADirectory = join(dir, 'a-file');
    await writeFile(notADirectory, '');
    expect(await runScript(join(notADirectory, 'cache'))).toEqual({
      answer: 15,
      file: 'script.cjs',
      cacheAccepted: false,
    });
    expect(await runScript(join(notADirectory, 'cache'))).toMatchObject({ cacheAccepted: false });
  });
}, 60_000);
