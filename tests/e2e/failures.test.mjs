// End-to-end: failures the page must survive. A run that diverges stops with an explanation; a
// worker that dies is reported and restarted without a reload; MNIST comes from the browser's
// cache on a second visit, a corrupt cache entry is caught by its checksum and fetched again,
// a page that goes offline after loading still trains, and so does one reloaded or opened
// offline after a first visit (the service worker, sw.js, keeps the app shell).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openPage } from '../support/browser.mjs';
import { useSite } from '../support/site.mjs';

const TRAINING = { timeout: 120_000 };
const site = useSite();


const status = (page) => page.getByLabel('Status', { exact: true });
const ready = (page) => page.waitForFunction(() => !document.querySelector('button[type="submit"]').disabled);

/** Presses Train and waits until the worker reports trained samples, then resets. */
async function trains(page) {
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByLabel('Samples this epoch', { exact: true }).filter({ hasText: /^[1-9][\d,]* \/ 50,000$/ }).waitFor(TRAINING);
  await page.getByRole('button', { name: 'Reset' }).click();
  await status(page).filter({ hasText: /^Ready$/ }).waitFor();
}

/** The .gz files `page` requests from now on. */
function dataRequests(page) {
  const files = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop();
    if (name.endsWith('.gz')) files.push(name);
  });
  return files;
}

