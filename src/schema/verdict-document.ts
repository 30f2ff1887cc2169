/**
 * The Verdict document: the output of analysis (src/analysis) and the only input of every renderer
 * in reports/. Plain JSON: no class instances, Maps or Dates. The zod schema is the single source of
 * its type (`z.infer`) and of its JSON Schema (`z.toJSONSchema(VerdictDocument)`).
 *
 * It lives in reports/ (not src/schema) because reports/ must never import src/: the renderers own
 * their input contract, and src/schema re-exports it.
 *
 * Orientation: the baseline is A, the candidate B; every difference is candidate minus baseline, so a
 * negative difference is a regression. Probabilities are in [0, 1], never percent.
 */
import { z } from 'zod';
import {
  ANALYSES,
  CORRECTIONS,
  ERROR_TREATMENTS,
  INTERVALS,
  METRICS,
  PASS_TESTS,
  REQUIREMENTS,
  SCORE_TESTS,
} from './policy-choices';

/**
 * JSON has no Infinity or NaN. Where a statistic can be unbounded (an odds ratio with no candidate-worse pairs),
 * it is written as the string 'Infinity' or '-Infinity'; where it is undefined (an odds ratio with no discordant
 * pairs at all), as null. A report therefore never shows "NaN".
 */
export const JsonNumber = z.union([z.number(), z.enum(['Infinity', '-Infinity']), z.null()]);
export type JsonNumber = z.infer<typeof JsonNumber>;

/** A two-sided interval and the method that produced it. */
export const Interval = z.object({
  estimate: z.number(),
  lower: z.number(),
  upper: z.number(),
  confidence: z.number().gt(0).lt(1),
  method: z.string(),
  /**
   * How the interval was made to agree with the test it is shown beside (docs/decision.md): `widened` to reach 0
   * because the test does not reject, or `cut` at 0 because it does. Absent when the method needed neither.
   */
  adjustedToTest: z.enum(['widened', 'cut']).optional(),
});
export type Interval = z.infer<typeof Interval>;

/** An interval whose bounds may be unbounded, and whose estimate may be undefined (null): the conditional odds ratio. */
export const OpenInterval = z.object({
  estimate: JsonNumber,
  lower: JsonNumber,
  upper: JsonNumber,
  confidence: z.number().gt(0).lt(1),
  method: z.string(),
});
export type OpenInterval = z.infer<typeof OpenInterval>;

/** A hypothesis test's result. `method` names the test (`exact`, `mid-p`, `asymptotic`, `paired-t`, ...). */
export const TestSummary = z.object({
  method: z.string(),
  pValue: z.number().min(0).max(1),
  statistic: z.number().optional(),
  df: z.number().optional(),
});
export type TestSummary = z.infer<typeof TestSummary>;

/**
 * What the gate concludes (docs/decision.md has the rule as one table):
 * - `regressed`: a significant drop (at least the margin); `improved`: a significant gain (at least the margin);
 * - `equivalent`: the whole interval lies within the margin; `non-inferior`: (non-inferiority) the lower bound
 *   clears -margin, with no gain or equivalence shown;
 * - `below-margin`: a significant difference smaller than the margin, whose interval is not within the margin;
 * - `no-significant-difference`: no significant difference, and the eval could have detected the reference
 *   effect (the margin, or `policy.detectableEffect`) with the target power;
 * - `underpowered`: no significant difference, but the eval could not have detected the reference effect;
 * - `inconclusive`: (non-inferiority) the interval reaches below -margin;
 * - `incomplete`: the data are not what was planned (unfinished run, too many missing cells, or the candidate
 *   misses more items than the baseline): nothing is decided until the missing results are there.
 */
export const VerdictKind = z.enum([
  'regressed',
  'improved',
  'equivalent',
  'non-inferior',
  'below-margin',
  'no-significant-difference',
  'underpowered',
  'inconclusive',
  'incomplete',
]);
export type VerdictKind = z.infer<typeof VerdictKind>;

/** Five-number summary (and mean) of a per-record measure such as latency or cost. */
export const Distribution = z.object({
  n: z.number().int().nonnegative(),
  mean: z.number(),
  min: z.number(),
  q1: z.number(),
  median: z.number(),
  q3: z.number(),
  p90: z.number(),
  max: z.number(),
  total: z.number(),
});
export type Distribution = z.infer<typeof Distribution>;

