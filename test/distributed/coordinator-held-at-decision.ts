// A coordinator process for tests of a kill during the withdrawal that follows a --stop-early decision: it runs
// `runDistributed` as `verdict run --queue --stop-early` does, and from the record that decides its own copy of the
// sequential comparison (fed the same records in the same order, through `onResult`) it holds every `onResult`
// forever, so that the coordinator never reaches its withdrawal of the queued cells of items not started. It says
// `decided` on stdout then; the test does to the queue what a withdrawal killed part way leaves, and kills it.
//
// node --import tsx test/distributed/coordinator-held-at-decision.ts EXPERIMENT OUT_DIR REDIS_URL QUEUE_NAME [WINDOW]

import { parseQueueUrl } from '../../src/distributed/queue-url';
import { runDistributed } from '../../src/distributed/run-coordinator';
import { loadExperiment } from '../../src/runner/load-experiment';
import { StoppingMonitor } from '../../src/runner/stopping-monitor';
import { stoppingPolicyOf } from '../../src/runner/stopping-schedule';

const [file, outDir, url, queueName, window = '400'] = process.argv.slice(2);
const experiment = await loadExperiment(file!);
const variants = Object.keys(experiment.variants);
const monitor = new StoppingMonitor(stoppingPolicyOf(experiment, true, variants)!, { samples: 1 });
let said = false;
await runDistributed(experiment, {
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
    await new Promise(() => undefined);
  },
});
