import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { runDemo } from '../../src/demo/run-demo';
import { launchChromium } from '../helpers/launch-chromium';

const directory = await mkdtemp(join(tmpdir(), 'verdict-demo-report-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

it('opens in headless Chromium with every chart rendered, no error and no network request', async () => {
  const { files } = await runDemo({ outDir: join(directory, 'runs/demo'), items: 50 });
  const url = pathToFileURL(files.html).href;
  const browser = await launchChromium();
  try {
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
  } finally {
    await browser.close();
  }
}, 90_000);
