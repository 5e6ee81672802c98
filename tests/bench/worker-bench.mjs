// `make bench`: one epoch of network2.py (784-30-10, mini-batch 10) in the real page's worker,
// read back from the page like a reader would, printed as one line:
//   bench engine=wasm-worker sizes=784-30-10 batch=10 epoch_s=… samples_per_s=… test_accuracy=…
// epoch_s is the worker's own measure of the epoch's training time (the `epoch` message).

import { launch, openPage } from '../support/browser.mjs';
import { start, stop } from '../support/server.mjs';

const url = await start();
const browser = await launch();
try {
  const { page, errors } = await openPage(browser, url);
  await page.getByRole('button', { name: 'network2.py' }).click();
  await page.getByLabel('Epochs').fill('1');
  const hidden = await page.getByLabel('Hidden layers').inputValue();
  const batch = await page.getByLabel('Mini-batch size').inputValue();
  await page.getByRole('button', { name: 'Train' }).click();

  const took = page.getByLabel('Training time', { exact: true });
  await took.filter({ hasText: /^epoch took / }).waitFor({ timeout: 300_000 });
  const test = page.getByLabel('Test accuracy', { exact: true });
  const seconds = Number(await took.getAttribute('data-seconds'));
  const samplesPerSecond = Number(await took.getAttribute('data-samples-per-second'));
  const accuracy = Number(await test.getAttribute('data-correct')) / Number(await test.getAttribute('data-total'));
  if (errors.length > 0) throw new Error(`the page reported errors:\n${errors.join('\n')}`);

  const sizes = ['784', ...hidden.split(',').map((n) => n.trim()), '10'].join('-');
  console.log(`bench engine=wasm-worker sizes=${sizes} batch=${batch} epoch_s=${seconds.toFixed(3)} `
    + `samples_per_s=${Math.round(samplesPerSecond)} test_accuracy=${accuracy.toFixed(4)}`);
} finally {
  await browser.close();
  await stop();
}
