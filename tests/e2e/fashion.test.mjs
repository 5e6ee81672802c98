// End-to-end: the second dataset (issue 19). Choosing Fashion-MNIST in the form trains on its
// files with the class names shown, and the pad and the explorer take its words at once; with a
// Fashion-MNIST network on screen the whole page (but the article's claims and chapter 9) names
// its classes and never says "digit", and the ablation fetches its test files alone;
// a link with dataset=fashion-mnist rebuilds to the same weights digest in a fresh browser; the
// Fashion-MNIST demo and chapter 9 draw without downloading any images.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { finished, openPage } from '../support/browser.mjs';
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
  await finished(page, TRAINING);
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
  // The experiments train the drawer's recipe: their buttons name its download at once.
  for (const name of ['Match the seeds', 'Compare the three']) {
    await page.getByRole('button', { name: new RegExp(`^${name} \\(downloads Fashion-MNIST, \\d+\\.\\d MB, once\\)$`) }).waitFor({ state: 'attached' });
  }
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
  // The pad reads test images, not drawings, with nothing drawn or opened yet; the explorer picks classes.
  await page.getByRole('region', { name: 'One test image — which neurons does it use?' }).waitFor();
  await page.getByRole('region', { name: /^Class explorer — what a class's output neuron is built from/ }).getByRole('group', { name: 'Class' }).waitFor();
  assert.equal(await page.getByLabel('Contributions to', { exact: true }).inputValue(), 'predicted');
  assert.equal(await page.getByRole('group', { name: 'Try a test digit' }).count(), 0, "MNIST's sample digits are not offered");
  await page.locator('#testset').scrollIntoViewIfNeeded(); // the test set draws once in view
  await page.getByRole('columnheader', { name: 'T-shirt/top' }).waitFor();
  await page.getByText(/hardest class (T-shirt\/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle boot) \(/).waitFor();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await eventually(() => page.getByLabel('Link to this network').inputValue().then((v) => v !== ''), true);
  assert.match(await page.getByLabel('Link to this network').inputValue(), /[#&]dataset=fashion-mnist(&|$)/);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

/**
 * Every line of the page's visible text and every accessible name (aria-label, alt, title,
 * placeholder; a select's options) of its rendered elements, but those inside `skip` (a selector).
 */
const pageWords = (page, skip) => page.locator('body').evaluate((body, skip) => {
  const shown = (e) => e.checkVisibility({ visibilityProperty: true }) && !e.closest(skip);
  // innerText leaves out what is not rendered (a select's options are read below).
  const skipped = [...body.querySelectorAll(`${skip}, select`)].map((e) => [e, e.style.display]);
  for (const [e] of skipped) e.style.display = 'none';
  const text = body.innerText;
  for (const [e, display] of skipped) e.style.display = display;
  const names = [...body.querySelectorAll('[aria-label], [alt], [title], [placeholder]')].filter(shown)
    .flatMap((e) => ['aria-label', 'alt', 'title', 'placeholder'].map((name) => e.getAttribute(name) ?? ''));
  const options = [...body.querySelectorAll('select')].filter(shown).flatMap((select) => [...select.options].filter((o) => !o.closest(skip)).map((o) => o.text));
  return [document.title, text, ...names, ...options].join('\n');
}, skip);

/**
 * What may speak of digits with a Fashion-MNIST network on screen: the article's own claims quote
 * it, chapter 9 (wherever the page names it) sets digits beside clothes, and the dataset picker
 * offers MNIST's handwritten digits.
 */
const QUOTED = '.claim, #chapter-clothes, [data-chapter="chapter-clothes"], #dataset, #dataset-hint';

test('a Fashion-MNIST network on screen: the whole page speaks of its classes, never of digits', TRAINING, async () => {
  const requested = since();
  const { page } = await openPage(site.browser, `${site.url}#dataset=fashion-mnist`);
  await page.getByText(/^Pretrained network: www\/demos\/fashion-784-30-10\.wscp/).waitFor();
  // The chapters' lines and titles (the article's own claims quote it on digits, and chapter 9
  // sets digits beside clothes: both stay).
  await page.locator('#look-blocks').filter({ hasText: /^On this network, neuron \d+ is the one Dress likes most/ }).waitFor();
  assert.match(await page.locator('#look-uses').textContent(), /^Here T-shirt\/top likes neurons \d+, \d+, \d+ most .*the article's figures are for MNIST/);
  assert.match(await page.locator('#look-few').textContent(), /of the test images; the article's figures are MNIST's, not Fashion-MNIST's/);
  assert.equal(await page.locator('#chapter-uses-title').textContent(), 'How a class uses them');
  assert.equal(await page.locator('#chapter-build-title').textContent(), 'Build an image from the blocks');
  const ablation = page.locator('#ablation');
  assert.equal(await ablation.getByRole('heading', { level: 2 }).textContent(), 'Knock neurons out: which hidden neurons does each class need?');
  const compose = page.locator('#compose');
  await compose.getByLabel('for class', { exact: true }).selectOption({ label: 'Sneaker' });
  await compose.getByRole('img', { name: /^The network’s outputs for the composed image: T-shirt\/top: \d\.\d\d, .*Ankle boot: \d\.\d\d$/ }).waitFor();
  // The downloads they offer are Fashion-MNIST's, sized by its manifest.
  const button = (name) => page.getByRole('button', { name: new RegExp(`^${name} \\(downloads (the )?Fashion-MNIST( test set)?, \\d+\\.\\d MB, once\\)$`) });
  for (const name of ['Match the seeds', 'Compare the three']) await button(name).waitFor();
  await button('Measure on the test set').filter({ hasText: 'the Fashion-MNIST test set, 4.4 MB' }).click();
  await ablation.locator('tbody tr').nth(9).waitFor(TRAINING);
  assert.deepEqual(await ablation.locator('tbody th').allTextContents(),
    ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
  assert.equal(await ablation.locator('thead th').first().textContent(), 'Class');
  assert.deepEqual(images(requested).map((path) => path.split('/').slice(-2).join('/')).sort(),
    ['fashion-mnist/t10k-images-idx3-ubyte.gz', 'fashion-mnist/t10k-labels-idx1-ubyte.gz'], 'its test files alone');

  // The rest of the page, with the test set evaluated, one of its images read in the pad, a
  // neuron opened, the drawer and the Embed panel open.
  await page.locator('#testset').scrollIntoViewIfNeeded();
  await page.getByRole('columnheader', { name: 'Ankle boot' }).waitFor(TRAINING);
  const classes = 'T-shirt/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle boot';
  // The gallery's tiles have room for class numbers only: its key names them.
  assert.match(await page.locator('#gallery-key').textContent(), /\(0 T-shirt\/top · 1 Trouser · .* · 9 Ankle boot\)/);
  await page.locator('#testset .gallery button').first().click();
  const read = new RegExp(`^(${classes}) \\(test image \\d+, true (${classes})\\)$`);
  await page.locator('#pad-prediction').filter({ hasText: read }).waitFor();
  await page.getByRole('region', { name: /^Hidden layer 1 / }).getByRole('img', { name: /^hidden neuron 3:/ }).click();
  await page.getByRole('region', { name: 'Neuron view — hidden neuron 3' }).waitFor();
  await page.getByText(/^Most active on /).waitFor();
  // The drawer and the Embed panel open (the sticky head they are in may be tucked away here).
  await page.locator('#drawer').evaluate((drawer) => { drawer.open = true; });
  await page.locator('#embed-button').evaluate((button) => button.click());
  await page.getByRole('option', { name: 'Class explorer' }).waitFor({ state: 'attached' });
  const words = await pageWords(page, QUOTED);
  for (const name of ['T-shirt/top', 'Sneaker', 'Ankle boot']) assert.ok(words.includes(name), `the page names ${name}`);
  assert.deepEqual(words.match(/.*digit.*/gi), null, 'no "digit" on the page but in the article\'s claims and chapter 9');
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

test('the Fashion-MNIST demo and chapter 9 draw without downloading any images; its network2.py JSON opens on its dataset', TRAINING, async () => {
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

  // Saved as network2.py JSON, it names its dataset, and opens again on it in a page of MNIST.
  const json = await page.download(() => page.getByRole('button', { name: 'Save as JSON for Python' }).click());
  assert.equal(JSON.parse(json.bytes.toString()).dataset, 'fashion-mnist');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
  const mnist = (await openPage(site.browser, site.url)).page;
  await mnist.getByText(/^Pretrained network: www\/demos\/network2-784-30-10\.wscp/).waitFor();
  await mnist.getByLabel('Open a model file').setInputFiles({ name: json.name, mimeType: 'application/json', buffer: json.bytes });
  await mnist.getByRole('img', { name: 'Ankle boot: weights from the last hidden layer' }).waitFor();
  assert.deepEqual(await mnist.errors(), []);
  await mnist.context().close();
});
