// The browser engine a test run drives (WEIGHTSCOPE_ENGINE: chromium, the default, firefox or
// webkit; adapters in engines/), launched once per run and shared by every test file, and the
// pages the tests open in it (page.mjs: one API over all three).

import { Page } from './page.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];
export const ENGINE = process.env.WEIGHTSCOPE_ENGINE || 'chromium';
if (!ENGINES.includes(ENGINE)) throw new Error(`WEIGHTSCOPE_ENGINE=${ENGINE}: not one of ${ENGINES}`);

/**
 * Browser features an engine lacks, by name: a test that needs one is skipped there, with the
 * name as the reason (README: "Tested engines" lists them). Nothing else is ever skipped.
 */
const MISSING = {
  chromium: {},
  firefox: {
    'prefers-color-scheme emulation': 'puppeteer\'s WebDriver BiDi page cannot emulate a media feature (it needs CDP)',
  },
  webkit: {
    'devicePixelRatio emulation': 'classic WebDriver cannot set a page\'s devicePixelRatio; MiniBrowser under Xvfb is at 1',
    'prefers-color-scheme emulation': 'classic WebDriver cannot emulate a media feature',
  },
};

/** `false` if `engine` has every feature, or the reason to skip: its missing features. */
export function lacks(features, engine = ENGINE) {
  const missing = features.filter((feature) => MISSING[engine][feature]);
  return missing.length > 0 && `${engine} lacks ${missing.map((feature) => `${feature} (${MISSING[engine][feature]})`).join(', ')}`;
}

/** Launches `engine`'s browser; resolves to its adapter ({name, version, newContext, close}). */
export async function launch(engine = ENGINE) {
  const { launch: start } = await import(`./engines/${engine}.mjs`);
  return start();
}

/** The contexts not closed yet. */
const open = new Set();

/**
 * A new context of `browser` (its own storage) with one page. `options`: viewport
 * {width, height} (default 1280x720), deviceScaleFactor (Chromium and Firefox), colorScheme
 * ('light' or 'dark') and isMobile/hasTouch (Chromium only).
 */
export async function newContext(browser, options = {}) {
  const handle = await browser.newContext(options);
  const context = {
    pages: [],
    async newPage() {
      const page = new Page(await handle.newPage(), context);
      context.pages.push(page);
      return page;
    },
    async close() {
      open.delete(context);
      for (const page of context.pages) await page.keepErrors();
      await handle.close();
    },
  };
  open.add(context);
  return context;
}

/**
 * Closes what a test left open (it failed before its own close): a page left running, with its
 * workers, would slow the next tests (in WebKit, its own browser would keep running).
 */
export async function closeLeftOpen() {
  for (const context of [...open]) await context.close().catch(() => open.delete(context));
}

/** A new page (own context) at `url`: `{ page }`; page.errors() has its console errors. */
export async function openPage(browser, url, options = {}) {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  await page.goto(url);
  return { page };
}

/**
 * Waits until the page is wired (wasm loaded, the form filled from the link, Train enabled):
 * before that, what a test types may be overwritten. Chromium is usually there first; WebKit
 * often is not.
 */
export function ready(page) {
  return page.getByRole('button', { name: 'Train', exact: true }).and(page.locator(':enabled')).waitFor();
}

/**
 * Waits until the page's run is Done. `timeout` is the test's own (ms): a run that is not Done
 * 30 s before it fails then, saying what the page showed instead (its status, headline, alerts
 * and errors), where the test's timeout would say only that it ran out.
 */
export async function finished(page, { timeout: testTimeout }) {
  const timeout = testTimeout - 30_000;
  try {
    await page.getByLabel('Status', { exact: true }).filter({ hasText: /^Done$/ }).waitFor({ timeout });
  } catch (error) {
    const shown = await page.evaluate(() => ['#state', '#headline', '#alerts'].map((selector) => document.querySelector(selector)?.textContent.trim()))
      .catch((unread) => [`unreadable: ${unread.message}`]);
    const errors = await page.errors().catch(() => []);
    throw new Error(`the run was not Done after ${timeout} ms: ${JSON.stringify({ shown, errors })} (${error.message})`);
  }
}

/** After a scroll: its event (which hides tooltips and highlights) has fired, so the next pointer move counts. */
export function settled(page) {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}