/** Counts of rows left out of the paired analysis, by reason. Nothing is dropped silently. */
export const ExclusionCounts = z.object({
  error: z.number().int().nonnegative(),
  timeout: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  /** Rows whose item has no ok outcome in the other variant of a comparison. */
  unpaired: z.number().int().nonnegative(),
  /** Earlier rows of a cell (item, variant, sample) that a later row replaced (last one wins, as on resume). */
  duplicate: z.number().int().nonnegative(),
});
export type ExclusionCounts = z.infer<typeof ExclusionCounts>;

export const Excluded = z.object({
  total: z.number().int().nonnegative(),
  byReason: ExclusionCounts,
  byVariant: z.record(z.string(), ExclusionCounts),
});
export type Excluded = z.infer<typeof Excluded>;

/** One variant's own numbers over all its rows (not only the paired items): every ok outcome it has. */
export const VariantSummary = z.object({
  variant: z.string(),
  /** Items with at least one ok outcome. */
  items: z.number().int().nonnegative(),
  /** Ok outcomes (samples) counted in `passes` / `rate`. */
  n: z.number().int().nonnegative(),
  passes: z.number().int().nonnegative(),
  rate: z.number().min(0).max(1),
  /**
   * Interval of `rate`: Wilson's with one sample per item; with several samples per item, Wilson's at the
   * effective sample size n / designEffect, so samples of one item are never counted as independent
   * (method `wilson-clustered`).
   */
  interval: Interval,
  /** Variance of `rate` with samples clustered by item over its variance if they were independent (1: one sample per item). */
  designEffect: z.number().nonnegative(),
  /** Mean of `score` where the records have one. */
  meanScore: z.number().nullable(),
  errors: z.number().int().nonnegative(),
  timeouts: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  latencyMs: Distribution.nullable(),
  costUsd: Distribution.nullable(),
  /**
   * Cells the output cache served (`cached: true` records): calls this variant's run did not make; `judgeCalls`,
   * the answers of a model-graded scorer's judge it served (records with `judge.cached`; absent when none); and
   * what both cost when first computed (the records' `originalCostUsd` and `judge.originalCostUsd`). Absent when
   * the cache served nothing for this variant.
   */
  cached: z
    .object({
      cells: z.number().int().nonnegative(),
      judgeCalls: z.number().int().positive().optional(),
      costSavedUsd: z.number().nonnegative(),
    })
    .optional(),
});
export type VariantSummary = z.infer<typeof VariantSummary>;

/** One one-sided sequential test as the document records it: its anytime-valid p-value and when it rejected. */
export const SequentialTestSummary = z.object({
  /** min(1, 2 / the largest e-value so far) (order `none`: 2 / the e-value at the last pair). */
  pValue: z.number().min(0).max(1),
  /** The pair at which the p-value first fell to the level or below; null if it never did. */
  rejectedAt: z.number().int().positive().nullable(),
});
export type SequentialTestSummary = z.infer<typeof SequentialTestSummary>;

/**
 * The anytime-valid analysis of a comparison (`verdict compare --sequential`): the betting confidence sequence
 * and e-value tests of stats/paired-sequential-test.ts, fed the pairs in the order they completed.
 */
