import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtmlReport, type VerdictDocument, verdictHeadline, verdictLabel } from '../../reports/index';
import { HOSTILE, loadFixture } from './fixtures';

const regression = loadFixture('regression');
const page = await renderHtmlReport(regression);

/** The inline scripts' texts, and the page with every script element's content removed. */
function splitScripts(html: string): { scripts: string[]; markup: string } {
  const scripts: string[] = [];
  const markup = html.replace(
    /(<script[^>]*>)([\s\S]*?)(<\/script>)/g,
    (_, open: string, body: string, close: string) => {
      if (!open.includes('type=')) scripts.push(body);
      return `${open}${close}`;
    },
  );
  return { scripts, markup };
}

/** Page assertions that print the fragment, not the megabyte page, when they fail. */
const expectIncludes = (text: string, fragment: string) =>
  expect(text.includes(fragment), `expected the page to include ${fragment}`).toBe(true);
const expectExcludes = (text: string, fragment: string) =>
  expect(text.includes(fragment), `expected the page not to include ${fragment}`).toBe(false);

describe('renderHtmlReport', () => {
  const { scripts, markup } = splitScripts(page);

  it('opens with the verdict, its headline, the key numbers and the exclusions', () => {
    expectIncludes(markup, `<header class="verdict verdict-regressed" data-verdict="regressed" data-gate="failed">`);
    expectIncludes(
      markup,
      `<span class="badge">${verdictLabel('regressed')}</span> <span class="gate">gate FAILED (exit 1)</span>`,
    );
    expectIncludes(markup, `<h1>${escapeHtml(verdictHeadline(regression, regression.policy))}</h1>`);
    expectIncludes(markup, '<dd>-4.4 points</dd>');
    expectIncludes(markup, '<dd>0.003868<small>McNemar score test; adjusted across candidates 0.007736</small></dd>');
    expectIncludes(markup, 'Pass rate over the paired items: baseline → candidate');
    expectIncludes(markup, '4 errors, 8 unpaired, 2 duplicates');
    expectIncludes(markup, '<p class="missing">Missing results:');
    expectIncludes(markup, '<p class="sensitivity">Sensitivity, with missing cells counted as failures');
  });

  it('allows exactly its own inline scripts by hash and forbids every network request', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/
      .exec(markup)?.[1]
      ?.replaceAll('&#39;', "'");
    expect(csp).toBeDefined();
    const directives = csp!.split('; ');
    expect(directives).toContain("default-src 'none'");
    expect(directives).toContain("connect-src 'none'");
    expect(directives).toContain('img-src data:');
    const hashes = scripts.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`);
    expect(scripts).toHaveLength(4); // vega, vega-lite, vega-embed, the embedding script
    expect(directives.find((d) => d.startsWith('script-src'))).toBe(`script-src ${hashes.join(' ')}`);
    expect(csp).not.toContain('unsafe-eval');
  });

  it('references nothing outside the file', () => {
    // Attribute names of the real tags (quoted values removed: escaped data inside them is text).
    const tags = markup.match(/<[a-zA-Z][^>]*>/g)!.map((tag) => tag.replace(/"[^"]*"/g, '""'));
    expect(tags.filter((tag) => /\s(src|href|xlink:href|srcset|action|data|poster|background)=/i.test(tag))).toEqual(
      [],
    );
    expect(markup.match(/url\((?!#)[^)]*\)|@import/g)).toBeNull();
  });

  it('escapes every hostile string in the markup and in the embedded specs', () => {
    expect(markup.match(/<(script|img)[^>]*(alert|onerror|__pwned)[^>]*>/g)).toBeNull();
    expectIncludes(markup, escapeHtml(HOSTILE.closeScript));
    expectIncludes(markup, escapeHtml(HOSTILE.template));
    const scriptTags = page.match(/<script\b/g)!.length;
    expect(page.match(/<\/script>/g)).toHaveLength(scriptTags);
    expect(scriptTags).toBe(5);
    const specs = /<script type="application\/json" id="verdict-chart-specs">([\s\S]*?)<\/script>/.exec(page)![1]!;
    expect(specs).not.toMatch(/[<>\u2028\u2029]/);
    expect(Object.keys(JSON.parse(specs))).toEqual(['pass-rate', 'difference', 'flips', 'power', 'latency', 'cost']);
  });

  it('inlines a server-rendered SVG for every chart', () => {
    const figures = markup.match(
      /<figure id="chart-[^"]+" data-chart="[^"]+">\n<div class="chart-static"><svg[\s\S]*?<\/svg><\/div>/g,
    );
    expect(figures).toHaveLength(6);
  });

  it('lists the flips, slices, variants, methods and provenance', () => {
    for (const id of ['flips', 'slices', 'variants', 'methods', 'provenance', 'comparisons'])
      expectIncludes(markup, `<h2 id="${id}">`);
    expectIncludes(markup, 'Pass → fail: 40 (first 3 of 40)');
    expectIncludes(markup, 'Each variant over all its ok rows');
    expectIncludes(markup, `<code class="hash">${regression.provenance.inputs[0]!.sha256}</code>`);
    expectIncludes(markup, 'Holm correction');
  });

  it('does not grow with n, with the number of flips beyond the cap, or with output length', async () => {
    const scale = (doc: VerdictDocument, factor: number): VerdictDocument => {
      const paired = {
        ...doc.paired,
        n: doc.paired.n * factor,
        n11: doc.paired.n11! * factor,
        n10: doc.paired.n10! * factor,
        n01: doc.paired.n01! * factor,
        n00: doc.paired.n00! * factor,
      };
      const flips = {
        ...doc.flips,
        nPassToFail: doc.flips.nPassToFail * factor,
        nFailToPass: doc.flips.nFailToPass * factor,
      };
      const outputs = (items: VerdictDocument['flips']['passToFail']) =>
        items.map((i) => ({ ...i, baselineOutput: 'y'.repeat(200_000) }));
      const longFlips = { ...flips, passToFail: outputs(flips.passToFail), failToPass: outputs(flips.failToPass) };
      return {
        ...doc,
        paired,
        flips: longFlips,
        comparisons: doc.comparisons.map((c, i) => (i === 0 ? { ...c, paired, flips: longFlips } : c)),
      };
    };
    const big = await renderHtmlReport(scale(regression, 1000));
    const capped = await renderHtmlReport(scale(regression, 1000), { maxOutputChars: 100 });
    expect(Math.abs(big.length - page.length)).toBeLessThan(20_000);
    expect(capped.length).toBeLessThan(page.length);
    expect(capped.includes('… (199900 more characters)')).toBe(true);
  });

  it('renders the edge case with empty lists and no discordant pairs', async () => {
    const edge = await renderHtmlReport(loadFixture('no-discordant-pairs'));
    expectIncludes(edge, 'data-verdict="inconclusive"');
    expectIncludes(edge, 'No slices (use <code>--by FIELD</code>).');
    expectIncludes(edge, 'No input files recorded.');
    expect(edge.match(/<figure id="chart-/g)).toHaveLength(4);
  });

  it('says what is missing, how to fix it, and that the gate failed, when the comparison is incomplete', async () => {
    const report = await renderHtmlReport(loadFixture('incomplete'));
    expectIncludes(report, 'data-verdict="incomplete" data-gate="failed"');
    expectIncludes(report, '<span class="gate">gate FAILED (exit 4)</span>');
    expectIncludes(report, '<ul class="fixes"><li>To fix: re-run the failed cells');
    expectIncludes(report, escapeHtml(`Not decided: the results of v2 ${HOSTILE.img} vs v1 are incomplete.`));
  });

  it('shows the simulated notice only for simulated data', async () => {
    expectExcludes(page, 'class="notice"');
    expectIncludes(
      await renderHtmlReport(loadFixture('improvement-pass-at-k')),
      `<p class="notice" role="note">Simulated data: these results come from verdict&#39;s built-in demo models, not from real model runs.</p>`,
    );
  });

  it('refuses an invalid document', async () => {
    await expect(renderHtmlReport({ ...regression, schemaVersion: 1 as 2 })).rejects.toThrow(/schemaVersion/);
  });
});
