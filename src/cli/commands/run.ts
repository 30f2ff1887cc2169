import { join } from 'node:path';
import type { Command } from 'commander';
import { parseQueueUrl } from '../../distributed/queue-url';
import { runDistributed } from '../../distributed/run-coordinator';
import { DEFAULT_RETRY_BASE_DELAY_MS, DEFAULT_RETRY_MAX_DELAY_MS } from '../../runner/backoff-delay';
import { checkExperiment } from '../../runner/check-experiment';
import { loadExperiment } from '../../runner/load-experiment';
import { DEFAULT_MAX_OUTPUT_CHARS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../../runner/run-cell';
import { runExperiment } from '../../runner/run-experiment';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_SAMPLES,
  DEFAULT_SEED,
  type PolicyOverrides,
  resolveRunPolicy,
} from '../../runner/run-policy';
import { resolveTarget } from '../../runner/targets/resolve-target';
import { MAX_TIMER_DELAY_MS } from '../../runner/timers';
import type { Experiment } from '../../runner/types';
import { InputError } from '../../schema/input-error';
import { EXIT_CODES } from '../exit-codes';
import { formatRunPlan, runPlan } from '../format-run-plan';
import { formatRunSummary } from '../format-run-summary';
import { interruptOnSignals } from '../handle-signals';
import { createProgressDisplay } from '../progress';
import { writeStdout } from '../terminal-output';

/** Where results go without --out: `runs/<experiment name>`. */
export const DEFAULT_RUNS_DIR = 'runs';

/** The flags as commander hands them over (numbers still strings: checked in `policyOverrides`). */
interface RunFlags {
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
  readonly queue?: string;
  readonly queueName?: string;
  readonly onInterrupt?: string;
  readonly stalledAfter?: string;
}

const EXAMPLES = `
The experiment is a .ts/.js module whose default export is { name, items, variants, score, ... },
or a .json/.yaml file of the same fields with built-in targets ({ type: 'openai' | 'command' }).
A .ts file is loaded through tsx (installed with verdict); .js/.mjs/.json/.yaml are read directly.
Items: an array of { id, input, expected?, tags? }, or { path } to a .jsonl/.csv/.json file next to
the experiment (a path outside its directory needs allowOutside: true).

A minimal experiment, qa.yaml:
  name: qa
  items: { path: items.jsonl }   # one {"id":"q1","input":"2+2?","expected":"4"} per line
  variants:
    A: { type: openai, baseURL: https://api.openai.com/v1, model: gpt-4o-mini, apiKeyEnv: OPENAI_API_KEY }
    B: { type: command, argv: [python3, solve.py] }   # input on stdin, answer on stdout, no shell
  score: { type: exact-match }

Examples (the files are in the examples/ folder of verdict's repository):
  $ verdict run examples/command/experiment.yaml --dry-run
    validates the file and prints the plan: 36 items x 2 variants x 1 samples = 72 cells
  $ verdict run examples/qa/experiment.ts --out runs/qa --concurrency 16
    runs it into runs/qa/ (results.jsonl, manifest.json); Ctrl-C stops it and keeps the results
  $ verdict run examples/qa/experiment.ts --out runs/qa --resume --retry-errors
    runs what is missing, and the cells that ended in an error or a timeout, again
  $ verdict run examples/qa/experiment.ts --out runs/qa-4 --samples 4
    four samples per item and variant, for pass@k (\`verdict summary runs/qa-4\`)

Exit codes: 0 run finished (cells may have errors: see the summary), 2 bad experiment or flags,
130 interrupted (resume with --resume).
`;

