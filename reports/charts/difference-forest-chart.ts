import type { TopLevelSpec } from 'vega-lite';
import type { PairedComparison, VerdictDocument, VerdictKind } from '../../src/schema/verdict-document';
import { CHART_WIDTH, VEGA_LITE_SCHEMA, verdictColorScale } from './chart-colors';

interface ForestRow {
  label: string;
  kind: 'overall' | 'slice';
  estimate: number;
  lower: number;
  upper: number;
  pValue: number;
  adjustedPValue: number;
  n: number;
  verdict: VerdictKind;
}

/** Makes row labels unique (a nominal axis merges equal labels), suffixing repeats with ` (2)`, ` (3)`, .... */
function uniqueLabels<T extends { label: string }>(rows: T[]): T[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const count = (seen.get(row.label) ?? 0) + 1;
    seen.set(row.label, count);
    return count === 1 ? row : { ...row, label: `${row.label} (${count})` };
  });
}

/**
 * Forest plot of the difference (candidate minus baseline) with its interval, for each comparison overall and
 * for each slice, against the zero line and the policy's margin (dashed, at -margin and +margin when above
 * zero). Pass rates are in percentage points; scores in their own units. Colour and shape say the verdict and
 * whether a row is overall or a slice; the tooltip has the raw and adjusted p-values.
 * @example vegaEmbed('#forest', differenceForestChart(doc))
 */
export function differenceForestChart(doc: VerdictDocument): TopLevelSpec {
  const scale = doc.policy.metric === 'pass' ? 100 : 1;
  const several = doc.comparisons.length > 1;
  const row = (
    label: string,
    kind: ForestRow['kind'],
    paired: PairedComparison,
    adjusted: number,
    verdict: VerdictKind,
  ) => ({
    label,
    kind,
    estimate: paired.difference.estimate * scale,
    lower: paired.difference.lower * scale,
    upper: paired.difference.upper * scale,
    pValue: paired.test.pValue,
    adjustedPValue: adjusted,
    n: paired.n,
    verdict,
  });
  const values = uniqueLabels(
    doc.comparisons.flatMap((c) => {
      const prefix = several ? `${c.candidate.variant}: ` : '';
      return [
        row(`${prefix}overall`, 'overall', c.paired, c.adjustedPValue, c.verdict),
        ...c.slices.map((s) => row(`${prefix}${s.field} = ${s.value}`, 'slice', s.paired, s.adjustedPValue, s.verdict)),
      ];
    }),
  );
  const unit = doc.policy.metric === 'pass' ? 'percentage points' : 'score';
  const margin = doc.policy.margin * scale;
  const references = [
    { x: 0, line: 'zero' },
    ...(margin > 0
      ? [
          { x: -margin, line: '-margin' },
          { x: margin, line: '+margin' },
        ]
      : []),
  ];
  const x = { type: 'quantitative', title: `candidate minus baseline (${unit})` } as const;
  const y = { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } } as const;
  const color = { field: 'verdict', type: 'nominal', scale: verdictColorScale(), title: 'verdict' } as const;
  const level = Math.round(doc.paired.difference.confidence * 100);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Difference, overall and by slice', subtitle: `${level}% intervals; dashed lines: ± the margin` },
    width: CHART_WIDTH,
    height: { step: 24 },
    layer: [
      {
        data: { values: references },
        mark: { type: 'rule', color: '#6b7280' },
        encoding: {
          x: { ...x, field: 'x' },
          strokeDash: {
            field: 'line',
            type: 'nominal',
            scale: {
              domain: ['zero', '-margin', '+margin'],
              range: [
                [1, 0],
                [4, 4],
                [4, 4],
              ],
            },
            legend: null,
          },
        },
      },
      {
        data: { values },
        layer: [
          {
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: { y, x: { ...x, field: 'lower' }, x2: { field: 'upper' }, color },
          },
          {
            mark: { type: 'point', filled: true, size: 90 },
            encoding: {
              y,
              x: { ...x, field: 'estimate' },
              color,
              shape: {
                field: 'kind',
                type: 'nominal',
                scale: { domain: ['overall', 'slice'], range: ['diamond', 'circle'] },
                title: 'row',
              },
              tooltip: [
                { field: 'label', type: 'nominal', title: 'comparison' },
                { field: 'estimate', type: 'quantitative', format: '+.2f', title: 'difference' },
                { field: 'lower', type: 'quantitative', format: '+.2f', title: 'lower' },
                { field: 'upper', type: 'quantitative', format: '+.2f', title: 'upper' },
                { field: 'pValue', type: 'quantitative', format: '.4g', title: 'p' },
                { field: 'adjustedPValue', type: 'quantitative', format: '.4g', title: 'adjusted p' },
                { field: 'n', type: 'quantitative', title: 'paired items' },
                { field: 'verdict', type: 'nominal', title: 'verdict' },
              ],
            },
          },
        ],
      },
    ],
  };
}
