import type { TopLevelSpec } from 'vega-lite';
import type { VerdictDocument } from '../../src/schema/verdict-document';
import { distributionChart } from './distribution-chart';

/**
 * Latency per record of each variant that has one, as a box plot from its precomputed summary (milliseconds).
 * @throws {RangeError} if no variant has `latencyMs`
 * @example if (doc.variants.some((v) => v.latencyMs)) vegaEmbed('#latency', latencyChart(doc))
 */
export const latencyChart = (doc: VerdictDocument): TopLevelSpec =>
  distributionChart(doc.variants, {
    measure: 'latencyMs',
    title: 'Latency per record',
    axisTitle: 'latency (ms)',
    format: ',.0f',
    caller: 'latencyChart',
  });
