import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FLIP_COLUMNS, flipListHeading } from '../../reports/index';
import { type DemoResult, runDemo } from '../../src/demo/run-demo';
import { launchChromium } from '../helpers/launch-chromium';

const directory = await mkdtemp(join(tmpdir(), 'verdict-demo-report-'));
let demo: DemoResult;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([runDemo({ outDir: join(directory, 'runs/demo'), items: 50 }), launchChromium()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await rm(directory, { recursive: true, force: true });
});

it('opens in headless Chromium with every chart rendered, no error and no network request', async () => {
  const url = pathToFileURL(demo.files.html).href;
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll<HTMLElement>('[data-chart]')).every((figure) => figure.dataset.rendered),
  );
  const charts = await page.$$eval('[data-chart]', (figures) =>
    figures.map((figure) => `${(figure as HTMLElement).dataset.chart}: ${(figure as HTMLElement).dataset.rendered}`),
  );
  expect(charts.length).toBeGreaterThan(0);
  expect(charts.filter((chart) => !chart.endsWith(': true'))).toEqual([]);
  expect(errors).toEqual([]);
  expect(requests).toEqual([url]);
  await page.close();
}, 90_000);

it('shows the regressions with their question, expected answer, both outputs and the reasons', async () => {
  const { flips } = demo.document;
  expect(flips.nPassToFail).toBeGreaterThan(0);
  // What the run stored for the first regression listed (lowest item id): the report must show exactly it.
  const first = flips.passToFail[0]!;
  expect(first.input).toEqual(expect.any(String));
  expect(first.expected).toEqual(expect.any(String));
  expect(first.candidateReason).toBe(
    `expected ${JSON.stringify(first.expected)}, got ${JSON.stringify(first.candidateOutput)}`,
  );
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(pathToFileURL(demo.files.html).href, { waitUntil: 'load' });
  const heading = page.getByRole('heading', {
    name: flipListHeading('Pass → fail', { shown: Math.min(50, flips.nPassToFail), total: flips.nPassToFail }),
  });
  await expect(heading.isVisible()).resolves.toBe(true);
  const table = page.locator('table.flips').first();
  const headers = await table.locator('thead th').allInnerTexts();
  expect(headers).toEqual([
    FLIP_COLUMNS.item,
    FLIP_COLUMNS.input,
    FLIP_COLUMNS.expected,
    FLIP_COLUMNS.baselineOutput,
    FLIP_COLUMNS.baselineReason,
    FLIP_COLUMNS.candidateOutput,
    FLIP_COLUMNS.candidateReason,
  ]);
  const row = table.locator('tbody tr').first();
  const cell = (header: string) => row.locator('td').nth(headers.indexOf(header));
  await row.scrollIntoViewIfNeeded();
  for (const [header, text] of [
    [FLIP_COLUMNS.input, first.input!],
    [FLIP_COLUMNS.expected, first.expected!],
    [FLIP_COLUMNS.baselineOutput, first.baselineOutput!],
    [FLIP_COLUMNS.candidateOutput, first.candidateOutput!],
    [FLIP_COLUMNS.candidateReason, first.candidateReason!],
    [FLIP_COLUMNS.baselineReason, first.baselineReason!],
  ] as const) {
    await expect(cell(header).isVisible(), header).resolves.toBe(true);
    // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is what a reviewer sees
    expect((await cell(header).innerText()).trim(), header).toBe(text.trim());
  }
  const item = cell(FLIP_COLUMNS.item).locator('code');
  await expect(item.isVisible()).resolves.toBe(true);
  await expect(item.textContent()).resolves.toBe(String(first.item));
  // Every cell has room: none is squeezed to nothing by the others.
  for (const header of headers) {
    const box = await cell(header).boundingBox();
    expect(box!.width, header).toBeGreaterThan(20);
  }
  await page.close();
}, 90_000);
