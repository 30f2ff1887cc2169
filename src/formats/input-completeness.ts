/**
 * Whether an input holds every outcome its run meant to produce, as the tool that wrote it says. The
 * gate (issue 10) reads it: an unfinished run must not pass as if its missing items had been seen.
 *
 * - `complete`: the file says the run finished (inspect `status: "success"`, a SWE-bench report with no
 *   `incomplete_ids`, an lm-eval samples file with as many documents as `n-samples.effective`).
 * - `incomplete`: the file says the run stopped early or left items out (inspect `cancelled`, `started` or
 *   `error`; SWE-bench `incomplete_ids`; fewer documents than planned). `plannedItems`, when the file lists
 *   them, are every item the run meant to score, so the missing ones are `plannedItems` minus those read.
 * - `unknown`: the format records no plan (promptfoo, HELM, a file in verdict's own record format).
 *
 * `plannedItems` are item ids as the results table writes them (the loader adds the `task/` prefix when
 * several tasks are read, as it does to the items), or null when the file does not list them.
 *
 * @example { state: 'incomplete', detail: 'inspect_ai log status "cancelled": 3 of 10 planned samples', plannedItems: [1, 2, 3] }
 */
export interface InputCompleteness {
  readonly state: 'complete' | 'incomplete' | 'unknown';
  /** One sentence for a person: what the file says, with the counts it gives. */
  readonly detail: string;
  /** Every item the run planned to score, or null when the file does not say. */
  readonly plannedItems: readonly (string | number)[] | null;
}

/** What a reader knows when the format records no plan. */
export const UNKNOWN_COMPLETENESS: InputCompleteness = {
  state: 'unknown',
  detail: 'the file does not say which items the run planned',
  plannedItems: null,
};
