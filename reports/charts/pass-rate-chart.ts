import type { TopLevelSpec } from 'vega-lite';
import type { VerdictDocument } from '../../src/schema/verdict-document';
import { CHART_WIDTH, roleColorScale, type VariantRole, VEGA_LITE_SCHEMA } from './chart-colors';

/** Each variant's role: the baseline, a compared candidate, or another variant in the inputs. */
function roleOf(doc: VerdictDocument, variant: string): VariantRole {
  if (variant === doc.baseline.variant) return 'baseline';
  return doc.comparisons.some((c) => c.candidate.variant === variant) ? 'candidate' : 'other';
}

/** Past this many variants the chart shows only the compared ones; the report's variants table lists every one. */
export const MAX_VARIANTS_CHARTED = 12;

/** The variants to chart: all of them, or the baseline and candidates when the inputs hold many more. */
function chartedVariants(doc: VerdictDocument): { variants: VerdictDocument['variants']; omitted: number } {
  if (doc.variants.length <= MAX_VARIANTS_CHARTED) return { variants: doc.variants, omitted: 0 };
  const variants = doc.variants.filter((v) => roleOf(doc, v.variant) !== 'other');
  return { variants, omitted: doc.variants.length - variants.length };
}

/**
 * Pass rate of every variant over all its ok rows (of the compared ones past {@link MAX_VARIANTS_CHARTED}) with its
 * interval (Wilson's; with several samples per item, at the effective sample size of samples clustered by item),
 * drawn from the precomputed bounds (`x`/`x2`), never
 * vega-lite's `extent: 'ci'` (a bootstrap of the mean). With `--metric score` it shows each variant's mean score,
 * which the document carries without an interval.
 * @example vegaEmbed('#chart', passRateChart(doc))
 */
export function passRateChart(doc: VerdictDocument): TopLevelSpec {
  const tooltip = [
    { field: 'variant', type: 'nominal', title: 'variant' },
    { field: 'role', type: 'nominal', title: 'role' },
  ] as const;
  const y = { field: 'variant', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } } as const;
  const color = { field: 'role', type: 'nominal', scale: roleColorScale(), title: 'role' } as const;
  const { variants, omitted } = chartedVariants(doc);
  const others = omitted > 0 ? `; ${omitted} other variants in the table` : '';
  if (doc.policy.metric === 'score') {
    const values = variants
      .filter((v) => v.meanScore !== null)
      .map((v) => ({ variant: v.variant, role: roleOf(doc, v.variant), meanScore: v.meanScore, n: v.n }));
    return {
      $schema: VEGA_LITE_SCHEMA,
      title:
        omitted > 0
          ? { text: 'Mean score by variant', subtitle: `compared variants${others}` }
          : 'Mean score by variant',
      width: CHART_WIDTH,
      data: { values },
      mark: { type: 'point', filled: true, size: 90 },
      encoding: {
        y,
        x: { field: 'meanScore', type: 'quantitative', title: 'mean score', scale: { zero: false, padding: 16 } },
        color,
        tooltip: [...tooltip, { field: 'meanScore', type: 'quantitative', format: '.4~f', title: 'mean score' }],
      },
    };
  }
  const values = variants.map((v) => ({
    variant: v.variant,
    role: roleOf(doc, v.variant),
    rate: v.rate,
    lower: v.interval.lower,
    upper: v.interval.upper,
    passes: v.passes,
    n: v.n,
    designEffect: v.designEffect,
  }));
  const level = Math.round((doc.variants[0]?.interval.confidence ?? doc.policy.confidence) * 100);
  const clustered = variants.some((v) => v.designEffect > 1);
  const kind = clustered ? 'Wilson intervals, samples clustered by item' : 'Wilson intervals';
  const x = { type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Pass rate by variant (all ok rows)', subtitle: `with ${level}% ${kind}${others}` },
    width: CHART_WIDTH,
    data: { values },
    encoding: { y },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: { x: { ...x, field: 'lower', title: 'pass rate' }, x2: { field: 'upper' }, color },
      },
      {
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          x: { ...x, field: 'rate' },
          color,
          tooltip: [
            ...tooltip,
            { field: 'rate', type: 'quantitative', format: '.1%', title: 'pass rate' },
            { field: 'lower', type: 'quantitative', format: '.1%', title: 'lower' },
            { field: 'upper', type: 'quantitative', format: '.1%', title: 'upper' },
            { field: 'passes', type: 'quantitative', title: 'passes' },
            { field: 'n', type: 'quantitative', title: 'outcomes' },
            { field: 'designEffect', type: 'quantitative', format: '.2f', title: 'design effect' },
          ],
        },
      },
    ],
  };
}
