import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  FLIP_COLUMNS,
  flipListHeading,
  itemRefSentence,
  renderHtmlReport,
  type VerdictDocument,
  verdictHeadline,
  verdictLabel,
} from '../../reports/index';
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
    expectIncludes(markup, `<h4>${flipListHeading('Pass → fail', { shown: 40, total: 40 })}</h4>`);
    expectIncludes(markup, '<h4>Pass → fail: 40 items</h4>');
    expectIncludes(markup, 'Each variant over all its ok rows');
    expectIncludes(markup, `<code class="hash">${regression.provenance.inputs[0]!.sha256}</code>`);
    expectIncludes(markup, 'Holm correction');
  });

  it('does not grow with n, with the number of flips beyond the cap, or with output length', async () => {
    const scale = (doc: VerdictDocument, factor: number, outputChars: number): VerdictDocument => {
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
        items.map((i) => ({ ...i, baselineOutput: 'y'.repeat(outputChars), input: 'q'.repeat(outputChars) }));
      const longFlips = { ...flips, passToFail: outputs(flips.passToFail), failToPass: outputs(flips.failToPass) };
      return {
        ...doc,
        paired,
        flips: longFlips,
        comparisons: doc.comparisons.map((c, i) => (i === 0 ? { ...c, paired, flips: longFlips } : c)),
      };
    };
    // Outputs and inputs just past what the report holds of them, then 1000 times the items, flips and lengths.
    const small = await renderHtmlReport(scale(regression, 1, 10_000));
    const big = await renderHtmlReport(scale(regression, 1000, 200_000));
    const capped = await renderHtmlReport(scale(regression, 1000, 200_000), { maxOutputChars: 100, maxItemChars: 100 });
    expect(Math.abs(big.length - small.length)).toBeLessThan(20_000);
    expect(capped.length).toBeLessThan(big.length - 100_000);
    expectIncludes(capped, '… (199900 more characters)');
    expectIncludes(capped, '<summary>all first 100 of 200,000 characters</summary>');
  });

  it('lists each flip with its question, expected answer, both outputs and the reasons, escaped', async () => {
    const { markup } = splitScripts(page);
    const headers = Object.values(FLIP_COLUMNS).filter((h) => h !== FLIP_COLUMNS.tags);
    const thead = /<table class="flips">\n<thead><tr>(.*?)<\/tr><\/thead>/.exec(markup)![1]!;
    expect([...thead.matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1])).toEqual([
      ...headers.filter((h) => !h.endsWith('score') && h !== FLIP_COLUMNS.baselineReason),
    ]);
    // The row of item 5: question (two lines), expected, outputs and the candidate's reason; no baseline reason.
    const row = /<tr><td><code>5<\/code>.*?<\/tr>/s.exec(markup)![0];
    expect(row).toContain('<pre>What is 5 + 5?\nShow your work.</pre>');
    expect(row).toContain('<td><pre>10</pre></td>');
    expect(row).toContain(`<pre>${escapeHtml(`expected 10 | got ${HOSTILE.img}`)}</pre>`);
    // Hostile question and answer key are text; an item too large to copy says where it is.
    expectIncludes(markup, `<pre>${escapeHtml(`${HOSTILE.img} ${HOSTILE.markdown}`)}</pre>`);
    expectIncludes(markup, `<pre>${escapeHtml(HOSTILE.closeScript)}</pre>`);
    expectIncludes(
      markup,
      `<td class="muted">${escapeHtml(itemRefSentence({ file: `items ${HOSTILE.script}.jsonl`, sha256: 'ab'.repeat(32) }))}</td>`,
    );
    expectExcludes(markup, HOSTILE.img);
    // A long question shows its start, and all of it under <details>.
    const long = /<tr><td><code>long-output<\/code>.*?<\/tr>/s.exec(markup)![0];
    expect(long).toMatch(
      /<pre>Summarise:\n(lorem ipsum ){24}l… \(436 more characters\)<\/pre><details><summary>all 736 characters<\/summary><pre>Summarise:/,
    );
    // Regressions are listed before improvements, each by item id (numbers first, in numeric order).
    const items = [...markup.matchAll(/<tr><td><code>(.*?)<\/code>/g)].map((m) => m[1]);
    expect(items.slice(0, 5)).toEqual(['3', '4', '5', '6', '7']);
  });

  it('lists at most maxFlips per direction and says how many of how many; 0 lists none', async () => {
    const three = splitScripts(await renderHtmlReport(regression, { maxFlips: 3 })).markup;
    expectIncludes(three, `<h4>${flipListHeading('Pass → fail', { shown: 3, total: 40 })}</h4>`);
    expectIncludes(three, '<h4>Pass → fail: 40 items, showing 3 of 40</h4>');
    const listed = [...three.matchAll(/<tr><td><code>(\d+)<\/code>/g)].map((m) => m[1]);
    expect(listed).toEqual(['3', '4', '5', '41', '42', '43', '3', '4', '12', '41', '42', '43']); // two comparisons
    const none = splitScripts(await renderHtmlReport(regression, { maxFlips: 0 })).markup;
    expectIncludes(none, '<h4>Pass → fail: 40 items, not listed (--flips 0)</h4>');
    expectExcludes(none, '<table class="flips">');
    await expect(renderHtmlReport(regression, { maxFlips: -1 })).rejects.toThrow(
      'renderHtmlReport: `maxFlips` must be an integer >= 0, got -1',
    );
  });

  it('renders flips of other tools (no question, expected or reason) without those columns', async () => {
    const doc = loadFixture('no-discordant-pairs');
    const flips = {
      ...doc.flips,
      nPassToFail: 1,
      passToFail: [{ item: 'django__django-11206', candidateOutput: 'x' }],
    };
    const markup = await renderHtmlReport({ ...doc, flips, comparisons: [{ ...doc.comparisons[0]!, flips }] });
    expectIncludes(markup, '<thead><tr><th>item</th><th>candidate output</th></tr></thead>');
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

describe('renderHtmlReport with a renderChartSvg of its own (compare --html renders in a worker thread)', () => {
  it('puts each SVG in its own figure, whatever order the renders finish in', async () => {
    const finish: (() => void)[] = [];
    const rendering = renderHtmlReport(regression, {
      renderChartSvg: () => {
        const name = `chart-${finish.length}`;
        return new Promise((resolve) => finish.push(() => resolve(`<svg data-name="${name}"></svg>`)));
      },
    });
    // The page's other parts are built while the charts render: every chart is asked for at once.
    expect(finish.length).toBeGreaterThanOrEqual(5);
    for (const done of [...finish].reverse()) done();
    const { markup } = splitScripts(await rendering);
    const figures = [...markup.matchAll(/<div class="chart-static"><svg data-name="([^"]+)">/g)].map((m) => m[1]);
    expect(figures).toEqual(finish.map((_, i) => `chart-${i}`));
  });

  it("fails with the renderer's error", async () => {
    await expect(
      renderHtmlReport(regression, { renderChartSvg: () => Promise.reject(new Error('the chart worker ended')) }),
    ).rejects.toThrow('the chart worker ended');
  });
});
