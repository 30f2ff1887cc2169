// A coordinator process for tests of what happens between a --stop-early decision and the withdrawal that follows
// it: it runs `runDistributed` as `verdict run --queue --stop-early` does, and from the record that decides its own
// copy of the sequential comparison (fed the same records in the same order, through `onResult`) it holds every
// `onResult`, so that the coordinator does not reach its withdrawal of the queued cells of items not started (the
// records are stored before `onResult` is called). It says `decided` on stdout then.
//
// By default it holds them forever: the test does to the queue what a withdrawal killed part way leaves, and kills
// it. With VERDICT_TEST_RELEASE=SIGNAL (e.g. SIGUSR2) it holds them until that signal, and then goes on as a
// coordinator does (the test does something to Redis meanwhile), printing the run's summary as `verdict run` does and
// exiting with its exit code.
//
// node --import tsx test/distributed/coordinator-held-at-decision.ts EXPERIMENT OUT_DIR REDIS_URL QUEUE_NAME [WINDOW]

import { formatRunSummary } from '../../src/cli/format-run-summary';
import { parseQueueUrl } from '../../src/distributed/queue-url';
import { runDistributed } from '../../src/distributed/run-coordinator';
import { loadExperiment } from '../../src/runner/load-experiment';
import { StoppingMonitor } from '../../src/runner/stopping-monitor';
import { stoppingPolicyOf } from '../../src/runner/stopping-schedule';

const [file, outDir, url, queueName, window = '400'] = process.argv.slice(2);
const experiment = await loadExperiment(file!);
const variants = Object.keys(experiment.variants);
const monitor = new StoppingMonitor(stoppingPolicyOf(experiment, true, variants)!, { samples: 1 });
const release = process.env.VERDICT_TEST_RELEASE as NodeJS.Signals | undefined;
const released = new Promise<void>((resolve) => {
  if (release !== undefined) process.once(release, () => resolve());
});
let said = false;
const summary = await runDistributed(experiment, {
  outDir: outDir!,
  queue: parseQueueUrl(url!),
  queueName: queueName!,
  queueWindow: Number(window),
  stopEarly: true,
  onResult: async (record) => {
    monitor.add({ item: String(record.item), variant: record.variant, status: record.status, pass: record.pass });
    // The records flushed in the same turn as this one are fed first (the coordinator's schedule already has them).
    await new Promise((resolve) => setImmediate(resolve));
    if (!monitor.decided) return;
    if (!said) process.stdout.write('decided\n');
    said = true;
    await released;
  },
});
process.stdout.write(formatRunSummary(summary, { experimentFile: file! }));
