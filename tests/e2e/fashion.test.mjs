// End-to-end: the second dataset (issue 19). Choosing Fashion-MNIST in the form trains on its
// files with the class names shown; a link with dataset=fashion-mnist rebuilds to the same
// weights digest in a fresh browser; the Fashion-MNIST demo and chapter 9 draw without
// downloading any images.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openPage } from '../support/browser.mjs';
import { openDrawer } from '../support/drawer.mjs';
import { eventually } from '../support/page.mjs';
import { since } from '../support/server.mjs';
import { useSite } from '../support/site.mjs';

const TRAINING = { timeout: 240_000 };
const site = useSite();

const digestOf = (page) => page.getByLabel('Weights digest', { exact: true });
const images = (requested) => requested().filter((path) => path.endsWith('.gz'));

/** Waits for the run to finish and returns its weights digest. */
async function finishedDigest(page) {
  await page.getByLabel('Status', { exact: true }).filter({ hasText: /^Done$/ }).waitFor(TRAINING);
  const digest = digestOf(page);
  await digest.filter({ hasText: /^[0-9a-f]{16}$/ }).waitFor();
  return digest.textContent();
}

/** How many of `tiles` (canvases) show colour (a neuron λ has silenced may stay nearly white). */
function drawn(tiles) {
  return tiles.evaluateAll((canvases) => canvases.filter((canvas) => {
    if (canvas.width === 0) return false;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - data[i + 2]) > 30) return true;
    return false;
  }).length);
}

test('choosing Fashion-MNIST trains on its files, with the class names in the labels', TRAINING, async () => {
  const { page } = await openPage(site.browser, site.url, { viewport: { width: 1400, height: 1000 } });
  await page.getByRole('button', { name: 'Train', exact: true }).and(page.locator(':enabled')).waitFor();
  await page.getByText(/^Pretrained network: /).waitFor();
  const requested = since();
  const form = await openDrawer(page);
  await form.getByLabel('Dataset', { exact: true }).selectOption({ label: 'Fashion-MNIST' });
  await form.getByLabel('Hidden layers').fill('10');
  await form.getByLabel('Epochs', { exact: true }).fill('1');
  await form.getByLabel('Training images', { exact: true }).fill('1000');
  await form.getByLabel('Test images', { exact: true }).fill('500');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await finishedDigest(page);

  const files = images(requested);
  assert.ok(files.length === 4 && files.every((path) => path.includes('/data/fashion-mnist/')), `Fashion-MNIST's files: ${files}`);
  await page.getByRole('img', { name: 'Sneaker: weights from the last hidden layer' }).waitFor();
  await page.getByRole('region', { name: /^Output layer — what each class likes/ }).waitFor();
  await page.getByRole('button', { name: 'Ankle boot', exact: true }).first().waitFor();
  await page.locator('#testset').scrollIntoViewIfNeeded(); // the test set draws once in view
  await page.getByRole('columnheader', { name: 'T-shirt/top' }).waitFor();
  await page.getByText(/hardest class (T-shirt\/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle boot) \(/).waitFor();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await eventually(() => page.getByLabel('Link to this network').inputValue().then((v) => v !== ''), true);
  assert.match(await page.getByLabel('Link to this network').inputValue(), /[#&]dataset=fashion-mnist(&|$)/);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('a link with dataset=fashion-mnist rebuilds to the same digest in a fresh browser', TRAINING, async () => {
  const link = `${site.url}#v=1&dataset=fashion-mnist&sizes=784-10-10&epochs=1&trainSize=1000&testSize=500&seed=3&autotrain=1`;
  const first = await openPage(site.browser, link);
  const digest = await finishedDigest(first.page);
  assert.equal(await first.page.getByLabel('Dataset', { exact: true }).inputValue(), 'fashion-mnist');
  const second = await openPage(site.browser, `${link}&digest=${digest}`);
  assert.equal(await finishedDigest(second.page), digest);
  await second.page.getByText(`Weights digest ${digest}: identical to the shared network.`).waitFor();
  // The same recipe on MNIST is another network: the dataset is part of what a link means.
  const mnist = await openPage(site.browser, link.replace('dataset=fashion-mnist&', ''));
  assert.notEqual(await finishedDigest(mnist.page), digest);
  assert.deepEqual([...await first.page.errors(), ...await second.page.errors(), ...await mnist.page.errors()], []);
  for (const opened of [first, second, mnist]) await opened.page.context().close();
});

test('the Fashion-MNIST demo and chapter 9 draw without downloading any images', TRAINING, async () => {
  const requested = since();
  const { page } = await openPage(site.browser, `${site.url}#dataset=fashion-mnist`);
  await page.getByText(/^Pretrained network: www\/demos\/fashion-784-30-10\.wscp \(784-30-10, [89]\d\.\d\d% on all 10,000 test images after 30 epochs\)/).waitFor();
  const hidden = page.getByRole('region', { name: /^Hidden layer 1 / }).getByRole('img', { name: /neuron \d+/ });
  assert.ok(await eventually(() => drawn(hidden), 28) >= 28, 'the 30 hidden neurons are drawn');
  assert.equal(await hidden.count(), 30);
  await page.getByRole('img', { name: 'Ankle boot: weights from the last hidden layer' }).waitFor();
  assert.equal(await page.getByLabel('Dataset', { exact: true }).inputValue(), 'fashion-mnist');
  assert.equal(await page.locator('#intro-noun').textContent(), 'photographs of clothes', 'the intro names the dataset on screen');

  const chapter = page.locator('#chapter-clothes');
  await chapter.scrollIntoViewIfNeeded();
  await chapter.getByText(/^Smoothness is the correlation of neighbouring weights/).waitFor(TRAINING);
  for (const name of ['MNIST', 'Fashion-MNIST']) {
    const tiles = chapter.getByRole('img', { name: new RegExp(`^${name} hidden neuron \\d+`) });
    assert.equal(await tiles.count(), 30, `${name}'s 30 tiles`);
    assert.ok(await eventually(() => drawn(tiles), 28) >= 28, `${name}'s tiles are drawn`);
  }
  await page.waitForTimeout(300);
  assert.deepEqual(images(requested), [], 'no image file was requested');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});
