import type { Experiment } from './types';

/**
 * Returns its argument unchanged: it exists only so that an experiment module gets types and
 * completion (`export default defineExperiment({ ... })`), like Vite's `defineConfig`. A module that
 * exports a plain object without importing verdict works the same.
 *
 * @example export default defineExperiment({ name: 'qa', items, variants: { A: callA, B: callB } })
 */
export function defineExperiment<const T extends Experiment>(experiment: T): T {
  return experiment;
}
