import {
  formatBounds,
  formatCount,
  formatDifference,
  formatPercent,
  formatPValue,
  formatSignificant,
} from '../../src/schema/format-number';
import type {
  Comparison,
  Distribution,
  Excluded,
  PairedComparison,
  Policy,
  Provenance,
  VariantSummary,
  VerdictKind,
} from '../../src/schema/verdict-document';
import { exclusionBreakdown, verdictLabel } from '../messages';
import { NONE, type TableCell, type TableModel, tableOf, words } from './table-model';

type Metric = Policy['metric'];

const verdictCell = (verdict: VerdictKind): TableCell => ({ kind: 'verdict', text: verdictLabel(verdict), verdict });

/** A pass rate as a percentage, a mean score to four significant digits. */
const rate = (value: number, metric: Metric): string =>
  metric === 'pass' ? formatPercent(value) : formatSignificant(value, 4);

/** The columns a comparison and a slice share: what was paired and what the test and the rule made of it. */
const PAIRED_COLUMNS = [
  { key: 'n', header: 'paired items', numeric: true },
  { key: 'difference', header: 'difference', numeric: true },
  { key: 'interval', header: 'interval', numeric: true },
  { key: 'p', header: 'p', numeric: true },
  { key: 'adjusted', header: 'adjusted p', numeric: true },
  { key: 'verdict', header: 'verdict' },
] as const;

const pairedCells = (paired: PairedComparison, adjustedPValue: number, verdict: VerdictKind, metric: Metric) => ({
  n: words(formatCount(paired.n)),
  difference: words(formatDifference(paired.difference.estimate, metric)),
  interval: words(formatBounds(paired.difference.lower, paired.difference.upper, metric)),
  p: words(formatPValue(paired.test.pValue)),
  adjusted: words(formatPValue(adjustedPValue)),
  verdict: verdictCell(verdict),
});

/** Every candidate against the baseline, with its p-value adjusted across candidates. */
export function comparisonsTable(comparisons: readonly Comparison[], metric: Metric): TableModel {
  return tableOf(
    [{ key: 'candidate', header: 'candidate' }, { key: 'baseline', header: 'baseline' }, ...PAIRED_COLUMNS],
    comparisons.map((c) => ({
      candidate: words(c.candidate.variant),
      baseline: words(c.baseline.variant),
      ...pairedCells(c.paired, c.adjustedPValue, c.verdict, metric),
    })),
  );
}

/**
 * The comparison per slice, with p-values adjusted over the slices of each field; every candidate's slices, with
 * a candidate column when there are several. The rates are over the slice's paired items (baseline → candidate).
 */
export function slicesTable(comparisons: readonly Comparison[], metric: Metric): TableModel {
  const several = comparisons.length > 1;
  const rows = comparisons.flatMap((c) =>
    c.slices.map((s) => ({
      ...(several ? { candidate: words(c.candidate.variant) } : {}),
      field: words(s.field),
      value: words(s.value),
      rates: words(`${rate(s.paired.baselineRate, metric)} → ${rate(s.paired.candidateRate, metric)}`),
      ...pairedCells(s.paired, s.adjustedPValue, s.verdict, metric),
    })),
  );
  return tableOf(
    [
      { key: 'candidate', header: 'candidate' },
      { key: 'field', header: 'field' },
      { key: 'value', header: 'value' },
      { key: 'rates', header: metric === 'pass' ? 'pass rate' : 'mean score', numeric: true },
      ...PAIRED_COLUMNS,
    ],
    rows,
  );
}

const median = (d: Distribution | null, format: (x: number) => string): TableCell =>
  d === null ? NONE : words(`${format(d.median)} (p90 ${format(d.p90)})`);

/**
 * Every variant in the inputs on its own (not paired, over all its ok rows): pass rate with its interval (Wilson's,
 * clustered by item when an item has several samples), errors, latency, cost and exclusions. Baseline first, then
 * the candidates.
 */
export function variantsTable(variants: readonly VariantSummary[], excluded: Excluded): TableModel {
  return tableOf(
    [
      { key: 'variant', header: 'variant' },
      { key: 'items', header: 'items', numeric: true },
      { key: 'outcomes', header: 'outcomes', numeric: true },
      { key: 'passes', header: 'passes', numeric: true },
      { key: 'rate', header: 'pass rate (all ok rows)', numeric: true },
      { key: 'interval', header: 'interval', numeric: true },
      { key: 'meanScore', header: 'mean score', numeric: true },
      { key: 'errors', header: 'errors', numeric: true },
      { key: 'timeouts', header: 'timeouts', numeric: true },
      { key: 'skipped', header: 'skipped', numeric: true },
      { key: 'latency', header: 'latency median', numeric: true },
      { key: 'cost', header: 'cost median', numeric: true },
      { key: 'excluded', header: 'excluded' },
    ],
    variants.map((v) => {
      const dropped = Object.hasOwn(excluded.byVariant, v.variant) ? excluded.byVariant[v.variant] : undefined;
      return {
        variant: words(v.variant),
        items: words(formatCount(v.items)),
        outcomes: words(formatCount(v.n)),
        passes: words(formatCount(v.passes)),
        rate: words(formatPercent(v.rate)),
        interval: words(
          `${formatPercent(v.interval.lower)} to ${formatPercent(v.interval.upper)}`,
          v.designEffect > 1 ? `(design effect ${v.designEffect.toFixed(2)})` : undefined,
        ),
        meanScore: v.meanScore === null ? NONE : words(formatSignificant(v.meanScore, 4)),
        errors: words(formatCount(v.errors)),
        timeouts: words(formatCount(v.timeouts)),
        skipped: words(formatCount(v.skipped)),
        latency: median(v.latencyMs, (x) => `${formatCount(Math.round(x))} ms`),
        cost: median(v.costUsd, (x) => `$${formatSignificant(x, 3)}`),
        excluded: words(dropped ? exclusionBreakdown(dropped) : 'none'),
      };
    }),
    'Each variant over all its ok rows (the paired comparison above is over the paired items only).',
  );
}

/** The input files the numbers came from, each with its SHA-256, size and rows. */
export function inputsTable(inputs: Provenance['inputs']): TableModel {
  return tableOf(
    [
      { key: 'path', header: 'input' },
      { key: 'sha256', header: 'sha256' },
      { key: 'bytes', header: 'bytes', numeric: true },
      { key: 'rows', header: 'rows', numeric: true },
    ],
    inputs.map((i) => ({
      path: { kind: 'id', text: i.path },
      sha256: { kind: 'hash', text: i.sha256 },
      bytes: words(formatCount(i.bytes)),
      rows: words(formatCount(i.rows)),
    })),
  );
}
