import type { TopLevelSpec } from 'vega-lite';
import type { VerdictDocument } from '../../src/schema/verdict-document';
import { distributionChart } from './distribution-chart';

/**
 * Cost per record of each variant that has one, as a box plot from its precomputed summary (US dollars).
 * @throws {RangeError} if no variant has `costUsd`
 * @example if (doc.variants.some((v) => v.costUsd)) vegaEmbed('#cost', costChart(doc))
 */
export const costChart = (doc: VerdictDocument): TopLevelSpec =>
  distributionChart(doc.variants, {
    measure: 'costUsd',
    title: 'Cost per record',
    axisTitle: 'cost (USD)',
    format: '$,.3~r',
    caller: 'costChart',
  });
