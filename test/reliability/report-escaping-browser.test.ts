/**
 * Issue 7, security: everything in a report that came from data is escaped. Results carrying script,
 * event-handler, markup-breaking and request-making canaries in item ids, variant names, outputs, tags
 * and error messages go through `verdict compare --html` (in-process); the report is opened in headless
 * Chromium (Debian's package, playwright-core): no script of the data runs, no dialog opens, no request
 * leaves the file, and the canaries show as text.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../cli/run-cli-process';
import { launchChromium } from '../helpers/launch-chromium';

const dir = mkdtempSync(join(tmpdir(), 'verdict-escape-'));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Each canary sets `window.__pwned` to its own number, or asks for a URL, if it is ever run or loaded. */
const canary = (n: number): string =>
  [
    `<script>window.__pwned=${n}</script>`,
    `<img src=x onerror="window.__pwned=${n}">`,
    `</script><script>window.__pwned=${n}</script>`,
    `"><svg onload="window.__pwned=${n}">`,
    `<img src="http://127.0.0.1:9/leak-${n}">`,
    `javascript:window.__pwned=${n}`,
    `{{constructor.constructor('window.__pwned=${n}')()}}`,
    `<style>@import url(http://127.0.0.1:9/css-${n})</style>`,
    `<!-- ]]> \u2028 ${n}`,
  ][n % 9]!;

const BASELINE = `base${canary(0)}`;
const CANDIDATE = `cand${canary(1)}`;

describe('an HTML report of hostile data, in headless Chromium', () => {
  it('runs no script, opens no dialog, sends no request, and shows the canaries as text', async () => {
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 36; i++) {
      const item = `item ${canary(i)}`;
      const tags = { category: i % 2 === 0 ? `cat ${canary(i + 2)}` : 'plain' };
      // Items 0..11 flip pass -> fail (a regression with their outputs shown), 12..17 fail -> pass.
      const a = i < 12 ? true : i < 18 ? false : i % 3 !== 0;
      const b = i < 12 ? false : i < 18 ? true : i % 3 !== 0;
      // What a reviewer reads beside the outputs: the question, the answer key and the scorer's reason.
      const review = { input: `question ${canary(i + 5)}`, expected: `answer ${canary(i + 6)}` };
      rows.push({ item, variant: BASELINE, pass: a, tags, ...review, output: `out A ${canary(i + 3)}` });
      rows.push({
        item,
        variant: CANDIDATE,
        pass: b,
        tags,
        ...review,
        output: `out B ${canary(i + 4)}`,
        reason: `why ${canary(i + 7)}`,
        latencyMs: 10 + i,
      });
    }
    rows.push({ item: `lost ${canary(5)}`, variant: CANDIDATE, status: 'error', error: `err ${canary(6)}` });
    const results = join(dir, 'hostile.jsonl');
    writeFileSync(results, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
    const html = join(dir, 'report.html');
    const result = await runCliInProcess([
      'compare',
      results,
      '--baseline',
      BASELINE,
      '--candidate',
      CANDIDATE,
      '--by',
      'tags.category',
      '--html',
      html,
    ]);
    expect([0, 1], result.stderr).toContain(result.code);

    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const url = pathToFileURL(html).href;
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(500); // let vega-embed render and any deferred handler fire
    const pwned = await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);
    // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees, not the text of scripts
    const text = await page.evaluate(() => document.body.innerText);
    const injected = await page.evaluate(
      () => document.querySelectorAll('img[src="x"], img[src^="http"], svg[onload], style:not(head style)').length,
    );
    await context.close();

    expect({ pwned, dialogs, errors, injected }).toEqual({ pwned: undefined, dialogs: [], errors: [], injected: 0 });
    expect(requests.filter((r) => r !== url && !r.startsWith('data:'))).toEqual([]);
    // Shown as text: the variant names, the flipped items' ids, questions, answers and reasons, the slice labels.
    for (const shown of [
      BASELINE,
      CANDIDATE,
      `item ${canary(0)}`,
      `item ${canary(1)}`,
      `cat ${canary(2)}`,
      `question ${canary(5)}`,
      `answer ${canary(6)}`,
      `why ${canary(7)}`,
    ])
      expect(text.replace(/\s+/g, ' '), shown).toContain(shown.replace(/\s+/g, ' ').replace('\u2028', ' '));
    expect(readFileSync(html, 'utf8')).not.toContain('<script>window.__pwned');
  }, 120_000);
});
