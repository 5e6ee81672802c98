// End-to-end: the one chart system in the page. The charts' code (its own wasm) arrives after
// the first figure and then draws the charts asked for, crisp at the screen's devicePixelRatio;
// the PNG export draws the learning curves afresh from data at the scale asked for. A chart wasm
// that traps is replaced by a fresh instance, which draws the chart.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { lacks, openPage } from '../support/browser.mjs';
import { pageSettings } from '../support/server.mjs';
import { useSite } from '../support/site.mjs';

const site = useSite();

/** How many pixels of the canvas are the palette's `test` blue (#1d4ed8), give or take antialiasing. */
function testBlue(canvas) {
  return canvas.evaluate((element) => {
    const { data } = element.getContext('2d').getImageData(0, 0, element.width, element.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - 0x1d) < 8 && Math.abs(data[i + 1] - 0x4e) < 8 && Math.abs(data[i + 2] - 0xd8) < 8) n += 1;
    }
    return n;
  });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

for (const scale of [1, 2]) {
  test(`the learning curves are drawn at devicePixelRatio ${scale}, after the first figure`, { skip: scale !== 1 && lacks(['devicePixelRatio emulation']) }, async () => {
    const { page } = await openPage(site.browser, site.url, { deviceScaleFactor: scale, viewport: { width: 1200, height: 900 } });
    await page.getByText(/^Pretrained network: /).waitFor();
    const accuracy = page.getByRole('img', { name: /^Test accuracy per epoch: 9\d\.\d\d% after epoch 30 of 30$/ });
    await accuracy.scrollIntoViewIfNeeded();
    for (let i = 0; i < 50 && (await testBlue(accuracy)) < 200; i += 1) await page.waitForTimeout(100);
    assert.ok(await testBlue(accuracy) >= 200 * scale, 'the test-accuracy curve is drawn in the palette\'s blue');
    const [css, backing] = await accuracy.evaluate((c) => [[c.clientWidth, c.clientHeight], [c.width, c.height]]);
    assert.deepEqual(backing, css.map((n) => n * scale), 'one backing pixel per device pixel');
    // The chart code came after the weights it waited for: the model was fetched before it.
    const order = await page.evaluate(() => {
      const entries = performance.getEntriesByType('resource');
      const model = entries.find((e) => e.name.endsWith('.wscp'));
      const charts = entries.find((e) => e.name.endsWith('weightscope_charts_bg.wasm'));
      return model && charts ? charts.startTime - model.responseEnd : null;
    });
    assert.ok(order !== null && order >= 0, `the chart wasm started ${order} ms after the model arrived`);
    assert.deepEqual(await page.errors(), []);
    await page.context().close();
  });
}

