// End-to-end: the built site (dist/) in each browser engine (tests/support/browser.mjs), driven like a reader would, by
// roles and labels. Trains real MNIST in the page's worker, so allow it time on a busy machine.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ENGINE, newContext, openPage, ready, settled } from '../support/browser.mjs';
import { clearFaults, fault, since } from '../support/server.mjs';
import { openDrawer } from '../support/drawer.mjs';
import { eventually } from '../support/page.mjs';
import { useSite } from '../support/site.mjs';

const TRAINING = { timeout: 120_000 };
const MINUS = '\u2212';
const site = useSite();


/** The status readout's value labelled `name` ("Status", "Test accuracy", …). */
const readout = (page, name) => page.getByLabel(name, { exact: true });
const hiddenLayer = (page, n) => page.getByRole('region', { name: new RegExp(`^Hidden layer ${n} `) });
const outputLayer = (page) => page.locator('#layers').getByRole('region', { name: /^Output layer/ });

/** Per canvas: how many pixels are bluish (likes) and reddish (dislikes), and its size. */
function colours(canvases) {
  return canvases.evaluateAll((elements) => elements.map((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let blue = 0;
    let red = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 2] > data[i] + 30) blue += 1;
      if (data[i] > data[i + 2] + 30) red += 1;
    }
    return { blue, red, width: canvas.width, height: canvas.height };
  }));
}

/** Waits until `read()` returns something other than `before`. */
async function changes(read, before, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const now = await read();
    if (now !== before) return now;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(before)} after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}


const sum = (rows, key) => rows.reduce((total, row) => total + row[key], 0);

