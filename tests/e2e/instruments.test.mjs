// End-to-end: the instruments that test the article's claims (issues #17 and #18). Knocking a
// hidden neuron out changes the per-digit table, fast, after fetching the test files alone; a
// composed digit changes the outputs; the detectors comparison shows three grids and three
// accuracies; the matching view lists matched pairs; the two experiments train for their own
// epochs (checked as the drawer checks its own); each restores from its link; and Stop ends the
// two experiments that train.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openPage, ready } from '../support/browser.mjs';
import { eventually } from '../support/page.mjs';
import { since } from '../support/server.mjs';
import { useSite } from '../support/site.mjs';

const TRAINING = { timeout: 240_000 };
const site = useSite();

/** A small recipe, so that the experiments train in seconds. */
const SMALL = 'v=1&sizes=784-10-10&epochs=1&seed=4&trainSize=1000&testSize=500';

const hash = (page) => page.evaluate(() => location.hash);

/** The per-digit table's rows as text. */
const ablationRows = (page) => page.locator('#ablation tbody tr').allTextContents();

/** The dataset files the server was asked for, by name, in order. */
const MNIST = /(train|t10k)-(images|labels)-idx\d-ubyte\.gz$/;
const mnistRequests = (requests) => requests.filter((path) => MNIST.test(path)).map((path) => path.split('/').at(-1)).sort();

/**
 * Presses the ablation panel's button, which says what it downloads (the test set alone, its
 * size from the data manifest), and waits for the measures.
 */
async function measure(page) {
  const button = page.getByRole('button', { name: 'Measure on the test set (downloads the MNIST test set, 1.6 MB, once)', exact: true });
  await button.click();
  await page.locator('#ablation tbody tr').nth(9).waitFor();
}

