import { join } from 'node:path';
import { defaultCacheDirectory } from '../../cache/default-cache-directory';
import { DirectoryCache } from '../../cache/directory-cache';
import { checkExperiment } from '../../runner/check-experiment';
import { loadExperiment } from '../../runner/load-experiment';
import { runExperiment } from '../../runner/run-experiment';
import { type PolicyOverrides, resolveRunPolicy } from '../../runner/run-policy';
import { resolveTarget } from '../../runner/targets/resolve-target';
import { MAX_TIMER_DELAY_MS } from '../../runner/timers';
import type { Experiment } from '../../runner/types';
import { InputError } from '../../schema/input-error';
import { DEFAULT_RUNS_DIR } from '../commands/run';
import { EXIT_CODES } from '../exit-codes';
import { formatRunPlan, runPlan } from '../format-run-plan';
import { formatRunSummary } from '../format-run-summary';
import { interruptOnSignals } from '../handle-signals';
import { createProgressDisplay } from '../progress';
import { writeStdout } from '../terminal-output';

/** The flags as commander hands them over (numbers still strings: checked in `policyOverrides`). */
export interface RunFlags {
  readonly out?: string;
  readonly resume?: boolean;
  readonly retryErrors?: boolean;
  readonly fresh?: boolean;
  readonly force?: boolean;
  readonly concurrency?: string;
  readonly samples?: string;
  readonly timeout?: string;
  readonly maxRetries?: string;
  readonly seed?: string;
  readonly maxOutputChars?: string;
  readonly inProcess?: boolean;
  readonly dryRun?: boolean;
  readonly quiet?: boolean;
  readonly json?: boolean;
  readonly cache?: string | boolean;
  readonly stopEarly?: boolean;
  readonly queue?: string;
  readonly queueName?: string;
  readonly onInterrupt?: string;
  readonly stalledAfter?: string;
}

/** `verdict run`'s action: load the experiment, check it, run it (or print the plan); resolves to the exit code. */
export async function runFromCli(file: string, flags: RunFlags): Promise<number> {
  if (flags.fresh && flags.resume) throw new InputError('--fresh and --resume contradict each other: choose one');
  if (flags.retryErrors && !flags.resume) throw new InputError('--retry-errors needs --resume');
  const overrides = policyOverrides(flags);
  const distributed = await distributedOptions(flags);
  const experiment = await loadExperiment(file);
  const outDir = flags.out ?? defaultOutDir(experiment);
  checkTargets(experiment, file);
  if (flags.dryRun) {
    checkExperiment(experiment);
    const plan = runPlan(experiment, resolveRunPolicy(experiment, overrides), { file, outDir });
    writeStdout(flags.json ? `${JSON.stringify(plan, null, 2)}\n` : formatRunPlan(plan));
    return EXIT_CODES.passed;
  }
  const controller = new AbortController();
  const signals = interruptOnSignals(controller);
  const progress = createProgressDisplay({ mode: flags.quiet ? 'off' : process.stderr.isTTY ? 'bar' : 'lines' });
  // The queue's coordinator loads BullMQ only for a distributed run.
  const run =
    distributed === undefined
      ? runExperiment
      : async (e: Experiment, o: Parameters<typeof runExperiment>[1]) => {
          const { runDistributed } = await import('../../distributed/run-coordinator');
          return runDistributed(e, { ...o!, outDir, ...distributed });
        };
  try {
    const summary = await run(experiment, {
      ...overrides,
      outDir,
      resume: flags.resume ?? false,
      retryErrors: flags.retryErrors ?? false,
      force: (flags.force ?? false) || (flags.fresh ?? false),
      signal: controller.signal,
      onProgress: progress.update,
      command: ['verdict', ...process.argv.slice(2)],
      ...(flags.inProcess ? { isolation: 'in-process' as const } : {}),
      ...(flags.stopEarly ? { stopEarly: true } : {}),
      ...cacheOption(flags),
      ...(flags.maxOutputChars === undefined
        ? {}
        : { maxOutputChars: integerFlag('--max-output-chars', flags.maxOutputChars, 1) }),
    });
    progress.finish();
    writeStdout(
      flags.json ? `${JSON.stringify(summary, null, 2)}\n` : formatRunSummary(summary, { experimentFile: file }),
    );
    return summary.stopReason === 'signal' || signals.received() !== undefined
      ? EXIT_CODES.interrupted
      : EXIT_CODES.passed;
  } finally {
    progress.finish();
    signals.dispose();
  }
}

