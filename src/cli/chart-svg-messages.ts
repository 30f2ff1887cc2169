import type { TopLevelSpec } from 'vega-lite';

/** A chart for the SVG worker (src/cli/chart-svg-worker.ts) to render; `id` matches its reply. */
export interface ChartSvgRequest {
  readonly id: number;
  readonly spec: TopLevelSpec;
}

/** The worker's SVG of one chart, or the message of the error rendering it threw. */
export type ChartSvgReply =
  | { readonly id: number; readonly svg: string }
  | { readonly id: number; readonly error: string };