test('a click on a hidden tile knocks the neuron out: the per-digit table changes at once, and the link restores it', TRAINING, async () => {
  const requests = since();
  const { page } = await openPage(site.browser, site.url);
  await ready(page);
  await page.getByRole('button', { name: 'Hidden neuron 3: knock out' }).waitFor();
  await measure(page);
  await page.getByText(/^Nothing knocked out: /).waitFor();
  assert.deepEqual(mnistRequests(requests()), ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'], 'the test files alone');
  const before = await ablationRows(page);
  assert.equal(before.length, 10);
  assert.equal(await page.locator('#ablation th').first().textContent(), 'Digit');

  const start = Date.now();
  await page.getByRole('button', { name: 'Hidden neuron 3: knock out' }).click();
  await page.getByText(/^With hidden neuron 3 knocked out \(mean\): /).waitFor();
  const elapsed = Date.now() - start;
  const after = await ablationRows(page);
  assert.notDeepEqual(after, before, 'the per-digit table changed');
  assert.ok(elapsed < 1500, `the table followed the click in ${elapsed} ms`);
  const said = await page.locator('.ablation-summary').textContent();
  const ms = Number(/Recomputed in ([\d.]+) ms in wasm/.exec(said)?.[1]);
  assert.ok(ms < 100, `the wasm recomputed the test set in ${ms} ms`);
  assert.equal(await page.getByRole('button', { name: 'Hidden neuron 3: knock out' }).getAttribute('aria-pressed'), 'true');
  assert.match(await hash(page), /&knock=3(&|$)/);

  // Zero-ablation is an option, and in the link too.
  await page.getByLabel('A knocked-out neuron outputs').selectOption('zero');
  await page.getByText(/^With hidden neuron 3 knocked out \(zero\): /).waitFor();
  assert.match(await hash(page), /&knock=3&silence=zero/);
  await page.getByLabel('A knocked-out neuron outputs').selectOption('mean');
  await page.getByText(/^With hidden neuron 3 knocked out \(mean\): /).waitFor();
  const shown = await ablationRows(page); // measured again for the mode: what the link must restore
  const link = `${site.url}${await hash(page)}`;
  assert.deepEqual(await page.errors(), []);
  await page.context().close();

  const restored = (await openPage(site.browser, link)).page;
  await ready(restored);
  const tile = restored.getByRole('button', { name: 'Hidden neuron 3: knock out' });
  await tile.and(restored.locator('[aria-pressed="true"]')).waitFor();
  await measure(restored);
  await restored.getByText(/^With hidden neuron 3 knocked out \(mean\): /).waitFor();
  assert.deepEqual(await ablationRows(restored), shown, 'the same table from the link');
  assert.deepEqual(await restored.errors(), []);
  await restored.context().close();
});

test('a digit built from blocks changes the outputs, shows the recipe, goes to the pad, and restores from its link', async () => {
  const { page } = await openPage(site.browser, site.url);
  await ready(page);
  const outputs = page.getByRole('img', { name: /^The network’s outputs for the composed image: / });
  await outputs.waitFor();
  const blank = await outputs.getAttribute('aria-label');
  await page.getByRole('button', { name: 'Hidden neuron 0: use as a block' }).click();
  await page.getByLabel('Weight of hidden neuron 0').waitFor();
  const one = await outputs.getAttribute('aria-label');
  assert.notEqual(one, blank, 'one block changes the outputs');
  await page.getByRole('button', { name: 'Hidden neuron 5: use as a block' }).click();
  await page.getByLabel('Weight of hidden neuron 5').fill('-1.5');
  const two = await outputs.getAttribute('aria-label');
  assert.notEqual(two, one, 'a second block, and its weight, change them again');
  assert.match(await hash(page), /&blocks=0\*1_5\*-1.5(&|$)/);

  await page.getByRole('button', { name: 'Show the network’s recipe' }).click();
  await page.getByText(/^Output \d likes hidden neurons /).waitFor();
  await page.getByLabel('for digit').selectOption('3');
  await page.getByRole('button', { name: 'Build the digit from this recipe' }).click();
  await page.getByLabel('Weight of hidden neuron 29').waitFor();
  assert.equal(await page.locator('#compose .block-weights li').count(), 30, 'every tile at the recipe\'s weight');
  // The shipped demo reads its own recipe for 3, clipped to ink, as a 3.
  await page.getByText(/^The network says 3 \(output /).waitFor();
  // Back to the two blocks, for the pad and the link.
  await page.getByRole('button', { name: 'Clear the blocks' }).click();
  await page.getByRole('button', { name: 'Hidden neuron 0: use as a block' }).click();
  await page.getByRole('button', { name: 'Hidden neuron 5: use as a block' }).click();
  await page.getByLabel('Weight of hidden neuron 5').fill('-1.5');
  await page.getByRole('button', { name: 'Send to the pad' }).click();
  await page.getByText(/Built from blocks: 1\.0 × neuron 0 \+ -1\.5 × neuron 5/).waitFor();
  const link = `${site.url}${await hash(page)}`;
  assert.deepEqual(await page.errors(), []);
  await page.context().close();

  const restored = (await openPage(site.browser, link)).page;
  await ready(restored);
  await restored.getByLabel('Weight of hidden neuron 5').waitFor();
  assert.equal(await restored.getByLabel('Weight of hidden neuron 5').inputValue(), '-1.5');
  const again = restored.getByRole('img', { name: /^The network’s outputs for the composed image: / });
  await again.and(restored.locator(`[aria-label="${two}"]`)).waitFor();
  assert.deepEqual(await restored.errors(), []);
  await restored.context().close();
});

/** The three accuracies of the detectors comparison, once all three are trained for `epochs`. */
async function threeAccuracies(page, epochs) {
  const outputs = page.locator('#detectors output.accuracy');
  for (let i = 0; i < 3; i += 1) await outputs.nth(i).filter({ hasText: new RegExp(`^\\d+\\.\\d\\d% after epoch ${epochs}$`) }).waitFor(TRAINING);
  return outputs.allTextContents();
}

/** An instrument's panel. */
const panelOf = (page, id) => page.locator(`#${id}`);

test('the detectors comparison trains three networks for its own epochs: three grids, three accuracies, and again from its link', TRAINING, async () => {
  const { page } = await openPage(site.browser, `${site.url}#${SMALL}`);
  await ready(page);
  const panel = panelOf(page, 'detectors');
  const epochs = panel.getByLabel('Epochs', { exact: true });
  assert.equal(await epochs.inputValue(), '1', 'it starts at the recipe\'s epochs');
  await epochs.fill('2'); // the drawer's recipe stays at 1 epoch
  await page.getByRole('button', { name: 'Compare the three (downloads MNIST, 11.4 MB, once)', exact: true }).click();
  await panel.getByText('Training three 784-10-10 networks for 2 epochs, seed 4…').waitFor();
  const accuracies = await threeAccuracies(page, 2);
  assert.equal(accuracies.length, 3);
  for (const title of ['Learned', 'Hand-designed detectors', 'Random, frozen']) {
    const column = page.getByRole('region', { name: title, exact: true });
    assert.equal(await column.getByRole('img', { name: 'hidden neuron 9: input weights' }).count(), 1, `${title}: a grid of 10 hidden tiles`);
  }
  await page.getByText('Done: three networks, the same recipe and seed.').waitFor();
  assert.match(await hash(page), /[#&]epochs=1&.*&detectors=1&detectorsEpochs=2(&|$)/);
  const link = `${site.url}${await hash(page)}`;
  assert.deepEqual(await page.errors(), []);
  await page.context().close();

  const restored = (await openPage(site.browser, link)).page;
  assert.deepEqual(await threeAccuracies(restored, 2), accuracies, 'the same seed gives the same three networks');
  assert.equal(await panelOf(restored, 'detectors').getByLabel('Epochs', { exact: true }).inputValue(), '2');
  assert.deepEqual(await restored.errors(), []);
  await restored.context().close();
});

test('matching two seeds for its own epochs lists the pairs from most to least alike, with the baseline, and again from its link', TRAINING, async () => {
  const { page } = await openPage(site.browser, `${site.url}#${SMALL}`);
  await ready(page);
  const panel = panelOf(page, 'matching');
  await page.getByLabel(/^Seeds \(2 to 4, comma-separated\)$/).fill('1,2');
  const run = page.getByRole('button', { name: 'Match the seeds (downloads MNIST, 11.4 MB, once)', exact: true });
  // Its Epochs are checked as the drawer's are, with the drawer's words, and nothing trains.
  const epochs = panel.getByLabel('Epochs', { exact: true });
  const requests = since();
  for (const [text, message] of [['two', 'Enter a whole number, e.g. 10.'], ['0', 'Must be from 1 to 1000, not 0']]) {
    await epochs.fill(text);
    await run.click();
    await panel.getByText(message, { exact: true }).waitFor();
    assert.equal(await epochs.getAttribute('aria-invalid'), 'true', `"${text}" is marked invalid`);
    assert.equal(await epochs.getAttribute('aria-describedby'), 'matching-status');
  }
  assert.deepEqual(mnistRequests(requests()), [], 'nothing downloaded for a refused run');
  await epochs.fill('2');
  await run.click();
  await panel.getByText('Training 2 784-10-10 networks for 2 epochs (seeds 1, 2)…').waitFor();
  assert.equal(await epochs.getAttribute('aria-invalid'), null, 'fixing the value clears the mark');
  const list = page.getByRole('list', { name: 'Matched pairs, seed 1 against seed 2, most alike first' });
  await list.waitFor(TRAINING);
  const pairs = await list.locator('li').allTextContents();
  assert.equal(pairs.length, 10, 'every hidden neuron paired');
  const rhos = pairs.map((text) => Math.abs(Number(/ρ = ([+−-][\d.]+)/.exec(text)[1].replace('−', '-'))));
  assert.deepEqual(rhos, [...rhos].sort((a, b) => b - a), 'most alike first');
  await page.getByText(/^Seed 1 against seed 2: median matched \|ρ\| [\d.]+, baseline [\d.]+$/).waitFor();
  assert.match(await hash(page), /&seeds=1-2&matchingEpochs=2(&|$)/);
  const link = `${site.url}${await hash(page)}`;
  assert.deepEqual(await page.errors(), []);
  await page.context().close();

  const restored = (await openPage(site.browser, link)).page;
  const again = restored.getByRole('list', { name: 'Matched pairs, seed 1 against seed 2, most alike first' });
  await again.waitFor(TRAINING);
  assert.deepEqual(await again.locator('li').allTextContents(), pairs);
  assert.equal(await panelOf(restored, 'matching').getByLabel('Epochs', { exact: true }).inputValue(), '2');
  assert.deepEqual(await restored.errors(), []);
  await restored.context().close();
});

test('Stop ends the detectors comparison and the matching at once: their workers go, nothing is shown as done', TRAINING, async () => {
  const { page } = await openPage(site.browser, `${site.url}#${SMALL}`);
  await ready(page);
  const running = (from) => page.evaluate((from) => __harness.workers.slice(from).filter((worker) => !worker.terminated).length, from);
  for (const { name, run, training, fill } of [
    { name: 'detectors', run: /^Compare the three/, training: /^Training three 784-10-10 networks for 30 epochs, seed 4…$/ },
    { name: 'matching', run: /^Match the seeds/, training: /^Training 2 784-10-10 networks for 30 epochs \(seeds 1, 2\)…$/, fill: ['Seeds (2 to 4, comma-separated)', '1,2'] },
  ]) {
    const panel = panelOf(page, name);
    if (fill) await panel.getByLabel(fill[0]).fill(fill[1]);
    await panel.getByLabel('Epochs', { exact: true }).fill('30'); // minutes: Stop comes long before the end
    const from = await page.evaluate(() => __harness.workers.length);
    await panel.getByRole('button', { name: run }).click();
    await panel.getByText(training).waitFor();
    await eventually(async () => await running(from) > 0, true, 60_000);
    assert.ok(await running(from) > 0, `${name}: it trains in workers of its own`);
    const stop = panel.getByRole('button', { name: 'Stop', exact: true });
    await stop.click();
    await panel.getByText('Stopped.', { exact: true }).waitFor();
    assert.ok(await stop.isDisabled(), `${name}: Stop is off once stopped`);
    assert.equal(await eventually(() => running(from), 0, 10_000), 0, `${name}: the stopped workers are gone`);
  }
  assert.equal(await page.getByRole('list', { name: /^Matched pairs/ }).count(), 0, 'no pairs from a stopped matching');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});
