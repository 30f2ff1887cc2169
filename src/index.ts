// verdict, the package's main entry: what docs/api.md promises, and nothing else (test/package/public-api.test.ts
// holds the two to each other). Statistics: 'verdict/stats'; renderers: 'verdict/reports'; charts: 'verdict/charts'.

// Define and run an experiment

export { checkExperiment } from './runner/check-experiment';
export { defineExperiment, type ExperimentDefinition, type ItemsFileReference } from './runner/define-experiment';
export { isTransientError } from './runner/is-transient-error';
export { EXPERIMENT_FILE_EXTENSIONS, loadExperiment } from './runner/load-experiment';
export { ITEM_FILE_EXTENSIONS, loadItems } from './runner/load-items';
export { DEFAULT_MAX_OUTPUT_CHARS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './runner/run-cell';
export { type Isolation, type RunOptions, runExperiment } from './runner/run-experiment';
export { DEFAULT_CONCURRENCY, DEFAULT_SAMPLES, DEFAULT_SEED } from './runner/run-policy';
export { DEFAULT_PASS_THRESHOLD } from './runner/score-output';
export {
  defaultScorer,
  type ExactMatchOptions,
  exactMatch,
  type IncludesOptions,
  includes,
  type JudgeGradeFormat,
  type JudgeScorerOptions,
  jsonEqual,
  judgeScorer,
  type NumericToleranceOptions,
  numericTolerance,
  type RegexOptions,
  readGrade,
  regex,
  scorerFromConfig,
  UnreadableGradeError,
} from './runner/scorers';
export { type CommandTargetOptions, commandTarget } from './runner/targets/command-target';
export { openAITarget } from './runner/targets/openai-target';
export { resolveTarget } from './runner/targets/resolve-target';
export { TransientError, type TransientErrorOptions } from './runner/transient-error';
export type { Cell, RunProgress, RunSummary } from './runner/types';
export type {
  AccountConfig,
  CommandTargetConfig,
  Experiment,
  ExperimentItem,
  OpenAITargetConfig,
  RetryPolicy,
  Scorer,
  ScorerContext,
  ScoreValue,
  TargetContext,
  TargetDefinition,
  TargetFunction,
  TargetUsage,
} from './schema/experiment-definition';
export { ScorerConfig } from './schema/scorer-config';
export { type StoppingPolicyInput, StoppingPolicySchema } from './schema/stopping-policy';
export type { Timers } from './time/timers';

// Read a run back

export { cellKey } from './schema/cell-key';
export { CellRecord, type CellStatus, ItemRef, JudgeUsage } from './schema/cell-record';
export {
  RunManifest,
  RunState,
  type RunStatus,
  RunStopReason,
  StatusCounts,
  type VariantCounts,
} from './schema/run-manifest';
export { StoppingRecord } from './schema/stopping-policy';
export { configHash } from './store/config-hash';
export { MANIFEST_FILE, readManifest } from './store/manifest';
export { RESULTS_FILE, type RunContents, readRun } from './store/read-run';
export { RunStoreError } from './store/run-store-error';

// Load results (verdict's own and other tools' formats)

export { type LoadResultsOptions, loadResults } from './analysis/load-results';
export {
  type LoadedResults,
  type RecordSource,
  type ResultsFromRecordsOptions,
  resultsFromRecords,
} from './analysis/results-table';
export type { InputCompleteness } from './formats/input-completeness';
export type { VariantSource } from './formats/name-variants';
export { detectInputFormat, formatNames } from './formats/registry';
export type { ResultsInput, RunInput } from './formats/results-input';

// Compare and decide

export { type CompareOptions, compare } from './analysis/compare';
export { DEFAULT_FLIP_LIMIT, type FindFlipsOptions, findFlips } from './analysis/find-flips';
export { GATE_EXIT_CODES, gateFor } from './analysis/gate';
export { type PairOptions, pairByItem, pairedOnly } from './analysis/pair-by-item';
export { type FullPairedTable, pairedTable } from './analysis/paired-table';
export { type PassAtKCurveOptions, passAtKCurve } from './analysis/pass-at-k-curve';
export {
  DEFAULT_ALPHA,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  DEFAULT_DETECTABLE_EFFECT,
  DEFAULT_MARGIN,
  DEFAULT_MAX_MISSING,
  DEFAULT_MISSING_ALPHA,
  DEFAULT_TARGET_POWER,
  type PolicyOptions,
  resolvePolicy,
} from './analysis/policy';
export { type SliceGroup, sliceBy } from './analysis/slice-by';
export { type ResultsSummary, type SummariseResultsOptions, summariseResults } from './analysis/summarise-results';
export { exitCodeFor } from './cli/exit-code-for';
export {
  ANALYSES,
  CORRECTIONS,
  ERROR_TREATMENTS,
  INTERVALS,
  METRICS,
  PASS_TESTS,
  REQUIREMENTS,
  SCORE_TESTS,
} from './schema/policy-choices';

// Plan an eval's size

export { type PilotPlan, type PilotPlanOptions, planFromPilot } from './analysis/plan-from-pilot';
export {
  discordantRatesFromPassRates,
  type McNemarPowerPlan,
  type McNemarPowerPlanInput,
  planMcNemarPower,
} from './analysis/plan-mcnemar-power';

// File schemas and errors

export { type ExperimentFile, ExperimentFileSchema, ItemSchema } from './schema/experiment';
export { InputError, type InputLocation } from './schema/input-error';
export { RecordStatus, ResultRecord, type ResultRecordInput } from './schema/result-record';
export { type JudgeScorerConfig, JudgeScorerSchema, type ScoreConfig } from './schema/scorer-config';
export { VerdictDocument } from './schema/verdict-document';

// The built-in demo (simulated models) and the package

export { DEFAULT_DEMO_OUT_DIR, type DemoOptions, type DemoResult, runDemo } from './demo/run-demo';
export { VERSION } from './version';
