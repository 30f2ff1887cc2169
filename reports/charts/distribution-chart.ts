import type { TopLevelSpec } from 'vega-lite';
import type { Distribution, VariantSummary } from '../../src/schema/verdict-document';
import { CHART_WIDTH, VEGA_LITE_SCHEMA } from './chart-colors';

/** What a distribution chart shows: which measure of each variant, and how its axis reads. */
export interface DistributionChartOptions {
  /** The measure, a nullable `Distribution` field of `VariantSummary`. */
  readonly measure: 'latencyMs' | 'costUsd';
  readonly title: string;
  readonly axisTitle: string;
  /** d3-format of the axis labels and tooltip. */
  readonly format: string;
  /** The builder's name, for the error when no variant has the measure. */
  readonly caller: string;
}

/**
 * A box plot per variant drawn from its precomputed five-number summary (whisker min to max, box q1 to q3, a tick at
 * the median, a diamond at the mean), never from raw records: the document is already aggregated.
 * @throws {RangeError} if no variant has the measure
 */
export function distributionChart(
  variants: readonly VariantSummary[],
  options: DistributionChartOptions,
): TopLevelSpec {
  const { measure, title, axisTitle, format, caller } = options;
  const values = variants.flatMap((v) => {
    const d: Distribution | null = v[measure];
    return d === null ? [] : [{ variant: v.variant, ...d }];
  });
  if (values.length === 0) throw new RangeError(`${caller}: no variant has \`${measure}\``);
  const y = { field: 'variant', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } } as const;
  const x = { type: 'quantitative', title: axisTitle, axis: { format } } as const;
  const color = { field: 'variant', type: 'nominal', legend: null } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle: 'whiskers: min to max; box: quartiles; tick: median; diamond: mean' },
    width: CHART_WIDTH,
    data: { values },
    encoding: { y },
    layer: [
      { mark: { type: 'rule' }, encoding: { x: { ...x, field: 'min' }, x2: { field: 'max' }, color } },
      {
        mark: { type: 'bar', size: 14, opacity: 0.5 },
        encoding: { x: { ...x, field: 'q1' }, x2: { field: 'q3' }, color },
      },
      { mark: { type: 'tick', color: 'black', thickness: 2, size: 14 }, encoding: { x: { ...x, field: 'median' } } },
      {
        mark: { type: 'point', shape: 'diamond', filled: true, size: 60, color: 'black' },
        encoding: {
          x: { ...x, field: 'mean' },
          tooltip: [
            { field: 'variant', type: 'nominal' },
            { field: 'n', type: 'quantitative', title: 'records' },
            ...(['min', 'q1', 'median', 'mean', 'q3', 'p90', 'max', 'total'] as const).map((field) => ({
              field,
              type: 'quantitative' as const,
              format,
            })),
          ],
        },
      },
    ],
  };
}
