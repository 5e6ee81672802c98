// Soak test (`make soak`, not part of `make test`): trains several networks back to back for a
// few minutes in one page while switching views, pausing and resuming many times and resetting
// mid-epoch. Checks that no stale update from a replaced run shows, that nothing is logged as
// an error, and that memory stays bounded: the page's JS heap and ArrayBuffer contents (after a
// forced GC, through CDP)
// and the wasm memory of the page and of the training worker. Prints the figures.
//
//   node tests/soak/soak.mjs [minutes]     (default 3; SOAK_MINUTES works too)

import assert from 'node:assert/strict';

import { openDrawer } from '../support/drawer.mjs';
import { launch, openPage } from '../support/playwright.mjs';
import { start, stop } from '../support/server.mjs';

const minutes = Number(process.argv[2] ?? process.env.SOAK_MINUTES ?? 3);
// An epoch takes 0.1 to 0.3 s here: enough of them that a run lives through its pauses (a few
// seconds) and can be reset mid-epoch.
const NETWORKS = [
  { hidden: '30', epochs: '30', preset: 'Nielsen ch. 3' },
  { hidden: '16,16', epochs: '30', preset: 'Nielsen ch. 3' },
  { hidden: '100', epochs: '15', preset: 'Nielsen ch. 3' },
  { hidden: '30', epochs: '30', preset: 'Nielsen ch. 1' },
  { hidden: '10', epochs: '40', preset: 'Nielsen ch. 3' },
];
const MB = (bytes) => (bytes / 2 ** 20).toFixed(1);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const url = await start();
const browser = await launch();
const { page, errors } = await openPage(browser, url);
const cdp = await page.context().newCDPSession(page);
await cdp.send('HeapProfiler.enable');

const status = page.getByLabel('Status', { exact: true });
const epochOut = page.getByLabel('Epoch', { exact: true });
const samples = page.getByLabel('Samples this epoch', { exact: true });
const button = (name) => page.getByRole('button', { name, exact: true });
const ready = () => page.waitForFunction(() => !document.querySelector('button[type="submit"]').disabled);

/** wasm memory of a realm: the module's init() returns the already-instantiated exports. */
const wasmBytes = async (realm) => realm.evaluate(async () => {
  const module = await import(new URL(globalThis.document ? 'www/pkg/weightscope.js' : 'pkg/weightscope.js', location.href));
  return (await module.default()).memory.buffer.byteLength;
});

async function measure(label) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize, backingStorageSize = 0 } = await cdp.send('Runtime.getHeapUsage');
  const [worker] = page.workers();
  const sample = {
    label,
    jsHeap: usedSize,
    buffers: backingStorageSize, // ArrayBuffer contents (the kept MNIST bytes, snapshots)
    pageWasm: await wasmBytes(page),
    workerWasm: worker ? await wasmBytes(worker) : 0,
    domNodes: await page.evaluate(() => document.getElementsByTagName('*').length),
  };
  console.log(`${label.padEnd(28)} JS heap ${MB(sample.jsHeap).padStart(6)} MB  buffers ${MB(sample.buffers).padStart(6)} MB  page wasm ${MB(sample.pageWasm).padStart(6)} MB  worker wasm ${MB(sample.workerWasm).padStart(6)} MB  DOM ${sample.domNodes}`);
  return sample;
}

/** After Reset nothing of the old run may show up: Ready and empty readouts for a while. */
async function assertQuietAfterReset() {
  await button('Reset').click();
  for (let i = 0; i < 8; i += 1) {
    await sleep(100);
    assert.equal(await status.textContent(), 'Ready', 'status after Reset');
    assert.equal(await samples.textContent(), '–', 'a stale progress update arrived after Reset');
  }
}

/** Clicks around the views while training: explorer digits, a neuron view, a tooltip. */
async function switchViews(round) {
  const digit = page.getByRole('group', { name: 'Digit', exact: true }).getByRole('button', { name: String(round % 10), exact: true });
  if (await digit.isVisible()) await digit.click();
  const card = page.getByRole('button', { name: /^hidden neuron \d+, weight .*: open it$/ }).first();
  if (await card.isVisible()) {
    await card.click();
    const close = page.getByRole('region', { name: /^Neuron view/ }).getByRole('button', { name: 'Close' });
    if (await close.isVisible()) await close.click();
  }
  const tile = page.getByRole('img', { name: /^hidden (layer 1 )?neuron 1\b/ }).first();
  const box = (await tile.count()) > 0 ? await tile.boundingBox() : null;
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
}

