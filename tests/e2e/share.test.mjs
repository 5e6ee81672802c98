// End-to-end: sharing a trained network by link. A link restores the form exactly, bad values
// fall back with a notice, and two fresh browsers that train from the same link get the
// bit-identical network (the same weights digest), which the page confirms; a link that trains
// on a subset of MNIST carries the subset there and back.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { finished, openPage } from '../support/browser.mjs';
import { eventually } from '../support/page.mjs';
import { openDrawer } from '../support/drawer.mjs';
import { useSite } from '../support/site.mjs';

const TRAINING = { timeout: 240_000 };
const site = useSite();


const digestOf = (page) => page.getByLabel('Weights digest', { exact: true });

/** Waits for the run to finish and returns its weights digest. */
async function finishedDigest(page) {
  await finished(page, TRAINING);
  const digest = digestOf(page);
  await digest.filter({ hasText: /^[0-9a-f]{16}$/ }).waitFor();
  return digest.textContent();
}

/** Presses Copy link and returns the link the page offers. */
async function copyLink(page) {
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByLabel('Link to this network').inputValue();
  await page.getByText(/^(Link copied to the clipboard\.|The browser did not allow copying)/).waitFor();
  return link;
}

/** Opens `link` in a fresh browser context, lets it train (autotrain=1), and checks the page
 * confirms the shared `digest`; returns that page and its console errors. */
async function retrainsIdentically(link, digest) {
  const opened = await openPage(site.browser, `${link}&autotrain=1`);
  assert.equal(await finishedDigest(opened.page), digest);
  await opened.page.getByText(`Weights digest ${digest}: identical to the shared network.`).waitFor();
  return opened;
}

test('a link restores the form exactly; bad values fall back to defaults with a notice', async () => {
  const { page } = await openPage(site.browser, `${site.url}#v=1&sizes=784-16-16-10&epochs=3&eta=0.25&miniBatch=20&lambda=1.5&cost=quadratic&init=large&seed=42`);
  // The form is filled once the wasm is loaded, which Train's being enabled says.
  await page.getByRole('button', { name: 'Train', exact: true }).and(page.locator(':enabled')).waitFor();
  const values = {};
  for (const label of ['Hidden layers', 'Epochs', 'Learning rate η', 'Mini-batch size', 'Regularization λ', 'Cost', 'Initial weights', 'Seed']) {
    values[label] = await page.locator('#config').getByLabel(label, { exact: true }).inputValue();
  }
  assert.deepEqual(values, {
    'Hidden layers': '16,16', Epochs: '3', 'Learning rate η': '0.25', 'Mini-batch size': '20',
    'Regularization λ': '1.5', Cost: 'quadratic', 'Initial weights': 'large', Seed: '42',
  });
  assert.equal(await page.getByRole('region', { name: /^Hidden layer 2 / }).count(), 1, 'the views follow the link\'s sizes');

  const bad = await openPage(site.browser, `${site.url}#v=1&epochs=lots&eta=-3&cost=mse&seed=7`);
  await bad.page.getByText(/epochs “lots” is not a number from 1 to 1000; the default 30 is used/).waitFor();
  await bad.page.getByText(/cost “mse” is not one of crossEntropy, quadratic/).waitFor();
  assert.equal(await bad.page.locator('#config').getByLabel('Epochs', { exact: true }).inputValue(), '30');
  assert.equal(await bad.page.getByLabel('Learning rate η', { exact: true }).inputValue(), '0.5');
  assert.equal(await bad.page.getByLabel('Seed', { exact: true }).inputValue(), '7');
  assert.deepEqual([...await page.errors(), ...await bad.page.errors()], []);
  await page.context().close();
  await bad.page.context().close();
});

