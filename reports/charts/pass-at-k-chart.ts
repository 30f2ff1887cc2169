import type { TopLevelSpec } from 'vega-lite';
import type { VerdictDocument } from '../../src/schema/verdict-document';
import { CHART_WIDTH, VEGA_LITE_SCHEMA } from './chart-colors';

/**
 * pass@k (solid) and pass^k (dashed) for k = 1..samples, one colour per variant, each with its bootstrap interval
 * over items as a band drawn from the precomputed bounds (`y`/`y2`). pass@k: at least one of k samples passes
 * (Chen et al. 2021); pass^k: all k pass.
 * @throws {RangeError} if `doc.passAtK` is null (one sample per item: there is no curve to draw)
 * @example if (doc.passAtK) vegaEmbed('#pass-at-k', passAtKChart(doc))
 */
export function passAtKChart(doc: VerdictDocument): TopLevelSpec {
  if (doc.passAtK === null) {
    throw new RangeError(
      'passAtKChart: `doc.passAtK` is null (one sample per item); pass@k needs several samples per item',
    );
  }
  const values = doc.passAtK.flatMap((p) => [
    {
      variant: p.variant,
      k: p.k,
      measure: 'pass@k',
      estimate: p.passAtK,
      lower: p.passAtKLower,
      upper: p.passAtKUpper,
    },
    {
      variant: p.variant,
      k: p.k,
      measure: 'pass^k',
      estimate: p.passHatK,
      lower: p.passHatKLower,
      upper: p.passHatKUpper,
    },
  ]);
  const variants = [...new Set(doc.passAtK.map((p) => p.variant))];
  const x = { field: 'k', type: 'quantitative', title: 'k (samples)', axis: { tickMinStep: 1, format: 'd' } } as const;
  const color = {
    field: 'variant',
    type: 'nominal',
    scale: { domain: variants },
    title: 'variant',
    // Legend symbols as opaque strokes: the lines' colours, not the pale fill of the first (band) layer.
    legend: { labelLimit: 260, symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 3 },
  } as const;
  const y = { type: 'quantitative' as const, scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: 'pass@k and pass^k',
      subtitle: 'solid: at least one of k passes; dashed: all k pass; bands: bootstrap intervals',
    },
    width: CHART_WIDTH,
    data: { values },
    encoding: { x, color, detail: { field: 'measure', type: 'nominal' } },
    layer: [
      {
        mark: { type: 'area', opacity: 0.15 },
        encoding: { y: { ...y, field: 'lower', title: 'probability' }, y2: { field: 'upper' } },
      },
      {
        mark: { type: 'line', point: true },
        encoding: {
          y: { ...y, field: 'estimate' },
          strokeDash: {
            field: 'measure',
            type: 'nominal',
            scale: {
              domain: ['pass@k', 'pass^k'],
              range: [
                [1, 0],
                [5, 3],
              ],
            },
            title: 'measure',
          },
          tooltip: [
            { field: 'variant', type: 'nominal' },
            { field: 'measure', type: 'nominal' },
            { field: 'k', type: 'quantitative' },
            { field: 'estimate', type: 'quantitative', format: '.1%' },
            { field: 'lower', type: 'quantitative', format: '.1%' },
            { field: 'upper', type: 'quantitative', format: '.1%' },
          ],
        },
      },
    ],
  };
}
