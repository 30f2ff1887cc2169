import type { TopLevelSpec } from 'vega-lite';
import { loadVegaFromBundles } from './vega-bundles';

/**
 * Loads vega and vega-lite (from their one-file builds, `loadVegaFromBundles`: about 0.1 s where their ES modules
 * took 0.4 s, BENCHMARKS.md, CLI start-up), which `renderChartSvg` does on its first call; a worker thread calls it
 * ahead, while the comparison runs.
 */
export const loadVega = loadVegaFromBundles;

/**
 * Renders a vega-lite spec to an SVG string on the server (vega's headless `View.toSVG()`), so the report reads
 * without JavaScript. vega's SVG renderer escapes every text and attribute it writes. Compile warnings are
 * errors here: the chart builders are tested to compile cleanly. vega and vega-lite load on first use, so importing
 * reports/ (for Markdown or JUnit alone) stays fast.
 * @throws {Error} if vega-lite logs a warning or the spec fails to compile
 * @example const svg = await renderChartSvg(passRateChart(doc))
 */
export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  return renderChartSvgWith(await loadVega(), spec);
}

/** `renderChartSvg` with the vega and vega-lite given (the test compares the bundles' SVG with the ES modules'). */
export async function renderChartSvgWith(
  [{ parse, View }, { compile }]: [typeof import('vega'), typeof import('vega-lite')],
  spec: TopLevelSpec,
): Promise<string> {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    info: () => logger,
    debug: () => logger,
    warn: (...args: readonly unknown[]) => {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    error: (...args: readonly unknown[]) => {
      throw new Error(`renderChartSvg: ${args.map(String).join(' ')}`);
    },
  };
  // biome-ignore lint/suspicious/noExplicitAny: vega-lite's LoggerInterface returns itself with `this` typing
  const { spec: vegaSpec } = compile(spec, { logger: logger as any });
  if (warnings.length > 0) throw new Error(`renderChartSvg: vega-lite warned: ${warnings.join('; ')}`);
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
