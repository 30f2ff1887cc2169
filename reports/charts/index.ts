// verdict/charts: the Vega-Lite chart builders alone. Pure functions of the Verdict document that import
// nothing from Node, so a notebook or a browser bundle can use them without the HTML renderer.

// The input contract (zod: browser-safe)
export * from '../../src/schema/verdict-document';
export { VERDICT_COLORS } from './chart-colors';
export { costChart } from './cost-chart';
export { differenceForestChart } from './difference-forest-chart';
export { flipChart } from './flip-chart';
export { latencyChart } from './latency-chart';
export { passAtKChart } from './pass-at-k-chart';
export { passRateChart } from './pass-rate-chart';
export { powerCurveChart } from './power-curve-chart';
export { type ReportChart, reportCharts } from './report-charts';
