/**
 * The worker thread that renders a report's charts to SVG (`startChartSvgWorker`): it loads vega and vega-lite as
 * soon as it starts, while the main thread reads the results and compares, then renders each spec it is sent with
 * the same `renderChartSvg` as the main thread would, so the SVG is the same byte for byte.
 */
import { parentPort } from 'node:worker_threads';
import { loadVega, renderChartSvg } from '../../reports/html/render-chart-svg';
import type { ChartSvgReply, ChartSvgRequest } from './chart-svg-messages';
import { codeCacheDirectory } from './code-cache-directory';
import { type CodeCachedScript, runCodeCachedScript } from './code-cached-script';

const port = parentPort;
if (port === null) throw new Error('chart-svg-worker: not started as a worker thread');
// vega's and vega-lite's bundles with a V8 code cache, written at the end (`close`) so that it holds the code
// of the rendering too: BENCHMARKS.md "CLI start-up (issue 14): branch issue-14-startup4".
const cacheDirectory = codeCacheDirectory();
const scripts: CodeCachedScript[] = [];
const runBundleFile = (file: string, require: (id: string) => unknown) => {
  const script = runCodeCachedScript({ file, cacheDirectory, cacheName: 'charts', require });
  scripts.push(script);
  return script.exports;
};
// A failed load is reported by the first render, which imports again and throws the same error.
const loaded = loadVega(runBundleFile).catch(() => undefined);
let rendered = 0;
port.on('message', async (request: ChartSvgRequest) => {
  if ('close' in request) {
    // Only after rendering: a cache of the load alone would be taken by later runs and never hold the rendering.
    if (rendered > 0) for (const script of scripts) script.saveCache();
    process.exit(0);
  }
  const { id, spec } = request;
  await loaded;
  let reply: ChartSvgReply;
  try {
    reply = { id, svg: await renderChartSvg(spec) };
    rendered++;
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
