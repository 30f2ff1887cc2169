/** The id of the `<script type="application/json">` element that carries the chart specs. */
export const CHART_SPECS_ELEMENT_ID = 'verdict-chart-specs';

/**
 * The report's own script: reads the specs, and for each chart container asks vega-embed to draw the interactive
 * chart; once drawn, the server-rendered SVG is removed. Expressions run through vega's interpreter (`ast: true`),
 * so the page needs no `unsafe-eval` (vega's CSP guide). A chart that fails keeps its static SVG and logs why.
 * A constant, so the Content-Security-Policy can allow it by hash.
 */
export const EMBED_CHARTS_SCRIPT = `(() => {
  const specs = JSON.parse(document.getElementById(${JSON.stringify(CHART_SPECS_ELEMENT_ID)}).textContent);
  for (const figure of document.querySelectorAll('[data-chart]')) {
    const live = figure.querySelector('.chart-live');
    vegaEmbed(live, specs[figure.dataset.chart], { actions: false, ast: true, renderer: 'svg' })
      .then(() => {
        figure.querySelector('.chart-static')?.remove();
        figure.dataset.rendered = 'true';
      })
      .catch((error) => {
        figure.dataset.rendered = 'failed';
        console.error('verdict: chart ' + figure.dataset.chart + ' failed to render', error);
      });
  }
})();`;
