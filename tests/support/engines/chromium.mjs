// Chromium: Debian's /usr/bin/chromium, headless, driven by playwright-core (no browser is ever
// downloaded). Console errors of the page and of its workers, and uncaught exceptions, are seen.

import { chromium } from 'playwright-core';

export async function launch() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    name: 'chromium',
    version: `Chromium ${browser.version()}`,
    async newContext({ viewport = { width: 1280, height: 720 }, isMobile = false, hasTouch = false } = {}) {
      const context = await browser.newContext({ viewport, isMobile, hasTouch });
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
