// End-to-end: reading a trained network like the article: the digit explorer, the drawing pad
// and the test-set browser, on one page trained for one epoch, driven by roles and labels.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { finished, openPage } from '../support/browser.mjs';
import { openDrawer } from '../support/drawer.mjs';
import { useSite } from '../support/site.mjs';

const TRAINING = { timeout: 180_000 };
const site = useSite();


/** The numbers in a text: "likes most: 3 6 26" -> [3, 6, 26]. */
const numbers = (text) => (text.split(':').at(-1).match(/\d+/g) ?? []).map(Number);

test('after one epoch: digit 0 likes and dislikes, a drawn stroke is read, confusion cells list images', TRAINING, async () => {
  const { page } = await openPage(site.browser, site.url);
  await openDrawer(page);
  await page.getByRole('button', { name: 'Nielsen ch. 3' }).click();
  await (await openDrawer(page)).getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train' }).click();
  await finished(page, TRAINING);
  // The grid replays the first epoch's moments before it shows the trained network.
  await page.getByRole('slider', { name: 'Moment of training shown' }).and(page.locator('[aria-valuetext="End of epoch 1 · live"]')).waitFor(TRAINING);

  // Digit explorer: digit 0's three liked and three disliked hidden neurons, as large images.
  const explorer = page.getByRole('region', { name: /^Digit explorer/ });
  await explorer.getByRole('group', { name: 'Digit' }).getByRole('button', { name: '0', exact: true }).click();
  const liked = explorer.getByRole('region', { name: 'digit 0 likes most' }).getByRole('button', { name: /^hidden neuron \d+, weight \+/ });
  const disliked = explorer.getByRole('region', { name: 'digit 0 dislikes most' }).getByRole('button', { name: /^hidden neuron \d+, weight \u2212/ });
  await liked.nth(2).waitFor();
  assert.equal(await liked.count(), 3);
  assert.equal(await disliked.count(), 3);
  const index = async (buttons) => (await buttons.evaluateAll((all) => all.map((b) => b.getAttribute('aria-label'))))
    .map((label) => Number(label.match(/^hidden neuron (\d+)/)[1]));
  // The same neurons the output layer's tile for digit 0 names from the trained weights.
  const tile = page.locator('#layers').getByRole('region', { name: /^Output layer/ }).locator('figure', { has: page.getByRole('img', { name: /^Digit 0\b/ }) });
  assert.deepEqual(await index(liked), numbers(await tile.locator('.links .likes').textContent()));
  assert.deepEqual(await index(disliked), numbers(await tile.locator('.links .dislikes').textContent()));
  const images = await liked.locator('canvas').evaluateAll((all) => all.map((c) => [c.width, c.height]));
  assert.deepEqual(images, [[28, 28], [28, 28], [28, 28]], 'liked neurons are drawn as 28x28 input weights');
  assert.ok(await explorer.getByRole('img', { name: 'digit 0: effective input template' }).isVisible());

  // k is adjustable.
  await explorer.getByLabel('Neurons to show').fill('5');
  await explorer.getByLabel('Neurons to show').press('Enter');
  await explorer.getByRole('region', { name: 'digit 0 likes most' }).getByRole('button').nth(4).waitFor();

  // Any hidden neuron opens the neuron view, with its mean activation per digit.
  await liked.first().click();
  const neuron = page.getByRole('region', { name: /^Neuron view — hidden neuron \d+$/ });
  await neuron.waitFor();
  await neuron.getByText(/^Most active on \ds \(mean \d\.\d\d\), after epoch 1\.$/).waitFor();
  await neuron.getByRole('button', { name: 'Close' }).click();

  // Drawing pad: a vertical stroke is read as some digit.
  const pad = page.getByRole('region', { name: /^Drawing pad/ });
  const area = pad.getByRole('img', { name: 'Drawing area: draw a digit here' });
  await area.scrollIntoViewIfNeeded();
  const box = await area.boundingBox();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let step = 1; step <= 10; step += 1) await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * (0.15 + step * 0.07));
  await page.mouse.up();
  await pad.getByLabel('Prediction').filter({ hasText: /^\d$/ }).waitFor();
  assert.match(await pad.getByRole('img', { name: /^Output activations: 0: \d\.\d\d/ }).getAttribute('aria-label'), /9: \d\.\d\d$/);

  // Test set (drawn once scrolled to): a confusion-matrix cell lists its images; one opens in the pad.
  const testSet = page.getByRole('region', { name: /^Test set/ });
  await testSet.scrollIntoViewIfNeeded();
  const cell = testSet.getByRole('button', { name: /^True (\d), network says (?!\1)\d: [1-9]\d* images$/ }).first();
  const [, t, p, n] = (await cell.getAttribute('aria-label')).match(/^True (\d), network says (\d): (\d+) images$/);
  await cell.click();
  await testSet.getByRole('heading', { name: `${t}s read as ${p} (${n})` }).waitFor();
  const gallery = testSet.getByRole('list', { name: new RegExp(`^${t}s read as ${p}`) }).getByRole('button');
  assert.equal(await gallery.count(), Math.min(Number(n), 48));
  assert.match(await gallery.first().getAttribute('aria-label'), new RegExp(`^${t}→${p} \\d\\.\\d\\d: test image \\d+, true ${t}, network says ${p}$`));
  await gallery.first().click();
  await pad.getByLabel('Prediction').filter({ hasText: new RegExp(`^${p} \\(test image \\d+, true ${t}\\)$`) }).waitFor();

  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('the grids open from the keyboard: Enter on a hidden tile opens its neuron, on an output tile explores that digit', async () => {
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: /).waitFor(); // no training: the demo is explored
  const tile = page.getByRole('region', { name: /^Hidden layer 1/ }).getByRole('img', { name: 'hidden neuron 7: input weights' });
  assert.match(await tile.getAttribute('aria-describedby').then((id) => page.locator(`#${id}`).textContent()), /press Enter/);
  await tile.focus();
  await page.keyboard.press('Enter');
  const view = page.getByRole('region', { name: 'Neuron view — hidden neuron 7' });
  await view.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Close', 'the focus follows to the view');
  assert.ok(await view.getByRole('img', { name: 'hidden neuron 7: weights from the 784 pixels' }).isVisible());

  const output = page.locator('#layers').getByRole('region', { name: /^Output layer/ }).getByRole('img', { name: /^Digit 4\b/ });
  await output.focus();
  await page.keyboard.press(' ');
  const explorer = page.getByRole('region', { name: /^Digit explorer/ });
  await explorer.getByRole('button', { name: '4', exact: true, pressed: true }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '4');
  assert.match(await page.url(), /[#&]digit=4(&|$)/);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('a reader\'s place stays put while a panel above it grows, in every engine (WebKit has no scroll anchoring of its own)', async () => {
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: /).waitFor();
  const explorer = page.getByRole('region', { name: /^Digit explorer/ });
  await explorer.getByRole('button', { name: /^hidden neuron \d+/ }).nth(2).waitFor(); // filled: 3 liked, 3 disliked
  const testSet = page.getByRole('region', { name: /^Test set/ });
  await testSet.scrollIntoViewIfNeeded();
  const top = () => testSet.evaluate((section) => Math.round(section.getBoundingClientRect().top));
  const height = () => explorer.evaluate((section) => Math.round(section.getBoundingClientRect().height));
  // Once the page's own late changes are over (the test set, in view, fetches and draws its result).
  let before = await top();
  for (let last = null; before !== last;) {
    last = before;
    await page.waitForTimeout(500);
    before = await top();
  }
  const explorerBefore = await height();
  // The explorer, far above, shows 10 neurons a side instead of 3 (as if a link or another tab set it).
  await explorer.getByLabel('Neurons to show').evaluate((input) => {
    input.value = '10';
    input.dispatchEvent(new Event('input'));
  });
  await page.waitForTimeout(500);
  assert.ok(await height() > explorerBefore + 100, 'the explorer grew');
  assert.ok(Math.abs(await top() - before) <= 2, `the test set stayed where it was (${before} → ${await top()})`);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('two hidden layers: a digit likes layer-2 neurons, whose views rank layer 1 and open its neurons', async () => {
  const { page } = await openPage(site.browser, `${site.url}#v=1&model=www/demos/network2-784-16-16-10.wscp&view=explorer&digit=3`);
  const explorer = page.getByRole('region', { name: /^Digit explorer/ });
  await explorer.getByRole('button', { name: '3', exact: true, pressed: true }).waitFor();
  const liked = explorer.getByRole('region', { name: 'digit 3 likes most' }).getByRole('button', { name: /^hidden layer 2 neuron \d+, weight \+\d/ });
  await liked.nth(2).waitFor();
  assert.equal(await liked.count(), 3);
  // The digit's template is pushed down through both layers to the pixels.
  assert.ok(await explorer.getByRole('img', { name: 'digit 3: effective input template' }).isVisible());

  const [, j] = (await liked.first().getAttribute('aria-label')).match(/^hidden layer 2 neuron (\d+)/);
  await liked.first().click();
  const view = page.getByRole('region', { name: `Neuron view — hidden layer 2 neuron ${j}` });
  await view.waitFor();
  const ranked = view.getByRole('img', { name: new RegExp(`^hidden layer 2 neuron ${j}'s 16 weights ranked: likes [\\d, ]+ most; dislikes [\\d, ]+ most$`) });
  await ranked.waitFor();
  // Its favourite layer-1 neurons come as their 28x28 input weights, and open in turn.
  const first = view.getByRole('region', { name: `hidden layer 2 neuron ${j} likes most` }).getByRole('button', { name: /^hidden layer 1 neuron \d+, weight \+/ }).first();
  const [, i] = (await first.getAttribute('aria-label')).match(/^hidden layer 1 neuron (\d+)/);
  assert.deepEqual(await first.locator('canvas').evaluate((c) => [c.width, c.height]), [28, 28]);
  await first.click();
  await page.getByRole('region', { name: `Neuron view — hidden layer 1 neuron ${i}` }).waitFor();
  assert.match(await page.getByRole('img', { name: /^Digits' weights to hidden layer 1 neuron \d+: 0: [+−]/ }).getAttribute('aria-label'), /9: [+−]\d/);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});
