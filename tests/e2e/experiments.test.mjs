// End-to-end: the experiments on the built site (dist/) in each browser engine (tests/support/browser.mjs), driven by roles
// and labels: the hidden-size sweep, the side-by-side comparison, presets with their published
// figures, and the training timeline. One epoch each, to keep the run short.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { finished, openPage, settled } from '../support/browser.mjs';
import { hasTestHooks } from '../support/server.mjs';
import { openDrawer } from '../support/drawer.mjs';
import { useSite } from '../support/site.mjs';

const TRAINING = { timeout: 180_000 };
const site = useSite();


/** The page, ready for input, with the recipe set to one epoch. */
async function oneEpochPage() {
  const opened = await openPage(site.browser, site.url, { viewport: { width: 1400, height: 1000 } });
  await opened.page.getByRole('button', { name: 'Run sweep' }).and(opened.page.locator(':enabled')).waitFor();
  await (await openDrawer(opened.page)).getByLabel('Epochs', { exact: true }).fill('1');
  // Shut again, as a reader would: the open drawer lies over the page under the grid's header.
  await opened.page.locator('#drawer > summary').click();
  for (const experiment of ['sweep', 'compare']) await opened.page.locator(`#${experiment}-epochs`).fill('1'); // each its own
  return opened;
}

/** A fingerprint of what a canvas shows. */
const pixels = (canvas) => canvas.evaluate((element) => {
  const { data } = element.getContext('2d').getImageData(0, 0, element.width, element.height);
  let hash = 0;
  for (const byte of data) hash = (hash * 31 + byte) % 1_000_000_007;
  return hash;
});

test('a sweep over H = 2, 3 draws two points beside the article and two thumbnails that open full size', TRAINING, async () => {
  const { page } = await oneEpochPage();
  const sweep = page.getByRole('region', { name: /how few hidden neurons/ });
  const rows = sweep.getByRole('table', { name: 'Test accuracy by hidden size' }).locator('tbody tr');
  // Before any sweep the table holds the article's figures, this page's cells empty.
  assert.deepEqual(await rows.allTextContents(), ['2–22.80%', '3–58.75%', '4–83.73%', '5–86.65%', '10–93.43%']);
  await sweep.getByLabel('Hidden sizes H').fill('2,3');
  await sweep.getByRole('button', { name: 'Run sweep' }).click();
  await sweep.getByText('Done: 2 networks trained.').waitFor(TRAINING);

  const chart = sweep.getByRole('img', { name: /^Test accuracy against hidden neurons/ });
  const label = await chart.getAttribute('aria-label');
  assert.match(label, /^Test accuracy against hidden neurons: H = 2: \d+\.\d\d%, H = 3: \d+\.\d\d%$/);
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(0).textContent(), /^2\d+\.\d\d%22\.80%$/, 'H = 2 beside the article\'s 22.80%');
  assert.match(await rows.nth(1).textContent(), /^3\d+\.\d\d%58\.75%$/);

  const open = sweep.getByRole('button', { name: /^Open 784-\d-10, seed 1 full size$/ });
  assert.equal(await open.count(), 2, 'one thumbnail per network');
  await sweep.getByRole('button', { name: 'Open 784-3-10, seed 1 full size' }).click();
  const dialog = page.getByRole('dialog', { name: /^784-3-10, seed 1/ });
  await dialog.waitFor();
  assert.equal(await dialog.getByRole('img', { name: /^hidden neuron \d: input weights$/ }).count(), 3);
  assert.equal(await dialog.getByRole('img', { name: /^Digit \d/ }).count(), 10);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await sweep.getByRole('img', { name: /^hidden neuron \d: input weights$/ }).count(), 5, 'back in its thumbnail');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

const TEST_BUILD = { ...TRAINING, skip: !hasTestHooks() && 'the test-only wasm build is missing (make test-build)' };

test('a sweep run whose worker panics is restarted on its own, and the sweep still finishes', TEST_BUILD, async () => {
  const { page } = await oneEpochPage();
  const sweep = page.getByRole('region', { name: /how few hidden neurons/ });
  await sweep.getByLabel('Hidden sizes H').fill('2,3');
  const before = await page.evaluate(() => __harness.workers.length);
  await sweep.getByRole('button', { name: 'Run sweep' }).click();
  // Real, in the test build: once a sweep worker's Rust loop listens and trains 784-2-10, a
  // `panic` request panics inside the wasm (other chapters' trainers may start meanwhile).
  const worker = await page.waitForFunction((n) => {
    const index = __harness.workers.findIndex((w, i) => i >= n && w.listening && w.trained.includes('784-2-10'));
    if (index < 0) return null;
    __harness.workers[index].postMessage({ type: 'panic', message: 'a sweep worker panics' });
    return { index };
  }, before, TRAINING);
  await sweep.getByText(/^Done: 2 networks trained\.$|^The sweep stopped/).waitFor(TRAINING);
  assert.equal(await sweep.locator('.sweep-status').textContent(), 'Done: 2 networks trained.', 'the crashed run was trained again');
  assert.equal(await sweep.getByRole('table', { name: 'Test accuracy by hidden size' }).locator('tbody tr').count(), 2);
  assert.ok(await page.evaluate((index) => __harness.workers[index].terminated, worker.index), 'the dead worker is gone');
  assert.deepEqual((await page.errors()).filter((e) => !/unreachable|Unreachable|a sweep worker panics/.test(e)), []);
  await page.context().close();
});