test('a chart wasm that traps is replaced: a fresh instance draws the chart, and nothing is reported', async () => {
  pageSettings({ chartTraps: 1 }); // the harness makes the first drawChart call trap
  const { page } = await openPage(site.browser, site.url, { viewport: { width: 1200, height: 900 } });
  await page.getByText(/^Pretrained network: /).waitFor();
  const accuracy = page.getByRole('img', { name: /^Test accuracy per epoch: / });
  await accuracy.scrollIntoViewIfNeeded();
  for (let i = 0; i < 50 && (await testBlue(accuracy)) < 200; i += 1) await page.waitForTimeout(100);
  assert.ok(await testBlue(accuracy) >= 200, 'the test-accuracy curve is drawn after the trap');
  const glue = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/weightscope_charts.js')).map((e) => new URL(e.name).search));
  assert.deepEqual(glue, ['', '?instance=2'], 'the chart code was loaded again, once');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('Save as PNG draws the learning curves from data, the same figure at 1x and twice the pixels at 2x', async () => {
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: /).waitFor();
  await page.getByRole('button', { name: 'Embed' }).click();
  await page.getByLabel('Figure', { exact: true }).selectOption({ label: 'Learning curves' });
  const sizes = {};
  for (const scale of ['1', '2']) {
    await page.getByLabel('PNG scale').selectOption(scale);
    const { name, bytes } = await page.download(() => page.getByRole('button', { name: 'Save as PNG' }).click());
    assert.equal(name, `weightscope-curves@${scale}x.png`);
    sizes[scale] = pngSize(bytes);
  }
  // Two 360x240 charts side by side with 12 px around them and the 20 px credit line: not the
  // size they have on screen.
  assert.deepEqual(sizes['1'], [756, 284]);
  assert.deepEqual(sizes['2'], [1512, 568]);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('Save as PNG draws the sweep\'s chart from its results, not from the screen', { timeout: 180_000 }, async () => {
  const { page } = await openPage(site.browser, site.url, { viewport: { width: 1400, height: 1000 } });
  await page.getByRole('button', { name: 'Run sweep' }).and(page.locator(':enabled')).waitFor();
  await page.locator('#sweep-epochs').fill('1');
  const sweep = page.getByRole('region', { name: /how few hidden neurons/ });
  await sweep.getByLabel('Hidden sizes H').fill('2');
  await sweep.getByRole('button', { name: 'Run sweep' }).click();
  await sweep.getByText('Done: 1 networks trained.').waitFor({ timeout: 180_000 });
  await page.getByRole('button', { name: 'Embed' }).click();
  await page.getByLabel('Figure', { exact: true }).selectOption({ label: 'Hidden-size sweep' });
  await page.getByLabel('PNG scale').selectOption('2');
  const { name, bytes } = await page.download(() => page.getByRole('button', { name: 'Save as PNG' }).click());
  assert.equal(name, 'weightscope-sweep@2x.png');
  // One 560x300 chart with 12 px around it and the credit line, at 2x: the figure's own size,
  // whatever the screen's.
  assert.deepEqual(pngSize(bytes), [1168, 688]);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('Save as PNG draws the drawing pad\'s reading from data: the input, the outputs, the activations, the contributions', async () => {
  const { page } = await openPage(site.browser, site.url, { viewport: { width: 1280, height: 1000 } });
  await page.getByText(/^Pretrained network: /).waitFor();
  await page.getByRole('button', { name: 'Embed' }).click();
  await page.getByLabel('Figure', { exact: true }).selectOption({ label: 'Drawing pad' });
  assert.ok(await page.getByRole('button', { name: 'Save as PNG' }).isDisabled(), 'nothing to export yet');
  await page.getByText(/Draw a digit on the pad first\./).waitFor();
  const pad = page.getByRole('img', { name: 'Drawing area: draw a digit here' });
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2);
  await page.mouse.down();
  for (let step = 1; step <= 8; step += 1) await page.mouse.move(box.x + box.width / 2, box.y + box.height * (0.2 + step * 0.075));
  await page.mouse.up();
  await page.getByLabel('Prediction').filter({ hasText: /^\d/ }).waitFor();
  await page.getByLabel('PNG scale').selectOption('2');
  const { name, bytes } = await page.download(() => page.getByRole('button', { name: 'Save as PNG' }).click());
  assert.equal(name, 'weightscope-pad@2x.png');
  // The 224 px input beside three 420x120 bar charts (outputs, the hidden layer, contributions)
  // over the credit line, at 2x.
  assert.deepEqual(pngSize(bytes), [1360, 900]);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('Save as PNG draws the digit explorer\'s reading from data: weights, ranked bars, template, likes and dislikes', async () => {
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: /).waitFor();
  await page.getByRole('img', { name: /^digit 0's 30 weights ranked: likes/ }).waitFor(); // the explorer has read digit 0
  await page.getByRole('button', { name: 'Embed' }).click();
  await page.getByLabel('Figure', { exact: true }).selectOption({ label: 'Digit explorer' });
  await page.getByLabel('PNG scale').selectOption('1');
  const { name, bytes } = await page.download(() => page.getByRole('button', { name: 'Save as PNG' }).click());
  assert.equal(name, 'weightscope-explorer@1x.png');
  // Two 168 px heat maps and a 360 px bar chart across, three rows of figures down, the credit line.
  assert.deepEqual(pngSize(bytes), [744, 566]);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});
