import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: CI installs it (.ci/run); no test tool ever downloads a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless Chromium as every browser test here opens it. The background-networking flags keep the
 * browser itself from reaching out (the machine has no network, and a test asserts that no request
 * leaves the page). A missing browser fails loudly with the install command rather than skipping.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's Chromium with \`apt-get update && apt-get install -y chromium\` (.ci/run does)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
