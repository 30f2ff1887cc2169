import type { TopLevelSpec } from 'vega-lite';
import type { Comparison, VerdictDocument } from '../../src/schema/verdict-document';
import { CHART_WIDTH, VEGA_LITE_SCHEMA } from './chart-colors';

const CELL_COLORS = {
  'both pass': '#e5e7eb',
  'pass → fail': '#fca5a5',
  'fail → pass': '#86efac',
  'both fail': '#d1d5db',
} as const;
type Cell = keyof typeof CELL_COLORS;

const cellScale = () => ({ domain: Object.keys(CELL_COLORS), range: Object.values(CELL_COLORS) });

/** The four cells of a binary comparison's paired table; null when a cell is missing (other designs). */
function cells({ candidate, paired }: Comparison) {
  const { n11, n10, n01, n00 } = paired;
  if (n11 === undefined || n10 === undefined || n01 === undefined || n00 === undefined) return null;
  const cell = (baseline: string, cand: string, count: number, kind: Cell) => ({
    comparison: candidate.variant,
    baseline,
    candidate: cand,
    count,
    kind,
  });
  return [
    cell('pass', 'pass', n11, 'both pass'),
    cell('pass', 'fail', n10, 'pass → fail'),
    cell('fail', 'pass', n01, 'fail → pass'),
    cell('fail', 'fail', n00, 'both fail'),
  ];
}

/**
 * The paired outcomes: with one sample per item, the 2x2 table (baseline outcome by candidate outcome, the
 * discordant cells coloured: red pass → fail, green fail → pass), one panel per candidate; with several samples
 * or scores, the counts of items that flipped each way.
 * @example vegaEmbed('#flips', flipChart(doc))
 */
export function flipChart(doc: VerdictDocument): TopLevelSpec {
  const tables = doc.comparisons.map(cells);
  const several = doc.comparisons.length > 1;
  const color = { field: 'kind', type: 'nominal' as const, scale: cellScale(), title: 'outcome' };
  if (tables.every((t) => t !== null)) {
    const spec = {
      width: 160,
      height: 160,
      encoding: {
        x: {
          field: 'candidate',
          type: 'nominal' as const,
          sort: ['pass', 'fail'],
          title: 'candidate',
          axis: { orient: 'top' as const, labelAngle: 0 },
        },
        y: { field: 'baseline', type: 'nominal' as const, sort: ['pass', 'fail'], title: 'baseline' },
      },
      layer: [
        {
          mark: { type: 'rect' as const, stroke: 'white', strokeWidth: 2 },
          encoding: {
            color,
            tooltip: [
              { field: 'kind', title: 'outcome' },
              { field: 'count', title: 'items' },
            ],
          },
        },
        {
          mark: { type: 'text' as const, fontSize: 16, color: '#111827' },
          encoding: { text: { field: 'count', type: 'quantitative' as const, format: ',d' } },
        },
      ],
    };
    const title = { text: 'Paired outcomes', subtitle: 'items by baseline and candidate outcome' };
    const values = tables.flat();
    if (!several) return { $schema: VEGA_LITE_SCHEMA, title, data: { values }, ...spec };
    return {
      $schema: VEGA_LITE_SCHEMA,
      title,
      data: { values },
      facet: { column: { field: 'comparison', type: 'nominal', sort: null, title: null, header: { labelLimit: 200 } } },
      spec,
    };
  }
  const values = doc.comparisons.flatMap(({ candidate, flips }) => {
    const prefix = several ? `${candidate.variant}: ` : '';
    return [
      { label: `${prefix}pass → fail`, kind: 'pass → fail', count: flips.nPassToFail },
      { label: `${prefix}fail → pass`, kind: 'fail → pass', count: flips.nFailToPass },
    ];
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Items that flipped', subtitle: 'by the direction of the change' },
    width: CHART_WIDTH,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } },
      x: { field: 'count', type: 'quantitative', title: 'items', axis: { tickMinStep: 1, format: ',d' } },
      color,
      tooltip: [
        { field: 'label', title: 'flip' },
        { field: 'count', title: 'items' },
      ],
    },
  };
}
