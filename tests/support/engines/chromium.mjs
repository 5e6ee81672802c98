// Chromium: Debian's /usr/bin/chromium, headless, driven by playwright-core (no browser is ever
// downloaded). Console errors of the page and of its workers, and uncaught exceptions, are seen.

import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { pageAdapter } from './common.mjs';

/**
 * How Chromium is launched, here and for the benchmarks (tests/support/playwright.mjs). Headless
 * Chromium makes a window for every context, and with it two hidden pages of the address bar's
 * popup (chrome://omnibox-popup.top-chrome/) in a renderer of their own: 1.6 of a page open's
 * 4.1 CPU-seconds here. Turning the two features off stops that; chromium.sh keeps
 * playwright-core's own disabled features beside them.
 */
export const LAUNCH = {
  executablePath: fileURLToPath(new URL('./chromium.sh', import.meta.url)),
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
  ],
};

export async function launch() {
  const browser = await chromium.launch(LAUNCH);
  return {
    name: 'chromium',
    version: `Chromium ${browser.version()}`,
    async newContext({ viewport = { width: 1280, height: 720 }, isMobile = false, hasTouch = false, deviceScaleFactor = 1, colorScheme = 'light' } = {}) {
      const context = await browser.newContext({ viewport, isMobile, hasTouch, deviceScaleFactor, colorScheme });
      return {
        async newPage() {
          return page(await context.newPage());
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

function page(p) {
  const errors = [];
  const record = (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  };
  p.on('console', record);
  p.on('worker', (worker) => worker.on('console', record));
  p.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return pageAdapter(p, errors);
}
