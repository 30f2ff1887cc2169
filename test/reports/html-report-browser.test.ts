/**
 * The HTML report opened in headless Chromium (Debian's package, driven by playwright-core): every chart renders,
 * nothing is logged as an error, no request leaves the file, hostile strings show as text and run nothing, and
 * with JavaScript disabled the server-rendered SVGs are there. One browser launch for the whole file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport, reportCharts, verdictHeadline } from '../../reports/index';
import { launchChromium } from '../helpers/launch-chromium';
import { type FixtureName, HOSTILE, loadFixture } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'verdict-html-'));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a page did while it was open: console errors, page errors, requests, dialogs. */
interface PageLog {
  readonly errors: string[];
  readonly requests: string[];
  readonly dialogs: string[];
}

async function openReport(
  name: FixtureName,
  javaScriptEnabled: boolean,
): Promise<{ page: Page; log: PageLog; url: string }> {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, await renderHtmlReport(loadFixture(name)));
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const log: PageLog = { errors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      log.errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => log.errors.push(`pageerror: ${error.message}`));
  page.on('request', (request) => log.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    log.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, log, url };
}

/** Per chart container: its id, whether vega-embed drew it, and how many mark items its live and static SVGs hold. */
const chartState = (page: Page) =>
  page.$$eval('[data-chart]', (figures) =>
    figures.map((figure) => ({
      id: (figure as HTMLElement).dataset.chart,
      rendered: (figure as HTMLElement).dataset.rendered ?? null,
      liveMarks: figure.querySelectorAll('.chart-live svg g[class*="mark-"] > :is(path, rect, line, text, g)').length,
      staticMarks: figure.querySelectorAll('.chart-static svg g[class*="mark-"] > :is(path, rect, line, text, g)')
        .length,
    })),
  );

/** The hostile strings each fixture must show as text. */
const SHOWN_AS_TEXT: Record<FixtureName, string[]> = {
  regression: [HOSTILE.closeScript, HOSTILE.img, HOSTILE.template, HOSTILE.script],
  'improvement-pass-at-k': [HOSTILE.quotes],
  'score-latency-cost': [HOSTILE.closeScript],
  'no-discordant-pairs': [],
  incomplete: [HOSTILE.img],
};

describe.each(['regression', 'improvement-pass-at-k', 'no-discordant-pairs', 'incomplete'] as const)(
  'the %s report in Chromium',
  (name) => {
    let opened: Awaited<ReturnType<typeof openReport>>;
    beforeAll(async () => {
      opened = await openReport(name, true);
      await opened.page.waitForFunction(
        () =>
          Array.from(document.querySelectorAll<HTMLElement>('[data-chart]')).every((figure) => figure.dataset.rendered),
        null,
        { timeout: 15_000 },
      );
    });
    afterAll(() => opened.page.context().close());

    it('renders every chart interactively, replacing the static SVG', async () => {
      const charts = await chartState(opened.page);
      expect(charts.map((c) => c.id)).toEqual(reportCharts(loadFixture(name)).map((c) => c.id));
      for (const chart of charts) {
        expect(chart, chart.id).toMatchObject({ rendered: 'true', staticMarks: 0 });
        expect(chart.liveMarks, chart.id).toBeGreaterThan(0);
      }
    });

    it('logs no error or warning and requests nothing but the file itself', () => {
      expect(opened.log.errors).toEqual([]);
      expect(opened.log.requests.filter((url) => url !== opened.url && !/^(data|about):/.test(url))).toEqual([]);
    });

    it('shows hostile strings as text and runs none of them', async () => {
      const doc = loadFixture(name);
      expect(opened.log.dialogs).toEqual([]);
      expect(await opened.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(await opened.page.locator('img').count()).toBe(0);
      expect(await opened.page.locator('h1').textContent()).toBe(verdictHeadline(doc, doc.policy));
      const text = (await opened.page.locator('body').textContent()) ?? '';
      for (const hostile of SHOWN_AS_TEXT[name]) expect(text.includes(hostile), `${hostile} shown as text`).toBe(true);
    });
  },
);

describe('the report without JavaScript', () => {
  it('shows the server-rendered SVG of every chart, with marks and no error', async () => {
    const { page, log } = await openReport('score-latency-cost', false);
    const charts = await chartState(page);
    expect(charts.map((c) => c.id)).toEqual(['pass-rate', 'difference', 'flips', 'power', 'latency', 'cost']);
    for (const chart of charts) {
      expect(chart, chart.id).toMatchObject({ rendered: null, liveMarks: 0 });
      expect(chart.staticMarks, chart.id).toBeGreaterThan(0);
    }
    expect(await page.locator('header.verdict .badge').textContent()).toBe('Equivalent');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
