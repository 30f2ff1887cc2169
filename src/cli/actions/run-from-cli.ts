import { join } from 'node:path';
import { defaultCacheDirectory } from '../../cache/default-cache-directory';
import { DirectoryCache } from '../../cache/directory-cache';
import { checkExperiment } from '../../runner/check-experiment';
import { loadExperiment } from '../../runner/load-experiment';
import { runExperiment } from '../../runner/run-experiment';
import { DEFAULT_RUNS_DIR, type PolicyOverrides, resolveRunPolicy } from '../../runner/run-policy';
import { resolveTarget } from '../../runner/targets/resolve-target';
import { unreachableReason } from '../../runner/targets/unreachable-reason';
import { DEFAULT_ANTHROPIC_BASE_URL } from '../../schema/anthropic-target-config';
import { MAX_TIMER_DELAY_MS } from '../../schema/experiment';
import type { Experiment, TargetDefinition } from '../../schema/experiment-definition';
import { InputError } from '../../schema/input-error';
import { EXIT_CODES } from '../exit-codes';
import { formatRunPlan, runPlan } from '../format-run-plan';
import { formatRunSummary } from '../format-run-summary';
import { interruptOnSignals } from '../handle-signals';
import { parseDesignFlags, parseInteger } from '../parse-options';
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
  readonly attemptTimeout?: string;
  readonly maxRetries?: string;
  readonly seed?: string;
  readonly maxOutputChars?: string;
  readonly inProcess?: boolean;
  readonly dryRun?: boolean;
  readonly quiet?: boolean;
  readonly json?: boolean;
  readonly cache?: string | boolean;
  readonly stopEarly?: boolean;
  readonly designDifference?: string;
  readonly designDiscordance?: string;
  readonly designCalibrated?: boolean;
  readonly designPower?: string;
  readonly queue?: string;
  readonly queueName?: string;
  readonly onInterrupt?: string;
  readonly stalledAfter?: string;
  readonly queueWindow?: string;
}

