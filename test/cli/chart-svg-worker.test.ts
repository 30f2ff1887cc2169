import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportCharts } from '../../reports/charts/report-charts';
import { renderChartSvg } from '../../reports/html/render-chart-svg';
import { startChartSvgWorker } from '../../src/cli/start-chart-svg-worker';
import { VerdictDocument } from '../../src/schema/verdict-document';
import { runCli } from './run-cli-process';

// `compare --html` renders its charts in a worker thread started before the comparison (loading vega overlaps it):
// the report must read the same as one rendered in this thread.
describe('the chart SVG worker', () => {
  it("renders every chart of a report to the same SVG as this thread's renderChartSvg", async () => {
    const doc = VerdictDocument.parse(
      JSON.parse(await readFile('test/fixtures/verdict-documents/score-latency-cost.json', 'utf8')),
    );
    const charts = reportCharts(doc);
    const worker = startChartSvgWorker();
    try {
      const fromWorker = await Promise.all(charts.map((c) => worker.render(c.spec)));
      const here = await Promise.all(charts.map((c) => renderChartSvg(c.spec)));
      expect(charts.length).toBeGreaterThanOrEqual(5);
      expect(fromWorker).toEqual(here);
      expect(fromWorker[0]).toMatch(/^<svg/);
    } finally {
      await worker.close();
    }
  });

  it("fails a render with the worker's error (a spec vega-lite warns on), and every render after close", async () => {
    const worker = startChartSvgWorker();
    const bad = { mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative', aggregate: 'no-such' } } } as never;
    try {
      const here = await renderChartSvg(bad).catch((error: Error) => error.message);
      expect(here).toMatch(/^renderChartSvg: /);
      await expect(worker.render(bad)).rejects.toThrow(here);
    } finally {
      await worker.close();
    }
    await expect(worker.render({ data: { values: [] }, mark: 'point' })).rejects.toThrow(/the chart worker ended/);
  });

  it('started early by `verdict compare ... --html`, does not keep a failing command from ending', async () => {
    const page = join(await mkdtemp(join(tmpdir(), 'verdict-chart-worker-')), 'report.html');
    const { code, stderr } = await runCli(['compare', 'no-such-results.jsonl', '--html', page]);
    expect(code).toBe(2);
    expect(stderr).toContain('no-such-results.jsonl');
    expect(existsSync(page)).toBe(false);
  });
});
