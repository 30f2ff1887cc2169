import type { Experiment } from '../schema/experiment-definition';

/** Where an experiment module may keep its items: inline, or in a JSONL/CSV/JSON file beside it. */
export interface ItemsFileReference {
  /** Relative to the experiment file. */
  readonly path: string;
  /** Allow a path that leaves the experiment's directory (refused otherwise). @default false */
  readonly allowOutside?: boolean;
}

/** An experiment as a module writes it: like {@link Experiment}, but the items may be a file reference. */
export type ExperimentDefinition = Omit<Experiment, 'items'> & {
  readonly items: Experiment['items'] | ItemsFileReference;
};

/**
 * Returns its argument unchanged: it exists only so that an experiment module gets types and
 * completion (`export default defineExperiment({ ... })`), like Vite's `defineConfig`. A module that
 * exports a plain object without importing verdict works the same.
 *
 * @example export default defineExperiment({ name: 'qa', items: { path: 'items.jsonl' }, variants: { A: callA, B: callB } })
 */
export function defineExperiment<const T extends ExperimentDefinition>(experiment: T): T {
  return experiment;
}
