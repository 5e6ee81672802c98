// End-to-end: failures the page must survive. A run that diverges stops with an explanation; a
// worker that dies is reported and restarted without a reload; MNIST comes from the browser's
// cache on a second visit, a corrupt cache entry is caught by its checksum and fetched again,
// a page that goes offline after loading still trains, and so does one reloaded or opened
// offline after a first visit (the service worker, sw.js, keeps the app shell, and the demos a
// visit opened: not every one of them).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openPage } from '../support/browser.mjs';
import { hasTestHooks, offline, pageSettings, since } from '../support/server.mjs';
import { openDrawer } from '../support/drawer.mjs';
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

/** A function that returns the .gz files requested from now on. */
function dataRequests() {
  const requested = since();
  return () => requested().map((path) => path.split('/').pop()).filter((name) => name.endsWith('.gz'));
}

/** Waits until the service worker's copy of the site holds `file` (a path of the site). */
const kept = (page, file) => page.waitForFunction(async (path) => Boolean(await caches.match(new URL(path, document.baseURI).href)), file, TRAINING);

/** Failed requests while the server is offline, as each engine words them. */
const OFFLINE = /ERR_|Failed to fetch|NetworkError|Load failed|network connection was lost|Could not connect/i;

test('a run that diverges stops with an explanation, and the page trains a sane run after it', TRAINING, async () => {
  const { page } = await openPage(site.browser, `${site.url}#v=1&eta=100&lambda=1000&epochs=2`);
  await ready(page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const alert = page.getByRole('alert').getByText(/^Training stopped: The network diverged/);
  await alert.waitFor(TRAINING);
  assert.match(await alert.textContent(), /in epoch 1 after [\d]+ examples: a weight reached [-\d.e]+, far beyond any useful value/);
  assert.match(await alert.textContent(), /1 − η·λ\/n = -1\.00, which overshoots: lower η or λ\.$/);
  assert.equal(await status(page).textContent(), 'Stopped');
  assert.equal(await page.getByLabel('Test accuracy', { exact: true }).textContent(), '–', 'no epoch result from a blown-up run');
  await page.locator('.hero-head').screenshot({ path: '/tmp/weightscope-diverged.png' });
  await (await openDrawer(page)).getByLabel('Learning rate η', { exact: true }).fill('0.5');
  await (await openDrawer(page)).getByLabel('Regularization λ', { exact: true }).fill('5');
  await (await openDrawer(page)).getByLabel('Epochs', { exact: true }).fill('30'); // still running when Reset is pressed
  await trains(page);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('a message the worker cannot read is answered with an error saying why, and the page trains after it', TRAINING, async () => {
  const { page } = await openPage(site.browser, `${site.url}#v=1&epochs=1`);
  await ready(page);
  // The worker reads each request by its type (crate/src/web/worker.rs): a type it does not
  // know, and a known one without its run id, each come back as an error naming what was wrong.
  const post = (message) => page.evaluate((m) => __harness.workers.findLast((worker) => !worker.terminated).postMessage(m), message);
  const alert = page.getByRole('alert').getByText(/^Training stopped: /);
  await post({ type: 'nonsense' });
  await alert.filter({ hasText: /The worker got a message it does not understand \(type "nonsense"\)\.$/ }).waitFor();
  await post({ type: 'snapshot', batches: 10 });
  await alert.filter({ hasText: /The snapshot message has no run id\.$/ }).waitFor();
  await trains(page);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

const TEST_BUILD = { ...TRAINING, skip: !hasTestHooks() && 'the test-only wasm build is missing (make test-build)' };

test('a trainer that panics is reported with its panic message and restarted without a reload', TEST_BUILD, async () => {
  const { page } = await openPage(site.browser, `${site.url}#v=1&epochs=3`);
  await ready(page);
  const downloads = dataRequests();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await status(page).filter({ hasText: /^Training$/ }).waitFor(TRAINING);
  assert.equal(downloads().length, 4);
  // Real: the test build's worker takes a `panic` request and panics inside the wasm, as a bug
  // would; the panic hook's message, then the trap, reach the page.
  const first = await page.evaluate(() => {
    const index = __harness.workers.findLastIndex((worker) => !worker.terminated);
    __harness.workers[index].postMessage({ type: 'panic', message: 'a panic made by the test' });
    return index;
  });
  const alert = page.getByRole('alert').getByText(/^The trainer stopped/);
  await alert.waitFor();
  assert.match(await alert.textContent(), /it panicked: panicked at crate\/src\/web\/worker\.rs:\d+:\d+:\s+a panic made by the test\)\. Restart it to train again/);
  assert.equal(await status(page).textContent(), 'Stopped');
  assert.ok(await page.getByRole('button', { name: 'Save model (.wscp)' }).isDisabled(), 'the run went with its worker');
  await page.locator('.hero-head').screenshot({ path: '/tmp/weightscope-crashed.png' });

  await page.getByRole('button', { name: 'Restart the trainer' }).click();
  await trains(page);
  assert.equal(downloads().length, 4, 'the data came back from the cache, not the network');
  assert.ok(await page.evaluate((index) => __harness.workers[index].terminated, first), 'the dead worker is gone');
  // The panic is logged (console_error_panic_hook) and the trap is uncaught, where an engine shows them.
  assert.deepEqual((await page.errors()).filter((e) => !/unreachable|Unreachable|a panic made by the test/.test(e)), []);
  await page.context().close();
});

test('a trainer that runs out of memory is reported as such and a fresh one trains', TEST_BUILD, async () => {
  const { page } = await openPage(site.browser, `${site.url}#v=1&epochs=3`);
  await ready(page);
  await trains(page);
  // Real: the test build's worker (memory capped at 256 MiB) is asked to allocate 512 MiB. The
  // allocation fails, Rust aborts, the wasm traps uncaught in the worker, as on any OOM: no panic
  // hook runs, and each engine words the trap its own way.
  await page.evaluate(() => __harness.workers.findLast((worker) => !worker.terminated).postMessage({ type: 'allocate', mebibytes: 512 }));
  const oom = page.getByRole('alert').getByText(/^The trainer stopped/);
  await oom.waitFor(TRAINING);
  assert.match(await oom.textContent(), /; it may have run out of memory\)\. Restart it to train again/);
  assert.equal(await status(page).textContent(), 'Ready', 'it died between runs');
  await trains(page); // Train alone starts a new worker
  assert.equal(await page.evaluate(() => __harness.workers.filter((worker) => !worker.terminated).length), 1, 'the dead worker is gone');
  // The trap reaches the page as an uncaught error in Chromium and Firefox; nothing else is.
  assert.deepEqual((await page.errors()).filter((e) => !/unreachable|Unreachable/.test(e)), []);
  await page.context().close();
});

test('MNIST is cached: a second visit downloads nothing, a corrupt entry is fetched again, offline still trains', TRAINING, async () => {
  pageSettings({ serviceWorker: true }); // offline, the shell's late parts (the charts) come from it
  const { page } = await openPage(site.browser, `${site.url}#v=1&epochs=1`);
  const context = page.context();
  await ready(page);
  const firstVisit = dataRequests();
  await trains(page);
  assert.equal(firstVisit().length, 4);

  const second = await context.newPage();
  const secondVisit = dataRequests();
  await second.goto(`${site.url}#v=1&epochs=1`);
  await ready(second);
  await trains(second);
  assert.deepEqual(secondVisit(), [], 'nothing downloaded on the second visit');

  // Damage one cached file: its checksum gives it away and it alone is fetched again.
  await second.evaluate(async () => {
    const cache = await caches.open('weightscope-mnist-v1');
    const address = new URL('www/data/train-labels-idx1-ubyte.gz', location.href).href;
    const bytes = new Uint8Array(await (await cache.match(address)).arrayBuffer());
    bytes[bytes.length >> 1] ^= 0xff;
    await cache.put(address, new Response(bytes));
  });
  const third = await context.newPage();
  const thirdVisit = dataRequests();
  await third.goto(`${site.url}#v=1&epochs=1`);
  await ready(third);
  await trains(third);
  assert.deepEqual(thirdVisit(), ['train-labels-idx1-ubyte.gz']);

  // Offline once the page is loaded: the data comes from the cache, the training works.
  const fourth = await context.newPage();
  await fourth.goto(`${site.url}#v=1&epochs=1`);
  await ready(fourth);
  offline(true);
  await trains(fourth);
  offline(false);
  assert.deepEqual((await fourth.errors()).filter((e) => !OFFLINE.test(e)), []);
  assert.deepEqual(await page.errors(), []);
  await context.close();
});

test('after one visit the page reloads offline, and opens in a new tab, draws its pretrained network and trains', TRAINING, async () => {
  pageSettings({ serviceWorker: true });
  const { page } = await openPage(site.browser, site.url);
  const context = page.context();
  const pretrained = (tab) => tab.getByText(/^Pretrained network: www\/demos\/network2-784-30-10\.wscp/).waitFor(TRAINING);
  await pretrained(page);
  await ready(page);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, TRAINING);
  await kept(page, 'www/demos/network2-784-30-10.wscp'); // fetched before the worker took control
  await trains(page); // MNIST is in its cache from now on; 30 epochs: still running at Reset

  offline(true);
  await page.reload();
  await ready(page);
  await trains(page);
  const tab = await context.newPage();
  await tab.goto(site.url);
  await pretrained(tab);
  await ready(tab);
  await trains(tab);
  offline(false);
  // Nothing failed to load: the shell came from the service worker, MNIST from its own cache.
  assert.deepEqual(await page.errors(), []);
  assert.deepEqual(await tab.errors(), []);
  await context.close();
});

test('a first visit keeps the shell and the network it showed, not every demo; a demo opened online is there offline, timeline and all', TRAINING, async () => {
  pageSettings({ serviceWorker: true });
  const requested = since();
  const { page } = await openPage(site.browser, site.url);
  const showing = (file) => page.getByText(new RegExp(`^(Pretrained network|Opened): www/demos/${file.replaceAll('.', '\\.')}`)).waitFor(TRAINING);
  const scrubber = page.getByRole('slider', { name: 'Moment of training shown' }).and(page.locator(':enabled'));
  await showing('network2-784-30-10.wscp');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, TRAINING);
  // Fetched by the page before the worker took control: it keeps them when the page says so.
  await kept(page, 'www/demos/network2-784-30-10.wscp');
  await kept(page, 'www/demos/network2-784-30-10.timeline.wscp');
  const optional = (path) => /\/demos\/[^/]*\.wscp$|\/export-pkg\//.test(path);
  assert.deepEqual([...new Set(requested().filter(optional).map((path) => path.split('/').pop()))].sort(),
    ['network2-784-30-10.timeline.wscp', 'network2-784-30-10.wscp'], 'no other demo, no PNG export code');

  // Another demo, opened online, is kept as it comes (through the worker), then opens offline.
  await page.getByLabel('Pretrained network', { exact: true }).selectOption('network2-784-10-10.wscp');
  await showing('network2-784-10-10.wscp');
  await scrubber.waitFor(); // its timeline came
  await kept(page, 'www/demos/network2-784-10-10.timeline.wscp');
  offline(true);
  await page.reload(); // the link names that demo
  await showing('network2-784-10-10.wscp');
  await scrubber.waitFor();
  offline(false);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});