/** `verdict run`'s action: load the experiment, check it, run it (or print the plan); resolves to the exit code. */
export async function runFromCli(file: string, flags: RunFlags): Promise<number> {
  if (flags.fresh && flags.resume) throw new InputError('--fresh and --resume contradict each other: choose one');
  if (flags.retryErrors && !flags.resume) throw new InputError('--retry-errors needs --resume');
  const overrides = policyOverrides(flags);
  const stopEarly = stopEarlyOption(flags);
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
    // Workers make the calls of a distributed run; the coordinator's machine may not reach the endpoints.
    if (distributed === undefined) await checkReachable(experiment, file, controller.signal);
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
      ...stopEarly,
      ...(distributed === undefined ? localCacheOption(flags) : {}),
      ...(flags.maxOutputChars === undefined
        ? {}
        : { maxOutputChars: parseInteger('--max-output-chars', { min: 1 })(flags.maxOutputChars) }),
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
 * Build every variant's target, and a judge scorer's judge, once before anything runs, so that a missing
 * API key variable is one line naming the experiment file and the field (`exp.yaml: \`variants.B.apiKeyEnv\`:
 * ...`, `\`score.judge.apiKeyEnv\``), in a dry run too, rather than a failure at the first cell.
 */
function checkTargets(experiment: Experiment, file: string): void {
  for (const [field, target] of targetsOf(experiment)) {
    try {
      resolveTarget(target);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const problem = error.message.replace(/^`[^`]*`: /, '');
      throw new InputError(problem, { file, field: `${field}${error.field ? `.${error.field}` : ''}` });
    }
  }
}

/** Every target of the experiment and where the file declares it: the variants', and the judge's. */
function targetsOf(experiment: Experiment): [field: string, target: TargetDefinition][] {
  const targets: [string, TargetDefinition][] = Object.entries(experiment.variants).map(([name, target]) => [
    `variants.${name}`,
    target,
  ]);
  const { score } = experiment;
  if (typeof score === 'object' && score.type === 'judge') targets.push(['score.judge', score.judge]);
  return targets;
}

/**
 * Before the first cell: every built-in target's endpoint accepts a connection (a host given by a placeholder
 * is left to the cells). A wrong host or a server not running is then one line naming the field, exit 2.
 */
async function checkReachable(experiment: Experiment, file: string, signal: AbortSignal): Promise<void> {
  const endpoints: { field: string; url: string }[] = [];
  for (const [field, target] of targetsOf(experiment)) {
    if (typeof target === 'function' || target.type === 'command') continue;
    const url = target.type === 'http' ? target.url : (target.baseURL ?? DEFAULT_ANTHROPIC_BASE_URL);
    if (/^[a-z]+:\/\/[^/]*\{\{/i.test(url)) continue;
    endpoints.push({ field: `${field}.${target.type === 'http' ? 'url' : 'baseURL'}`, url });
  }
  const reasons = await Promise.all(endpoints.map(({ url }) => unreachableReason(url, { signal })));
  const index = reasons.findIndex((reason) => reason !== undefined);
  if (index === -1 || signal.aborted) return;
  const { field, url } = endpoints[index]!;
  throw new InputError(
    `cannot connect to ${new URL(url).host}: ${reasons[index]}; is the server running and the URL right?`,
    { file, field },
  );
}

/**
 * The output cache of a local run: on by default, in `--cache DIR` or else the default directory
 * (`defaultCacheDirectory`: `$VERDICT_CACHE_DIR`, `$XDG_CACHE_HOME/verdict/outputs`, `~/.cache/verdict/outputs`);
 * off with `--no-cache`. A distributed run's cache is in Redis (`distributedOptions`).
 */
function localCacheOption(flags: RunFlags): { cache?: DirectoryCache } {
  if (flags.cache === false) return {};
  return { cache: new DirectoryCache(typeof flags.cache === 'string' ? flags.cache : defaultCacheDirectory()) };
}

/**
 * `--stop-early`, with the design of `--design-difference` and `--design-discordance` over the experiment's
 * `stopping.design` (runExperiment merges it over the file's `stopping`).
 */
function stopEarlyOption(flags: RunFlags): {
  stopEarly?: true | { design: { difference: number; discordance: number; calibrated?: true; power?: number } };
} {
  const design = parseDesignFlags(flags);
  if (design !== undefined && !flags.stopEarly)
    throw new InputError('the design tunes the early-stopping gate: add --stop-early', {
      field: '--design-difference',
    });
  if (!flags.stopEarly) return {};
  return { stopEarly: design === undefined ? true : { design } };
}

/** The coordinator's options of a distributed run (`--queue`), or undefined for a local one. */
async function distributedOptions(flags: RunFlags) {
  if (flags.queue === undefined) return undefined;
  // The workers share the cache in Redis (on by default); a directory on this machine is one they never read.
  if (typeof flags.cache === 'string')
    throw new InputError(
      `with --queue the output cache is shared by the workers in Redis (on by default); ${JSON.stringify(flags.cache)} is a directory on this machine, which they do not read: leave --cache out, or turn the cache off with --no-cache`,
      { field: '--cache' },
    );
  const { parseQueueUrl } = await import('../../distributed/queue-url');
  const password = process.env.VERDICT_REDIS_PASSWORD;
  const queue = parseQueueUrl(flags.queue, password === undefined ? {} : { password });
  const mode = flags.onInterrupt ?? 'cancel';
  if (mode !== 'cancel' && mode !== 'drain')
    throw new InputError(`expected cancel or drain, got ${JSON.stringify(mode)}`, { field: '--on-interrupt' });
  return {
    queue,
    cache: flags.cache !== false,
    onInterrupt: mode as 'cancel' | 'drain',
    ...(flags.queueName === undefined ? {} : { queueName: flags.queueName }),
    ...(flags.stalledAfter === undefined
      ? {}
      : { stalledAfterMs: parseInteger('--stalled-after', { min: 1 })(flags.stalledAfter) }),
    ...(flags.queueWindow === undefined
      ? {}
      : { queueWindow: parseInteger('--queue-window', { min: 1 })(flags.queueWindow) }),
  };
}

/** `runs/<name>`, the name made safe as one path segment. */
function defaultOutDir(experiment: Experiment): string {
  const segment = experiment.name.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '') || 'experiment';
  return join(DEFAULT_RUNS_DIR, segment);
}

function policyOverrides(flags: RunFlags): PolicyOverrides {
  const overrides: { -readonly [K in keyof PolicyOverrides]: PolicyOverrides[K] } = {};
  if (flags.concurrency !== undefined)
    overrides.concurrency = parseInteger('--concurrency', { min: 1 })(flags.concurrency);
  if (flags.samples !== undefined) overrides.samples = parseInteger('--samples', { min: 1 })(flags.samples);
  if (flags.timeout !== undefined)
    overrides.timeoutMs = parseInteger('--timeout', { min: 1, max: MAX_TIMER_DELAY_MS })(flags.timeout);
  if (flags.attemptTimeout !== undefined)
    overrides.attemptTimeoutMs = parseInteger('--attempt-timeout', { min: 1, max: MAX_TIMER_DELAY_MS })(
      flags.attemptTimeout,
    );
  if (flags.maxRetries !== undefined)
    overrides.maxRetries = parseInteger('--max-retries', { min: 0 })(flags.maxRetries);
  if (flags.seed !== undefined) overrides.seed = parseInteger('--seed')(flags.seed);
  return overrides;
}
