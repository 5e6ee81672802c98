// End-to-end: watching a network learn (issue 14, item 2). Train draws the seeded batch-0 weights
// at once over the figure on screen; the first epoch's moments are replayed in order, labelled and
// held; the timeline's first moment is that very picture; a run that rebuilds the network on
// screen says so and offers New seed; the pretrained network's scrubber replays how it learned,
// from its timeline file, with no training. Trains a subset of MNIST so each run takes seconds.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { eventually } from '../support/page.mjs';
import { openPage, ready } from '../support/browser.mjs';
import { openDrawer } from '../support/drawer.mjs';
import { fault, since } from '../support/server.mjs';
import { useSite } from '../support/site.mjs';

const TRAINING = { timeout: 180_000 };
const site = useSite();

/** The timeline's scrubber: found by its label wherever the layout puts it. */
const scrubber = (page) => page.getByRole('slider', { name: 'Moment of training shown' });
const readout = (page, name) => page.getByLabel(name, { exact: true });

/** The labels of the first epoch's moments, in the order they must be shown. */
const REPLAYED = [
  'Before training (mini-batch 0)',
  'After 1 mini-batch, 10 images',
  'After 3 mini-batches, 30 images',
  'After 10 mini-batches, 100 images',
  'After 30 mini-batches, 300 images',
  'After 100 mini-batches, 1,000 images',
  'After 300 mini-batches, 3,000 images',
  'After 1,000 mini-batches, 10,000 images',
];

/** In the page: a hash (FNV-1a) of every hidden and output tile's pixels (or `one`'s), in order. */
function tilePixels(one) {
  return (one ? [one] : [...document.querySelectorAll('canvas[data-neuron]')]).map((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let hash = 0x811c9dc5;
    for (const byte of data) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    return hash;
  }).join(',');
}

/**
 * In the page: presses Train (a real DOM click) and records, frame by frame, when the tiles first
 * change and what they show then, and every label the scrubber is given, with its time.
 */
function pressTrainAndRecord(hash) {
  const slider = document.querySelector('input[type="range"][aria-label="Moment of training shown"]');
  const train = [...document.querySelectorAll('button[type="submit"]')].find((b) => b.textContent.trim() === 'Train');
  const record = { labels: [], first: null };
  window.__replay = record;
  new MutationObserver(() => {
    const text = slider.getAttribute('aria-valuetext');
    if (text && text !== record.labels.at(-1)?.text) record.labels.push({ text, at: performance.now() - record.start });
  }).observe(slider, { attributes: true, attributeFilter: ['aria-valuetext'] });
  const before = hash();
  // The first tile tells when the grid changed (cheap to read every few milliseconds); the
  // whole grid is read once then.
  const tile = () => hash(document.querySelector('canvas[data-neuron]'));
  const firstBefore = tile();
  const watch = () => {
    if (tile() !== firstBefore) record.first = { pixels: hash(), at: performance.now() - record.start };
    else if (performance.now() - record.start < 10_000) setTimeout(watch, 5);
  };
  record.start = performance.now();
  train.click();
  setTimeout(watch, 5);
  return before.length > 0;
}

/** Fills the form with a quick run of the default recipe (seed 1): 1,200 mini-batches in 1 epoch. */
async function quickRecipe(page) {
  const form = await openDrawer(page);
  await form.getByLabel('Epochs', { exact: true }).fill('1');
  await form.getByLabel('Training images', { exact: true }).fill('12000');
  await form.getByLabel('Test images', { exact: true }).fill('1000');
}

const done = (page) => readout(page, 'Status').filter({ hasText: /^Done$/ }).waitFor(TRAINING);

