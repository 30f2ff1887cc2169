/**
 * A cell worker: a worker thread of the runner's pool (piscina) that imports the experiment module
 * once and runs its function targets and scorer, one call at a time, so that a deadline holds for any
 * code (a busy loop is stopped by terminating the thread) and nothing a target does (`process.exit`,
 * an uncaught exception) can end the run. See cell-worker-pool.ts for the runner's side.
 *
 * The module is imported again here, in this thread, and each target is found again by its variant
 * name, so what a target closes over must come from the module itself (module-level constants,
 * clients, imports): values captured in the main thread cannot cross (docs/experiments.md).
 */
import { workerData } from 'node:worker_threads';
import type { Scorer, TargetFunction, TargetUsage } from '../../schema/experiment-definition';
import { experimentModuleDefault } from '../experiment-module';
import type { CellReply, CellTask, CellWorkerData } from './cell-task';
import { fromThrownValue, toThrownValue } from './thrown-value';

const { module, displayPath } = workerData as CellWorkerData;

interface ModuleFunctions {
  readonly variants: Readonly<Record<string, unknown>>;
  readonly score: unknown;
}

let loading: Promise<ModuleFunctions> | undefined;

function load(): Promise<ModuleFunctions> {
  loading ??= experimentModuleDefault(module, displayPath).then((value) => {
    const { variants, score } = value as { variants?: unknown; score?: unknown };
    return {
      variants: (typeof variants === 'object' && variants !== null ? variants : {}) as Record<string, unknown>,
      score,
    };
  });
  return loading;
}

function targetOf(functions: ModuleFunctions, variant: string): TargetFunction {
  const target = Object.hasOwn(functions.variants, variant) ? functions.variants[variant] : undefined;
  if (typeof target !== 'function')
    throw new Error(
      `variant ${JSON.stringify(variant)} is not a function when ${displayPath} is imported in a worker thread: the module must export the same targets on every import`,
    );
  return target as TargetFunction;
}

/** The task handler piscina calls (this module's default export). */
export default async function runCellTask(task: CellTask): Promise<CellReply> {
  const usage: TargetUsage[] = [];
  if (task.kind === 'warm') return warm(task);
  const controller = new AbortController();
  task.abort.once('message', (reason: unknown) => controller.abort(fromThrownValue(reason as never)));
  try {
    const functions = await load();
    if (task.kind === 'target') {
      const target = targetOf(functions, task.variant);
      const context = {
        ...task.context,
        signal: controller.signal,
        report: (reported: TargetUsage) => void usage.push(reported),
      };
      return { ok: true, value: await target(task.input, context), usage };
    }
    if (typeof functions.score !== 'function')
      throw new Error(`the scorer of ${displayPath} is not a function when the module is imported in a worker thread`);
    return { ok: true, value: await (functions.score as Scorer)(task.output, task.item), usage };
  } catch (error) {
    return { ok: false, thrown: toThrownValue(error), usage };
  } finally {
    task.abort.close();
  }
}

/**
 * Load the module, then wait until every worker of the pool has (each warm task holds its worker
 * until all have arrived, so the pool must start them all): the first cells then meet loaded workers,
 * and their deadlines measure the target, not the thread's start.
 */
async function warm(task: Extract<CellTask, { kind: 'warm' }>): Promise<CellReply> {
  let reply: CellReply = { ok: true, value: undefined, usage: [] };
  try {
    await load();
  } catch (error) {
    reply = { ok: false, thrown: toThrownValue(error), usage: [] };
  }
  Atomics.add(task.arrived, 0, 1);
  Atomics.notify(task.arrived, 0);
  for (let seen = Atomics.load(task.arrived, 0); seen < task.expected; seen = Atomics.load(task.arrived, 0)) {
    const waited = waitAsync(task.arrived, 0, seen, 1000);
    if (waited.async) await waited.value;
  }
  return reply;
}

/** Atomics.waitAsync (Node 16+, ES2024; not in this project's TypeScript lib). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync: (
      array: Int32Array,
      index: number,
      value: number,
      timeoutMs: number,
    ) => { async: boolean; value: unknown };
  }
).waitAsync;
