/**
 * The worker thread that renders a report's charts to SVG (`startChartSvgWorker`): it loads vega and vega-lite as
 * soon as it starts, while the main thread reads the results and compares, then renders each spec it is sent with
 * the same `renderChartSvg` as the main thread would, so the SVG is the same byte for byte.
 */
import { parentPort } from 'node:worker_threads';
import { loadVega, renderChartSvg } from '../../reports/html/render-chart-svg';
import type { ChartSvgReply, ChartSvgRequest } from './chart-svg-messages';

const port = parentPort;
if (port === null) throw new Error('chart-svg-worker: not started as a worker thread');
// A failed load is reported by the first render, which imports again and throws the same error.
const loaded = loadVega().catch(() => undefined);
port.on('message', async ({ id, spec }: ChartSvgRequest) => {
  await loaded;
  let reply: ChartSvgReply;
  try {
    reply = { id, svg: await renderChartSvg(spec) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
