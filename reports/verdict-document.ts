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

export const VerdictKind = z.enum(['regressed', 'improved', 'no-change', 'equivalent', 'inconclusive']);
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

/** One variant's own numbers (not paired): every ok outcome it has. */
export const VariantSummary = z.object({
  variant: z.string(),
  /** Items with at least one ok outcome. */
  items: z.number().int().nonnegative(),
  /** Ok outcomes (samples) counted in `passes` / `rate`. */
  n: z.number().int().nonnegative(),
  passes: z.number().int().nonnegative(),
  rate: z.number().min(0).max(1),
  /** Wilson interval of `rate` (treats samples as independent; the paired analysis does not). */
  interval: Interval,
  /** Mean of `score` where the records have one. */
  meanScore: z.number().nullable(),
  errors: z.number().int().nonnegative(),
  timeouts: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  latencyMs: Distribution.nullable(),
  costUsd: Distribution.nullable(),
});
export type VariantSummary = z.infer<typeof VariantSummary>;

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
  /** Candidate minus baseline, with the interval the policy asked for. */
  difference: Interval,
  /** Standard error of the difference where one is defined (paired SE, Miller 2024). */
  standardError: z.number().nullable(),
  /** The test the decision used. */
  test: TestSummary,
  /** Further tests reported alongside (for example Wilcoxon next to the paired t). */
  otherTests: z.array(TestSummary),
  /** Conditional odds ratio n01/n10 (design `binary`; null otherwise). */
  oddsRatio: OpenInterval.nullable(),
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
});
export type FlipItem = z.infer<typeof FlipItem>;

/** Items whose outcome changed. Lists are capped (`limit`); the counts are always complete. */
export const Flips = z.object({
  nPassToFail: z.number().int().nonnegative(),
  nFailToPass: z.number().int().nonnegative(),
  passToFail: z.array(FlipItem),
  failToPass: z.array(FlipItem),
  limit: z.number().int().nonnegative(),
});
export type Flips = z.infer<typeof Flips>;

/** What this eval can detect, from the observed discordance. */
export const PowerSummary = z.object({
  method: z.string(),
  /** Paired items now. */
  n: z.number().int().nonnegative(),
  alpha: z.number(),
  targetPower: z.number(),
  /** Observed discordant-cell proportions (design `binary`), used as the planning values. */
  p10: z.number().nullable(),
  p01: z.number().nullable(),
  /** Smallest absolute difference detectable at `n` with `targetPower`; null when it cannot be computed. */
  minimumDetectableDifference: z.number().nullable(),
  /** The policy's margin and the paired items needed to detect a difference of that size (null: no margin). */
  margin: z.number(),
  nForMargin: z.number().int().nullable(),
  /** Power against the margin (or the MDE) as a function of n, for the power curve. */
  curve: z.array(z.object({ n: z.number().int().positive(), power: z.number().min(0).max(1) })),
});
export type PowerSummary = z.infer<typeof PowerSummary>;

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
  paired: PairedComparison,
  /** p-value of `paired.test` adjusted across candidates (equal to it with one candidate). */
  adjustedPValue: z.number().min(0).max(1),
  slices: z.array(Slice),
  power: PowerSummary,
  flips: Flips,
  passAtK: z.array(PassAtKPoint).nullable(),
});
export type Comparison = z.infer<typeof Comparison>;

export const Policy = z.object({
  metric: z.enum(['pass', 'score']),
  alpha: z.number().gt(0).lt(1),
  confidence: z.number().gt(0).lt(1),
  margin: z.number().nonnegative(),
  test: z.string(),
  interval: z.string(),
  correction: z.enum(['holm', 'hochberg', 'bh', 'by', 'bonferroni', 'none']),
  require: z.enum(['no-regression', 'non-inferiority']),
  targetPower: z.number().gt(0).lt(1),
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
 * comparisons: regressed, then inconclusive, then improved / no-change / equivalent); `comparisons`
 * holds every candidate against the baseline, the first included.
 */
export const VerdictDocument = z.object({
  schemaVersion: z.literal(1),
  verdict: VerdictKind,
  reason: z.string(),
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
  /** Every variant in the inputs, compared or not. */
  variants: z.array(VariantSummary),
  excluded: Excluded,
  policy: Policy,
  provenance: Provenance,
});
export type VerdictDocument = z.infer<typeof VerdictDocument>;
