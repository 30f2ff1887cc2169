// verdict/stats: pure statistics. No I/O, no Node built-ins; runs in a browser or notebook.

// Multiple comparisons
export { ADJUST_P_VALUES_METHODS, type AdjustPValuesMethod, adjustPValues } from './adjust-p-values';
// Standard errors (Miller 2024)
export {
  type ClusteredProportionInterval,
  type ClusteredProportionIntervalOptions,
  clusteredProportionInterval,
} from './clustered-proportion-interval';
export { clusteredStandardError } from './clustered-standard-error';
// Distributions
export { beta } from './distributions/beta';
export { binomial } from './distributions/binomial';
export { chiSquared } from './distributions/chi-squared';
export { normal } from './distributions/normal';
export { studentT } from './distributions/student-t';
// Numerical tools
export { type FindRootOptions, findRoot } from './find-root';
export { logBeta, logGamma } from './log-gamma-and-beta';
// Power and sample size
export { type McNemarDetectableDifferenceOptions, mcnemarDetectableDifference } from './mcnemar-detectable-difference';
export {
  MCNEMAR_POWER_METHODS,
  type McNemarPowerMethod,
  type McNemarPowerOptions,
  mcnemarPower,
} from './mcnemar-power';
export {
  MCNEMAR_EXACT_MAX_N,
  type McNemarSampleSize,
  type McNemarSampleSizeOptions,
  mcnemarSampleSize,
} from './mcnemar-sample-size';
// pass@k
export { meanPassAtK, type PassAtKProblem } from './mean-pass-at-k';
export { meanStandardError } from './mean-standard-error';
export { pairedStandardError } from './paired-standard-error';
// Continuous paired scores
export { type PairedTTestOptions, type PairedTTestResult, pairedTTest } from './paired-t-test';
export { passAtK } from './pass-at-k';
export { passHatK } from './pass-hat-k';
export { type RandomSource, seededRandom } from './seeded-random';
export { type SignTestResult, signTest } from './sign-test';
export {
  type TwoProportionPowerMethod,
  type TwoProportionPowerOptions,
  twoProportionPower,
} from './two-proportion-power';
export {
  type TwoProportionSampleSize,
  type TwoProportionSampleSizeOptions,
  twoProportionSampleSize,
} from './two-proportion-sample-size';
// Types
export type { ClusterTable, IntervalResult, PairedTable, TwoProportionCounts } from './types';
export {
  type WilcoxonSignedRankOptions,
  type WilcoxonSignedRankResult,
  wilcoxonSignedRank,
} from './wilcoxon-signed-rank';

// Clustered matched pairs (several items per cluster)

export { clusteredDesignEffect } from './clustered-design-effect';
export {
  type ClusteredMcNemarDetectableDifferenceOptions,
  clusteredMcNemarDetectableDifference,
} from './clustered-mcnemar-detectable-difference';
export { type ClusteredMcNemarPowerOptions, clusteredMcNemarPower } from './clustered-mcnemar-power';
export {
  type ClusteredMcNemarSampleSize,
  type ClusteredMcNemarSampleSizeOptions,
  clusteredMcNemarSampleSize,
} from './clustered-mcnemar-sample-size';
export {
  CLUSTERED_MCNEMAR_TEST_METHODS,
  type ClusteredMcNemarTestMethod,
  type ClusteredMcNemarTestOptions,
  type ClusteredMcNemarTestResult,
  clusteredMcNemarTest,
} from './clustered-mcnemar-test';
export {
  type ClusteredPairedDifferenceMethod,
  type ClusteredPairedDifferenceOptions,
  type ClusteredPairedDifferenceResult,
  clusteredPairedDifference,
} from './clustered-paired-difference';
export { type BinaryOutcome, type ClusterPairedTable, pairedTablesByCluster } from './paired-tables-by-cluster';

// Binary outcomes: one proportion, paired, two independent proportions

export { type FisherExactOptions, type FisherExactResult, fisherExact } from './fisher-exact';
export {
  MCNEMAR_TEST_METHODS,
  type McNemarTestMethod,
  type McNemarTestOptions,
  type McNemarTestResult,
  mcnemarTest,
} from './mcnemar-test';
export {
  PAIRED_DIFFERENCE_METHODS,
  type PairedDifferenceMethod,
  type PairedDifferenceOptions,
  pairedDifference,
} from './paired-difference';
export {
  type PairedOddsRatioMethod,
  type PairedOddsRatioOptions,
  pairedOddsRatio,
} from './paired-odds-ratio';
export {
  type ProportionIntervalMethod,
  type ProportionIntervalOptions,
  proportionInterval,
} from './proportion-interval';
export {
  type TwoProportionDifferenceMethod,
  type TwoProportionDifferenceOptions,
  twoProportionDifference,
} from './two-proportion-difference';
export {
  type TwoProportionTestOptions,
  type TwoProportionTestResult,
  twoProportionTest,
} from './two-proportion-test';

// Sequential (anytime-valid) paired comparison: betting e-values and confidence sequences

export {
  type CalibratedDesignPlan,
  type CalibratedDesignPlanOptions,
  calibratedCrosses,
  calibratedDesignPlan,
} from './calibrated-design-plan';
export { designLogLikelihoodRatio, type PairedSequenceDesign } from './design-likelihood-ratio';
export { type PairedConfidenceSequence, pairedConfidenceSequence } from './paired-confidence-sequence';
export {
  PAIRED_SEQUENCE_FINDINGS,
  type PairedSequenceDecision,
  type PairedSequenceFinding,
  pairedSequenceDecision,
} from './paired-sequence-decision';
export { pairedSequenceFinalLook } from './paired-sequence-final-look';
export type {
  PairedSequenceMethod,
  PairedSequenceOptions,
  PairedSequenceOutcome,
  PairedSequenceState,
  PairedSequenceTests,
  PairedSequenceTruncation,
  SequentialAlternative,
  SequentialTest,
} from './paired-sequence-types';
export { type PairedSequentialTestResult, pairedSequentialTest } from './paired-sequential-test';
export { startPairedSequence } from './start-paired-sequence';
export {
  type TruncatedDesignPlan,
  type TruncatedDesignPlanOptions,
  type TruncatedDesignTable,
  truncatedDesignPlan,
  truncatedDesignPValue,
  truncatedDesignTable,
} from './truncated-design-look';
export { updatePairedSequence } from './update-paired-sequence';
