import { escapeHtml } from '../escape/escape-html';

/** A fragment of markup that is already safe: built by {@link html} or from a trusted constant with {@link trustedHtml}. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text (escaped), numbers, safe fragments, lists of them, and nothing (null, undefined, false). */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template for HTML: every interpolated string passes through `escapeHtml`, so data can only ever be
 * text; fragments built by `html` itself nest without double escaping (the approach of lit-html's `html`).
 * @example html`<td>${item}</td>` // item '<b>' gives '<td>&lt;b&gt;</td>'
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/**
 * Marks markup the renderer produced itself (vega's SVG, the inlined libraries) as safe. Never pass data here.
 * @example trustedHtml(await view.toSVG())
 */
export const trustedHtml = (markup: string): SafeHtml => new SafeHtml(markup);