await ready();
const samplesTaken = [await measure('start')];
const started = Date.now();
const deadline = started + minutes * 60_000;
let round = 0;
let pauses = 0;
let resets = 0;
let finished = 0;
while (Date.now() < deadline) {
  const net = NETWORKS[round % NETWORKS.length];
  round += 1;
  const form = await openDrawer(page);
  // The pressed preset's name starts with its check mark (CSS ::before), as a screen reader says it.
  await form.getByRole('button', { name: new RegExp(`^(✓ )?${net.preset.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).click();
  await form.getByLabel('Hidden layers', { exact: true }).fill(net.hidden);
  await form.getByLabel('Epochs', { exact: true }).fill(net.epochs);
  await button('Train').click();
  await samples.filter({ hasText: /^[1-9][\d,]* \/ 50,000$/ }).waitFor({ timeout: 120_000 });
  // The readout belongs to this run: its epoch count, never the previous run's.
  // (A tiny network can finish its first epoch before its first progress report: then '–'.)
  assert.match(await epochOut.textContent(), new RegExp(`^(\\d+ / ${net.epochs}|–)$`), 'epoch readout of another run');

  const resetting = round % 2 === 0; // every other run is reset mid-epoch after a few pauses
  for (let i = 0; i < (resetting ? 2 : 6); i += 1) {
    await switchViews(round + i);
    if ((await status.textContent()) !== 'Training') break;
    try {
      await button('Pause').click({ timeout: 3000 });
    } catch (error) {
      if ((await status.textContent()) === 'Done') break; // it finished in between
      throw error;
    }
    await status.filter({ hasText: /^(Paused|Done)$/ }).waitFor().catch(async (error) => {
      throw new Error(`no Paused after Pause: status ${await status.textContent()}, alerts “${await page.getByRole('alert').textContent()}”, round ${round}`, { cause: error });
    });
    if ((await status.textContent()) === 'Done') break; // it finished as Pause was pressed
    const frozen = await samples.textContent();
    await sleep(150);
    assert.equal(await samples.textContent(), frozen, 'progress moved while paused');
    await button('Resume').click();
    pauses += 1;
    await sleep(200 + 100 * (i % 3));
  }
  if (resetting && (await status.textContent()) === 'Training') {
    await assertQuietAfterReset(); // mid-epoch
    resets += 1;
  } else {
    await status.filter({ hasText: /^Done$/ }).waitFor({ timeout: 300_000 });
    finished += 1;
  }
  samplesTaken.push(await measure(`after run ${round} (${net.hidden}, ${net.preset})`));
}

const seconds = (Date.now() - started) / 1000;
console.log(`soak: ${round} runs in ${seconds.toFixed(0)} s (${finished} finished, ${resets} reset mid-epoch), ${pauses} pause/resume cycles, ${errors.length} console errors`);
const later = samplesTaken.slice(Math.max(1, samplesTaken.length >> 1));
const earlier = samplesTaken.slice(1, Math.max(2, samplesTaken.length >> 1));
for (const key of ['jsHeap', 'buffers', 'pageWasm', 'workerWasm', 'domNodes']) {
  const max = (list) => Math.max(...list.map((s) => s[key]));
  const first = max(earlier);
  const last = max(later);
  const unit = key === 'domNodes' ? '' : ' MB';
  const show = (v) => (key === 'domNodes' ? String(v) : MB(v));
  console.log(`  ${key}: start ${show(samplesTaken[0][key])}${unit}, max of first half ${show(first)}${unit}, max of second half ${show(last)}${unit}`);
  // Bounded: the second half of the session needs no more than the first half plus 25% slack.
  assert.ok(last <= first * 1.25 + (key === 'domNodes' ? 50 : 4 * 2 ** 20), `${key} grows: ${show(first)} -> ${show(last)}`);
}
assert.deepEqual(errors, []);
await browser.close();
await stop();
console.log('soak: ok');
