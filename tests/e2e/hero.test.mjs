// End-to-end: the first screen and the chapters (issues 14 and 15). The weights are the hero (all
// 30 hidden tiles, the ten digits beside them and Train on a 1400x900 screen; the grid starts on
// a phone's first screen; a small layer's tiles grow), a shared link rebuilds by itself under a
// banner on the phone's first screen with the sharer's note as text, a challenge link says whether
// a run meets it and its result link re-verifies, and the chapters come in the article's order
// with their lines.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { finished, openPage } from '../support/browser.mjs';
import { useSite } from '../support/site.mjs';

const TRAINING = { timeout: 240_000 };
const site = useSite();
const DESKTOP = { viewport: { width: 1400, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 } };
/** A quick run: a subset of MNIST, one epoch. */
const QUICK = 'trainSize=1000&testSize=500&epochs=1';

/** Rectangles of the hidden layer's tiles and of Train, and the window's size. */
const firstScreen = (page) => page.evaluate(() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width }; };
  const train = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Train');
  return {
    tiles: [...document.querySelectorAll('#layers canvas[data-layer="0"]')].map(box),
    digits: [...document.querySelectorAll('#layers canvas[data-layer="1"]')].map(box),
    train: box(train),
    width: document.documentElement.clientWidth, // without a scrollbar's width
    height: innerHeight,
  };
});
const onScreen = (r, { width, height }) => r.top >= 0 && r.left >= 0 && r.bottom <= height && r.right <= width;

/** Waits for the run to finish; returns its digest. */
async function finishedDigest(page) {
  await finished(page, TRAINING);
  const digest = page.locator('#digest');
  await digest.filter({ hasText: /^[0-9a-f]{16}$/ }).waitFor({ state: 'attached' });
  return digest.textContent();
}

test('the weights are the hero: 30 tiles, the ten digits beside them and Train on a 1400x900 screen, the grid on a phone\'s first screen', async () => {
  const { page } = await openPage(site.browser, site.url, DESKTOP);
  await page.getByText(/^This network reads [\d,]+ of 10,000 digits it has never seen\.$/).waitFor();
  const desktop = await firstScreen(page);
  assert.equal(desktop.tiles.length, 30);
  assert.ok(desktop.tiles.every((tile) => onScreen(tile, desktop)), `every hidden tile on the first screen: ${JSON.stringify(desktop.tiles.at(-1))}`);
  assert.ok(onScreen(desktop.train, desktop), 'Train on the first screen');
  // The output layer's ten digits beside the grid, on the first screen too (Firefox's scrollbar,
  // which takes its width from the page as a desktop's does, included).
  assert.equal(desktop.digits.length, 10);
  assert.ok(desktop.digits.every((digit) => onScreen(digit, desktop) && digit.left > desktop.tiles[5].right), `every digit beside the grid: ${JSON.stringify(desktop.digits.at(-1))}`);
  // A tile's neuron view opens in place, beside the grid: the page does not scroll away.
  const before = await page.evaluate(() => scrollY);
  await page.getByRole('img', { name: 'hidden neuron 7: input weights' }).click();
  const sheet = page.getByRole('region', { name: 'Neuron view — hidden neuron 7' });
  await sheet.waitFor();
  const placed = await sheet.evaluate((e) => { const r = e.getBoundingClientRect(); return { top: r.top, left: r.left, right: r.right, scrollY, width: innerWidth }; });
  assert.equal(placed.scrollY, before, 'the grid stays where it was');
  assert.ok(placed.top < 100 && placed.right <= placed.width && placed.left > desktop.tiles[5].right, `the view is a sheet beside the grid: ${JSON.stringify(placed)}`);
  await sheet.getByRole('button', { name: 'Close' }).click();
  // The drawer stays shut on a plain visit; the intro names the network on screen.
  assert.equal(await page.locator('#drawer').evaluate((d) => d.open), false);
  assert.equal(await page.locator('#intro-sizes').textContent(), '784-30-10');

  const phone = await openPage(site.browser, site.url, PHONE);
  await phone.page.getByText(/^This network reads/).waitFor();
  const small = await firstScreen(phone.page);
  assert.ok(small.tiles[0].top < small.height, `the grid starts on the first screen (${small.tiles[0].top} px)`);
  assert.ok(small.tiles.every((tile) => tile.right <= small.width), 'no tile runs off the side');
  // The scrubber (and Train) stay in sight while the grid scrolls under them, on both screens.
  for (const p of [page, phone.page]) {
    const seen = await p.evaluate(async () => {
      document.querySelector('#layers canvas[data-layer="0"][data-neuron="18"]').scrollIntoView({ block: 'start' });
      await new Promise((resolve) => { requestAnimationFrame(() => requestAnimationFrame(resolve)); });
      const slider = document.querySelector('#timeline input[type="range"]').getBoundingClientRect();
      const train = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Train').getBoundingClientRect();
      return { scrollY, slider: [slider.top, slider.bottom], train: [train.top, train.bottom], height: innerHeight };
    });
    assert.ok(seen.scrollY > 200 && seen.slider[0] >= 0 && seen.slider[1] < seen.height / 2 && seen.train[0] >= 0, `sticky: ${JSON.stringify(seen)}`);
    await p.evaluate(() => scrollTo(0, 0));
  }

  // The article's 10 neurons: the tiles grow to fill the room, and the intro follows the link.
  const ten = await openPage(site.browser, `${site.url}#v=1&sizes=784-10-10&epochs=3`, DESKTOP);
  await ten.page.locator('#layers canvas[data-layer="0"]').first().waitFor();
  const tens = await firstScreen(ten.page);
  assert.equal(tens.tiles.length, 10);
  assert.ok(tens.tiles[0].width > 1.4 * desktop.tiles[0].width, `${tens.tiles[0].width} px against ${desktop.tiles[0].width} px`);
  assert.equal(await ten.page.locator('#intro-sizes').textContent(), '784-10-10');
  // A recipe without a digest opens the drawer by itself.
  assert.equal(await ten.page.locator('#drawer').evaluate((d) => d.open), true);
  assert.deepEqual([...await page.errors(), ...await phone.page.errors(), ...await ten.page.errors()], []);
  for (const p of [page, phone.page, ten.page]) await p.context().close();
});