export const SequentialEvidence = z.object({
  /**
   * `betting-mixture` (one sample per item) or `betting-mixture-eb` (per-item pass rates in [0, 1]); for a run that
   * stopped on a design, `design-likelihood-ratio` (with `-final-look` where the run reached its planned end).
   */
  method: z.string(),
  /**
   * How the pairs were ordered: `finishedAt`, by the time the later cell of each pair finished (the records'
   * `finishedAt`, ties by position in the inputs); `none`, the records carry no such time, so only the e-values at
   * the last pair are used (valid at a fixed n whatever the order; no running maximum).
   */
  order: z.enum(['finishedAt', 'none']),
  /** Level of the tests and of the confidence sequence (the family's adjusted level). */
  alpha: z.number().gt(0).lt(1),
  /** Pairs fed to the sequence. */
  pairs: z.number().int().nonnegative(),
  /**
   * The first finding of the tests along the path (stats `pairedSequenceDecision`): what a run stopped at the first
   * finding would have stopped on, and at which pair; null when none was reached.
   */
  finding: z.enum(['worse', 'better', 'equivalent', 'within-margin', 'non-inferior']).nullable(),
  decidedAt: z.number().int().positive().nullable(),
  /** The one-sided tests (with margin 0 the margin tests are `drop` and `gain`). */
  tests: z.object({
    drop: SequentialTestSummary,
    gain: SequentialTestSummary,
    nonInferiority: SequentialTestSummary,
    nonSuperiority: SequentialTestSummary,
  }),
  /**
   * The confidence sequence at the last pair. `difference` is the running intersection of the sequence over every
   * pair (dual to the tests' running maxima, so it and `test` never disagree); order `none`: the same interval.
   */
  lastInterval: Interval,
  /** The fixed-n analysis of the same pairs, for reference: its test and its dual interval. */
  fixedN: z.object({ test: TestSummary, difference: Interval }),
});
export type SequentialEvidence = z.infer<typeof SequentialEvidence>;

/**
 * The paired comparison of candidate against baseline on the items both have.
 * `design` says which analysis ran:
 * - `binary`: one sample per item: the 2x2 table, McNemar, the difference interval, the odds ratio;
 * - `binary-samples`: several samples per item: per-item mean pass rates, paired SE, bootstrap interval;
 * - `score`: continuous scores: paired t, Wilcoxon signed-rank, bootstrap interval.
 */
export const PairedComparison = z.object({
  design: z.enum(['binary', 'binary-samples', 'score']),
  /** Paired items. */
  n: z.number().int().nonnegative(),
  /** The 2x2 cells (design `binary`; absent otherwise). */
  n11: z.number().int().nonnegative().optional(),
  n10: z.number().int().nonnegative().optional(),
  n01: z.number().int().nonnegative().optional(),
  n00: z.number().int().nonnegative().optional(),
  baselineRate: z.number(),
  candidateRate: z.number(),
  /**
   * Candidate minus baseline, with the interval dual to `test` (it excludes 0 exactly when the test rejects at
   * the interval's level), at the family's adjusted level when several candidates or slices are compared.
   */
  difference: Interval,
  /** Standard error of the difference where one is defined (paired SE, Miller 2024; clustered with a cluster field). */
  standardError: z.number().nullable(),
  /** The test the decision used. */
  test: TestSummary,
  /** Further tests reported alongside (for example Wilcoxon next to the paired t). */
  otherTests: z.array(TestSummary),
  /** Further intervals reported alongside (the bootstrap, or an interval asked for with --interval); they do not decide. */
  otherIntervals: z.array(Interval),
  /** With a cluster field: how many clusters and how much clustering widens the difference's variance. */
  clustering: z
    .object({
      field: z.string(),
      clusters: z.number().int().nonnegative(),
      /** Variance of the difference with clustering over its variance treating items as independent. */
      designEffect: z.number().nonnegative().nullable(),
      method: z.string(),
    })
    .nullable(),
  /** Conditional odds ratio n01/n10 (design `binary`; null otherwise). */
  oddsRatio: OpenInterval.nullable(),
  /**
   * With `policy.analysis` `sequential`: the anytime-valid analysis that `difference` and `test` show
   * (docs/decision.md, "Sequential analysis"); absent in a fixed-n analysis.
   */
  sequential: SequentialEvidence.optional(),
});
export type PairedComparison = z.infer<typeof PairedComparison>;

/** The same comparison restricted to one value of a slicing field (`--by tags.category`). */
export const Slice = z.object({
  field: z.string(),
  value: z.string(),
  paired: PairedComparison,
  /** The slice's p-value adjusted over all slices of the field with the policy's correction. */
  adjustedPValue: z.number().min(0).max(1),
  verdict: VerdictKind,
});
export type Slice = z.infer<typeof Slice>;