test('Stop ends a sweep at once: its workers go, and the networks not trained are counted', TRAINING, async () => {
  const { page } = await oneEpochPage();
  await page.locator('#sweep-epochs').fill('30');
  const sweep = page.getByRole('region', { name: /how few hidden neurons/ });
  await sweep.getByLabel('Hidden sizes H').fill('2,3,4,5');
  // The workers the page starts from here on are the sweep's (other chapters' trainers may come
  // and go meanwhile: the comparison opens its shipped pair when it nears the screen).
  const from = await page.evaluate(() => __harness.workers.length);
  const sweepWorkers = () => page.evaluate((from) => __harness.workers.slice(from).map((worker) => worker.terminated), from);
  await sweep.getByRole('button', { name: 'Run sweep' }).click();
  await sweep.getByText(/^784-2-10, seed 1: \d+\.\d\d% after epoch \d+$/).waitFor(TRAINING);
  assert.ok((await sweepWorkers()).some((terminated) => !terminated), 'the sweep trains in workers of its own');
  await sweep.getByRole('button', { name: 'Stop' }).click();
  await sweep.getByText(/^Stopped after 0 of 4 networks\.$/).waitFor();
  assert.ok(await sweep.getByRole('button', { name: 'Stop' }).isDisabled());
  const running = async () => (await sweepWorkers()).filter((terminated) => !terminated).length;
  for (let tries = 0; await running() > 0 && tries < 50; tries += 1) await page.waitForTimeout(100);
  assert.equal(await running(), 0, 'the stopped workers are gone');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('side by side: two grids of the same network, linked by neuron, one accuracy chart and two histograms', TRAINING, async () => {
  const { page } = await oneEpochPage();
  const compare = page.getByRole('region', { name: /two networks side by side/ });
  await compare.getByRole('button', { name: 'Run both' }).click();
  await compare.getByText('Done: both trained.').waitFor(TRAINING);

  const a = compare.getByRole('region', { name: 'Network (a)' });
  const b = compare.getByRole('region', { name: 'Network (b)' });
  assert.match(await a.getByRole('heading', { level: 3 }).textContent(), /^\(a\) 784-30-10, N\(0,1\) weights, λ 0,/);
  assert.match(await b.getByRole('heading', { level: 3 }).textContent(), /^\(b\) 784-30-10, N\(0,1\)\/√n_in weights, λ 5,/);
  const hiddenA = a.getByRole('img', { name: /^hidden neuron \d+: input weights$/ });
  const hiddenB = b.getByRole('img', { name: /^hidden neuron \d+: input weights$/ });
  assert.equal(await hiddenA.count(), 30);
  assert.equal(await hiddenB.count(), 30);
  assert.notEqual(await pixels(hiddenA.nth(7)), await pixels(hiddenB.nth(7)), 'different starts, different features');

  await hiddenA.nth(7).scrollIntoViewIfNeeded();
  await settled(page);
  await hiddenA.nth(7).hover();
  await b.locator('.tile.linked').waitFor();
  assert.equal(await b.locator('.tile.linked canvas').getAttribute('data-neuron'), '7');
  assert.match(await compare.getByRole('img', { name: /^Test accuracy: \(a\) \d+\.\d\d%, \(b\) \d+\.\d\d% after epoch 1$/ }).getAttribute('aria-label'), /\(b\)/);
  await compare.getByRole('img', { name: /^Histogram of the hidden-layer weights of \(a\) and \(b\), from −\d/ }).waitFor();
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('a preset shows its published figure, and the timeline scrubber replays the weights', TRAINING, async () => {
  const { page } = await oneEpochPage();
  await openDrawer(page);
  await page.getByRole('button', { name: "The article's 10 neurons" }).click();
  assert.equal(await page.getByLabel('Hidden layers').inputValue(), '10');
  await page.locator('#config').getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  assert.equal(await page.getByLabel('Published', { exact: true }).textContent(), '93.43% (the article)');
  await finished(page, TRAINING);

  const timeline = page.getByRole('region', { name: /^Timeline/ });
  const scrubber = timeline.getByRole('slider', { name: 'Moment of training shown' });
  assert.equal(await scrubber.getAttribute('max'), '8', 'mini-batch 0, 1, 3, 10, 30, 100, 300, 1,000 and the end of epoch 1');
  assert.match(await page.getByLabel('Timeline', { exact: true }).textContent(), /^9 snapshots kept, 0\.3 MB/);
  const neuron = page.locator('#layers').getByRole('region', { name: /^Hidden layer 1 / }).getByRole('img', { name: /^hidden neuron 0\b/ });
  const trained = await pixels(neuron);
  await scrubber.fill('0');
  assert.equal(await timeline.locator('output').textContent(), 'Before training (mini-batch 0)');
  const start = await (async () => {
    for (let tries = 0; tries < 50; tries += 1) {
      const now = await pixels(neuron);
      if (now !== trained) return now;
      await page.waitForTimeout(50);
    }
    return trained;
  })();
  assert.notEqual(start, trained, 'scrubbing back draws the initial weights');
  await scrubber.fill('1');
  assert.equal(await timeline.locator('output').textContent(), 'After 1 mini-batch, 10 images');
  await scrubber.fill('8');
  assert.match(await timeline.locator('output').textContent(), /^End of epoch 1/);
  await timeline.getByRole('button', { name: 'Play' }).click();
  await timeline.getByText('Before training (mini-batch 0)').waitFor();
  await timeline.getByText(/^End of epoch 1/).waitFor({ timeout: 10_000 });
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});
