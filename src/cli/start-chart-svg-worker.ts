import type { TopLevelSpec } from 'vega-lite';
import { startWorker, workerModuleFile } from '../formats/worker-module';
import type { ChartSvgReply, ChartSvgRequest } from './chart-svg-messages';

/** Charts rendered in a worker thread; `close` ends it. */
export interface ChartSvgWorker {
  render(spec: TopLevelSpec): Promise<string>;
  close(): Promise<void>;
}

const WORKER_FILE = workerModuleFile(import.meta.url, 'chart-svg-worker');

let early: ChartSvgWorker | null = null;

/**
 * Starts the worker before the command line is parsed (src/cli/main.ts, for a command line with `compare` and
 * `--html`), so that its loading of vega overlaps the loading of commander and the command too, not only the
 * comparison: `compare --html` on a small file waited on the worker, not the other way round (BENCHMARKS.md).
 */
export function startChartSvgWorkerEarly(): void {
  early ??= startChartSvgWorker();
}

/** The worker started early, else a new one; the caller owns it (and closes it). */
export function takeChartSvgWorker(): ChartSvgWorker {
  const worker = early ?? startChartSvgWorker();
  early = null;
  return worker;
}

/**
 * Starts the chart worker at once, so that its loading of vega and vega-lite (the largest part of `compare --html`
 * on a small file after the rendering itself) runs on the second core while this thread reads and compares; the
 * HTML report then renders through it (`renderHtmlReport`'s `renderChartSvg`). Measured in BENCHMARKS.md, CLI
 * start-up. A render fails with the worker's error message, or with why the worker ended.
 * @example const charts = startChartSvgWorker(); try { await renderHtmlReport(doc, { renderChartSvg: charts.render }) } finally { await charts.close() }
 */
export function startChartSvgWorker(): ChartSvgWorker {
  const worker = startWorker(WORKER_FILE);
  const pending = new Map<number, { resolve: (svg: string) => void; reject: (error: Error) => void }>();
  let failure: Error | null = null;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  };
  worker.on('message', (reply: ChartSvgReply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    settled();
    if ('svg' in reply) waiting?.resolve(reply.svg);
    else waiting?.reject(new Error(reply.error));
  });
  worker.on('error', failAll);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.on('exit', (code) => {
      exited = true;
      failAll(new Error(`the chart worker ended (exit code ${code})`));
      resolve();
    }),
  );
  // Unreferenced while no render waits on it: a command that ends without it (an error, --help) ends the process.
  worker.unref();
  let nextId = 0;
  const settled = () => {
    if (pending.size === 0) worker.unref();
  };
  return {
    render(spec) {
      if (failure !== null) return Promise.reject(failure);
      const id = nextId++;
      worker.ref();
      return new Promise<string>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, spec });
      }).finally(settled);
    },
    async close() {
      if (exited) return;
      // Once it has rendered, the worker ends itself, after writing its code caches when it has none yet.
      if (nextId === 0) await worker.terminate();
      else {
        worker.ref();
        worker.postMessage({ close: true } satisfies ChartSvgRequest);
        await exit;
      }
    },
  };
}
