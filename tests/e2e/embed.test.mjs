// End-to-end: embedding a figure in a blog post and saving it as a PNG. The Embed button's
// snippet goes into a plain HTML page on another origin, as a blog would have it, and the figure
// must render inside the iframe, without the page's chrome, with a link to the full app.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openPage } from '../support/browser.mjs';
import { servePage } from '../support/server.mjs';
import { useSite } from '../support/site.mjs';

const site = useSite();


/** Coloured (non-white, non-grey) pixels over every canvas in `canvases`. */
function colouredPixels(canvases) {
  return canvases.evaluateAll((elements) => elements.reduce((sum, canvas) => {
    if (canvas.width === 0) return sum;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - data[i + 2]) > 30) coloured += 1;
    return sum + coloured;
  }, 0));
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

async function snippetFor(page, figure) {
  await page.getByLabel('Figure', { exact: true }).selectOption({ label: figure });
  return page.getByLabel(/^Embed snippet/).inputValue();
}

test('the embed snippet, pasted into a blog post on another site, renders the figure', async () => {
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: /).waitFor();
  await page.getByRole('button', { name: 'Embed' }).click();
  // The opt-in: the network from its model file on this site, not in the link.
  await page.getByLabel('The reader gets the network').selectOption('file');
  const snippet = await snippetFor(page, 'Hidden layer weights');
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/weightscope\/#v=1&amp;.*model=www%2Fdemos%2Fnetwork2-784-30-10\.wscp&amp;embed=hidden" title="Weightscope: Hidden layer weights" style="border:0;width:100%;aspect-ratio:\d+\/\d+"/);
  assert.doesNotMatch(snippet, /net=/);
  assert.match(await page.getByText(/^The embed loads www\/demos\/network2-784-30-10\.wscp from this site/).textContent(), /serves it/);

  // The blog lives on another origin (localhost, not 127.0.0.1).
  servePage('/blog/post.html', `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>My post</title><h1>What a network learns</h1><p>Look:</p>${snippet}<p>Nice.</p>`);
  const blog = await openPage(site.browser, `${site.url.replace('127.0.0.1', 'localhost').replace('/weightscope/', '')}/blog/post.html`);
  const frame = blog.page.frameLocator('iframe');
  const tiles = frame.getByRole('img', { name: /^hidden neuron \d+/ });
  await tiles.first().waitFor();
  await blog.page.waitForFunction(() => true);
  for (let i = 0; i < 50 && (await colouredPixels(tiles)) < 1000; i += 1) await blog.page.waitForTimeout(100);
  assert.ok(await colouredPixels(tiles) > 1000, 'the heat maps are drawn inside the iframe');
  assert.equal(await tiles.count(), 30);
  assert.ok(!(await frame.getByRole('button', { name: 'Train' }).isVisible()), 'no page chrome');
  assert.ok(!(await frame.getByRole('region', { name: /^Output layer/ }).isVisible()), 'only the chosen figure');
  const box = await frame.getByRole('img', { name: /^hidden neuron 29/ }).boundingBox();
  const iframe = await blog.page.locator('iframe').boundingBox();
  assert.ok(box.y + box.height <= iframe.y + iframe.height, 'the figure fits its iframe');
  assert.ok(box.width >= 40, `tiles use the room (${box.width}px)`);
  const open = frame.getByRole('link', { name: /Open in Weightscope/ });
  assert.equal(await open.getAttribute('target'), '_blank');
  assert.doesNotMatch(await open.getAttribute('href'), /embed=/);
  assert.match(await open.getAttribute('href'), /model=www%2Fdemos%2Fnetwork2-784-30-10\.wscp/);

  // The output layer and the learning curves embed too.
  const output = await snippetFor(page, 'Output layer: what each digit likes and dislikes');
  const curves = await snippetFor(page, 'Learning curves');
  servePage('/blog/two.html', `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>Two</title>${output}${curves}`);
  const two = await openPage(site.browser, `${site.url.replace('/weightscope/', '')}/blog/two.html`);
  const digits = two.page.frameLocator('iframe >> nth=0').getByRole('img', { name: /^Digit \d/ });
  await digits.first().waitFor();
  for (let i = 0; i < 50 && (await colouredPixels(digits)) < 100; i += 1) await two.page.waitForTimeout(100);
  assert.ok(await colouredPixels(digits) > 100);
  const charts = two.page.frameLocator('iframe >> nth=1').getByRole('img', { name: /^Test accuracy per epoch: 9\d\.\d\d% after epoch 30/ });
  await charts.waitFor();
  assert.deepEqual([...await page.errors(), ...await blog.page.errors(), ...await two.page.errors()], []);
  await Promise.all([page, blog.page, two.page].map((p) => p.context().close()));
});

test('Save as PNG writes the figure at 1x, 2x and 4x, upscaled by whole pixels', async () => {
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: /).waitFor();
  await page.getByRole('button', { name: 'Embed' }).click();
  await page.getByLabel('Figure', { exact: true }).selectOption({ label: 'Hidden layer weights' });
  const sizes = {};
  for (const scale of ['1', '2', '4']) {
    await page.getByLabel('PNG scale').selectOption(scale);
    const { name, bytes } = await page.download(() => page.getByRole('button', { name: 'Save as PNG' }).click());
    assert.equal(name, `weightscope-hidden@${scale}x.png`);
    sizes[scale] = pngSize(bytes);
    if (scale === '2') await import('node:fs/promises').then((fs) => fs.writeFile(new URL('../results/hidden@2x.png', import.meta.url), bytes)).catch(() => {});
  }
  assert.deepEqual(sizes['2'], sizes['1'].map((n) => n * 2));
  assert.deepEqual(sizes['4'], sizes['1'].map((n) => n * 4));
  assert.ok(sizes['1'][0] >= 6 * 28, `${sizes['1']}`);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('embed=compare shows the two grids\' container alone, saying how to fill it', async () => {
  const { page } = await openPage(site.browser, `${site.url}#v=1&embed=compare`);
  const compare = page.getByRole('region', { name: /two networks side by side/ });
  await compare.getByRole('region', { name: 'Network (a)' }).waitFor();
  assert.ok(await compare.getByRole('region', { name: 'Network (b)' }).isVisible());
  await compare.getByText(/^Press “Run both” to train the two networks here/).waitFor();
  assert.ok(await compare.getByRole('button', { name: 'Run both' }).isVisible(), 'the way to fill it');
  assert.ok(!(await page.getByRole('button', { name: 'Train', exact: true }).isVisible()), 'no page chrome');
  assert.ok(!(await page.getByRole('region', { name: /how few hidden neurons/ }).isVisible()), 'only the chosen figure');
  assert.ok(await page.getByRole('link', { name: /Open in Weightscope/ }).isVisible());
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});
