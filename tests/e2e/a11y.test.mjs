// End-to-end: the page for every reader. The keyboard reaches the weights within 3 Tabs and
// each grid of tiles (the weights', the instruments' tile pickers, the test set's matrix and its
// images) is one tab stop with the arrow keys inside; axe-core (npm) finds no serious or critical
// violation on the opening page, with the "Change the network" drawer open, with the neuron view
// open, after a run and in dark mode; at 320 px nothing overflows sideways.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { finished, lacks, openPage } from '../support/browser.mjs';
import { openDrawer } from '../support/drawer.mjs';
import { useSite } from '../support/site.mjs';

const site = useSite();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TRAINING = { timeout: 180_000 };

/**
 * The serious and critical violations axe-core finds on the page, as "rule: element" lines, once
 * the page has stopped changing (no mutation for 0.5 s, at most 10 s): axe reads an element's
 * text when it starts and its attributes as it goes, so a panel catching up with a run during the
 * check (a card's caption and label, written together) could look mismatched.
 */
async function violations(page) {
  await page.evaluate(`(() => { if (!globalThis.axe) { ${AXE}; } return true; })()`);
  return page.evaluate(`(async () => {
    await new Promise((resolve) => {
      let timer = setTimeout(done, 500);
      const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, 500); });
      const limit = setTimeout(done, 10000);
      function done() { observer.disconnect(); clearTimeout(timer); clearTimeout(limit); resolve(); }
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((node) => v.id + ': ' + node.target.join(' ') + ' (' + v.help + ')'));
  })()`);
}

/** The page opened on its pretrained network (the plain first visit). */
async function opened(options) {
  const { page } = await openPage(site.browser, site.url, options);
  await page.getByText(/^Pretrained network: /).waitFor();
  return page;
}

/** The element with the keyboard focus: its accessible name and whether it is a tile. */
const focused = (page) => page.evaluate(() => ({
  name: document.activeElement.getAttribute('aria-label') ?? document.activeElement.textContent.trim(),
  tile: document.activeElement.matches('canvas.openable'),
}));