export const FlipItem = z.object({
  item: z.union([z.string(), z.number()]),
  tags: z.record(z.string(), z.string()).optional(),
  baselineOutput: z.string().optional(),
  candidateOutput: z.string().optional(),
  baselineScore: z.number().optional(),
  candidateScore: z.number().optional(),
  /** The item's input and expected answer as text (JSON for other values), for a reviewer. */
  input: z.string().optional(),
  expected: z.string().optional(),
  /** Where an item too large to copy into each record is (its file) and which it is (SHA-256). */
  itemRef: z.object({ file: z.string().optional(), sha256: z.string() }).optional(),
  /** Each scorer's reason for its score. */
  baselineReason: z.string().optional(),
  candidateReason: z.string().optional(),
});
export type FlipItem = z.infer<typeof FlipItem>;

/** Items whose outcome changed. Lists are capped (`limit`); the counts are always complete. */
export const Flips = z.object({
  nPassToFail: z.number().int().nonnegative(),
  nFailToPass: z.number().int().nonnegative(),
  passToFail: z.array(FlipItem),
  failToPass: z.array(FlipItem),
  /** Items listed per direction at most; null: every one is listed. */
  limit: z.number().int().nonnegative().nullable(),
});
export type Flips = z.infer<typeof Flips>;

/** What this eval can detect, from the observed discordance (or spread of the per-item differences). */
export const PowerSummary = z.object({
  /** `exact` (exact power of the test in use), `connor` (normal approximation) or `t` (per-item means). */
  method: z.string(),
  /** The test whose power this is. */
  test: z.string(),
  /** Paired items now. */
  n: z.number().int().nonnegative(),
  alpha: z.number(),
  targetPower: z.number(),
  /** Observed discordant-cell proportions (design `binary`), used as the planning values. */
  p10: z.number().nullable(),
  p01: z.number().nullable(),
  /** Variance inflation from clustering used in the power (1 without clustering). */
  designEffect: z.number().nonnegative(),
  /** With clustering, the number of clusters (too few make a clustered test unable to reject); null otherwise. */
  clusters: z.number().int().nonnegative().nullable(),
  /**
   * Smallest absolute difference detectable at `n` with `targetPower`. Null when no difference up to
   * `maxDifference` is (then `detectableAtAll` is false).
   */
  minimumDetectableDifference: z.number().nullable(),
  /** The largest difference the outcome allows (1 for pass rates; the observed score range otherwise). */
  maxDifference: z.number().nullable(),
  detectableAtAll: z.boolean(),
  /** The policy's margin (0: none). */
  margin: z.number(),
  /**
   * The effect the verdict checks the eval could detect: the margin when above 0, else the policy's
   * `detectableEffect`; null when there is neither (scores with no margin and no --detect).
   */
  effect: z.number().nullable(),
  /** Power of the test in use against `effect` at `n`. */
  powerAtEffect: z.number().min(0).max(1).nullable(),
  /** Paired items needed to detect `effect` with `targetPower`. */
  nForEffect: z.number().int().nullable(),
  /**
   * What `nForEffect` is: an `estimate` from the observed data; `at-least` when no discordant pairs were
   * observed (planned at the smallest discordance a difference of `effect` allows, p10 + p01 = effect, which
   * needs the fewest items); `at-most` when the per-item differences did not vary (planned at the largest
   * spread the outcome allows).
   */
  nForEffectBound: z.enum(['estimate', 'at-least', 'at-most']),
  /** Power against `effect` (or the MDE) as a function of n, for the power curve. */
  curve: z.array(z.object({ n: z.number().int().positive(), power: z.number().min(0).max(1) })),
});
export type PowerSummary = z.infer<typeof PowerSummary>;

/** One compared variant's cells against the plan. */
export const VariantMissing = z.object({
  variant: z.string(),
  /** Planned cells: planned items x samples per item. */
  planned: z.number().int().nonnegative(),
  /** Cells with an ok outcome. */
  ok: z.number().int().nonnegative(),
  error: z.number().int().nonnegative(),
  timeout: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  /** Planned cells with no row at all (never run, or not stored). */
  absent: z.number().int().nonnegative(),
  /** (planned - ok) / planned. */
  share: z.number().min(0).max(1),
});
export type VariantMissing = z.infer<typeof VariantMissing>;

/**
 * Missing data as evidence (docs/decision.md, "Missing results"): every planned cell of both variants is
 * accounted for, and two checks stop the gate from passing on data it did not see.
 */
