// One served site and one headless Chromium per test file: started before its first test and
// closed after its last. `site.url` and `site.browser` are set once `before` has run.

import { after, before } from 'node:test';

import { launch } from './browser.mjs';
import { start, stop } from './server.mjs';

/** Registers the file's before/after hooks; returns `{ url, browser }`, filled in by `before`. */
export function useSite() {
  const site = { url: '', browser: null };
  before(async () => {
    site.url = await start();
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    await stop();
  });
  return site;
}
