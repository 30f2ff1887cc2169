import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configHash, readManifest, readRun, runExperiment, type TargetFunction, VERSION } from '../../src/index';
import { COMMAND, doublingExperiment, jsonLines, temporaryDirectory } from './helpers';

describe('a run directory', () => {
  it('holds one results line per cell and a manifest describing the run', async () => {
    const dir = join(temporaryDirectory(), 'run');
    const experiment = doublingExperiment();
    const summary = await runExperiment(experiment, { outDir: dir, samples: 2, seed: 11, command: COMMAND });
    const lines = jsonLines(join(dir, 'results.jsonl'));
    expect(lines).toHaveLength(24);
    expect(new Set(lines.map((line) => line.key)).size).toBe(24);
    expect(lines[0]).toMatchObject({
      key: '["q0","A",0]',
      item: 'q0',
      variant: 'A',
      sample: 0,
      status: 'ok',
      pass: true,
    });
    const manifest = readManifest(dir)!;
    expect(manifest).toMatchObject({
      format: 'verdict-run',
      formatVersion: 1,
      name: 'doubling',
      configHash: configHash(experiment, 11),
      status: 'completed',
      plan: { items: 6, variants: ['A', 'B'], samples: 2, cells: 24 },
      seed: 11,
      policy: {
        concurrency: 8,
        timeoutMs: 60_000,
        samples: 2,
        seed: 11,
        retries: { max: 3, baseDelayMs: 500, maxDelayMs: 30_000 },
      },
      versions: { verdict: VERSION, node: process.version },
      command: COMMAND,
      counts: { ok: 24, error: 0, timeout: 0, skipped: 0 },
      completed: 24,
      costUsd: 0,
      sessions: [{ status: 'completed', executed: 24, command: COMMAND }],
    });
    // This package is developed in a git checkout; the commit is recorded when there is one.
    if (manifest.git !== undefined) expect(manifest.git.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(Date.parse(manifest.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(manifest.startedAt));
    expect(summary.outDir).toBe(dir);
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });

  it('refuses to write into a directory holding a run without --resume, and starts over with --force', async () => {
    const dir = temporaryDirectory();
    await runExperiment(doublingExperiment(), { outDir: dir, command: COMMAND });
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await expect(runExperiment(doublingExperiment(), { outDir: dir })).rejects.toThrow(
      `${dir}: already holds a run; continue it with --resume (--retry-errors to re-run failed cells), start over with --force, or choose another --out directory`,
    );
    const fresh = await runExperiment(doublingExperiment(), { outDir: dir, force: true, command: COMMAND });
    expect(fresh.executed).toBe(12);
    expect(jsonLines(join(dir, 'results.jsonl'))).toHaveLength(12);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readManifest(dir)!.sessions).toHaveLength(1);
  });

  it('refuses a directory that is not empty even without a run in it', async () => {
    const dir = temporaryDirectory();
    writeFileSync(join(dir, 'src.ts'), '');
    await expect(runExperiment(doublingExperiment(), { outDir: dir })).rejects.toThrow(
      `${dir}: is not empty; continue it`,
    );
  });

  it('resumes an interrupted run, running only the missing cells, each stored exactly once', async () => {
    const dir = temporaryDirectory();
    const controller = new AbortController();
    const first = await runExperiment(recorded([], { stopAt: 5, controller }), {
      outDir: dir,
      concurrency: 1,
      signal: controller.signal,
      command: COMMAND,
    });
    expect(first).toMatchObject({ status: 'interrupted', stopReason: 'signal', executed: 4, completed: 4 });
    expect(readManifest(dir)).toMatchObject({ status: 'interrupted', stopReason: 'signal', completed: 4 });

    const ran: string[] = [];
    const second = await runExperiment(recorded(ran), { outDir: dir, resume: true, concurrency: 1, command: COMMAND });
    expect(second).toMatchObject({ status: 'completed', executed: 8, resumed: 4, completed: 12, ok: 12 });
    expect(ran).toEqual(['q2/A', 'q2/B', 'q3/A', 'q3/B', 'q4/A', 'q4/B', 'q5/A', 'q5/B']);
    const keys = jsonLines(join(dir, 'results.jsonl')).map((line) => line.key);
    expect(keys).toHaveLength(12);
    expect(new Set(keys).size).toBe(12);
    const manifest = readManifest(dir)!;
    expect(manifest).toMatchObject({
      status: 'completed',
      completed: 12,
      counts: { ok: 12, error: 0, timeout: 0, skipped: 0 },
    });
    expect(manifest).not.toHaveProperty('stopReason');
    expect(manifest.sessions.map((s) => [s.status, s.executed])).toEqual([
      ['interrupted', 4],
      ['completed', 8],
    ]);
  });

  it('re-runs error and timeout cells only with retryErrors, and reads back one record per cell', async () => {
    const dir = temporaryDirectory();
    const failing = new Set(['q1/A', 'q4/B']);
    await runExperiment(recorded([], { failing }), { outDir: dir, command: COMMAND });
    const again: string[] = [];
    const plain = await runExperiment(recorded(again, { failing }), { outDir: dir, resume: true, command: COMMAND });
    expect(again).toEqual([]);
    expect(plain).toMatchObject({ status: 'completed', executed: 0, error: 2 });
    failing.clear();
    const retried = await runExperiment(recorded(again, { failing }), {
      outDir: dir,
      resume: true,
      retryErrors: true,
      command: COMMAND,
    });
    expect(again.sort()).toEqual(['q1/A', 'q4/B']);
    expect(retried).toMatchObject({ executed: 2, error: 0, ok: 12 });
    expect(jsonLines(join(dir, 'results.jsonl'))).toHaveLength(14);
    const { records, manifest } = await readRun(dir);
    expect(records).toHaveLength(12);
    expect(records.find((r) => r.key === '["q1","A",0]')).toMatchObject({ status: 'ok', pass: true });
    expect(manifest?.counts).toEqual({ ok: 12, error: 0, timeout: 0, skipped: 0 });
  });

  it('refuses to resume a changed experiment unless forced', async () => {
    const dir = temporaryDirectory();
    await runExperiment(recorded([]), { outDir: dir, command: COMMAND });
    const changed = recorded([]);
    const moreItems = { ...changed, items: [...changed.items, { id: 'q6', input: 6, expected: '12' }] };
    const hashes = `${configHash(recorded([]), 0).slice(0, 12)} -> ${configHash(moreItems, 0).slice(0, 12)}`;
    await expect(runExperiment(moreItems, { outDir: dir, resume: true })).rejects.toThrow(
      `${dir}: the experiment changed since this run started (configuration hash ${hashes}: items, targets, scorer or seed); resuming would mix results of two experiments. Start a new run in another --out directory, or add --force to resume anyway`,
    );
    await expect(runExperiment(recorded([]), { outDir: dir, resume: true, seed: 1 })).rejects.toThrow(
      'configuration hash',
    );
    const forced = await runExperiment(moreItems, { outDir: dir, resume: true, force: true, command: COMMAND });
    expect(forced).toMatchObject({ executed: 2, resumed: 12, completed: 14 });
  });

  it('accepts a resume with more samples or another policy: they do not change stored outcomes', async () => {
    const dir = temporaryDirectory();
    await runExperiment(recorded([]), { outDir: dir, command: COMMAND });
    const more = await runExperiment(recorded([]), {
      outDir: dir,
      resume: true,
      samples: 2,
      concurrency: 2,
      command: COMMAND,
    });
    expect(more).toMatchObject({ planned: 24, executed: 12, resumed: 12, completed: 24 });
  });

  it('records a stop at the cost cap, and a resume with a higher cap counts the earlier spend', async () => {
    const dir = temporaryDirectory();
    const costly: TargetFunction = (input, ctx) => {
      ctx.report({ costUsd: 0.5 });
      return String((input as number) * 2);
    };
    const experiment = doublingExperiment({ variants: { A: costly, B: costly } });
    const first = await runExperiment(experiment, { outDir: dir, concurrency: 1, maxCostUsd: 1, command: COMMAND });
    expect(first).toMatchObject({ status: 'interrupted', stopReason: 'max-cost', executed: 2, costUsd: 1 });
    expect(readManifest(dir)).toMatchObject({
      status: 'interrupted',
      stopReason: 'max-cost',
      completed: 2,
      costUsd: 1,
    });
    const second = await runExperiment(experiment, {
      outDir: dir,
      resume: true,
      concurrency: 1,
      maxCostUsd: 2,
      command: COMMAND,
    });
    expect(second).toMatchObject({
      status: 'interrupted',
      stopReason: 'max-cost',
      executed: 2,
      completed: 4,
      costUsd: 2,
    });
  });

  it('marks the manifest failed and releases the lock when the run itself fails', async () => {
    const dir = temporaryDirectory();
    const broken = new Error('downstream sink closed');
    await expect(
      runExperiment(doublingExperiment(), {
        outDir: dir,
        concurrency: 1,
        command: COMMAND,
        onResult: (record) => {
          if (record.item === 'q2') throw broken;
        },
      }),
    ).rejects.toBe(broken);
    expect(readManifest(dir)).toMatchObject({ status: 'failed', error: 'downstream sink closed', completed: 5 });
    expect(existsSync(join(dir, 'lock'))).toBe(false);
    const resumed = await runExperiment(doublingExperiment(), { outDir: dir, resume: true, command: COMMAND });
    expect(resumed).toMatchObject({ status: 'completed', executed: 7, completed: 12 });
  });

  it('skips a torn last line with a warning, cuts it off and runs its cell again', async () => {
    const dir = temporaryDirectory();
    const controller = new AbortController();
    await runExperiment(recorded([], { stopAt: 4, controller }), {
      outDir: dir,
      concurrency: 1,
      signal: controller.signal,
      command: COMMAND,
    });
    const file = join(dir, 'results.jsonl');
    appendFileSync(file, '{"key":"[\\"q1\\",\\"B\\",0]","item":"q1","vari');
    const warnings: string[] = [];
    const ran: string[] = [];
    const resumed = await runExperiment(recorded(ran), {
      outDir: dir,
      resume: true,
      concurrency: 1,
      onWarning: (message) => warnings.push(message),
      command: COMMAND,
    });
    expect(warnings).toEqual([
      `${file}:4: incomplete last line skipped (the run was stopped while writing it); its cell counts as not run`,
    ]);
    expect(ran[0]).toBe('q1/B');
    expect(resumed).toMatchObject({ status: 'completed', resumed: 3, executed: 9 });
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(jsonLines(file)).toHaveLength(12);
  });

  it('refuses a results line that is not a record, naming the file and line', async () => {
    const dir = temporaryDirectory();
    await runExperiment(recorded([]), { outDir: dir, command: COMMAND });
    const file = join(dir, 'results.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = '{"item":"q1","variant":3}';
    writeFileSync(file, lines.join('\n'));
    await expect(runExperiment(recorded([]), { outDir: dir, resume: true })).rejects.toThrow(
      `${file}:3: \`variant\`: expected a non-empty string, got 3`,
    );
  });
});

/**
 * The doubling experiment with targets that log each call, can fail some cells and can abort the run
 * at the n-th call. The targets' source is the same whatever the arguments, so the configuration
 * hash is too, as for a user re-running the same file.
 */
function recorded(
  log: string[],
  { stopAt, controller, failing }: { stopAt?: number; controller?: AbortController; failing?: Set<string> } = {},
) {
  let calls = 0;
  const target: TargetFunction = (input, ctx) => {
    calls++;
    if (calls === stopAt) controller?.abort(new Error('SIGINT'));
    if (failing?.has(`${ctx.item.id}/${ctx.variant}`)) throw new Error('HTTP 400 bad request');
    log.push(`${ctx.item.id}/${ctx.variant}`);
    return String((input as number) * 2);
  };
  return doublingExperiment({ variants: { A: target, B: target } });
}
