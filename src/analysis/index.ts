// src/analysis: load results into arquero tables, pair by item, compare, decide -> the Verdict document.

// Loading

export { detectFormat, type ResultsFormat } from './detect-format';
export { type LoadResultsOptions, loadResults } from './load-results';
export {
  buildResultsTable,
  type LoadedResults,
  type RecordSource,
  type ResultsFromRecordsOptions,
  type ResultsInput,
  type RunInput,
  resultsFromRecords,
} from './results-table';

// Verbs on result tables (each takes arquero tables and returns a new one or plain data)

export {
  DEFAULT_FLIP_LIMIT,
  type FindFlipsOptions,
  findFlips,
  MAX_ITEM_TEXT_LENGTH,
  MAX_OUTPUT_LENGTH,
} from './find-flips';
export { type LatestCells, latestCells } from './latest-cells';
export { observedPairedTable } from './observed-paired-table';
export { type PairOptions, pairByItem, pairedOnly } from './pair-by-item';
export { type FullPairedTable, pairedTable } from './paired-table';
export { type SliceGroup, sliceBy } from './slice-by';
export { type ResultsSummary, type SummariseResultsOptions, summariseResults } from './summarise-results';
export { type SummariseVariantsOptions, summariseVariants } from './summarise-variants';

// Paired analyses

export { analysePairs, perItemValues } from './analyse-pairs';
export { binaryComparison, clusteredBinaryComparison } from './binary-comparison';
export { distributionOf } from './distribution';
export { type MeansComparisonOptions, meansComparison } from './means-comparison';
export { type BootstrapOptions, bootstrapMeanInterval } from './paired-bootstrap';
export { type PassAtKCurveOptions, passAtKCurve } from './pass-at-k-curve';
export {
  binaryPowerSummary,
  EXACT_PLANNING_MAX_N,
  EXACT_POWER_MAX_N,
  meansPowerSummary,
  POWER_CURVE_POINTS,
} from './power-summary';

// The decision

export { type AdjustedFamily, type AdjustFamilyOptions, adjustFamily } from './adjust-family';
export { checkFields } from './check-fields';
export { type CompareOptions, compare } from './compare';
export {
  type CompareVariantsOptions,
  compareVariants,
  powerSummary,
  usesMargin,
  type VariantComparison,
  withLevel,
} from './compare-variants';
export {
  decideVerdict,
  VERDICT_REASONS,
  type VerdictEvidence,
  type VerdictReason,
  worstVerdictIndex,
} from './decide-verdict';
export { dualDifferenceInterval } from './dual-difference-interval';
export { GATE_EXIT_CODES, gateFor } from './gate';
export { type MissingDataOptions, missingData, type PlannedCells } from './missing-data';
export type { PairedAnalysis } from './paired-analysis';
export {
  CORRECTIONS,
  DEFAULT_ALPHA,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  DEFAULT_DETECTABLE_EFFECT,
  DEFAULT_MARGIN,
  DEFAULT_MAX_MISSING,
  DEFAULT_MISSING_ALPHA,
  DEFAULT_TARGET_POWER,
  ERROR_TREATMENTS,
  INTERVALS,
  METRICS,
  PASS_TESTS,
  type PolicyOptions,
  REQUIREMENTS,
  resolvePolicy,
  SCORE_TESTS,
} from './policy';
export { signedRankShiftInterval } from './signed-rank-shift-interval';
