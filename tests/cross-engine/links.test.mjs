// Across engines: a link made in each of Chromium, Firefox and WebKit, retrained in the other
// two, gives the bit-identical network (the same weights digest), which the page confirms. All
// three browsers at once (WebKit needs a display: run under xvfb-run); a subset of MNIST and one
// epoch keep it short, and each engine's link has its own seed, so each is a different network.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { ENGINES, finished, launch, openPage } from '../support/browser.mjs';
import { start, stop } from '../support/server.mjs';

const TRAINING = { timeout: 240_000 };
const browsers = {};
let url = '';

before(async () => {
  url = await start(undefined, { e2e: true });
  for (const engine of ENGINES) browsers[engine] = await launch(engine);
});

after(async () => {
  for (const browser of Object.values(browsers)) await browser.close();
  await stop();
});

/** Waits for the run to finish and returns its weights digest. */
async function finishedDigest(page) {
  await finished(page, TRAINING);
  const digest = page.getByLabel('Weights digest', { exact: true });
  await digest.filter({ hasText: /^[0-9a-f]{16}$/ }).waitFor();
  return digest.textContent();
}

for (const [index, maker] of ENGINES.entries()) {
  test(`a link made in ${maker} retrains to the same digest in the other engines`, TRAINING, async () => {
    const made = await openPage(browsers[maker], `${url}#v=1&trainSize=2000&testSize=500&epochs=1&seed=${20 + index}&autotrain=1`);
    const digest = await finishedDigest(made.page);
    await made.page.getByRole('button', { name: 'Copy link' }).click();
    const link = await made.page.getByLabel('Link to this network').inputValue();
    assert.match(link, new RegExp(`&seed=${20 + index}&trainSize=2000&testSize=500&digest=${digest}$`));
    assert.deepEqual(await made.page.errors(), []);
    await made.page.context().close();

    for (const engine of ENGINES.filter((other) => other !== maker)) {
      const { page } = await openPage(browsers[engine], `${link}&autotrain=1`);
      assert.equal(await finishedDigest(page), digest, `${engine} retrains ${maker}'s link`);
      await page.getByText(`Weights digest ${digest}: identical to the shared network.`).waitFor();
      assert.deepEqual(await page.errors(), []);
      await page.context().close();
    }
  });
}
