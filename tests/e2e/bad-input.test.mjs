// End-to-end: bad input gets a clear message and leaves the page working. Links with garbage,
// negative, NaN, huge or unknown values; a network over the parameter cap; MNIST downloads that
// fail, stall or return the wrong bytes (the test server injects each fault). After each, the
// page still trains.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openPage } from '../support/browser.mjs';
import { clearFaults, fault, pageSettings, since } from '../support/server.mjs';
import { openDrawer } from '../support/drawer.mjs';
import { useSite } from '../support/site.mjs';

const TRAINING = { timeout: 120_000 };
const site = useSite();


/** Waits until the page is wired: wasm loaded, the form filled, Train enabled. */
const ready = (page) => page.waitForFunction(() => !document.querySelector('button[type="submit"]').disabled);
const alerts = (page) => page.getByRole('alert');
const samples = (page) => page.getByLabel('Samples this epoch', { exact: true });

/** Presses Train and waits until the worker reports trained samples, then resets. */
async function trainsAgain(page) {
  await samples(page).filter({ hasText: /^[1-9][\d,]* \/ 50,000$/ }).waitFor(TRAINING);
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByLabel('Status', { exact: true }).filter({ hasText: /^Ready$/ }).waitFor();
}

test('garbage, negative, NaN, huge and unknown link values each get a notice; the defaults train', TRAINING, async () => {
  const hash = '#v=1&sizes=784-100000-10&eta=1e9&epochs=1e9&seed=abc&miniBatch=-5&lambda=NaN&cost=%3Cimg%20src%3Dx%3E&bogus=1';
  const { page } = await openPage(site.browser, site.url + hash);
  await ready(page);
  const text = await alerts(page).textContent();
  for (const expected of [
    /layer sizes “784-100000-10” is not sizes like 784-30-10/,
    /learning rate η “1e9” is not a number from 0 to 100; the default 0\.5 is used/,
    /epochs “1e9” is not a number from 1 to 1000; the default 30 is used/,
    /seed “abc” is not a number from 0 to 4294967295; the default 1 is used/,
    /mini-batch size “-5”/,
    /λ “NaN”/,
    /cost “<img src=x>” is not one of crossEntropy, quadratic/,
    /“bogus” is not a setting Weightscope knows; it was ignored/,
  ]) assert.match(text, expected);
  assert.equal(await page.locator('#alerts img').count(), 0, 'the value is shown as text, never as HTML');
  assert.equal(await page.getByLabel('Hidden layers', { exact: true }).inputValue(), '30');
  assert.equal(await page.locator('#config').getByLabel('Epochs', { exact: true }).inputValue(), '30');
  assert.equal(await page.getByLabel('Learning rate η', { exact: true }).inputValue(), '0.5');
  assert.equal(await page.getByLabel('Seed', { exact: true }).inputValue(), '1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await trainsAgain(page);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('a network over the parameter cap is refused with the cap in the message, and nothing downloads', async () => {
  const { page } = await openPage(site.browser, `${site.url}#v=1&sizes=784-1000-1000-1000-10`);
  const requested = since();
  await ready(page);
  const hidden = (await openDrawer(page)).getByLabel('Hidden layers', { exact: true });
  assert.equal(await hidden.inputValue(), '1000,1000,1000');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  assert.equal(await hidden.getAttribute('aria-invalid'), 'true');
  const message = await page.locator('#sizes-error').textContent();
  assert.match(message, /2,797,010 weights and biases/);
  assert.match(message, /at most 2,000,000/);
  assert.equal(await page.getByLabel('Status', { exact: true }).textContent(), 'Ready');
  await hidden.fill('30');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await trainsAgain(page);
  const downloads = requested().filter((path) => path.endsWith('.gz'));
  assert.ok(downloads.length > 0 && downloads.every((d) => !d.includes('1000')));
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('the sweep and the side by side check their own Epochs with the drawer\'s words; nothing trains, no training set downloads', async () => {
  const { page } = await openPage(site.browser, site.url);
  await ready(page);
  const requested = since();
  const workers = await page.evaluate(() => __harness.workers.length);
  for (const [name, run] of [[/how few hidden neurons/, 'Run sweep'], [/two networks side by side/, 'Run both']]) {
    const panel = page.getByRole('region', { name });
    const epochs = panel.getByLabel('Epochs', { exact: true });
    for (const [text, message] of [['two', 'Enter a whole number, e.g. 10.'], ['0', 'Must be from 1 to 1000, not 0']]) {
      await epochs.fill(text);
      await panel.getByRole('button', { name: run }).click();
      await panel.getByText(message, { exact: true }).waitFor();
      assert.equal(await epochs.getAttribute('aria-invalid'), 'true', `"${text}" is marked invalid`);
      assert.equal(await page.locator(`#${await epochs.getAttribute('aria-describedby')}`).textContent(), message, 'the field names its message');
    }
  }
  assert.equal(await page.evaluate((n) => __harness.workers.slice(n).filter((w) => w.trained.length).length, workers), 0, 'nothing trained');
  // (the test set may come, for the chapters scrolled past on the way: it is not the runs')
  assert.deepEqual(requested().filter((path) => /train-.*idx\d-ubyte/.test(path)), [], 'no training set downloaded');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

const FAULTS = [
  { kind: 'status500', file: 'train-labels-idx1-ubyte.gz', message: /The server answered HTTP 500 for train-labels-idx1-ubyte\.gz/ },
  { kind: 'stall', file: 'train-images-idx3-ubyte.gz', message: /The download stalled: nothing arrived for 1\.5 s/ },
  { kind: 'html', file: 't10k-images-idx3-ubyte.gz', message: /t10k-images-idx3-ubyte\.gz arrived damaged \(it has \d+ bytes instead of \d+\)/ },
  { kind: 'truncate', file: 't10k-labels-idx1-ubyte.gz', message: /t10k-labels-idx1-ubyte\.gz arrived damaged/ },
  { kind: 'corrupt', file: 'train-images-idx3-ubyte.gz', message: /train-images-idx3-ubyte\.gz arrived damaged \(its SHA-256 checksum does not match\)/ },
];

for (const { kind, file, message } of FAULTS) {
  test(`a download that goes wrong (${kind}) says why, offers Retry, and Retry trains`, TRAINING, async () => {
    fault(file, kind);
    pageSettings({ stallMs: 1500 });
    const { page } = await openPage(site.browser, site.url);
    await (await openDrawer(page)).getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const alert = alerts(page).getByText(/^Could not load MNIST/);
    await alert.waitFor(TRAINING);
    assert.match(await alert.textContent(), message);
    assert.match(await alert.textContent(), /Press Retry to try again; the rest of the page keeps working\.$/);
    assert.equal(await page.getByLabel('Status', { exact: true }).textContent(), 'Ready');
    await page.locator('.hero-head').screenshot({ path: `/tmp/weightscope-fault-${kind}.png` });
    clearFaults();
    await page.getByRole('button', { name: 'Retry' }).click();
    await trainsAgain(page);
    // The browser logs a failed request (HTTP 500) itself; nothing else may be an error.
    assert.deepEqual((await page.errors()).filter((e) => !/status of 500/.test(e)), []);
    await page.context().close();
  });
}
