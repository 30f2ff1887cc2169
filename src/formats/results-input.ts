import type { StoppingRecord } from '../schema/stopping-policy';
/** One input file as provenance records it. */
export interface ResultsInput {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Records read from it (valid rows; blank lines not counted). */
  readonly rows: number;
}

/** A run among the inputs, as its manifest (or the tool's file) describes it. */
export interface RunInput {
  /** The run directory. */
  readonly path: string;
  /** Its results file, as `file` names it in the table. */
  readonly resultsPath: string;
  /** The manifest's status: `completed`, `running`, `interrupted` or `failed` (`incomplete` for another tool's file). */
  readonly status: string;
  /** `verdict` for a verdict run; else the format that read it (`inspect-eval`, `swebench-report`, ...). */
  readonly format: string;
  readonly plan: {
    readonly items: number;
    readonly samples: number;
    readonly variants: readonly string[];
    readonly cells: number;
  };
  /** One sentence from the tool that wrote the input on how far it got (other tools' formats). */
  readonly detail?: string;
  /** Cells of the plan the input holds, when counted by its reader (other tools' formats). */
  readonly stored?: number;
  /** The manifest's stopping record of a verdict run that stopped early by design (`verdict run --stop-early`). */
  readonly stopping?: StoppingRecord;
}
