// End-to-end: model files and pretrained demos. The page opens on a trained network without
// downloading MNIST; a network saved as .wscp or network2.py JSON opens again (file picker or
// drag and drop) with the same weights digest; damaged files are refused and the network on
// screen stays.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openPage } from '../support/browser.mjs';
import { eventually } from '../support/page.mjs';
import { since } from '../support/server.mjs';
import { openDrawer } from '../support/drawer.mjs';
import { useSite } from '../support/site.mjs';

const site = useSite();


const digestOf = (page) => page.getByLabel('Weights digest', { exact: true }).textContent();
const hiddenTiles = (page, n = 1) => page.getByRole('region', { name: new RegExp(`^Hidden layer ${n} `) }).getByRole('img', { name: /neuron \d+/ });

/** How many canvases among `tiles` have coloured (non-white, non-grey) pixels. */
function drawn(tiles) {
  return tiles.evaluateAll((canvases) => canvases.filter((canvas) => {
    if (canvas.width === 0) return false;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - data[i + 2]) > 30) return true;
    }
    return false;
  }).length);
}

/** Clicks `button` and returns the downloaded file's name and bytes. */
function save(page, button) {
  return page.download(() => page.getByRole('button', { name: button }).click());
}

/** Chooses the pretrained network whose label matches `pattern`. */
async function pickDemo(select, pattern) {
  const labels = await select.locator('option').allTextContents();
  const label = labels.find((text) => pattern.test(text));
  assert.ok(label, `a demo matching ${pattern} in ${labels}`);
  await select.selectOption({ label });
}

