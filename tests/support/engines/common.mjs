// The page adapter for drivers with a Playwright-style page object (playwright-core's and
// puppeteer-core's share these calls): what tests/support/page.mjs needs, given the page and
// the array its engine records console errors into.

export function pageAdapter(p, errors) {
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
