// verdict: the runner, the store, the analysis and the schemas. Statistics: 'verdict/stats'; renderers: 'verdict/reports'.

// Analysis
export * from './analysis/index';
// CLI exit codes
export { exitCodeFor } from './cli/exit-code-for';
// The built-in demo (simulated models)
export { DEFAULT_DEMO_OUT_DIR, type DemoOptions, type DemoResult, runDemo } from './demo/run-demo';
export * from './formats/index';
// Runner
export { type BackoffOptions, backoffDelay } from './runner/backoff-delay';
export { cellKey } from './runner/cell-key';
export { checkExperiment } from './runner/check-experiment';
export { defineExperiment, type ExperimentDefinition, type ItemsFileReference } from './runner/define-experiment';
export { deriveSeed } from './runner/derive-seed';
export { isTransientError, isTransientStatus, retryAfterOf, TRANSIENT_ERROR_CODES } from './runner/is-transient-error';
export { EXPERIMENT_FILE_EXTENSIONS, loadExperiment } from './runner/load-experiment';
export { ITEM_FILE_EXTENSIONS, loadItems } from './runner/load-items';
export { type PlanCellsOptions, planCells } from './runner/plan-cells';
export { createRateLimiter, type RateLimiter } from './runner/rate-limiter';
export {
  DEFAULT_MAX_OUTPUT_CHARS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type RetryContext,
  type RunCellOptions,
  runCell,
} from './runner/run-cell';
export { type Isolation, type RunOptions, runExperiment } from './runner/run-experiment';
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_SAMPLES,
  DEFAULT_SEED,
  type RunPolicy,
  resolveRunPolicy,
} from './runner/run-policy';
export { DEFAULT_PASS_THRESHOLD, normaliseScore, type ScoreOutcome } from './runner/score-output';
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
  ScorerConfig,
  scorerFromConfig,
  UnreadableGradeError,
} from './runner/scorers';
export { type CommandTargetOptions, commandTarget, DEFAULT_KILL_GRACE_MS } from './runner/targets/command-target';
export { openAITarget } from './runner/targets/openai-target';
export { resolveTarget } from './runner/targets/resolve-target';
export { MAX_TIMER_DELAY_MS, systemTimers, type Timers } from './runner/timers';
export { TransientError, type TransientErrorOptions } from './runner/transient-error';
export type {
  Cell,
  CellRecord,
  CellStatus,
  CommandTargetConfig,
  Experiment,
  ExperimentItem,
  JudgeUsage,
  OpenAITargetConfig,
  RetryPolicy,
  RunProgress,
  RunStatus,
  RunStopReason,
  RunSummary,
  Scorer,
  ScorerContext,
  ScoreValue,
  StatusCounts,
  TargetContext,
  TargetDefinition,
  TargetFunction,
  TargetUsage,
  VariantCounts,
} from './runner/types';
// Schemas
export {
  type ExperimentFile,
  ExperimentFileSchema,
  ItemSchema,
  type JudgeScorerConfig,
  JudgeScorerSchema,
  type ScoreConfig,
  TargetSchema,
} from './schema/experiment';
export { InputError } from './schema/input-error';
export { RecordStatus, ResultRecord, type ResultRecordInput } from './schema/result-record';
// Store
export { configHash } from './store/config-hash';
export { MANIFEST_FILE, RunManifest, readManifest } from './store/manifest';
export { RESULTS_FILE, type RunContents, readRun } from './store/read-run';
export { RunStoreError } from './store/run-store-error';
// Package
export { VERSION } from './version';