/**
 * Build every variant's target once before anything runs, so that a missing API key variable is one
 * line naming the experiment file and the variant (`exp.yaml: \`variants.B.apiKeyEnv\`: ...`), in a
 * dry run too, rather than a failure at the first cell.
 */
function checkTargets(experiment: Experiment, file: string): void {
  for (const [name, target] of Object.entries(experiment.variants)) {
    try {
      resolveTarget(target);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const problem = error.message.replace(/^`[^`]*`: /, '');
      throw new InputError(problem, { file, field: `variants.${name}${error.field ? `.${error.field}` : ''}` });
    }
  }
}

/**
 * The output cache of a run: on by default, in `--cache DIR` or else the default directory
 * (`defaultCacheDirectory`: `$VERDICT_CACHE_DIR`, `$XDG_CACHE_HOME/verdict/outputs`, `~/.cache/verdict/outputs`);
 * off with `--no-cache`, and for a distributed run, whose workers share no cache yet (`--cache` with `--queue` is
 * refused in `distributedOptions`).
 */
function cacheOption(flags: RunFlags): { cache?: DirectoryCache } {
  if (flags.cache === false || (flags.cache === undefined && flags.queue !== undefined)) return {};
  return { cache: new DirectoryCache(typeof flags.cache === 'string' ? flags.cache : defaultCacheDirectory()) };
}

/** The coordinator's options of a distributed run (`--queue`), or undefined for a local one. */
async function distributedOptions(flags: RunFlags) {
  if (flags.queue === undefined) return undefined;
  // Neither is carried across workers yet: refused rather than silently ignored.
  if (flags.stopEarly) throw new InputError('--stop-early is not supported with --queue yet: run it locally');
  if (flags.cache !== undefined && flags.cache !== false)
    throw new InputError('--cache is not supported with --queue yet: the workers do not share a cache');
  const { parseQueueUrl } = await import('../../distributed/queue-url');
  const password = process.env.VERDICT_REDIS_PASSWORD;
  const queue = parseQueueUrl(flags.queue, password === undefined ? {} : { password });
  const mode = flags.onInterrupt ?? 'cancel';
  if (mode !== 'cancel' && mode !== 'drain')
    throw new InputError(`expected cancel or drain, got ${JSON.stringify(mode)}`, { field: '--on-interrupt' });
  return {
    queue,
    onInterrupt: mode as 'cancel' | 'drain',
    ...(flags.queueName === undefined ? {} : { queueName: flags.queueName }),
    ...(flags.stalledAfter === undefined
      ? {}
      : { stalledAfterMs: integerFlag('--stalled-after', flags.stalledAfter, 1) }),
  };
}

/** `runs/<name>`, the name made safe as one path segment. */
function defaultOutDir(experiment: Experiment): string {
  const segment = experiment.name.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '') || 'experiment';
  return join(DEFAULT_RUNS_DIR, segment);
}

function policyOverrides(flags: RunFlags): PolicyOverrides {
  const overrides: { -readonly [K in keyof PolicyOverrides]: PolicyOverrides[K] } = {};
  if (flags.concurrency !== undefined) overrides.concurrency = integerFlag('--concurrency', flags.concurrency, 1);
  if (flags.samples !== undefined) overrides.samples = integerFlag('--samples', flags.samples, 1);
  if (flags.timeout !== undefined) overrides.timeoutMs = integerFlag('--timeout', flags.timeout, 1, MAX_TIMER_DELAY_MS);
  if (flags.maxRetries !== undefined) overrides.maxRetries = integerFlag('--max-retries', flags.maxRetries, 0);
  if (flags.seed !== undefined) overrides.seed = integerFlag('--seed', flags.seed, Number.MIN_SAFE_INTEGER);
  return overrides;
}

export function integerFlag(flag: string, text: string, minimum: number, maximum = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\s*[-+]?\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < minimum || value > maximum) {
    const expected =
      minimum === Number.MIN_SAFE_INTEGER
        ? 'an integer'
        : maximum === Number.MAX_SAFE_INTEGER
          ? `an integer >= ${minimum}`
          : `an integer from ${minimum} to ${maximum}`;
    throw new InputError(`expected ${expected}, got ${JSON.stringify(text)}`, { field: flag });
  }
  return value;
}
