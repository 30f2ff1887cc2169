import type { TopLevelSpec } from 'vega-lite';
import type { VerdictDocument } from '../../src/schema/verdict-document';
import { costChart } from './cost-chart';
import { differenceForestChart } from './difference-forest-chart';
import { flipChart } from './flip-chart';
import { latencyChart } from './latency-chart';
import { passAtKChart } from './pass-at-k-chart';
import { passRateChart } from './pass-rate-chart';
import { powerCurveChart } from './power-curve-chart';

/** One chart of a report: a stable id (an HTML id and a file-name part), a caption and the spec. */
export interface ReportChart {
  readonly id: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

/**
 * The charts that apply to a document, in report order: pass rates, differences, flips, pass@k (several samples
 * per item), power, then latency and cost where any variant has them.
 * @example for (const { id, spec } of reportCharts(doc)) vegaEmbed(`#${id}`, spec)
 */
export function reportCharts(doc: VerdictDocument): ReportChart[] {
  const charts: ReportChart[] = [
    {
      id: 'pass-rate',
      caption:
        doc.policy.metric === 'pass'
          ? 'Pass rate of each variant with its Wilson interval.'
          : 'Mean score of each variant.',
      spec: passRateChart(doc),
    },
    {
      id: 'difference',
      caption: 'Difference and interval, overall and by slice, against the margin.',
      spec: differenceForestChart(doc),
    },
    { id: 'flips', caption: 'Paired outcomes: the items that flipped each way.', spec: flipChart(doc) },
  ];
  if (doc.passAtK !== null)
    charts.push({ id: 'pass-at-k', caption: 'pass@k and pass^k by k.', spec: passAtKChart(doc) });
  charts.push({ id: 'power', caption: 'Power by sample size, with the current n marked.', spec: powerCurveChart(doc) });
  if (doc.variants.some((v) => v.latencyMs !== null)) {
    charts.push({ id: 'latency', caption: 'Latency per record by variant.', spec: latencyChart(doc) });
  }
  if (doc.variants.some((v) => v.costUsd !== null)) {
    charts.push({ id: 'cost', caption: 'Cost per record by variant.', spec: costChart(doc) });
  }
  return charts;
}
