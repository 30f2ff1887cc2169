import type { MessagePort } from 'node:worker_threads';
import type { ExperimentItem, ScoreValue, TargetUsage } from '../../schema/experiment-definition';
import type { ThrownValue } from './thrown-value';

/**
 * The messages between the runner and a cell worker (cell-worker.ts): one task per call of a target
 * or a scorer, and the warm-up that loads the experiment module in every worker before the first cell.
 * `abort` is a MessagePort on which the runner posts the deadline's reason (the target's signal then
 * aborts inside the worker, so that it can clean up) before it terminates a worker that does not stop.
 */
export type CellTask =
  | {
      readonly kind: 'target';
      readonly variant: string;
      readonly input: unknown;
      readonly context: {
        readonly item: ExperimentItem;
        readonly variant: string;
        readonly sample: number;
        readonly attempt: number;
        readonly seed: number;
      };
      readonly abort: MessagePort;
    }
  | { readonly kind: 'score'; readonly output: unknown; readonly item: ExperimentItem; readonly abort: MessagePort }
  | { readonly kind: 'warm'; readonly arrived: Int32Array; readonly expected: number };

/** A worker's answer: the value, or what was thrown; with the usage a target reported either way. */
export type CellReply =
  | { readonly ok: true; readonly value: unknown | ScoreValue; readonly usage: readonly TargetUsage[] }
  | { readonly ok: false; readonly thrown: ThrownValue; readonly usage: readonly TargetUsage[] };

/** What the runner gives a cell worker at its start. */
export interface CellWorkerData {
  /** The experiment module's absolute path (or file URL). */
  readonly module: string;
  /** The module as the user wrote it, for messages. */
  readonly displayPath: string;
}
