import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CellRecord,
  type Experiment,
  exactMatch,
  InputError,
  type RunProgress,
  runExperiment,
  type TargetFunction,
} from '../../src/index';

const items = Array.from({ length: 6 }, (_, i) => ({ id: `q${i}`, input: i, expected: String(i * 2) }));

/** A deterministic experiment: A doubles its input, B gets odd inputs wrong. */
function experiment(overrides: Partial<Experiment> = {}): Experiment {
  return {
    name: 'doubling',
    items,
    variants: {
      A: (input) => String((input as number) * 2),
      B: (input) => String((input as number) % 2 === 1 ? 0 : (input as number) * 2),
    },
    score: exactMatch(),
    ...overrides,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('runExperiment without a run directory', () => {
  it('runs every cell once, interleaved, streaming each record and counting per variant', async () => {
    const records: CellRecord[] = [];
    const progress: RunProgress[] = [];
    const summary = await runExperiment(experiment(), {
      concurrency: 1,
      samples: 2,
      onResult: (record) => {
        records.push(record);
      },
      onProgress: (p) => progress.push(p),
    });
    expect(records.map((r) => r.key).slice(0, 4)).toEqual([
      '["q0","A",0]',
      '["q0","B",0]',
      '["q0","A",1]',
      '["q0","B",1]',
    ]);
    expect(new Set(records.map((r) => r.key)).size).toBe(24);
    expect(summary).toMatchObject({
      status: 'completed',
      planned: 24,
      completed: 24,
      executed: 24,
      resumed: 0,
      ok: 24,
      error: 0,
      timeout: 0,
      skipped: 0,
      costUsd: 0,
      variants: {
        A: { ok: 12, passes: 12, error: 0, timeout: 0, skipped: 0 },
        B: { ok: 12, passes: 6, error: 0, timeout: 0, skipped: 0 },
      },
    });
    expect(summary).not.toHaveProperty('stopReason');
    expect(progress.at(-1)).toMatchObject({ planned: 24, completed: 24, executed: 24, toExecute: 24, ok: 24 });
  });

  it('counts failures that are not the model’s as error and timeout, never as failed passes', async () => {
    const summary = await runExperiment(
      experiment({
        variants: {
          A: (input) => (input === 1 ? Promise.reject(new Error('boom')) : String((input as number) * 2)),
          B: (input) => (input === 2 ? new Promise(() => {}) : undefined),
        },
      }),
      { timeoutMs: 20 },
    );
    expect(summary).toMatchObject({ status: 'completed', ok: 5, error: 6, timeout: 1 });
    expect(summary.variants.A).toEqual({ ok: 5, passes: 5, error: 1, timeout: 0, skipped: 0 });
    expect(summary.variants.B).toEqual({ ok: 0, passes: 0, error: 5, timeout: 1, skipped: 0 });
  });

  it('never runs more cells at once than the concurrency', async () => {
    vi.useFakeTimers();
    let active = 0;
    let most = 0;
    const slow: TargetFunction = async (input) => {
      active++;
      most = Math.max(most, active);
      await new Promise((resolve) => setTimeout(resolve, 10 + ((input as number) % 3)));
      active--;
      return String((input as number) * 2);
    };
    const run = runExperiment(experiment({ variants: { A: slow, B: slow } }), { concurrency: 3, samples: 3 });
    await vi.runAllTimersAsync();
    const summary = await run;
    expect(summary.executed).toBe(36);
    expect(most).toBe(3);
  });

  it('stops scheduling once the recorded cost reaches maxCostUsd', async () => {
    const costly: TargetFunction = (input, ctx) => {
      ctx.report({ costUsd: 0.4 });
      return String((input as number) * 2);
    };
    const summary = await runExperiment(experiment({ variants: { A: costly, B: costly } }), {
      concurrency: 1,
      maxCostUsd: 1,
    });
    expect(summary).toMatchObject({ status: 'interrupted', stopReason: 'max-cost', executed: 3, planned: 12 });
    expect(summary.costUsd).toBeCloseTo(1.2, 12);
  });

  it('rejects an already-aborted signal before running anything', async () => {
    const target = vi.fn(() => 'x');
    const reason = new Error('already stopped');
    await expect(
      runExperiment(experiment({ variants: { A: target } }), { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(target).not.toHaveBeenCalled();
  });

  it('on abort mid-run: stops, drops in-flight cells, resolves interrupted, leaves no listener', async () => {
    const controller = new AbortController();
    const records: CellRecord[] = [];
    let started = 0;
    const target: TargetFunction = (input) => {
      started++;
      // The fourth call hangs and ignores its signal; the run must still end.
      return started === 4 ? new Promise(() => {}) : String((input as number) * 2);
    };
    const summary = await runExperiment(experiment({ variants: { A: target, B: target } }), {
      concurrency: 1,
      signal: controller.signal,
      onResult: (record) => {
        records.push(record);
        if (records.length === 3) setTimeout(() => controller.abort(new Error('SIGINT')), 5);
      },
    });
    expect(summary).toMatchObject({
      status: 'interrupted',
      stopReason: 'signal',
      executed: 3,
      completed: 3,
      planned: 12,
    });
    expect(records).toHaveLength(3);
    expect(started).toBe(4);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects with the error of an onResult that throws', async () => {
    const failing = new Error('sink closed');
    await expect(
      runExperiment(experiment(), {
        onResult: () => {
          throw failing;
        },
      }),
    ).rejects.toBe(failing);
  });

  it('refuses an experiment it cannot score', async () => {
    const unscored = experiment({
      score: undefined,
      items: [
        { id: 'a', input: 1, expected: '2' },
        { id: 'b', input: 2 },
      ],
    });
    const run = runExperiment(unscored);
    await expect(run).rejects.toThrow(InputError);
    await expect(runExperiment(unscored)).rejects.toThrow(
      '`score`: missing, and item "b" has no `expected` for the default exact-match scorer; add a `score` or an `expected` to every item',
    );
  });

  it('refuses an experiment without a name, ids or targets, naming the field', async () => {
    await expect(runExperiment(experiment({ name: '' }))).rejects.toThrow(
      '`name`: expected a non-empty string naming the experiment',
    );
    await expect(runExperiment(experiment({ items: [{ input: 1 } as never] }))).rejects.toThrow(
      '`items[0].id`: expected a string or number id, got none',
    );
    await expect(runExperiment(experiment({ variants: { A: 'gpt-4o' as never } }))).rejects.toThrow(
      "`variants.A`: expected a target: a function, or { type: 'openai' | 'anthropic' | 'http' | 'command', ... }",
    );
    await expect(
      runExperiment(experiment({ items: [...items, { id: 'q1', input: 1, expected: '2' }] })),
    ).rejects.toThrow('`items[6].id`: duplicate item id "q1"');
  });

  it('scores with the default scorer, or a built-in scorer named by config', async () => {
    const byDefault = await runExperiment(experiment({ score: undefined }));
    expect(byDefault.variants.B?.passes).toBe(3);
    const byConfig = await runExperiment(experiment({ score: { type: 'numeric', abs: 0 } }));
    expect(byConfig.variants.A?.passes).toBe(6);
  });

  it('refuses bad options, naming them', async () => {
    await expect(runExperiment(experiment(), { concurrency: 0 })).rejects.toThrow(
      'runExperiment: `concurrency` must be a positive integer, got 0',
    );
    await expect(runExperiment(experiment({ rateLimit: { C: { requestsPerMinute: 1 } } }))).rejects.toThrow(
      'runExperiment: `rateLimit.C` names no variant (variants: A, B)',
    );
  });
});
