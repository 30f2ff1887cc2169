import type { VerdictKind } from '../../src/schema/verdict-document';

/**
 * Colours of the verdicts, shared by the charts and the HTML report so a colour means the same thing
 * everywhere: red fails the gate on evidence, amber could not tell (incomplete, inconclusive, underpowered),
 * grey found nothing, green passed on evidence. Each is paired with words in every output: colour is never the
 * only signal (WCAG 1.4.1).
 */
export const VERDICT_COLORS: Readonly<Record<VerdictKind, string>> = {
  regressed: '#b91c1c',
  incomplete: '#9a3412',
  inconclusive: '#b45309',
  underpowered: '#a16207',
  'no-significant-difference': '#475569',
  'below-margin': '#64748b',
  'non-inferior': '#0e7490',
  equivalent: '#0f766e',
  improved: '#15803d',
};

/** The verdicts in the order of the colour legend, worst first. */
export const VERDICT_ORDER: readonly VerdictKind[] = [
  'regressed',
  'incomplete',
  'inconclusive',
  'underpowered',
  'no-significant-difference',
  'below-margin',
  'non-inferior',
  'equivalent',
  'improved',
];

/** A vega-lite colour scale that always maps each verdict to its colour, whichever verdicts a chart shows. */
export const verdictColorScale = () => ({
  domain: [...VERDICT_ORDER],
  range: VERDICT_ORDER.map((verdict) => VERDICT_COLORS[verdict]),
});

/** Colours of a variant's role: the baseline, a compared candidate, or a variant in the inputs that is not compared. */
export const ROLE_COLORS = { baseline: '#1d4ed8', candidate: '#c2410c', other: '#6b7280' } as const;
/** A variant's role in the document. */
export type VariantRole = keyof typeof ROLE_COLORS;

/** A vega-lite colour scale for variant roles. */
export const roleColorScale = () => ({
  domain: Object.keys(ROLE_COLORS),
  range: Object.values(ROLE_COLORS),
});

/** The JSON schema URL of the specs: vega-embed reads the version from it and never fetches it. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Plot width of every chart, in pixels: fixed so the server-rendered SVG and the live chart match. */
export const CHART_WIDTH = 460;