test('Train shows batch 0 at once, replays the first epoch\'s moments in order, then goes live', TRAINING, async () => {
  const { page } = await openPage(site.browser, site.url);
  await ready(page);
  await page.getByText(/^Pretrained network: /).waitFor(); // the pretrained figure is on screen
  await scrubber(page).and(page.locator(':enabled')).waitFor(); // and its timeline, the page at rest
  await quickRecipe(page);
  assert.ok(await page.evaluate(`(${pressTrainAndRecord})(${tilePixels})`));

  // Within 500 ms the grid changed from the pretrained network to the run's batch 0, never blank.
  const first = await page.waitForFunction(() => window.__replay.first);
  assert.ok(first.at < 500, `the batch-0 weights took ${Math.round(first.at)} ms to show`);
  assert.ok(!(await page.getByText(/^(Getting ready: the weights|Press Train to start)/).first().isVisible()), 'no placeholder over the grid');

  await done(page);
  const live = await page.waitForFunction(() => window.__replay.labels.find((l) => l.text.endsWith('· live')));
  const { labels } = await page.evaluate(() => window.__replay);
  const replayed = labels.slice(0, labels.indexOf(labels.find((l) => l.text === live.text)));
  assert.deepEqual(replayed.map((l) => l.text), REPLAYED, 'the moments, labelled, in order, before live');
  assert.match(live.text, /^End of epoch 1 · live$/);
  // Each moment stays on screen about 0.4 s (the training ran ahead at full speed).
  for (let i = 1; i < replayed.length; i += 1) {
    const held = replayed[i].at - replayed[i - 1].at;
    assert.ok(held >= 350, `${replayed[i - 1].text} was held ${Math.round(held)} ms`);
  }

  // The timeline's first moment, asked of the worker, is exactly the picture shown at Train.
  await scrubber(page).fill('0');
  const pixels = await eventually(() => page.evaluate(tilePixels), first.pixels);
  assert.equal(pixels, first.pixels, 'moment 0 equals the batch-0 picture, pixel for pixel');
  assert.equal(await scrubber(page).getAttribute('aria-valuetext'), REPLAYED[0]);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('a run that rebuilds the network on screen says so, and New seed trains another', TRAINING, async () => {
  const { page } = await openPage(site.browser, site.url);
  await ready(page);
  await quickRecipe(page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await done(page);
  const digest = await readout(page, 'Weights digest').textContent();
  const same = page.getByText(/^Same recipe and seed: the same network, bit for bit/);
  assert.equal(await same.count(), 0, 'a first run rebuilds nothing');

  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await done(page);
  await same.waitFor();
  assert.equal(await readout(page, 'Weights digest').textContent(), digest);
  assert.match(await same.textContent(), new RegExp(`weights digest ${digest}`));

  const seed = page.getByLabel('Seed', { exact: true });
  assert.equal(await seed.inputValue(), '1');
  await page.getByRole('button', { name: 'New seed' }).click();
  const fresh = await seed.inputValue();
  assert.notEqual(fresh, '1', 'a fresh seed');
  assert.match(await page.url(), new RegExp(`[#&]seed=${fresh}(&|$)`), 'the seed lands in the link');
  assert.equal(await same.count(), 0, 'the note went with its run');
  await done(page);
  assert.notEqual(await readout(page, 'Weights digest').textContent(), digest, 'another network');
  assert.equal(await same.count(), 0);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('the pretrained network\'s scrubber replays how it learned, fetched after its figure, with no training', async () => {
  const requested = since();
  const { page } = await openPage(site.browser, site.url);
  await ready(page);
  await page.getByText(/^Pretrained network: /).waitFor();
  const slider = scrubber(page).and(page.locator(':enabled'));
  await slider.waitFor();
  const max = Number(await slider.getAttribute('max'));
  assert.ok(max >= 3 && max <= 11, `${max + 1} moments: more than the end, at most 12`);
  assert.equal(await eventually(() => slider.getAttribute('aria-valuetext'), 'End of epoch 30 · live'), 'End of epoch 30 · live');
  const trained = await page.evaluate(tilePixels);

  await slider.fill('0');
  assert.equal(await eventually(() => slider.getAttribute('aria-valuetext'), REPLAYED[0]), REPLAYED[0]);
  const start = await page.waitForFunction(`(() => { const now = (${tilePixels})(); return now !== ${JSON.stringify(trained)} && now; })()`);
  await slider.fill('1');
  assert.match(await slider.getAttribute('aria-valuetext'), /^After [\d,]+ mini-batch(es)?, [\d,]+ images?$/);
  await slider.fill(String(max));
  assert.equal(await eventually(() => page.evaluate(tilePixels), trained), trained, 'back to the trained network');
  assert.notEqual(start, trained);

  const paths = requested();
  assert.deepEqual(paths.filter((path) => path.endsWith('.gz')), [], 'no MNIST: nothing was trained');
  // The page's own fetches, in the order it started them (the service worker's precache, which
  // the server also sees, fetches the shell in its own order and is not the page's doing).
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
  const figure = fetched.findIndex((path) => path.endsWith('demos/network2-784-30-10.wscp'));
  const timeline = fetched.findIndex((path) => path.endsWith('demos/network2-784-30-10.timeline.wscp'));
  assert.ok(figure >= 0 && timeline > figure, `the timeline after the figure: ${fetched.join(' ')}`);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('a timeline file that cannot be had leaves the figure and says so', async () => {
  fault('network2-784-30-10.timeline.wscp', 'status404');
  const { page } = await openPage(site.browser, site.url);
  await ready(page);
  await page.getByText(/^Pretrained network: /).waitFor();
  await page.getByText(/^This network's timeline could not be loaded \(the server answered HTTP 404\)$/).waitFor();
  assert.ok(!(await page.getByText(/^Press Train to start/).first().isVisible()), 'the figure stays');
  assert.deepEqual((await page.errors()).filter((e) => !e.includes('404')), []);
  await page.context().close();
});
