// One served site and one browser of the run's engine (browser.mjs) for every test file of the
// run: started before the first test, closed after the last. The run imports all test files
// into one process (tests/e2e/run.mjs), so Firefox's slow start is paid once.

import { after, afterEach, before } from 'node:test';

import { closeLeftOpen, launch } from './browser.mjs';
import { clearFaults, start, stop } from './server.mjs';

const site = { url: '', browser: null };
let starting = null;

/** Registers the before/after hooks (once per process); returns `{ url, browser }`, filled in by `before`. */
export function useSite() {
  if (starting) return site;
  starting = true;
  before(async () => {
    site.url = await start(undefined, { e2e: true });
    site.browser = await launch();
  });
  // A failed test leaves no fault and no page behind.
  afterEach(async () => {
    clearFaults();
    await closeLeftOpen();
  });
  after(async () => {
    await site.browser?.close();
    await stop();
  });
  return site;
}
