import type { TargetContext } from '../../../src/schema/experiment-definition';

/** The context the runner gives a target on a first attempt at item 1, for calling a target directly. */
export const targetContext = (variant: string, signal = new AbortController().signal): TargetContext => ({
  signal,
  item: { id: 1, input: '' },
  variant,
  sample: 0,
  attempt: 1,
  seed: 0,
  report: () => {},
});