test('two fresh browsers train from the same link and get the identical network', TRAINING, async () => {
  // The sharer: autotrain=1 trains at once.
  const a = await openPage(site.browser, `${site.url}#v=1&epochs=1&seed=3&autotrain=1`);
  const digest = await finishedDigest(a.page);
  const link = await copyLink(a.page);
  assert.match(link, new RegExp(`#v=1&sizes=784-30-10&epochs=1&.*seed=3&digest=${digest}$`), 'all of MNIST: no subset in the link');
  await a.page.context().close();

  // The receiver, in a fresh context: the page rebuilds it by itself and confirms identity.
  const b = await openPage(site.browser, link);
  await b.page.getByText('This link shares a trained 784-30-10 network. Rebuilding it here from its recipe and seed…').waitFor();
  assert.equal(await finishedDigest(b.page), digest);
  await b.page.getByText(`Weights digest ${digest}: identical to the shared network.`).waitFor();

  // A third context with a wrong digest is told plainly that it differs.
  const wrong = link.replace(/digest=[0-9a-f]+/, 'digest=0000000000000000');
  const c = await openPage(site.browser, `${wrong}&autotrain=1`);
  assert.equal(await finishedDigest(c.page), digest);
  await c.page.getByText(/^This network differs from the shared one/).waitFor();
  assert.deepEqual([...await a.page.errors(), ...await b.page.errors(), ...await c.page.errors()], []);
  await b.page.context().close();
  await c.page.context().close();
});

test('a link trains on a subset of MNIST, says so, and carries it back; the subset run retrains identically', TRAINING, async () => {
  const a = await openPage(site.browser, `${site.url}#v=1&trainSize=2000&testSize=500&epochs=1&autotrain=1`);
  const field = (label) => () => a.page.getByLabel(label, { exact: true }).inputValue();
  assert.equal(await eventually(field('Training images'), '2000'), '2000'); // filled once the wasm is loaded
  assert.equal(await eventually(field('Test images'), '500'), '500');
  const digest = await finishedDigest(a.page);
  // Accuracy is out of the 500 test images, in the readout and in the test-set view.
  const test = a.page.locator('#test');
  assert.equal(await test.getAttribute('data-total'), '500');
  assert.match(await test.textContent(), /^\d+ \/ 500 \(\d+\.\d\d%\), on the first 500 of 10,000 test images$/);
  const correct = Number(await test.getAttribute('data-correct'));
  assert.ok(correct > 250 && correct <= 500, `${correct} / 500 after an epoch of 2,000 images`);
  await a.page.getByRole('region', { name: /^Test set/ }).scrollIntoViewIfNeeded(); // it draws once on screen
  await a.page.getByText(/^After epoch 1, on the first 500 of 10,000 test images: hardest digit \d/).waitFor();
  // No preset is the subset run's, and the published figures are not set beside it.
  assert.equal(await a.page.locator('[data-preset][aria-pressed="true"]').count(), 0);
  assert.equal(await a.page.locator('#published-row').isHidden(), true);
  const link = await copyLink(a.page);
  assert.match(link, new RegExp(`#v=1&sizes=784-30-10&epochs=1&.*seed=1&trainSize=2000&testSize=500&digest=${digest}$`));
  assert.match(await a.page.evaluate(() => location.hash), /&trainSize=2000&testSize=500&/);
  await a.page.context().close();

  const b = await retrainsIdentically(link, digest);
  // A preset resets the subset to all of MNIST.
  await openDrawer(b.page);
  await b.page.getByRole('button', { name: 'Nielsen ch. 3' }).click();
  assert.equal(await b.page.getByLabel('Training images', { exact: true }).inputValue(), '50000');
  assert.equal(await b.page.getByLabel('Test images', { exact: true }).inputValue(), '10000');
  assert.deepEqual([...await a.page.errors(), ...await b.page.errors()], []);
  await b.page.context().close();
});

test('a link names the digit being explored, and picking another digit updates the link', async () => {
  const { page } = await openPage(site.browser, `${site.url}#v=1&digit=7&view=explorer`);
  const explorer = page.locator('#explorer');
  await explorer.getByRole('button', { name: '7', exact: true }).and(page.locator('[aria-pressed="true"]')).waitFor();
  await explorer.getByRole('button', { name: '3', exact: true }).click();
  await page.waitForFunction(() => location.hash.includes('digit=3'));
  assert.match(await page.evaluate(() => location.hash), /view=explorer/);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});