/** `verdict run <experiment>`: run every (item, variant, sample) cell into a run directory. */
export function runCommand(program: Command): void {
  program
    .command('run')
    .description('run an experiment: every item through every variant, results streamed to <out>/results.jsonl')
    .argument('<experiment>', 'experiment file: .ts, .mts, .js, .mjs, .json, .yaml')
    .option('--out <dir>', `run directory (default ${DEFAULT_RUNS_DIR}/<experiment name>)`)
    .option('--resume', 'continue the run in --out: run only the cells not stored yet')
    .option('--retry-errors', 'with --resume, also re-run cells stored as error or timeout')
    .option('--fresh', 'start over: delete the stored results in --out first')
    .option('--force', 'with --resume, accept a changed experiment; without, the same as --fresh')
    .option('--concurrency <n>', `cells run at once (default: the experiment's, else ${DEFAULT_CONCURRENCY})`)
    .option(
      '--samples <n>',
      `repeats per item and variant, for pass@k (default: the experiment's, else ${DEFAULT_SAMPLES})`,
    )
    .option(
      '--timeout <ms>',
      `deadline per cell, all attempts included (default: the experiment's, else ${DEFAULT_TIMEOUT_MS})`,
    )
    .option(
      '--max-retries <n>',
      `retries of transient failures (default: the experiment's, else ${DEFAULT_MAX_RETRIES}, backoff ${DEFAULT_RETRY_BASE_DELAY_MS}-${DEFAULT_RETRY_MAX_DELAY_MS} ms)`,
    )
    .option(
      '--seed <n>',
      `experiment seed, from which every cell's seed is derived (default: the experiment's, else ${DEFAULT_SEED})`,
    )
    .option(
      '--max-output-chars <n>',
      `longest output a cell stores, in characters of JSON; a longer one is an error (default ${DEFAULT_MAX_OUTPUT_CHARS})`,
    )
    .option(
      '--in-process',
      "call function targets and scorers in verdict's own thread, not in worker threads (faster per cell; a synchronous loop then outlives its deadline, and process.exit() in a target ends the run)",
    )
    .option(
      '--queue <url>',
      'distributed run: be the coordinator on this Redis (redis://host:port/db, rediss:// for TLS); `verdict worker` runs the cells',
    )
    .option('--queue-name <name>', "with --queue: the queue's name (default: the experiment's name)")
    .option(
      '--on-interrupt <mode>',
      'with --queue: Ctrl-C cancels the cells in flight on workers (cancel) or lets them finish (drain)',
      'cancel',
    )
    .option('--stalled-after <ms>', 'with --queue: lock duration of result jobs (default 30000)')
    .option('--dry-run', 'validate the experiment and print the plan without running it')
    .option('--quiet', 'no progress on stderr')
    .option('--json', 'print the summary (or with --dry-run the plan) as JSON on stdout')
    .addHelpText('after', EXAMPLES)
    .action(async (file: string, flags: RunFlags) => {
      process.exitCode = await runFromCli(file, flags);
    });
}

async function runFromCli(file: string, flags: RunFlags): Promise<number> {
  if (flags.fresh && flags.resume) throw new InputError('--fresh and --resume contradict each other: choose one');
  if (flags.retryErrors && !flags.resume) throw new InputError('--retry-errors needs --resume');
  const overrides = policyOverrides(flags);
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
  const distributed = distributedOptions(flags);
  try {
    const summary = await (distributed === undefined
      ? runExperiment
      : (e: Experiment, o: Parameters<typeof runExperiment>[1]) =>
          runDistributed(e, { ...o!, outDir, ...distributed }))(experiment, {
      ...overrides,
      outDir,
      resume: flags.resume ?? false,
      retryErrors: flags.retryErrors ?? false,
      force: (flags.force ?? false) || (flags.fresh ?? false),
      signal: controller.signal,
      onProgress: progress.update,
      command: ['verdict', ...process.argv.slice(2)],
      ...(flags.inProcess ? { isolation: 'in-process' as const } : {}),
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

/** The coordinator's options of a `--queue` run, or undefined for a local run. */
function distributedOptions(flags: RunFlags) {
  if (flags.queue === undefined) return undefined;
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

function integerFlag(flag: string, text: string, minimum: number, maximum = Number.MAX_SAFE_INTEGER): number {
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
