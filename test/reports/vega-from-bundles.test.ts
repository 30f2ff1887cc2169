import { describe, expect, it } from 'vitest';
import { reportCharts } from '../../reports/charts/report-charts';
import { renderChartSvgWith } from '../../reports/html/render-chart-svg';
import { loadVegaFromBundles } from '../../reports/html/vega-bundles';
import { FIXTURE_NAMES, loadFixture } from './fixtures';

// The report's charts are rendered with vega and vega-lite run from their one-file UMD builds (faster to load than
// their 271 ES module files); the SVG a reader sees must be the one the ES modules would have written, for every
// chart of every fixture document, and the bundles must be the installed versions.
describe('vega and vega-lite from their UMD bundles', () => {
  it('render every chart of every fixture document to the same SVG as the ES modules, byte for byte', async () => {
    const fromBundles = await loadVegaFromBundles();
    const fromModules: [typeof import('vega'), typeof import('vega-lite')] = await Promise.all([
      import('vega'),
      import('vega-lite'),
    ]);
    expect(fromBundles[0].version).toBe(fromModules[0].version);
    expect(fromBundles[1].version).toBe(fromModules[1].version);
    let compared = 0;
    for (const name of FIXTURE_NAMES) {
      for (const { id, spec } of reportCharts(loadFixture(name))) {
        const [bundled, modular] = await Promise.all([
          renderChartSvgWith(fromBundles, spec),
          renderChartSvgWith(fromModules, spec),
        ]);
        expect(bundled, `${name}: ${id}`).toBe(modular);
        expect(bundled).toMatch(/^<svg[\s\S]*<\/svg>$/);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(FIXTURE_NAMES.length * 4);
  });

  it('are loaded once per thread', async () => {
    expect(await loadVegaFromBundles()).toBe(await loadVegaFromBundles());
  });
});
