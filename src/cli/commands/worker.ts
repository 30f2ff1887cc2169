import type { Command } from 'commander';
import { DEFAULT_STALLED_AFTER_MS } from '../../distributed/defaults';
import { DEFAULT_CONCURRENCY } from '../../runner/run-defaults';
import type { WorkerFlags } from '../actions/worker-from-cli';

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
      // Loaded when the command runs, so that other commands never load BullMQ.
      const { workerFromCli } = await import('../actions/worker-from-cli');
      process.exitCode = await workerFromCli(file, flags);
    });
}