test('one epoch of network2.py learns MNIST to 90% and draws what each neuron likes and dislikes', TRAINING, async () => {
  const { page } = await openPage(site.browser, site.url);
  await ready(page);
  await openDrawer(page);
  await page.getByRole('button', { name: 'Nielsen ch. 3' }).click();
  assert.equal(await page.getByRole('button', { name: 'Nielsen ch. 3' }).getAttribute('aria-pressed'), 'true');
  await page.getByText(/^Pretrained network: /).waitFor(); // the page opens on a trained demo
  await (await openDrawer(page)).getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train' }).click();

  await page.getByText(/^[\d,]+ \/ 10,000 \(\d+\.\d\d%\)$/).waitFor(TRAINING);
  const accuracy = await readout(page, 'Test accuracy').textContent();
  const [, correct, total, percent] = accuracy.match(/^([\d,]+) \/ ([\d,]+) \((\d+\.\d\d)%\)$/);
  const fraction = Number(correct.replaceAll(',', '')) / Number(total.replaceAll(',', ''));
  assert.equal(total, '10,000');
  assert.equal(percent, (100 * fraction).toFixed(2));
  assert.ok(fraction >= 0.9, `test accuracy ${accuracy} is below 90%`);
  assert.match(await readout(page, 'Training time').textContent(), /^\d+\.\d s in all \(the last epoch \d+\.\d\d s\)$/);
  await readout(page, 'Status').filter({ hasText: /^Done$/ }).waitFor();
  assert.equal(await readout(page, 'Epoch').textContent(), '1 / 1');

  const hidden = await colours(hiddenLayer(page, 1).getByRole('img', { name: /^hidden neuron \d+/ }));
  assert.equal(hidden.length, 30);
  assert.ok(hidden.every((c) => c.width === 28 && c.height === 28), 'hidden neurons are drawn 28x28');
  // One scale for the whole layer: a few strong weights set it, so most pixels are pale.
  assert.ok(sum(hidden, 'blue') > 300 && sum(hidden, 'red') > 300, `hidden layer colours ${JSON.stringify(hidden)}`);
  assert.ok(hidden.filter((c) => c.blue >= 10 && c.red >= 10).length >= 20, 'most hidden neurons both like and dislike');

  const output = await colours(outputLayer(page).getByRole('img', { name: /^Digit \d/ }));
  assert.equal(output.length, 10);
  assert.ok(output.every((c) => c.width === 6 && c.height === 5), 'output neurons are drawn 5x6');
  assert.ok(sum(output, 'blue') >= 30 && sum(output, 'red') >= 30, `output colours ${JSON.stringify(output)}`);
  assert.ok(!(await page.getByText(/^Press Train to start/).first().isVisible()), 'placeholder gone');

  const legend = hiddenLayer(page, 1);
  // Both ends in one read: the last weights may still be drawn (a new scale) after Done shows.
  const ticks = await legend.locator('.legend-ticks span').allTextContents();
  assert.match(ticks[2], /^\+\d\.\d\d$/);
  assert.deepEqual(ticks, [`${MINUS}${ticks[2].slice(1)}`, '0', ticks[2]], 'legend is symmetric');

  const tile = hiddenLayer(page, 1).getByRole('img', { name: /^hidden neuron 7\b/ });
  await tile.scrollIntoViewIfNeeded();
  await settled(page);
  const box = await tile.boundingBox();
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.45);
  assert.match(await page.getByRole('tooltip').textContent(),
    new RegExp(`^hidden neuron 7 · pixel \\(row 12, col 15\\) · w = ${MINUS}?\\d\\.\\d{3}$`));
  const digit = outputLayer(page).getByRole('img', { name: /^Digit 3\b/ });
  await digit.scrollIntoViewIfNeeded();
  await settled(page);
  const cell = await digit.boundingBox();
  await page.mouse.move(cell.x + cell.width * (2.5 / 6), cell.y + cell.height * (2.5 / 5));
  assert.match(await page.getByRole('tooltip').textContent(), new RegExp(`^output 3 · from hidden 14 · w = ${MINUS}?\\d\\.\\d{3}$`));

  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('an invalid number of epochs is refused next to the field, and Train does nothing', async () => {
  const { page } = await openPage(site.browser, site.url);
  await ready(page);
  const requested = since();
  const epochs = (await openDrawer(page)).getByLabel('Epochs', { exact: true });
  for (const text of ['abc', '0']) {
    await epochs.fill(text);
    await page.getByRole('button', { name: 'Train' }).click();
    assert.equal(await epochs.getAttribute('aria-invalid'), 'true', `"${text}" is marked invalid`);
    const [errorId] = (await epochs.getAttribute('aria-describedby')).split(' ');
    const message = page.locator(`#${errorId}`);
    assert.ok(await message.isVisible(), `a message for "${text}"`);
    assert.ok((await message.textContent()).length > 5, `the message for "${text}" says something`);
    // Both boxes read in one frame, once the drawer has stopped moving (it scrolls to the field).
    const placement = () => page.evaluate((id) => {
      const field = document.getElementById('epochs').getBoundingClientRect();
      const near = document.getElementById(id).getBoundingClientRect();
      return near.top >= field.bottom - 1 && near.top - field.bottom < 24 && Math.abs(near.left - field.left) < 24
        ? 'under' : JSON.stringify({ field, near });
    }, errorId);
    assert.equal(await eventually(placement, 'under'), 'under', 'message right under the field, aligned with it');
  }
  await page.waitForTimeout(500);
  assert.equal(await readout(page, 'Status').textContent(), 'Ready');
  assert.deepEqual(requested().filter((path) => path.endsWith('.gz')), []);

  await epochs.fill('2');
  assert.equal(await epochs.getAttribute('aria-invalid'), null, 'fixing the value clears the message');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('Pause stops training and Resume continues it', TRAINING, async () => {
  const { page } = await openPage(site.browser, site.url);
  await ready(page);
  await (await openDrawer(page)).getByLabel('Epochs', { exact: true }).fill('30');
  await page.getByRole('button', { name: 'Train' }).click();
  const samples = readout(page, 'Samples this epoch');
  await samples.filter({ hasText: /^[\d,]+ \/ 50,000$/ }).waitFor(TRAINING);

  await page.getByRole('button', { name: 'Pause' }).click();
  await readout(page, 'Status').filter({ hasText: /^Paused$/ }).waitFor();
  const paused = `${await readout(page, 'Epoch').textContent()} ${await samples.textContent()}`;
  await page.waitForTimeout(1500);
  assert.equal(`${await readout(page, 'Epoch').textContent()} ${await samples.textContent()}`, paused, 'nothing moves while paused');

  await page.getByRole('button', { name: 'Resume' }).click();
  await readout(page, 'Status').filter({ hasText: /^Training$/ }).waitFor();
  await changes(async () => `${await readout(page, 'Epoch').textContent()} ${await samples.textContent()}`, paused);
  assert.ok(await page.getByRole('button', { name: 'Pause' }).isEnabled());

  await page.getByRole('button', { name: 'Reset' }).click();
  assert.equal(await readout(page, 'Status').textContent(), 'Ready');
  assert.ok(await page.getByText(/^Press Train to start/).first().isVisible(), 'Reset brings the placeholder back');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('a failed download says so with a Retry that works, and shows download progress', TRAINING, async () => {
  const { page } = await openPage(site.browser, site.url);
  await ready(page);
  const big = 'data/train-images-idx3-ubyte.gz';
  fault(big, 'status503');
  await (await openDrawer(page)).getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train' }).click();
  const alert = page.getByRole('alert');
  await alert.getByText(/Could not load MNIST/).waitFor();
  assert.match(await alert.textContent(), /503/);
  assert.equal(await readout(page, 'Status').textContent(), 'Ready');

  fault(big, 'slow'); // a slow line, to watch the progress
  await alert.getByRole('button', { name: 'Retry' }).click();
  const progress = page.getByText(/^Downloading MNIST: \d+\.\d \/ \d+\.\d MB(, about \d+ (s|min) left)?$/);
  await progress.waitFor();
  const [done, total] = (await progress.textContent()).match(/[\d.]+/g).map(Number);
  assert.ok(total > 10 && total < 13 && done <= total, `${done} of ${total} MB`);
  assert.ok(await page.getByRole('progressbar', { name: /^Downloading MNIST/ }).isVisible());
  clearFaults();
  await readout(page, 'Samples this epoch').filter({ hasText: /^[\d,]+ \/ 50,000$/ }).waitFor(TRAINING);
  assert.equal(await alert.textContent(), '', 'the alert went away with Retry');
  await page.getByRole('button', { name: 'Reset' }).click();
  assert.deepEqual((await page.errors()).filter((e) => !e.includes('503')), []);
  await page.context().close();
});

test('a training worker that cannot start is reported, not swallowed', async () => {
  fault('www/worker.js', 'status404');
  const context = await newContext(site.browser);
  const page = await context.newPage();
  await page.goto(site.url);
  await page.getByRole('alert').getByText(/The training worker failed/).waitFor();
  await page.getByRole('button', { name: 'Train' }).click();
  await readout(page, 'Status').filter({ hasText: /^Ready$/ }).waitFor();
  assert.equal(await page.getByRole('alert').getByText(/The training worker failed/).count(), 2, 'said again on Train');
  clearFaults();
  await context.close();
});

test('two hidden layers: layer 2 is drawn on the layout of the layer 1 grid', TRAINING, async () => {
  const { page } = await openPage(site.browser, site.url);
  await ready(page);
  await (await openDrawer(page)).getByLabel('Hidden layers').fill('16,16');
  await (await openDrawer(page)).getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train' }).click();
  const layer2 = hiddenLayer(page, 2).getByRole('img', { name: /^hidden layer 2 neuron \d+/ });
  await page.waitForFunction(() => document.querySelector('canvas[data-layer="1"]')?.width === 4, null, TRAINING);

  const shapes = await colours(layer2);
  assert.equal(shapes.length, 16);
  assert.ok(shapes.every((c) => c.width === 4 && c.height === 4), 'layer-2 neurons are 4x4 images');
  assert.equal(await hiddenLayer(page, 1).getByRole('img', { name: /^hidden layer 1 neuron \d+/ }).count(), 16);
  const tiles = await hiddenLayer(page, 1).getByRole('img', { name: /^hidden layer 1 neuron \d+/ }).evaluateAll(
    (elements) => elements.map((e) => Math.round(e.getBoundingClientRect().left)),
  );
  assert.equal(new Set(tiles).size, 4, 'the layer-1 grid has 4 columns, like the 4x4 images');
  assert.equal((await colours(outputLayer(page).getByRole('img', { name: /^Digit \d/ }))).every((c) => c.width === 4), true);
  assert.match(await hiddenLayer(page, 2).textContent(), /laid out 4×4 exactly like the grid of hidden layer 1/);
  await page.getByRole('button', { name: 'Reset' }).click();
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('on a phone the page fits the screen and shows 5 or 6 tiles a row', async () => {
  const { page } = await openPage(site.browser, site.url, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await hiddenLayer(page, 1).getByRole('img').first().waitFor();
  // MiniBrowser's window is at least 447 px wide (README: Browser engines): the viewport is checked.
  const [width, viewport] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  assert.ok(viewport <= (ENGINE === 'webkit' ? 447 : 390), `a phone-sized viewport (${viewport}px)`);
  assert.ok(width <= viewport, `no sideways scrolling (page is ${width}px wide in ${viewport}px)`);
  const lefts = await hiddenLayer(page, 1).getByRole('img', { name: /^hidden neuron/ }).evaluateAll(
    (elements) => elements.map((e) => Math.round(e.getBoundingClientRect().left)),
  );
  const perRow = new Set(lefts).size;
  assert.ok(perRow >= 5 && perRow <= 6, `${perRow} tiles a row`);
  const tile = await hiddenLayer(page, 1).getByRole('img', { name: /^hidden neuron 0\b/ }).boundingBox();
  assert.ok(tile.width >= 40, `tiles are ${tile.width}px wide`);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});