async function openFile(page, name, bytes) {
  await page.getByLabel('Open a model file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
}

test('the page opens on a trained demo, drawn without downloading MNIST; the picker switches demos', async () => {
  const requested = since();
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: www\/demos\/network2-784-30-10\.wscp \(784-30-10, 9\d\.\d\d% on all 10,000 test images after 30 epochs\)/).waitFor();
  assert.equal(await eventually(() => drawn(hiddenTiles(page)), 30), 30, 'all 30 hidden neurons are drawn');
  assert.match(await digestOf(page), /^[0-9a-f]{16}$/);
  assert.equal(await page.locator('#config').getByLabel('Epochs', { exact: true }).inputValue(), '30', 'the form holds the demo\'s recipe');
  const picker = page.getByLabel('Pretrained network', { exact: true });
  assert.match(await picker.inputValue(), /network2-784-30-10/);

  await pickDemo(picker, /^784-16-16-10, network2\.py recipe, 30 epochs/);
  await page.getByText(/^Pretrained network: www\/demos\/network2-784-16-16-10\.wscp/).waitFor();
  assert.equal(await eventually(() => drawn(hiddenTiles(page, 2)), 16), 16, 'both hidden layers of the other demo are drawn');
  assert.equal(await page.getByLabel('Hidden layers').inputValue(), '16,16');
  await page.waitForTimeout(300);
  assert.deepEqual(requested().filter((path) => path.endsWith('.gz')), [], 'no MNIST file was requested');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('a saved .wscp and network2.py JSON open again with the same digest; so does a dropped file', async () => {
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: /).waitFor();
  const digest = await digestOf(page);

  const wscp = await save(page, 'Save model (.wscp)');
  assert.match(wscp.name, /^weightscope-784-30-10-[0-9a-f]{8}\.wscp$/);
  assert.equal(wscp.bytes.subarray(0, 4).toString(), 'WSCP');
  const json = await save(page, 'Save as JSON for Python');
  const parsed = JSON.parse(json.bytes.toString());
  assert.deepEqual(Object.keys(parsed).sort(), ['biases', 'cost', 'sizes', 'weights']);
  assert.deepEqual(parsed.sizes, [784, 30, 10]);
  assert.equal(parsed.cost, 'CrossEntropyCost');
  assert.equal(parsed.weights[0].length, 30);
  assert.equal(parsed.weights[0][0].length, 784);
  assert.deepEqual(parsed.biases[1].map((b) => b.length), Array(10).fill(1));

  // Another demo first, so each open visibly changes the network.
  await pickDemo(page.getByLabel('Pretrained network', { exact: true }), /^784-10-10/);
  await page.getByText(/^Pretrained network: www\/demos\/network2-784-10-10/).waitFor();
  assert.notEqual(await digestOf(page), digest);

  await openFile(page, wscp.name, wscp.bytes);
  await page.getByText(`Opened: ${wscp.name}`, { exact: false }).waitFor();
  assert.equal(await digestOf(page), digest);
  assert.equal(await eventually(() => drawn(hiddenTiles(page)), 30), 30);

  await pickDemo(page.getByLabel('Pretrained network', { exact: true }), /^784-10-10/);
  await page.getByText(/^Pretrained network: www\/demos\/network2-784-10-10/).waitFor();
  await openFile(page, json.name, json.bytes);
  await page.getByText(`Opened: ${json.name}`, { exact: false }).waitFor();
  assert.equal(await digestOf(page), digest, 'JSON keeps every weight bit for bit');

  await pickDemo(page.getByLabel('Pretrained network', { exact: true }), /^784-10-10/);
  await page.getByText(/^Pretrained network: www\/demos\/network2-784-10-10/).waitFor();
  await page.evaluate((base64) => {
    const data = new DataTransfer();
    data.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'dropped.wscp'));
    for (const type of ['dragover', 'drop']) document.body.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
  }, wscp.bytes.toString('base64'));
  await page.getByText('Opened: dropped.wscp', { exact: false }).waitFor();
  assert.equal(await digestOf(page), digest);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('truncated, damaged, other-version, NaN and foreign files are refused; the network stays', async () => {
  const { page } = await openPage(site.browser, site.url);
  await page.getByText(/^Pretrained network: /).waitFor();
  const digest = await digestOf(page);
  const { bytes } = await save(page, 'Save model (.wscp)');
  const note = await page.locator('#model-note').textContent();

  const flipped = Buffer.from(bytes);
  flipped[5000] ^= 0x40;
  const version = Buffer.from(bytes);
  version[4] = 9;
  const nanJson = Buffer.from(`{"sizes": [784, 1, 10], "weights": [[[${Array(784).fill('NaN').join(',')}]], [${Array(10).fill('[1]').join(',')}]], "biases": [[[0]], [${Array(10).fill('[0]').join(',')}]], "cost": "CrossEntropyCost"}`);
  const cases = [
    ['cut.wscp', bytes.subarray(0, 3000), /cut short/],
    ['damaged.wscp', flipped, /damaged \(its checksum does not match\)/],
    ['future.wscp', version, /format version 9/],
    ['nan.json', nanJson, /not valid JSON/],
    ['picture.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), /neither a Weightscope model file/],
  ];
  for (const [name, file, reason] of cases) {
    await openFile(page, name, file);
    const alert = page.getByRole('alert').getByText(`Could not open ${name}:`, { exact: false });
    await alert.waitFor();
    assert.match(await alert.textContent(), reason);
    assert.match(await alert.textContent(), /The network on screen is unchanged\.$/);
    assert.equal(await digestOf(page), digest, `${name} left the network alone`);
  }
  assert.equal(await page.locator('#model-note').textContent(), note);
  assert.equal(await eventually(() => drawn(hiddenTiles(page)), 30), 30, 'the drawn network stays');

  // A link to a model that is neither a relative path on this site nor an https: URL is not
  // fetched; nor is a model file on another site without the digest it must be checked against.
  const link = await openPage(site.browser, `${site.url}#v=1&model=http://example.com/x.wscp`);
  await link.page.getByText(/model file “http:\/\/example.com\/x.wscp” is not a relative path on this site, .* or an https: URL/).waitFor();
  const unchecked = await openPage(site.browser, `${site.url}#v=1&model=https://example.com/x.wscp`);
  await unchecked.page.getByText('The model file https://example.com/x.wscp was not opened: a model file from another site opens only with its weights digest in the link (digest=…). The network on screen is unchanged.').waitFor();
  // (a fetch would have been a violation of the page's policy, which the harness records)
  assert.deepEqual([...await page.errors(), ...await link.page.errors(), ...await unchecked.page.errors()], []);
  await link.page.context().close();
  await unchecked.page.context().close();
  await page.context().close();
});

test('a shared link unfurls: Open Graph and Twitter card tags point at the trained network\'s preview', async () => {
  const { page } = await openPage(site.browser, site.url);
  const meta = (selector) => page.locator(selector).getAttribute('content');
  assert.equal(await meta('meta[name="twitter:card"]'), 'summary_large_image');
  assert.match(await meta('meta[property="og:title"]'), /^Weightscope/);
  const image = await meta('meta[property="og:image"]');
  assert.equal(image, await meta('meta[name="twitter:image"]'));
  const response = await fetch(new URL(image, site.url).href);
  assert.equal(response.headers.get('content-type'), 'image/png');
  const png = Buffer.from(await response.arrayBuffer());
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [600, 315]);
  assert.equal(`${await meta('meta[property="og:image:width"]')}x${await meta('meta[property="og:image:height"]')}`, '600x315');
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});

test('a .wscp saved after a 1-epoch run keeps its timeline: reopened, the scrubber has the same moments', { timeout: 180_000 }, async () => {
  const { page } = await openPage(site.browser, site.url, { viewport: { width: 1400, height: 1000 } });
  await page.getByText(/^Pretrained network: /).waitFor();
  await (await openDrawer(page)).getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByLabel('Status', { exact: true }).filter({ hasText: /^Done$/ }).waitFor({ timeout: 170_000 });
  const timeline = page.getByRole('region', { name: /^Timeline/ });
  const scrubber = timeline.getByRole('slider', { name: 'Moment of training shown' });
  const moments = await scrubber.getAttribute('max');
  assert.equal(moments, '8', 'mini-batch 0, 1, 3, 10, 30, 100, 300, 1,000 and the end of epoch 1');
  const digest = await digestOf(page);
  const wscp = await save(page, 'Save model (.wscp)');
  assert.equal(wscp.bytes.readUInt16LE(4), 4, 'version 4');
  const dataset = 8 + (1 + 'MNIST'.length) + (1 + 8); // its name and the digest of its files
  const sections = (8 + 32) + dataset + (8 + 4 + 3 * 4 + 95_440) + (8 + 4 + 20) + (8 + 4 + 9 * (12 + 95_440));
  assert.equal(wscp.bytes.length, 8 + sections + 8, 'recipe, dataset, network, one epoch, nine snapshots');

  await pickDemo(page.getByLabel('Pretrained network', { exact: true }), /^784-10-10/);
  await page.getByText(/^Pretrained network: www\/demos\/network2-784-10-10/).waitFor();
  assert.equal(await eventually(() => scrubber.getAttribute('max'), '11'), '11', 'a demo comes with its timeline: 12 moments');
  await openFile(page, wscp.name, wscp.bytes);
  await page.getByText(`Opened: ${wscp.name}`, { exact: false }).waitFor();
  assert.equal(await digestOf(page), digest);
  assert.equal(await scrubber.getAttribute('max'), moments, 'the same number of moments');
  await scrubber.fill('0');
  assert.equal(await timeline.locator('output').textContent(), 'Before training (mini-batch 0)');
  await scrubber.fill(moments);
  assert.match(await timeline.locator('output').textContent(), /^End of epoch 1/);
  assert.deepEqual(await page.errors(), []);
  await page.context().close();
});