test('the keyboard reaches the weights within 3 Tabs; a grid is one tab stop, arrows move inside, Enter opens', async () => {
  const page = await opened();
  await page.keyboard.press('Tab');
  assert.deepEqual(await focused(page), { name: 'Skip to the weights', tile: false }, 'the first tab stop is the skip link');
  await page.keyboard.press('Enter');
  assert.deepEqual(await focused(page), { name: 'hidden neuron 0: input weights', tile: true });
  assert.doesNotMatch(await page.url(), /#layers/, 'the address bar keeps the link to the network');

  // Arrows inside the grid: right, down a row (as laid out), End, Home.
  await page.keyboard.press('ArrowRight');
  assert.equal((await focused(page)).name, 'hidden neuron 1: input weights');
  const perRow = await page.getByRole('region', { name: /^Hidden layer 1/ }).getByRole('img', { name: /input weights$/ })
    .evaluateAll((tiles) => tiles.filter((t) => Math.abs(t.getBoundingClientRect().top - tiles[0].getBoundingClientRect().top) < 1).length);
  await page.keyboard.press('ArrowDown');
  assert.equal((await focused(page)).name, `hidden neuron ${1 + perRow}: input weights`);
  await page.keyboard.press('End');
  assert.equal((await focused(page)).name, 'hidden neuron 29: input weights');
  await page.keyboard.press('Home');
  assert.equal((await focused(page)).name, 'hidden neuron 0: input weights');
  const stops = await page.getByRole('region', { name: /^Hidden layer 1/ }).getByRole('img', { name: /input weights$/ })
    .evaluateAll((tiles) => tiles.filter((t) => t.tabIndex === 0).length);
  assert.equal(stops, 1, 'the 30 tiles are one tab stop');

  // One Tab leaves the hidden grid for the output grid's one stop.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab');
  assert.deepEqual(await focused(page), { name: 'Digit 0: weights from the last hidden layer', tile: true });
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).tile, false, 'the output grid is one stop too');

  // Enter on a tile the arrows reached opens its neuron.
  await page.getByRole('region', { name: /^Hidden layer 1/ }).getByRole('img', { name: 'hidden neuron 1: input weights' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Neuron view — hidden neuron 2' }).waitFor();
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('the instruments\' tile pickers, the confusion matrix and the test images are one tab stop each: arrows move inside, Space picks, Tab leaves', async () => {
  const page = await opened();
  for (const [verb, region] of [['knock out', /^Knock neurons out/], ['use as a block', /^Build a digit from the blocks/]]) {
    const tiles = page.getByRole('region', { name: region }).getByRole('button', { name: new RegExp(`^Hidden neuron \\d+: ${verb}$`) });
    await page.getByRole('button', { name: `Hidden neuron 0: ${verb}` }).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal((await focused(page)).name, `Hidden neuron 1: ${verb}`, verb);
    await page.keyboard.press(' ');
    assert.equal(await page.getByRole('button', { name: `Hidden neuron 1: ${verb}` }).getAttribute('aria-pressed'), 'true', `${verb}: Space presses the tile`);
    assert.equal(await tiles.evaluateAll((all) => all.filter((t) => t.tabIndex === 0).length), 1, `${verb}: the 30 tiles are one tab stop`);
    await page.keyboard.press('Tab');
    assert.doesNotMatch((await focused(page)).name, new RegExp(`: ${verb}$`), `${verb}: one Tab leaves the tiles`);
  }
  // The test set's confusion matrix: the arrows move by cell and by row, through empty cells too.
  const testSet = page.getByRole('region', { name: /^Test set/ });
  await testSet.scrollIntoViewIfNeeded();
  await testSet.getByRole('heading', { name: /^Test set/ }).hover(); // WebKit: see the axe test after a run
  const cells = testSet.getByRole('button', { name: /^True \d, network says \d: \d+ images$/ });
  const first = testSet.getByRole('button', { name: /^True 0, network says 0: \d+ images$/ });
  await first.waitFor();
  await first.focus();
  await page.keyboard.press('ArrowRight');
  assert.match((await focused(page)).name, /^True 0, network says 1: \d+ images$/);
  await page.keyboard.press('ArrowDown');
  assert.match((await focused(page)).name, /^True 1, network says 1: \d+ images$/);
  assert.equal(await cells.evaluateAll((all) => all.filter((c) => c.tabIndex === 0).length), 1, 'the 100 cells are one tab stop');
  await page.keyboard.press('Tab');
  assert.doesNotMatch((await focused(page)).name, /^True \d, network says/, 'one Tab leaves the matrix');
  // Its gallery of test images too, as it grows.
  const images = testSet.getByRole('button', { name: /: test image \d+, true / });
  const stops = () => images.evaluateAll((all) => [all.length, all.filter((b) => b.tabIndex === 0).length]);
  assert.deepEqual(await stops(), [48, 1], 'a page of the gallery is one tab stop');
  await testSet.getByRole('button', { name: /^Show 48 more/ }).click();
  assert.deepEqual(await stops(), [96, 1], 'two pages of it are one tab stop');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('axe-core: no serious or critical violation on the opening page, with the drawer open, with the neuron view open, after a run', TRAINING, async () => {
  const page = await opened();
  assert.deepEqual(await violations(page), [], 'opening page');

  // "Change the network": the drawer with the form, then shut again by its own Close.
  await openDrawer(page);
  assert.deepEqual(await violations(page), [], 'drawer open');
  await page.locator('#drawer').getByRole('button', { name: 'Close', exact: true }).click();

  await page.getByRole('region', { name: /^Hidden layer 1/ }).getByRole('img', { name: 'hidden neuron 3: input weights' }).click();
  await page.getByRole('region', { name: 'Neuron view — hidden neuron 3' }).waitFor();
  assert.deepEqual(await violations(page), [], 'neuron view open');
  await page.getByRole('region', { name: 'Neuron view — hidden neuron 3' }).getByRole('button', { name: 'Close' }).click();

  const form = await openDrawer(page);
  await form.getByLabel('Epochs', { exact: true }).fill('1');
  await form.getByLabel('Training images', { exact: true }).fill('2000');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await finished(page, TRAINING);
  const testSet = page.getByRole('region', { name: /^Test set/ });
  await testSet.scrollIntoViewIfNeeded();
  // A reader's pointer: WebKit under WebDriver reports the scroll to IntersectionObserver only
  // after an input event.
  await testSet.getByRole('heading', { name: /^Test set/ }).hover();
  await testSet.getByRole('button', { name: /^True 0, network says 0: \d+ images$/ }).waitFor();
  assert.deepEqual(await violations(page), [], 'after a run');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('axe-core: no serious or critical violation in dark mode; the chrome is dark, the figures keep a white ground', { skip: lacks(['prefers-color-scheme emulation']) }, async () => {
  const page = await opened({ colorScheme: 'dark' });
  const grounds = await page.evaluate(() => {
    const ground = (selector) => getComputedStyle(document.querySelector(selector)).backgroundColor;
    return { page: getComputedStyle(document.documentElement).backgroundColor, panel: ground('.panel'), chart: ground('#accuracy-chart') };
  });
  assert.deepEqual(grounds, { page: 'rgb(17, 24, 39)', panel: 'rgb(31, 41, 51)', chart: 'rgb(255, 255, 255)' });
  assert.deepEqual(await violations(page), [], 'dark mode');
  await page.getByRole('region', { name: /^Hidden layer 1/ }).getByRole('img', { name: 'hidden neuron 3: input weights' }).click();
  await page.getByRole('region', { name: 'Neuron view — hidden neuron 3' }).waitFor();
  assert.deepEqual(await violations(page), [], 'dark mode, neuron view open');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('at 320 px wide nothing overflows sideways', async () => {
  const page = await opened({ viewport: { width: 320, height: 640 } });
  const testSet = page.getByRole('region', { name: /^Test set/ });
  await testSet.scrollIntoViewIfNeeded();
  // A reader's pointer: WebKit under WebDriver reports the scroll to IntersectionObserver only
  // after an input event.
  await testSet.getByRole('heading', { name: /^Test set/ }).hover();
  await testSet.getByRole('button', { name: /^True 0, network says 0: \d+ images$/ }).waitFor();
  // Against the page's width without its scrollbar (Firefox under Xvfb draws a classic one); wide
  // tables scroll inside their own frames.
  const widest = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const over = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 0.5
      && !e.closest('.confusion-frame, .table-frame, .sr-only, .skip-link, dialog, [hidden]'));
    return { sideways: document.documentElement.scrollWidth - width, over: over.slice(0, 5).map((e) => e.outerHTML.slice(0, 80)) };
  });
  assert.deepEqual(widest, { sideways: 0, over: [] });
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});
