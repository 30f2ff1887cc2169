import { VERDICT_COLORS } from '../charts/chart-colors';

const verdictRules = Object.entries(VERDICT_COLORS)
  .map(([verdict, color]) => `.verdict-${verdict}{--verdict:${color}}`)
  .join('\n');

/**
 * The report's style sheet: system fonts only (nothing to download), readable printed, the verdict colour
 * from the same palette as the charts.
 */
export const HTML_STYLES = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.45;color:#111827}
body{margin:0 auto;max-width:1100px;padding:1.5rem}
h1{font-size:1.6rem;margin:.3rem 0}
h2{border-bottom:1px solid #e5e7eb;padding-bottom:.2rem;margin-top:2.2rem}
${verdictRules}
.verdict{border-left:.5rem solid var(--verdict);padding:.5rem 1.2rem;background:#f9fafb}
.badge{background:var(--verdict);color:#fff;font-weight:700;padding:.15rem .6rem;border-radius:.3rem;text-transform:uppercase;letter-spacing:.04em}
.pill{color:var(--verdict);font-weight:600}
.notice{background:#fef3c7;border:1px solid #f59e0b;padding:.4rem .7rem;border-radius:.3rem}
.key-numbers{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.6rem;margin:1rem 0}
.key-numbers div{background:#fff;border:1px solid #e5e7eb;border-radius:.4rem;padding:.5rem .7rem}
.key-numbers dt{font-size:.8rem;color:#4b5563}
.key-numbers dd{margin:0;font-size:1.25rem;font-weight:600;font-variant-numeric:tabular-nums}
.key-numbers small{display:block;font-size:.75rem;font-weight:400;color:#6b7280}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:1.2rem}
figure{margin:0;overflow-x:auto}
figcaption{font-size:.85rem;color:#4b5563}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font-size:.85rem;margin:.4rem 0}
th,td{border-bottom:1px solid #e5e7eb;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
pre{margin:0;max-width:32rem;max-height:12rem;overflow:auto;white-space:pre-wrap;word-break:break-word;font-size:.8rem}
table.flips pre{max-width:22rem}
table.flips details summary{cursor:pointer;font-size:.75rem;color:#4b5563}
.policy{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:.2rem .8rem}
.policy dt{font-size:.8rem;color:#4b5563}
.policy dd{margin:0 0 .4rem}
.hash{font-size:.75rem;word-break:break-all}
.muted{color:#6b7280}
@media print{.charts{display:block}figure{break-inside:avoid}}
`;
