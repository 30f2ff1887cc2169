import type { TopLevelSpec } from 'vega-lite';

/**
 * A chart for the SVG worker (src/cli/chart-svg-worker.ts) to render, `id` matching its reply; or the end: the
 * worker writes its code caches if it has to and exits.
 */
export type ChartSvgRequest = { readonly id: number; readonly spec: TopLevelSpec } | { readonly close: true };

/** The worker's SVG of one chart, or the message of the error rendering it threw. */
export type ChartSvgReply =
  | { readonly id: number; readonly svg: string }
  | { readonly id: number; readonly error: string };
