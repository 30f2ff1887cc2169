import type { Command } from 'commander';
import { parseQueueUrl } from '../../distributed/queue-url';
import { DEFAULT_STALLED_AFTER_MS } from '../../distributed/run-coordinator';
import { runWorker } from '../../distributed/run-worker';
import { loadExperiment } from '../../runner/load-experiment';
import { DEFAULT_CONCURRENCY } from '../../runner/run-policy';
import { InputError } from '../../schema/input-error';
import { EXIT_CODES } from '../exit-codes';
import { interruptOnSignals } from '../handle-signals';
import { writeStdout } from '../terminal-output';

interface WorkerFlags {
  readonly queue?: string;
  readonly queueName?: string;
  readonly concurrency?: string;
  readonly stalledAfter?: string;
  readonly onInterrupt?: string;
  readonly inProcess?: boolean;
  readonly keepAlive?: boolean;
  readonly check?: boolean;
}

const EXAMPLES = `
A worker takes cells of a distributed run (\`verdict run EXPERIMENT --queue URL\`) from Redis, runs
them with the coordinator's timeout, retries and rate limits, and sends the records back; it exits
when the run completes. Start one or more on each machine, with the same experiment file:
  verdict worker experiment.ts --queue redis://redis.internal:6379/0 --concurrency 16
The password may be left out of the URL and given in VERDICT_REDIS_PASSWORD (not in \`ps\`).

Examples:
  $ verdict worker examples/qa/experiment.ts --check
    loads and checks the experiment as a worker would, without connecting to Redis
See docs/distributed.md.
`;

/** `verdict worker <experiment> --queue URL`: run cells of a distributed run. */
export function workerCommand(program: Command): void {
  program
    .command('worker')
    .description('run cells of a distributed run from a Redis queue (see `verdict run --queue`)')
    .argument('<experiment>', 'the same experiment file as the coordinator')
    .option('--queue <url>', 'Redis URL: redis://[user:password@]host:port/db, or rediss:// for TLS')
    .option('--queue-name <name>', "queue name (default: the experiment's name)")
    .option('--concurrency <n>', `cells this worker runs at once (default ${DEFAULT_CONCURRENCY})`)
    .option(
      '--stalled-after <ms>',
      `a cell whose worker stops renewing its lock for this long runs again elsewhere (default ${DEFAULT_STALLED_AFTER_MS})`,
    )
    .option(
      '--on-interrupt <mode>',
      'Ctrl-C: cancel (cells in flight go back to the queue) or drain (finish them)',
      'cancel',
    )
    .option('--in-process', 'call function targets in this thread, not in worker threads')
    .option('--keep-alive', 'stay when the run completes, for the next run on the queue')
    .option('--check', 'load and check the experiment, then exit, without connecting')
    .addHelpText('after', EXAMPLES)
    .action(async (file: string, flags: WorkerFlags) => {
      process.exitCode = await workerFromCli(file, flags);
    });
}

async function workerFromCli(file: string, flags: WorkerFlags): Promise<number> {
  const experiment = await loadExperiment(file);
  if (flags.check) {
    writeStdout(
      `${file}: ${experiment.items.length} items x ${Object.keys(experiment.variants).length} variants: ready to work\n`,
    );
    return EXIT_CODES.passed;
  }
  if (flags.queue === undefined)
    throw new InputError('a worker needs --queue redis://host:port/db', { field: '--queue' });
  const password = process.env.VERDICT_REDIS_PASSWORD;
  const queue = parseQueueUrl(flags.queue, password === undefined ? {} : { password });
  const mode = flags.onInterrupt ?? 'cancel';
  if (mode !== 'cancel' && mode !== 'drain')
    throw new InputError(`expected cancel or drain, got ${JSON.stringify(mode)}`, { field: '--on-interrupt' });
  const controller = new AbortController();
  const signals = interruptOnSignals(controller);
  try {
    const summary = await runWorker(experiment, {
      queue,
      ...(flags.queueName === undefined ? {} : { queueName: flags.queueName }),
      ...(flags.concurrency === undefined ? {} : { concurrency: positive('--concurrency', flags.concurrency) }),
      ...(flags.stalledAfter === undefined ? {} : { stalledAfterMs: positive('--stalled-after', flags.stalledAfter) }),
      ...(flags.inProcess ? { isolation: 'in-process' as const } : {}),
      keepAlive: flags.keepAlive ?? false,
      onInterrupt: mode,
      signal: controller.signal,
    });
    writeStdout(
      `worker: ran ${summary.ran} cells (ok ${summary.ok}, error ${summary.error}, timeout ${summary.timeout}); run ${summary.outcome}\n`,
    );
    return summary.outcome === 'interrupted' ? EXIT_CODES.interrupted : EXIT_CODES.passed;
  } finally {
    signals.dispose();
  }
}

export function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < 1)
    throw new InputError(`expected an integer >= 1, got ${JSON.stringify(text)}`, { field: flag });
  return value;
}
