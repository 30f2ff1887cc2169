import type { Experiment } from '../schema/experiment-definition';
import { demoScorer } from './demo-scorer';
import type { DemoData } from './generate-demo-data';
import { simulatedModel } from './simulated-model';

/** The demo run's seed (the experiment seed every cell's seed derives from). */
export const DEMO_RUN_SEED = 1;

/** The demo's execution policy: quick calls, so a short timeout and short backoff keep it under a few seconds. */
export const DEMO_EXECUTION = {
  concurrency: 16,
  timeoutMs: 1_000,
  retries: { max: 3, baseDelayMs: 20, maxDelayMs: 200 },
} as const;

/**
 * The demo experiment: every demo item, answered by the two simulated model versions (baseline first),
 * scored by exact match with a reason (demoScorer). A plain experiment object, the same shape an experiment file exports.
 */
export function demoExperiment(data: DemoData): Experiment {
  const [baseline, candidate] = data.models;
  return {
    name: 'verdict-demo',
    items: data.items.map(({ id, input, expected, tags }) => ({ id, input, expected, tags })),
    variants: {
      [baseline.name]: simulatedModel(baseline, data.items, { seed: DEMO_RUN_SEED }),
      [candidate.name]: simulatedModel(candidate, data.items, { seed: DEMO_RUN_SEED }),
    },
    score: demoScorer(),
    seed: DEMO_RUN_SEED,
    ...DEMO_EXECUTION,
  };
}