export const MissingData = z.object({
  /** Planned items of the comparison, and where the plan comes from (a run's manifest, or the items in the inputs). */
  plannedItems: z.number().int().nonnegative(),
  /** The most cells planned for one item (items run more often than others plan only themselves). */
  samplesPerItem: z.number().int().positive(),
  planSource: z.enum(['manifest', 'inputs']),
  /**
   * Items only other variants hold, not planned for these two: each of those variants' inputs lists its own plan
   * (an inspect_ai log's sample ids) and names neither (a log of another model or task in the same folder). Absent
   * when there are none.
   */
  notPlanned: z.object({ items: z.number().int().positive(), from: z.array(z.string()).min(1) }).optional(),
  byVariant: z.array(VariantMissing),
  /** The policy's limit on a variant's missing share. */
  maxMissing: z.number().min(0).max(1),
  /** Variants whose share exceeds the limit. */
  overLimit: z.array(z.string()),
  /**
   * Differential missingness (the eval's sample-ratio-mismatch check): on the planned items, does the candidate
   * miss items the baseline has more often than the reverse? One-sided exact binomial test on the items complete
   * in one variant only.
   */
  differential: z.object({
    /** Items complete for the baseline only. */
    candidateOnlyMissing: z.number().int().nonnegative(),
    /** Items complete for the candidate only. */
    baselineOnlyMissing: z.number().int().nonnegative(),
    pValue: z.number().min(0).max(1),
    alpha: z.number().gt(0).lt(1),
    flagged: z.boolean(),
  }),
});
export type MissingData = z.infer<typeof MissingData>;

/** The same comparison with the other treatment of non-ok cells (docs/decision.md, "Sensitivity"). */
export const Sensitivity = z.object({
  /** How non-ok and absent cells are treated in this analysis. */
  errors: z.enum(ERROR_TREATMENTS),
  paired: PairedComparison,
  verdict: VerdictKind,
});
export type Sensitivity = z.infer<typeof Sensitivity>;

/** Why a comparison is `incomplete`, and what to do about it. */
export const IncompleteReason = z.object({
  kind: z.enum(['run-unfinished', 'missing-share', 'differential-missingness', 'missing-could-hide-regression']),
  message: z.string(),
  /** The command or option that would fix it. */
  fix: z.string(),
});
export type IncompleteReason = z.infer<typeof IncompleteReason>;

/** A run among the inputs (a verdict run directory, or another tool's file that records its plan), and how far it got. */
export const RunState = z.object({
  path: z.string(),
  status: z.string(),
  /** Cells of the plan stored in results.jsonl, and the plan's cells. */
  stored: z.number().int().nonnegative(),
  planned: z.number().int().nonnegative(),
  complete: z.boolean(),
  /** What the tool that wrote the input says of how far it got (other tools' formats). */
  detail: z.string().optional(),
});
export type RunState = z.infer<typeof RunState>;

/** pass@k and pass^k for k = 1..samples, with bootstrap intervals over items. */
export const PassAtKPoint = z.object({
  variant: z.string(),
  k: z.number().int().positive(),
  passAtK: z.number().min(0).max(1),
  passAtKLower: z.number().min(0).max(1),
  passAtKUpper: z.number().min(0).max(1),
  passHatK: z.number().min(0).max(1),
  passHatKLower: z.number().min(0).max(1),
  passHatKUpper: z.number().min(0).max(1),
});
export type PassAtKPoint = z.infer<typeof PassAtKPoint>;

/** One candidate against the baseline. */
export const Comparison = z.object({
  baseline: VariantSummary,
  candidate: VariantSummary,
  verdict: VerdictKind,
  /** Machine-readable reason for the verdict (see docs/decision.md); reports/messages turns it into words. */
  reason: z.string(),
  /** With verdict `incomplete`, what is missing and how to fix it (empty otherwise). */
  incomplete: z.array(IncompleteReason),
  paired: PairedComparison,
  /** p-value of `paired.test` adjusted across candidates (equal to it with one candidate). */
  adjustedPValue: z.number().min(0).max(1),
  missing: MissingData,
  /** The analysis with the other treatment of non-ok cells, shown beside the primary one. */
  sensitivity: Sensitivity.nullable(),
  slices: z.array(Slice),
  power: PowerSummary,
  flips: Flips,
  passAtK: z.array(PassAtKPoint).nullable(),
});
export type Comparison = z.infer<typeof Comparison>;

