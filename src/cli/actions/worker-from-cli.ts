import { parseQueueUrl } from '../../distributed/queue-url';
import { runWorker } from '../../distributed/run-worker';
import { loadExperiment } from '../../runner/load-experiment';
import { InputError } from '../../schema/input-error';
import { EXIT_CODES } from '../exit-codes';
import { interruptOnSignals } from '../handle-signals';
import { parseInteger } from '../parse-options';
import { writeStdout } from '../terminal-output';

export interface WorkerFlags {
  readonly queue?: string;
  readonly queueName?: string;
  readonly concurrency?: string;
  readonly stalledAfter?: string;
  readonly onInterrupt?: string;
  readonly inProcess?: boolean;
  readonly keepAlive?: boolean;
  readonly check?: boolean;
}

/** `verdict worker`'s action: check the experiment, then run cells from the queue; resolves to the exit code. */
export async function workerFromCli(file: string, flags: WorkerFlags): Promise<number> {
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
      ...(flags.concurrency === undefined
        ? {}
        : { concurrency: parseInteger('--concurrency', { min: 1 })(flags.concurrency) }),
      ...(flags.stalledAfter === undefined
        ? {}
        : { stalledAfterMs: parseInteger('--stalled-after', { min: 1 })(flags.stalledAfter) }),
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
