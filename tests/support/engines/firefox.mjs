// Firefox: Debian's firefox-esr, headless, driven over WebDriver BiDi by puppeteer-core (no
// geckodriver). Console errors of the page and of its workers, and uncaught exceptions, are seen.
// Each context is a Firefox user context (container): its own cookies, caches and service workers.

import puppeteer from 'puppeteer-core';

import { pageAdapter } from './common.mjs';

export async function launch() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    protocolTimeout: 300_000,
  });
  return {
    name: 'firefox',
    version: (await browser.version()).replace('firefox/', 'Firefox ESR '),
    async newContext({ viewport = { width: 1280, height: 720 }, deviceScaleFactor = 1 } = {}) {
      const context = await browser.createBrowserContext();
      return {
        async newPage() {
          const p = await context.newPage();
          await p.setViewport({ ...viewport, deviceScaleFactor });
          return page(p);
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

function page(p) {
  const errors = [];
  p.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  p.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return pageAdapter(p, errors);
}
