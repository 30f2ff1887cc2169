/**
 * The output cache through real `verdict run` processes and `openai` targets, the calls counted at a loopback
 * server speaking the OpenAI chat-completions API:
 * - a run into a fresh --out with an unchanged baseline and a changed candidate calls the candidate as often as
 *   before and the baseline never; changing a target parameter invalidates exactly that variant's entries;
 * - kill -9 of a run while it writes cache entries, then a rerun: no torn entry is served, and the results equal an
 *   uncached run's.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChatCompletionsServer,
  type ChatReply,
  type ChatRequest,
  startChatCompletionsServer,
} from '../helpers/chat-completions-server';
import { resultLines, runCli, startCli } from './run-cli-process';

const ITEMS = 24;
let directory: string;
let server: ChatCompletionsServer;

/** The server's answer: passes on most items, differently per model, so the variants differ. */
const answer = ({ model, prompt }: ChatRequest): ChatReply => {
  const n = Number(prompt.slice(1));
  return { content: n % (model === 'base-model' ? 5 : 3) === 0 ? 'no' : 'yes' };
};

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'verdict-run-cache-openai-'));
  server = await startChatCompletionsServer(answer, { delayMs: 15, usage: { prompt: 12, completion: 2 } });
  const items = Array.from({ length: ITEMS }, (_, i) =>
    JSON.stringify({ id: `q${i}`, input: `q${i}`, expected: 'yes' }),
  );
  await writeFile(join(directory, 'items.jsonl'), `${items.join('\n')}\n`);
});
afterAll(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

/** An experiment file with two openai variants on the loopback server; `base` and `cand` are extra target fields. */
async function experimentFile(name: string, { base = '', cand = '' }: { base?: string; cand?: string } = {}) {
  const target = (model: string, extra: string) =>
    `{ type: openai, baseURL: "${server.baseURL}", model: ${model}, pricing: { inputPerMillion: 1000, outputPerMillion: 2000 }${extra} }`;
  const text = [
    `name: ${name}`,
    'items: { path: items.jsonl }',
    'variants:',
    `  baseline: ${target('base-model', base)}`,
    `  candidate: ${target('cand-model', cand)}`,
    'score: { type: exact-match }',
    'concurrency: 4',
    'timeoutMs: 10000',
    '',
  ].join('\n');
  const path = join(directory, `${name}.yaml`);
  await writeFile(path, text);
  return path;
}

/** Calls per model since the last look. */
function callsSince(): () => { base: number; cand: number } {
  const before = { base: server.calls.get('base-model') ?? 0, cand: server.calls.get('cand-model') ?? 0 };
  return () => ({
    base: (server.calls.get('base-model') ?? 0) - before.base,
    cand: (server.calls.get('cand-model') ?? 0) - before.cand,
  });
}

const outputsOf = (out: string) =>
  resultLines(out)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .map(({ item, variant, sample, status, pass, output }) => ({ item, variant, sample, status, pass, output }))
    .sort((a, b) => `${a.variant}:${a.item}`.localeCompare(`${b.variant}:${b.item}`));

describe('verdict run with the output cache and openai targets', () => {
  it('calls only the changed candidate in a fresh --out, and a changed parameter misses for that variant only', {
    timeout: 300_000,
  }, async () => {
    const cache = join(directory, 'cache');
    const run = async (file: string, out: string) => {
      const { code, stdout, stderr } = await runCli([
        'run',
        file,
        '--out',
        join(directory, out),
        '--cache',
        cache,
        '--quiet',
      ]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      return stdout;
    };
    let calls = callsSince();
    await run(await experimentFile('first', { cand: ', system: Answer yes or no.' }), 'first');
    const first = calls();
    expect(first).toEqual({ base: ITEMS, cand: ITEMS });

    // The candidate's prompt template changed; the baseline did not.
    calls = callsSince();
    const summary = await run(await experimentFile('second', { cand: ', system: Answer with one word.' }), 'second');
    expect(calls()).toEqual({ base: 0, cand: first.cand });
    // The run summary and the comparison's reports state the calls and the cost saved (24 x $0.016).
    expect(summary).toContain(`cache ${cache}: ${ITEMS} calls saved, $0.3840 saved; ${ITEMS} entries written`);
    const md = join(directory, 'second.md');
    const compared = await runCli([
      'compare',
      join(directory, 'second'),
      '--baseline',
      'baseline',
      '--candidate',
      'candidate',
      '--md',
      md,
    ]);
    const saved = `The output cache served ${ITEMS} cells, so ${ITEMS} calls and $0.3840 were saved (baseline ${ITEMS}).`;
    expect(compared.stdout).toContain(saved);
    expect(await readFile(md, 'utf8')).toContain(`| Cache | ${saved} |`);
    const second = resultLines(join(directory, 'second')).map((line) => JSON.parse(line));
    const baseline = second.filter((r) => r.variant === 'baseline');
    expect(baseline).toHaveLength(ITEMS);
    for (const record of baseline) {
      expect(record.cached).toBe(true);
      expect(record.attempts).toBe(0);
      expect(record.costUsd).toBeUndefined();
      expect(record.originalCostUsd).toBeCloseTo(0.016, 12); // 12 x 1000 + 2 x 2000 per million tokens
    }
    expect(second.filter((r) => r.variant === 'candidate' && r.cached === true)).toHaveLength(0);

    // A sampling parameter of the baseline changed: its entries miss, the candidate's (of the second run) hit.
    calls = callsSince();
    await run(
      await experimentFile('third', { base: ', temperature: 0.7', cand: ', system: Answer with one word.' }),
      'third',
    );
    expect(calls()).toEqual({ base: ITEMS, cand: 0 });

    const stats = await runCli(['cache', 'stats', '--dir', cache, '--json']);
    expect(JSON.parse(stats.stdout)).toMatchObject({ entries: 4 * ITEMS, corrupt: 0, temporaryFiles: 0 });
  });

  it('after kill -9 mid-run, a rerun serves no torn entry and stores what an uncached run stores', {
    timeout: 300_000,
  }, async () => {
    const cache = join(directory, 'crash-cache');
    const file = await experimentFile('crash');
    const entries = () => {
      const root = join(cache, 'entries');
      if (!existsSync(root)) return 0;
      return readdirSync(root).reduce((sum, shard) => sum + readdirSync(join(root, shard)).length, 0);
    };
    // Kill while the run is writing entries: after a few, long before the last of the 2 x 24.
    const { child, done } = startCli(['run', file, '--out', join(directory, 'killed'), '--cache', cache, '--quiet']);
    let ended = false;
    void done.then(() => {
      ended = true;
    });
    while (entries() < 6 && !ended) await new Promise((resolve) => setTimeout(resolve, 2));
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    // The killed run's requests still in the server's hands are answered (and counted) up to 15 ms later: let them
    // land before counting the rerun's calls, or one of them is taken for the rerun's.
    await server.idle();
    const left = entries();
    expect(left).toBeLessThan(2 * ITEMS);

    const calls = callsSince();
    const rerun = await runCli(['run', file, '--out', join(directory, 'rerun'), '--cache', cache, '--quiet', '--json']);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toBe(''); // no corrupt entry was met
    const summary = JSON.parse(rerun.stdout);
    // Every entry the killed run finished is served, every other cell called again: nothing twice, nothing lost.
    expect(summary.cache.hits).toBeGreaterThanOrEqual(left - 4); // up to `concurrency` writes may be unfinished
    expect(summary.cache.hits + summary.cache.misses).toBe(2 * ITEMS);
    const made = calls();
    expect(made.base + made.cand).toBe(summary.cache.misses);

    const uncached = await runCli(['run', file, '--out', join(directory, 'uncached'), '--no-cache', '--quiet']);
    expect(uncached.code).toBe(0);
    expect(outputsOf(join(directory, 'rerun'))).toEqual(outputsOf(join(directory, 'uncached')));
    const stats = JSON.parse((await runCli(['cache', 'stats', '--dir', cache, '--json'])).stdout);
    expect(stats).toMatchObject({ entries: 2 * ITEMS, corrupt: 0 });
  });

  it('caches by default in $VERDICT_CACHE_DIR, and --no-cache calls every target', { timeout: 300_000 }, async () => {
    const cache = join(directory, 'default-cache');
    const env = { VERDICT_CACHE_DIR: cache };
    const file = await experimentFile('default');
    let calls = callsSince();
    expect((await runCli(['run', file, '--out', join(directory, 'd1'), '--quiet'], env)).code).toBe(0);
    expect(calls()).toEqual({ base: ITEMS, cand: ITEMS });
    calls = callsSince();
    expect((await runCli(['run', file, '--out', join(directory, 'd2'), '--quiet'], env)).code).toBe(0);
    expect(calls()).toEqual({ base: 0, cand: 0 });
    calls = callsSince();
    expect((await runCli(['run', file, '--out', join(directory, 'd3'), '--no-cache', '--quiet'], env)).code).toBe(0);
    expect(calls()).toEqual({ base: ITEMS, cand: ITEMS });
    const stats = JSON.parse((await runCli(['cache', 'stats', '--json'], env)).stdout);
    expect(stats).toMatchObject({ location: cache, entries: 2 * ITEMS });
  });
});
