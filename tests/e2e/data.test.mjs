// End-to-end: what MNIST costs a reader. A first visit downloads only the test files (1.6 MB)
// for the test set and the neuron view, once they are wanted; the training files come with
// Train. On a slow line the download says how many MB and about how long, beside the figure,
// which stays drawn.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openDrawer } from '../support/drawer.mjs';
import { finished, openPage } from '../support/browser.mjs';
import { eventually } from '../support/page.mjs';
import { fault, since } from '../support/server.mjs';
import { useSite } from '../support/site.mjs';

const site = useSite();
const TRAINING = { timeout: 180_000 };
const MNIST = /(train|t10k)-(images|labels)-idx\d-ubyte\.gz$/;
const mnistRequests = (requests) => requests.filter((path) => MNIST.test(path)).map((path) => path.split('/').at(-1)).sort();

test('a first visit shows the test set\'s confusion matrix after fetching only the test files; Train fetches the training files alone', TRAINING, async () => {
  const requests = since();
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: /).waitFor();
  assert.deepEqual(mnistRequests(requests()), [], 'nothing of MNIST before the test set is in view');

  const testSet = page.getByRole('region', { name: /^Test set/ });
  await testSet.scrollIntoViewIfNeeded();
  // A reader's pointer: WebKit under WebDriver reports the scroll to IntersectionObserver only
  // after an input event.
  await testSet.getByRole('heading', { name: /^Test set/ }).hover();
  const right = testSet.getByRole('button', { name: /^True 7, network says 7: \d+ images$/ });
  await right.waitFor({ timeout: 90_000 }); // WebKit on a busy machine: tens of seconds
  assert.ok(Number((await right.getAttribute('aria-label')).match(/(\d+) images$/)[1]) > 900, 'the pretrained network reads most 7s');
  assert.match(await testSet.getByText(/^Accuracy per digit on the test set/).textContent(), /the axis runs from \d+% to 100%/);
  assert.deepEqual(mnistRequests(requests()), ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']);

  // The neuron view's mean activations come from the same evaluation: no new download.
  await page.getByRole('region', { name: /^Hidden layer 1/ }).getByRole('img', { name: 'hidden neuron 5: input weights' }).click();
  const neuron = page.getByRole('region', { name: 'Neuron view — hidden neuron 5' });
  await neuron.getByText(/^Most active on \ds \(mean \d\.\d\d\)/).waitFor();
  await neuron.getByRole('button', { name: 'Close' }).click(); // the sheet lies over the drawer's button

  const form = await openDrawer(page);
  await form.getByLabel('Epochs', { exact: true }).fill('1');
  await form.getByLabel('Training images', { exact: true }).fill('1000');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await finished(page, TRAINING);
  assert.deepEqual(mnistRequests(requests()),
    ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
    'each file once: the test files are not fetched again');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('on a slow line the download shows MB and the time left beside the grid, and the figure stays drawn', TRAINING, async () => {
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: /).waitFor();
  fault('train-images-idx3-ubyte.gz', 'slow');
  const form = await openDrawer(page);
  await form.getByLabel('Epochs', { exact: true }).fill('1');
  await form.getByLabel('Training images', { exact: true }).fill('1000');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const progress = page.getByText(/^Downloading MNIST: \d+\.\d \/ \d+\.\d MB, about \d+ (s|min) left$/);
  await progress.waitFor();
  // While it downloads, the hidden layer shows its weights, not the empty grid's placeholder,
  // and its tiles are drawn (read back once the engine has painted them).
  const hidden = page.getByRole('region', { name: /^Hidden layer 1/ });
  assert.ok(await progress.isVisible());
  assert.ok(await hidden.locator('.placeholder').isHidden(), 'no placeholder over the grid while downloading');
  const drawn = () => hidden.getByRole('img', { name: /input weights$/ }).evaluateAll((all) => all.every((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 250 || data[i + 2] < 250)) coloured += 1;
    return coloured > 100;
  }));
  assert.equal(await eventually(drawn, true), true, 'every tile drawn');
  await finished(page, TRAINING);
  assert.ok(await progress.isHidden(), 'the progress goes when the download ends');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});
