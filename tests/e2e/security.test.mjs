// End-to-end: the page works under its strict Content-Security-Policy (declared in index.html
// and sent as a header by the test server, so the worker runs under it too), reports no
// violation, and every request it makes goes to its own origin.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openPage, ready, settled } from '../support/browser.mjs';
import { pageSettings, policy, since } from '../support/server.mjs';
import { openDrawer } from '../support/drawer.mjs';
import { useSite } from '../support/site.mjs';

const TRAINING = { timeout: 120_000 };
const site = useSite();


test('the page trains under its strict CSP with no violation and talks only to its own origin', TRAINING, async () => {
  assert.match(policy(), /script-src 'self' 'wasm-unsafe-eval'/, 'the server sends the CSP of index.html');
  const response = await fetch(site.url);
  assert.match(response.headers.get('content-security-policy'), /default-src 'self'/);
  const requested = since();
  pageSettings({ serviceWorker: true }); // its requests, and its script's policy, count too
  const { page } = await openPage(site.browser, site.url); // the harness records violations
  await ready(page);
  await (await openDrawer(page)).getByLabel('Epochs', { exact: true }).fill('30'); // long enough to be paused while it runs
  await page.getByRole('button', { name: 'Train' }).click();
  // Weights drawn and progress reported: wasm compiled, the worker ran, the data arrived.
  await page.getByLabel('Samples this epoch', { exact: true }).filter({ hasText: /^[1-9][\d,]* \/ 50,000$/ }).waitFor(TRAINING);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByLabel('Status', { exact: true }).filter({ hasText: /^Paused$/ }).waitFor();
  // Hovering draws the tooltip (inline style through the CSSOM is allowed; style="" is not).
  const tile = page.getByRole('img', { name: /^hidden neuron 3\b/ });
  await tile.scrollIntoViewIfNeeded(); // below the fold: the move must land on it, and after the scroll
  await settled(page);
  const box = await tile.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.getByRole('tooltip').waitFor();

  // What the page fetched (its resource timing: the worker's own requests are covered by the
  // CSP's connect-src, whose violations are counted) and what reached the server.
  const origin = new URL(site.url).origin;
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  const foreign = fetched.filter((address) => !address.startsWith(`${origin}/`) && !address.startsWith('data:'));
  assert.deepEqual(foreign, [], 'requests to other origins');
  // index.html names every module the page imports (make dist), so none waits for its importer.
  const pageModule = (address) => /\/www\/((lib|panels)\/[^/]+|pkg\/weightscope)\.js$/.test(new URL(address).pathname);
  const preloaded = await page.evaluate(() => [...document.querySelectorAll('link[rel="modulepreload"]')].map((link) => link.href));
  assert.deepEqual([...new Set(fetched.filter(pageModule))].sort(), preloaded.sort(), 'the modules preloaded are the modules loaded');
  assert.ok(requested().some((address) => address.endsWith('.wasm')), 'the wasm was fetched');
  assert.ok(requested().some((address) => address.endsWith('manifest.json')), 'the data manifest was fetched');
  assert.deepEqual(await page.violations(), []);
  assert.deepEqual(await page.errors(), []);

  // Control: the policy is really enforced (an inline style is refused and reported).
  const color = await page.evaluate(() => {
    const probe = document.createElement('p');
    probe.setAttribute('style', 'color: rgb(1, 2, 3)');
    document.body.append(probe);
    return getComputedStyle(probe).color;
  });
  assert.notEqual(color, 'rgb(1, 2, 3)');
  await page.waitForFunction(() => __harness.violations.length > 0);
  await page.context().close();
});
