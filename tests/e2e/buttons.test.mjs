// End-to-end: the buttons and embeds no other test presses (docs/coverage.md lists which test
// covers each one): the presets' recipes, the pad's samples, Undo and Clear, the test set's Show
// more, an alert's Dismiss, the comparison's own pair and its Stop, Restore all neurons, Copy
// snippet, and the experiments and instruments embedded alone. Nothing here trains to the end.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openPage } from '../support/browser.mjs';
import { openDrawer } from '../support/drawer.mjs';
import { eventually } from '../support/page.mjs';
import { useSite } from '../support/site.mjs';

const site = useSite();

test('each preset fills the form with its recipe and shows itself pressed', async () => {
  const { page } = await openPage(site.browser, site.url);
  const form = await openDrawer(page);
  const recipes = {
    'Nielsen ch. 1': { hidden: '30', eta: '3', cost: 'quadratic', init: 'large' },
    'Nielsen ch. 1, 100 neurons': { hidden: '100', eta: '3', cost: 'quadratic', init: 'large' },
    "3Blue1Brown's 16-16": { hidden: '16,16', eta: '3', cost: 'quadratic', init: 'large' },
    'Nielsen ch. 3': { hidden: '30', eta: '0.5', cost: 'crossEntropy', init: 'default' },
  };
  for (const [name, recipe] of Object.entries(recipes)) {
    await form.getByRole('button', { name, exact: true }).click();
    const values = await form.evaluate((f) => ['sizes', 'eta', 'cost', 'init'].map((field) => f.elements.namedItem(field).value));
    assert.deepEqual(values, [recipe.hidden, recipe.eta, recipe.cost, recipe.init], name);
    assert.equal(await form.getByRole('button', { name, exact: true }).getAttribute('aria-pressed'), 'true', name);
    assert.equal(await form.locator('[data-preset][aria-pressed="true"]').count(), 1, name);
  }
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('the pad reads a sample test digit; Undo and Clear take the drawing back', async () => {
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: /).waitFor();
  const pad = page.getByRole('region', { name: /^Drawing pad/ });
  await pad.scrollIntoViewIfNeeded();
  const prediction = pad.getByLabel('Prediction');
  await pad.getByRole('group', { name: 'Try a test digit' }).getByRole('button', { name: '7', exact: true }).click();
  await prediction.filter({ hasText: /^7 \(test image \d+, true 7\)$/ }).waitFor({ timeout: 60_000 }); // once the pad has the network's weights
  await pad.getByRole('button', { name: 'Undo' }).click(); // the test image goes: nothing to read
  await prediction.filter({ hasText: /^–$/ }).waitFor();

  const area = pad.getByRole('img', { name: 'Drawing area: draw a digit here' });
  const stroke = async (x) => {
    // Where the area is now: the page may have moved since the last stroke (WebKit once moved
    // the pointer out of the viewport on a box measured a moment earlier).
    await area.scrollIntoViewIfNeeded();
    const box = await area.boundingBox();
    await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.2);
    await page.mouse.down();
    for (let step = 1; step <= 8; step += 1) await page.mouse.move(box.x + box.width * x, box.y + box.height * (0.2 + step * 0.07));
    await page.mouse.up();
  };
  await stroke(0.4);
  await stroke(0.6);
  await prediction.filter({ hasText: /^\d$/ }).waitFor();
  await pad.getByRole('button', { name: 'Undo' }).click(); // one stroke stays, and is read
  await page.waitForTimeout(300);
  assert.match(await prediction.textContent(), /^\d$/);
  await pad.getByRole('button', { name: 'Clear', exact: true }).click();
  await prediction.filter({ hasText: /^–$/ }).waitFor();
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('the test set shows 48 more images on request; an alert is dismissed', async () => {
  // A model file that is not there: the page says so in an alert, and keeps its pretrained network.
  const { page } = await openPage(site.browser, `${site.url}#v=1&model=www/demos/not-there.wscp`);
  const alert = page.locator('#alerts p').filter({ hasText: /not-there\.wscp/ });
  await alert.waitFor();
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await alert.waitFor({ state: 'hidden' });

  const demo = await openPage(site.browser, site.url);
  await demo.page.getByText(/^Pretrained network: /).waitFor();
  const testSet = demo.page.getByRole('region', { name: /^Test set/ });
  await testSet.scrollIntoViewIfNeeded();
  await testSet.getByRole('heading', { name: /^Test set/ }).hover();
  const gallery = testSet.getByRole('list', { name: /^Misclassified test images/ }).getByRole('button');
  await gallery.nth(47).waitFor({ timeout: 90_000 }); // the test files and their evaluation: WebKit on a busy machine takes tens of seconds
  assert.equal(await gallery.count(), 48);
  const more = testSet.getByRole('button', { name: /^Show 48 more of [\d,]+$/ });
  const [, left] = (await more.textContent()).match(/of ([\d,]+)$/);
  await more.click();
  await gallery.nth(95).waitFor();
  assert.equal(await gallery.count(), 96);
  const title = await testSet.getByRole('heading', { name: /^Misclassified test images \(/ }).textContent();
  assert.equal(Number(title.match(/\(([\d,]+)\)/)[1].replace(/,/g, '')), 48 + Number(left.replace(/,/g, '')), 'the title counts them all');
  // Nothing else went wrong: the missing file's 404 is the browser's own line, the alert said it.
  assert.deepEqual([...(await page.errors()).filter((e) => !e.includes('404')), ...await demo.page.errors()], []);
  await Promise.all([page.context().close(), demo.page.context().close()]);
});

test('the comparison takes (a) and (b) from the form, and Stop ends the pair', async () => {
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: /).waitFor();
  const compare = page.getByRole('region', { name: /two networks side by side/ });
  await compare.getByLabel('Compare').selectOption('custom');
  const form = await openDrawer(page);
  await form.getByRole('button', { name: 'Nielsen ch. 1', exact: true }).click();
  await page.locator('#close-drawer').click();
  await compare.getByRole('button', { name: 'Use the form as (a)' }).click();
  await openDrawer(page);
  await form.getByRole('button', { name: 'Nielsen ch. 3', exact: true }).click();
  await page.locator('#close-drawer').click();
  await compare.getByRole('button', { name: 'Use the form as (b)' }).click();
  assert.match(await compare.locator('.picked-a').textContent(), /^784-30-10, N\(0,1\) weights, λ 0, quadratic cost, η 3, mini-batch 10, \d+ epochs?, seed 5$/);
  assert.match(await compare.locator('.picked-b').textContent(), /^784-30-10, N\(0,1\)\/√n_in weights, λ 5, cross-entropy cost, η 0\.5, mini-batch 10, \d+ epochs?, seed 5$/);

  await compare.getByRole('button', { name: 'Run both' }).click();
  await compare.getByText(/^Training both at once; they differ only in /).waitFor();
  await compare.getByRole('button', { name: 'Stop' }).click();
  await compare.getByText('Stopped.', { exact: true }).waitFor();
  assert.ok(await compare.getByRole('button', { name: 'Stop' }).isDisabled());
  assert.match(await compare.getByRole('heading', { level: 3 }).first().textContent(), /^\(a\) 784-30-10, N\(0,1\) weights, λ 0,/);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('Restore all neurons brings back every neuron a link knocked out', async () => {
  const { page } = await openPage(site.browser, `${site.url}#v=1&knock=3-17`);
  const ablation = page.getByRole('region', { name: /^Knock neurons out/ });
  await ablation.scrollIntoViewIfNeeded();
  const pressed = ablation.locator('button.tile.pick[aria-pressed="true"]');
  assert.equal(await eventually(() => pressed.count(), 2, 30_000), 2, 'tiles 3 and 17 are knocked out'); // once the panel has the weights
  await ablation.getByRole('button', { name: 'Restore all neurons' }).click();
  assert.equal(await eventually(() => pressed.count(), 0), 0);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /knock=/);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('Copy snippet copies the embed snippet, or says how to copy it', async () => {
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: /).waitFor();
  await page.getByRole('button', { name: 'Embed' }).click();
  await page.getByLabel('Figure', { exact: true }).selectOption({ label: 'Learning curves' });
  const snippet = page.getByLabel(/^Embed snippet/);
  assert.ok(await eventually(async () => /embed=curves/.test(await snippet.inputValue()), true, 10_000));
  await page.locator('#copy-snippet').click();
  const said = await eventually(() => page.locator('#copy-snippet').textContent().then((t) => /^(Copied|Select and copy the text)$/.test(t)), true);
  assert.ok(said, 'the button says what happened');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('the sweep and the instruments embed alone: each shows its panel and no page chrome', async () => {
  const panels = {
    sweep: /how few hidden neurons/,
    ablation: /^Knock neurons out/,
    compose: /^Build a digit from the blocks/,
    matching: /^Would it learn the same blocks again/,
    detectors: /^Hope against reality/,
  };
  for (const [figure, name] of Object.entries(panels)) {
    const { page } = await openPage(site.browser, `${site.url}#v=1&embed=${figure}`);
    await page.getByRole('link', { name: /Open in Weightscope/ }).waitFor(); // the page has become the embed
    await page.getByRole('region', { name }).waitFor();
    assert.ok(!(await page.getByRole('button', { name: 'Train', exact: true }).isVisible()), `${figure}: no page chrome`);
    for (const [other, otherName] of Object.entries(panels)) {
      if (other !== figure) assert.ok(!(await page.getByRole('region', { name: otherName }).isVisible()), `${figure}: not ${other}`);
    }
    assert.deepEqual(await page.errors(), [], figure);
    await page.context().close();
  }
});