test('the chapters come in the article\'s order, each with its claim and a line on this network', async () => {
  const { page } = await openPage(site.browser, site.url, DESKTOP);
  await page.getByText(/^On this network, neuron \d+ is the one digit 3 likes most/).waitFor();
  const chapters = await page.evaluate(() => [...document.querySelectorAll('main > section.chapter')].map((c) => ({
    id: c.id, claim: c.querySelector('.claim')?.textContent ?? '', look: c.querySelector('.look')?.textContent ?? '',
  })));
  assert.deepEqual(chapters.map((c) => c.id), ['chapter-blocks', 'chapter-uses', 'chapter-build', 'chapter-your-digit', 'chapter-few', 'chapter-again', 'chapter-detectors', 'chapter-init', 'chapter-clothes']);
  for (const c of chapters) {
    assert.match(c.claim, /^The article|\w+ \w+ \w+ \w+/, `${c.id} opens with the article's claim`);
    assert.match(c.look, /\w+ \w+ \w+ \w+ \w+/, `${c.id} says what to look at`);
  }
  const look = (id) => chapters.find((c) => c.id === id).look;
  assert.match(look('chapter-uses'), /^Here digit 0 likes neurons \d+, \d+, \d+ most/);
  assert.match(look('chapter-few'), /^This network has 30 hidden neurons and reads \d+\.\d\d% of the test digits/);
  // The table of contents lists them in the same order.
  const toc = await page.locator('nav.toc a').evaluateAll((links) => links.map((a) => a.dataset.chapter));
  assert.deepEqual(toc, chapters.map((c) => c.id));
  // The comparison shows the two shipped networks before anything is run.
  const compare = page.getByRole('region', { name: /two networks side by side/ });
  await compare.scrollIntoViewIfNeeded();
  await compare.getByText(/^\(a\) 784-30-10, N\(0,1\) weights, λ 0, .*, 10 epochs, .*as shipped$/).waitFor();
  await compare.getByText(/^\(b\) 784-30-10, N\(0,1\)\/√n_in weights, λ 5, .*, 10 epochs, .*as shipped$/).waitFor();
  assert.equal(await compare.getByRole('img', { name: /^hidden neuron \d+: input weights$/ }).count(), 2 * 30, 'both grids');
  await compare.locator('.placeholder').first().waitFor({ state: 'hidden' }); // drawn, not waiting for a run
  // Each experiment has its own epochs.
  assert.equal(await page.getByLabel('Epochs', { exact: true }).count(), 5, 'the drawer\'s, the sweep\'s, the comparison\'s, the matching\'s and the detectors\'');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('a shared link rebuilds by itself under a banner on the phone\'s first screen, with the sharer\'s note as text', TRAINING, async () => {
  const note = '<b>Look at neuron 3</b> & tell me';
  const a = await openPage(site.browser, `${site.url}#v=1&${QUICK}&seed=3&autotrain=1&note=${encodeURIComponent(note)}`);
  const digest = await finishedDigest(a.page);
  const link = await a.page.evaluate(() => location.href);
  assert.match(link, new RegExp(`&digest=${digest}`));
  assert.match(link, /&note=/);
  await a.page.context().close();

  const b = await openPage(site.browser, link.replace('&autotrain=1', ''), PHONE);
  const banner = b.page.locator('#link-banner');
  await b.page.getByText(/identical to the shared network\.$/).and(b.page.locator('#link-banner-text')).waitFor(TRAINING);
  const box = await banner.evaluate((e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, height: innerHeight }; });
  assert.ok(box.top >= 0 && box.top < box.height, `the banner is on the first screen: ${JSON.stringify(box)}`);
  assert.equal(await b.page.locator('.sharer-note blockquote').textContent(), note);
  assert.equal(await b.page.locator('.sharer-note b').count(), 0, 'the note is text, never markup');
  assert.equal(await b.page.locator('#digest').textContent(), digest);
  assert.deepEqual(await b.page.errors(), []);
  await b.page.context().close();
});

test('a challenge link says whether a run meets it, and the result link re-verifies it by its digest', TRAINING, async () => {
  const goal = (text) => `goal=${encodeURIComponent(text)}`;
  const met = await openPage(site.browser, `${site.url}#v=1&sizes=784-10-10&${QUICK}&${goal('accuracy>=50;hidden<=10;epochs<=1')}&autotrain=1`);
  const digest = await finishedDigest(met.page);
  const verdict = met.page.locator('#goal-verdict');
  await verdict.filter({ hasText: /^This run meets the challenge \(a test accuracy of at least 50%, at most 10 hidden neurons, at most 1 epoch\): test accuracy \d+\.\d\d% ≥ 50%, 10 hidden neurons ≤ 10, 1 epochs ≤ 1\.$/ }).waitFor();
  assert.equal(await verdict.getAttribute('data-met'), 'true');
  const result = await met.page.evaluate(() => location.href);
  assert.match(result, new RegExp(`&digest=${digest}&.*goal=accuracy%3E%3D50%3Bhidden%3C%3D10%3Bepochs%3C%3D1`), 'the result link carries the run and the goal');
  await met.page.context().close();

  const missed = await openPage(site.browser, `${site.url}#v=1&sizes=784-10-10&${QUICK}&${goal('accuracy>=99.5')}&autotrain=1`);
  await finishedDigest(missed.page);
  await missed.page.locator('#goal-verdict').filter({ hasText: /^This run does not meet the challenge/ }).waitFor();
  assert.equal(await missed.page.locator('#goal-verdict').getAttribute('data-met'), 'false');
  await missed.page.context().close();

  // Anyone opening the student's result link: rebuilt, identical, and the claim checked again.
  const check = await openPage(site.browser, result.replace('&autotrain=1', ''));
  await check.page.getByText(/identical to the shared network\.$/).and(check.page.locator('#link-banner-text')).waitFor(TRAINING);
  await check.page.locator('#goal-verdict').filter({ hasText: /^Re-verified by its digest: the shared run meets the challenge/ }).waitFor();
  assert.deepEqual(await check.page.errors(), []);
  await check.page.context().close();
});
