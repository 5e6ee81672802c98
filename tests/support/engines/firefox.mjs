// Firefox: Debian's firefox-esr, headless, driven over WebDriver BiDi by puppeteer-core (no
// geckodriver). Console errors of the page and of its workers, and uncaught exceptions, are seen.
// Each context is a Firefox user context (container): its own cookies, caches and service workers.

import puppeteer from 'puppeteer-core';

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
    async newContext({ viewport = { width: 1280, height: 720 } } = {}) {
      const context = await browser.createBrowserContext();
      return {
        async newPage() {
          const p = await context.newPage();
          await p.setViewport(viewport);
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
  const frame = (index) => (index === null ? p.mainFrame() : p.mainFrame().childFrames()[index]);
  return {
    evaluate: (expression, index) => frame(index).evaluate(expression),
    goto: (url) => p.goto(url),
    reload: () => p.reload(),
    url: () => p.url(),
    mouse: (kind, x, y) => (kind === 'move' ? p.mouse.move(x, y) : p.mouse[kind]()),
    key: (key) => p.keyboard.press(key),
    screenshot: (path) => p.screenshot({ path }),
    errors: async () => [...errors],
    close: () => p.close(),
  };
}