export const Policy = z.object({
  /**
   * Which analysis the document holds: `fixed-n` (the default: the tests and intervals of docs/decision.md at the
   * number of pairs there are) or `sequential` (anytime-valid: valid however often the results were looked at and
   * whenever the run was stopped; `paired.sequential` has the details).
   */
  analysis: z.enum(ANALYSES).default('fixed-n'),
  metric: z.enum(METRICS),
  alpha: z.number().gt(0).lt(1),
  /** Level of the descriptive intervals (pass rates, pass@k). The difference's interval is at 1 - alpha, adjusted. */
  confidence: z.number().gt(0).lt(1),
  /** A proportion for `pass` (0.02 is 2 points), score units for `score`. */
  margin: z.number().nonnegative(),
  test: z.enum([...PASS_TESTS, ...SCORE_TESTS]),
  /** A further interval of the difference to show beside the one dual to the test (null: none). */
  interval: z.enum(INTERVALS).nullable(),
  correction: z.enum(CORRECTIONS),
  require: z.enum(REQUIREMENTS),
  targetPower: z.number().gt(0).lt(1),
  /** With margin 0, the difference the eval must be able to detect, else it is `underpowered` (null: no check). */
  detectableEffect: z.number().positive().nullable(),
  /** Largest share of a variant's planned cells that may be missing before the comparison is `incomplete`. */
  maxMissing: z.number().min(0).max(1),
  /** Level of the differential-missingness check. */
  missingAlpha: z.number().gt(0).lt(1),
  /** Primary treatment of non-ok and absent cells: left out (`exclude`) or counted as failures (`count-as-fail`). */
  errors: z.enum(['exclude', 'count-as-fail']),
  /** Judge unfinished runs on what they stored instead of calling them incomplete. */
  allowIncomplete: z.boolean(),
  bootstrapResamples: z.number().int().nonnegative(),
  seed: z.number().int(),
  by: z.array(z.string()),
  cluster: z.string().nullable(),
});
export type Policy = z.infer<typeof Policy>;

export const Provenance = z.object({
  inputs: z.array(
    z.object({ path: z.string(), sha256: z.string(), bytes: z.number().int().nonnegative(), rows: z.number().int() }),
  ),
  command: z.string().nullable(),
  tool: z.object({ name: z.string(), version: z.string() }),
  node: z.string().nullable(),
  createdAt: z.string(),
});
export type Provenance = z.infer<typeof Provenance>;

/**
 * The whole document. The top-level `baseline`, `candidate`, `paired`, `slices`, `power`, `flips` and
 * `passAtK` are those of the first comparison; `verdict` is the overall one (the worst over all
 * comparisons, by severity: regressed, incomplete, inconclusive, underpowered, ...); `comparisons`
 * holds every candidate against the baseline, the first included.
 */
/** Whether the CI gate passes, and the CLI's exit code (one source for the exit code, JUnit and every headline). */
export const Gate = z.object({
  passed: z.boolean(),
  /** 0 passed, 1 regression, 3 inconclusive under non-inferiority, 4 incomplete. */
  exitCode: z.union([z.literal(0), z.literal(1), z.literal(3), z.literal(4)]),
});
export type Gate = z.infer<typeof Gate>;

export const VerdictDocument = z.object({
  schemaVersion: z.literal(2),
  verdict: VerdictKind,
  reason: z.string(),
  gate: Gate,
  /** True when the data come from verdict's built-in simulated demo models. */
  simulated: z.boolean(),
  baseline: VariantSummary,
  candidate: VariantSummary,
  paired: PairedComparison,
  slices: z.array(Slice),
  power: PowerSummary,
  flips: Flips,
  passAtK: z.array(PassAtKPoint).nullable(),
  comparisons: z.array(Comparison).min(1),
  /** Every variant in the inputs, compared or not: the baseline, then the candidates in the order given, then the rest. */
  variants: z.array(VariantSummary),
  excluded: Excluded,
  /** Run directories among the inputs and how far each got. */
  runs: z.array(RunState),
  policy: Policy,
  provenance: Provenance,
});
export type VerdictDocument = z.infer<typeof VerdictDocument>;
