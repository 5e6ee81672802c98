// Headless Debian Chromium driven by playwright-core itself, for the benchmarks and the soak test,
// which measure Chromium through its DevTools protocol (heap, network, workers). The end-to-end
// suite does not use this: it drives every engine through browser.mjs.

import { chromium } from 'playwright-core';

import { LAUNCH } from './engines/chromium.mjs';

/** Launches /usr/bin/chromium headless, as the end-to-end suite does. */
export function launch() {
  return chromium.launch(LAUNCH);
}

/**
 * A new page (own context) with `errors`: every console error and uncaught exception, as text.
 * Options go to browser.newContext (e.g. a phone viewport), except `initScript` (a function or
 * {content}) which context.addInitScript runs before the page's scripts.
 */
export async function openPage(browser, url, options = {}) {
  const { initScript, ...contextOptions } = options; // initScript: runs before the page's own scripts
  const context = await browser.newContext(contextOptions);
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const errors = [];
  const record = (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  };
  page.on('console', record);
  page.on('worker', (worker) => worker.on('console', record)); // may repeat a page event: harmless
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(url);
  return { page, errors };
}

/** After a scroll: its event (which hides tooltips and highlights) has fired, so the next pointer move counts. */
export function settled(page) {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}