test('a run that diverges stops with an explanation, and the page trains a sane run after it', TRAINING, async () => {
  const { page, errors } = await openPage(site.browser, `${site.url}#v=1&eta=100&lambda=1000&epochs=2`);
  await ready(page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const alert = page.getByRole('alert').getByText(/^Training stopped: The network diverged/);
  await alert.waitFor(TRAINING);
  assert.match(await alert.textContent(), /in epoch 1 after [\d]+ examples: a weight reached [-\d.e]+, far beyond any useful value/);
  assert.match(await alert.textContent(), /1 − η·λ\/n = -1\.00, which overshoots: lower η or λ\.$/);
  assert.equal(await status(page).textContent(), 'Stopped');
  assert.equal(await page.getByLabel('Test accuracy', { exact: true }).textContent(), '–', 'no epoch result from a blown-up run');
  await page.locator('.status').screenshot({ path: '/tmp/weightscope-diverged.png' });
  await page.getByLabel('Learning rate η', { exact: true }).fill('0.5');
  await page.getByLabel('Regularization λ', { exact: true }).fill('5');
  await page.getByLabel('Epochs', { exact: true }).fill('30'); // still running when Reset is pressed
  await trains(page);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a trainer that panics is reported with its panic message and restarted without a reload', TRAINING, async (t) => {
  const { page, errors } = await openPage(site.browser, `${site.url}#v=1&epochs=3`);
  await ready(page);
  const downloads = dataRequests(page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await status(page).filter({ hasText: /^Training$/ }).waitFor(TRAINING);
  assert.equal(downloads.length, 4);
  // Real: the test build's worker (make dist WASM_FEATURES=test-hooks) takes a `panic` request
  // and panics inside the wasm, as a bug would. Sent from inside the worker, as the page would.
  const [first] = page.workers();
  await first.evaluate(() => dispatchEvent(new MessageEvent('message', { data: { type: 'panic', message: 'a panic made by the test' } })));
  const alert = page.getByRole('alert').getByText(/^The trainer stopped|does not understand/);
  await alert.waitFor();
  if (/does not understand/.test(await alert.textContent())) {
    t.skip('the site is not the test build: make dist WASM_FEATURES=test-hooks');
    await page.context().close();
    return;
  }
  assert.match(await alert.textContent(), /it panicked: panicked at crate\/src\/web\/worker\.rs:\d+:\d+:\s+a panic made by the test\)\. Restart it to train again/);
  assert.equal(await status(page).textContent(), 'Stopped');
  assert.ok(await page.getByRole('button', { name: 'Save model (.wscp)' }).isDisabled(), 'the run went with its worker');
  await page.locator('.status').screenshot({ path: '/tmp/weightscope-crashed.png' });

  await page.getByRole('button', { name: 'Restart the trainer' }).click();
  await trains(page);
  assert.equal(downloads.length, 4, 'the data came back from the cache, not the network');
  assert.ok(!page.workers().includes(first), 'the dead worker is gone');

  // Real: the new worker's wasm runs out of memory. Its glue module, imported from the URL
  // worker.js imports it from, is the same module instance, and init() hands back the running
  // instance's exports. Rust's allocator is asked for 1 GiB at a time until wasm32 memory (4 GiB
  // at most) cannot grow: it aborts, and the wasm traps, uncaught in the worker, as on any OOM.
  await page.workers()[0].evaluate(async () => {
    const glue = await import(new URL('pkg/weightscope.js', location.href));
    const wasm = await glue.default();
    setTimeout(() => {
      for (;;) wasm.__wbindgen_malloc(2 ** 30, 8);
    });
  });
  const oom = page.getByRole('alert').getByText(/^The trainer stopped/);
  await oom.waitFor(TRAINING);
  assert.match(await oom.textContent(), /\(Uncaught RuntimeError: unreachable; it may have run out of memory\)\. Restart it to train again/);
  assert.equal(await status(page).textContent(), 'Ready', 'it died between runs');
  await trains(page); // Train alone starts a new worker
  assert.deepEqual(errors.filter((e) => !/unreachable|a panic made by the test/.test(e)), []);
  await page.context().close();
});

test('MNIST is cached: a second visit downloads nothing, a corrupt entry is fetched again, offline still trains', TRAINING, async () => {
  const { page, errors } = await openPage(site.browser, `${site.url}#v=1&epochs=1`);
  const context = page.context();
  await ready(page);
  const firstVisit = dataRequests(page);
  await trains(page);
  assert.equal(firstVisit.length, 4);

  const second = await context.newPage();
  const secondVisit = dataRequests(second);
  await second.goto(`${site.url}#v=1&epochs=1`);
  await ready(second);
  await trains(second);
  assert.deepEqual(secondVisit, [], 'nothing downloaded on the second visit');

  // Damage one cached file: its checksum gives it away and it alone is fetched again.
  await second.evaluate(async () => {
    const cache = await caches.open('weightscope-mnist-v1');
    const address = new URL('www/data/train-labels-idx1-ubyte.gz', location.href).href;
    const bytes = new Uint8Array(await (await cache.match(address)).arrayBuffer());
    bytes[bytes.length >> 1] ^= 0xff;
    await cache.put(address, new Response(bytes));
  });
  const third = await context.newPage();
  const thirdVisit = dataRequests(third);
  await third.goto(`${site.url}#v=1&epochs=1`);
  await ready(third);
  await trains(third);
  assert.deepEqual(thirdVisit, ['train-labels-idx1-ubyte.gz']);

  // Offline once the page is loaded: the data comes from the cache, the training works.
  const fourth = await context.newPage();
  const offlineErrors = [];
  fourth.on('console', (message) => message.type() === 'error' && offlineErrors.push(message.text()));
  await fourth.goto(`${site.url}#v=1&epochs=1`);
  await ready(fourth);
  await context.setOffline(true);
  await trains(fourth);
  await context.setOffline(false);
  assert.deepEqual(offlineErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e)), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('after one visit the page reloads offline, and opens in a new tab, draws its pretrained network and trains', TRAINING, async () => {
  const { page, errors } = await openPage(site.browser, site.url);
  const context = page.context();
  const pretrained = (tab) => tab.getByText(/^Pretrained network: www\/demos\/network2-784-30-10\.wscp/).waitFor(TRAINING);
  await pretrained(page);
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, TRAINING);
  await trains(page); // MNIST is in its cache from now on; 30 epochs: still running at Reset

  await context.setOffline(true);
  await page.reload();
  await ready(page);
  await trains(page);
  const tab = await context.newPage();
  const tabErrors = [];
  tab.on('console', (message) => message.type() === 'error' && tabErrors.push(message.text()));
  tab.on('pageerror', (error) => tabErrors.push(error.message));
  await tab.goto(site.url);
  await pretrained(tab);
  await ready(tab);
  await trains(tab);
  await context.setOffline(false);
  // Nothing failed to load: the shell came from the service worker, MNIST from its own cache.
  assert.deepEqual(errors, []);
  assert.deepEqual(tabErrors, []);
  await context.close();
});
