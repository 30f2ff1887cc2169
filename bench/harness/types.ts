/**
 * The shapes every benchmark shares: a scenario is measured in one of three modes and returns figures;
 * the harness adds the machine and the command and writes bench/results/<name>.json.
 */

/** `smoke`: tiny sizes, one run (the test suite); `quick`: a minute or two in all; `full`: the sizes of issue 6. */
export type BenchMode = 'smoke' | 'quick' | 'full';

/** One measured figure: the median of `runs`, with its goal where the issue sets one. */
export interface Figure {
  /** What was measured, e.g. "verdict runner, store on: cells/s". */
  readonly label: string;
  /** The median of the runs (or the single value of a derived figure such as a ratio of medians). */
  readonly value: number;
  readonly unit: string;
  /** Every run's value, in run order (absent for derived figures). */
  readonly runs?: readonly number[];
  /** The goal in words, e.g. ">= 0.5". */
  readonly goal?: string;
  /** Whether `value` meets `goal`. */
  readonly met?: boolean;
}

/** What a scenario hands back to the harness. */
export interface ScenarioOutcome {
  /** Sizes and settings the figures were measured at. */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly figures: readonly Figure[];
  /** Plain-language lines: skipped comparisons (and why), where verdict is slower, what a profile showed. */
  readonly notes: readonly string[];
}

/** What a scenario gets to work with. */
export interface ScenarioContext {
  readonly mode: BenchMode;
  /** Scratch directory for generated inputs and outputs (reused across scenarios of one invocation). */
  readonly tmpDir: string;
  /** Progress lines for the person waiting (stderr). */
  readonly log: (message: string) => void;
}

/** One benchmark. */
export interface Scenario {
  /** File stem of its results, e.g. `runner-overhead`. */
  readonly name: string;
  /** Heading in BENCHMARKS.md. */
  readonly title: string;
  readonly run: (context: ScenarioContext) => Promise<ScenarioOutcome>;
}

/** The machine a result was measured on. */
export interface MachineInfo {
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly platform: string;
}

/** bench/results/<name>.json. */
export interface BenchResult extends ScenarioOutcome {
  readonly name: string;
  readonly title: string;
  readonly mode: BenchMode;
  readonly command: string;
  readonly date: string;
  readonly durationMs: number;
  readonly machine: MachineInfo;
}
