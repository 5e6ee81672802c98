// `make bench`: Weightscope in the real page's worker, in headless Chromium, driven like a reader
// drives it (presets, fields by label, the Train button) and read back from the page's readout.
//
//   node tests/bench/worker-bench.mjs [--repeats N] [--quick | --views | --page] [SIZES:BATCH ...]
//
// For each configuration (default 784-30-10:10): N fresh one-epoch runs of network2.py's recipe
// with those sizes and mini-batch, one line with the median (epoch_s is the worker's own measure
// of the epoch's training time, from the `epoch` message):
//   bench engine=wasm-worker sizes=784-30-10 batch=10 epoch_s=… samples_per_s=… test_accuracy=…
// Then, unless --quick, for 784-30-10 mini-batch 10:
//   bench engine=wasm-scalar …   the scalar build (served in place of the SIMD one)
//   views …                       30-epoch runs with the live views drawn vs not (?views=off): the
//                                 cost's median over at least 5 interleaved pairs and its spread,
//                                 and the main thread's busy share from Train to Done with its
//                                 spread; `views_4x` the same with the CPU throttled 4x (a
//                                 phone's stand-in). --views: these lines alone.
//   run30 …                       a 30-epoch run, from pressing Train to "Done"
//   page …                        what the page transfers before its first weights are drawn,
//                                 and how long that takes on localhost
//   page_distant …                the time to the first weights over a distant server (50 ms
//                                 round trips, 10 Mbit/s: Chromium's network emulation)
//                                 (--page: these two lines alone)

import { gzipSync } from 'node:zlib';

import { openDrawer } from '../support/drawer.mjs';
import { launch, openPage, settled } from '../support/playwright.mjs';
import { start, stop } from '../support/server.mjs';

const args = process.argv.slice(2);
let repeats = 1;
let quick = false;
let viewsOnly = false;
let pageOnly = false;
const configs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--repeats') repeats = Math.max(1, Number(args[++i]));
  else if (args[i] === '--quick') quick = true;
  else if (args[i] === '--views') viewsOnly = true;
  else if (args[i] === '--page') pageOnly = true;
  else configs.push(parseConfig(args[i]));
}
if (configs.length === 0) configs.push(parseConfig('784-30-10:10'));

/** "784-16-16-10:10" -> { sizes: "784-16-16-10", hidden: "16,16", batch: "10" } */
function parseConfig(text) {
  const match = /^784-([\d-]+)-10:(\d+)$/.exec(text);
  if (!match) throw new Error(`configurations look like 784-30-10:10 (sizes:mini-batch), not ${text}`);
  return { sizes: `784-${match[1]}-10`, hidden: match[1].replaceAll('-', ','), batch: match[2] };
}

/** Pairs of runs, views on and off, taken in turns: a colleague's build slows both of a pair. */
const PAIRS = 5;
/** Epochs of each run of a pair: chapter 3's recipe as the book trains it. */
const RUN_EPOCHS = 30;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The server as a reader far from it sees it: a round trip of RTT_MS, a line of MBIT_S. */
const DISTANT = { RTT_MS: 50, MBIT_S: 10 };

/**
 * Fills the form as a reader would: opens "Change the network", picks chapter 3's preset
 * (network2.py's recipe), then hidden layers, mini-batch and epochs, and shuts the drawer so the
 * weights are on screen while the run draws them.
 */
async function fill(page, config, epochs) {
  const form = await openDrawer(page);
  await form.getByRole('button', { name: 'Nielsen ch. 3' }).click();
  await form.getByLabel('Hidden layers', { exact: true }).fill(config.hidden);
  await form.getByLabel('Mini-batch size', { exact: true }).fill(config.batch);
  await form.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.locator('#drawer > summary').click();
}

/** Presses Train for one epoch and reads the result: { seconds, samplesPerSecond, accuracy }. */
async function oneEpoch(page, config) {
  await fill(page, config, 1);
  return trainFilled(page);
}

/** Presses Train (the form filled) and reads the result, as oneEpoch. */
async function trainFilled(page) {
  await page.getByRole('button', { name: 'Train' }).click();
  const took = page.getByLabel('Training time', { exact: true });
  // Polled every 100 ms, not every frame as a locator's wait does: the bench's own polling ran
  // a third of the page's main thread, which competes with the worker on a 2-core machine.
  // The time is the worker's own measure, so when the wait notices does not change it.
  await page.waitForFunction(() => document.querySelector('[data-seconds]') !== null, null, { polling: 100, timeout: 300_000 });
  const test = page.getByLabel('Test accuracy', { exact: true });
  return {
    seconds: Number(await took.getAttribute('data-seconds')),
    samplesPerSecond: Number(await took.getAttribute('data-samples-per-second')),
    accuracy: Number(await test.getAttribute('data-correct')) / Number(await test.getAttribute('data-total')),
  };
}

/** Median of `repeats` one-epoch runs as a bench line (accuracy: a seed gives the same run). */
async function benchLine(engine, page, config) {
  const runs = [];
  for (let i = 0; i < repeats; i++) runs.push(await oneEpoch(page, config));
  const seconds = median(runs.map((r) => r.seconds));
  return `bench engine=${engine} sizes=${config.sizes} batch=${config.batch} epoch_s=${seconds.toFixed(3)} `
    + `samples_per_s=${Math.round(50_000 / seconds)} test_accuracy=${runs[0].accuracy.toFixed(4)}`;
}

function check(errors) {
  if (errors.length > 0) throw new Error(`the page reported errors:\n${errors.join('\n')}`);
}

const url = await start();
const browser = await launch();
try {
  const { page, errors } = await openPage(browser, url);
  if (pageOnly) {
    console.log(await firstWeights(browser, url, parseConfig('784-30-10:10')));
    console.log(await distantFirstWeights(browser, url));
  } else if (viewsOnly) {
    const base = parseConfig('784-30-10:10');
    console.log(await drawingCost(browser, url, page, base, 1));
    console.log(await drawingCost(browser, url, page, base, 4));
    check(errors);
  } else {
    for (const config of configs) console.log(await benchLine('wasm-worker', page, config));
    check(errors);
  }

  if (!quick && !viewsOnly && !pageOnly) {
    const base = parseConfig('784-30-10:10');

    // The scalar build, for browsers without wasm SIMD: served in place of the SIMD file.
    const scalar = await openPage(browser, 'about:blank');
    await scalar.page.context().route('**/pkg/weightscope_bg.wasm', (route) => route.continue({
      url: route.request().url().replace('weightscope_bg.wasm', 'weightscope_scalar_bg.wasm'),
    }));
    await scalar.page.goto(url);
    console.log(await benchLine('wasm-scalar', scalar.page, base));
    check(scalar.errors);

    console.log(await drawingCost(browser, url, page, base, 1));
    console.log(await drawingCost(browser, url, page, base, 4));

    // A 30-epoch run as a reader sees it: Train pressed (MNIST already loaded) to "Done".
    await fill(page, base, 30);
    const started = Date.now();
    await page.getByRole('button', { name: 'Train' }).click();
    await page.getByLabel('Status', { exact: true }).filter({ hasText: /^Done$/ }).waitFor({ timeout: 300_000 });
    const test = page.getByLabel('Test accuracy', { exact: true });
    const accuracy = Number(await test.getAttribute('data-correct')) / Number(await test.getAttribute('data-total'));
    console.log(`run30 sizes=${base.sizes} batch=${base.batch} epochs=30 seconds=${((Date.now() - started) / 1000).toFixed(2)} `
      + `test_accuracy=${accuracy.toFixed(4)}`);
    check(errors);

    console.log(await firstWeights(browser, url, base));
    console.log(await distantFirstWeights(browser, url));
  }
} finally {
  await browser.close();
  await stop();
}

/**
 * What drawing the live views costs, over a whole run as a reader has it: PAIRS runs of the
 * recipe's own RUN_EPOCHS epochs with the views drawn (`page`) and as many without
 * (`?views=off`), in turns, with the CPU throttled `throttle` times (Chromium's
 * Emulation.setCPUThrottlingRate, as DevTools' CPU throttling) on both pages. A run is Train
 * pressed to "Done": its start (the form, the first weights, the first epoch's replay) and its
 * steady part alike, as the reader lives it; a one-epoch run (0.14 s of training) was nearly all
 * start. Each pair gives the cost on/off - 1 in the worker's own training time (all epochs); the
 * line has their median and spread (lowest, highest), and the share of the page's main thread
 * busy (Chromium's TaskDuration over the wall time) during each run with the views and without,
 * median and spread.
 */
async function drawingCost(browser, url, page, config, throttle) {
  const off = await openPage(browser, `${url}?views=off`);
  const sessions = [];
  const session = async (target) => {
    const cdp = await target.context().newCDPSession(target);
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    sessions.push(cdp);
    return cdp;
  };
  const cdps = { on: await session(page), off: await session(off.page) };
  const busyDuring = async (target, cdp) => {
    const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    // The form's own work is not the run's, nor is the driver's search for Train by its role
    // (the accessible names of the page, some 30 ms of its main thread): both come before.
    await fill(target, config, RUN_EPOCHS);
    const train = await target.getByRole('button', { name: 'Train' }).elementHandle();
    await settled(target);
    const [before, t0] = [await taskSeconds(), Date.now()];
    await train.click();
    // Polled every 100 ms (not every frame, which would load the main thread it measures).
    await target.waitForFunction(() => document.querySelector('[data-total-seconds]') !== null
      && document.getElementById('state').textContent === 'Done', null, { polling: 100, timeout: 600_000 });
    const busy = (await taskSeconds() - before) / ((Date.now() - t0) / 1000);
    const took = target.getByLabel('Training time', { exact: true });
    return { seconds: Number(await took.getAttribute('data-total-seconds')), busy };
  };
  const costs = [];
  const busy = { on: [], off: [] };
  for (let i = 0; i < Math.max(PAIRS, repeats); i++) {
    const on = await busyDuring(page, cdps.on);
    const without = await busyDuring(off.page, cdps.off);
    costs.push(on.seconds / without.seconds - 1);
    busy.on.push(on.busy);
    busy.off.push(without.busy);
  }
  for (const cdp of sessions) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
  }
  check(off.errors);
  await off.page.context().close();
  const percent = (x) => `${(100 * x).toFixed(1)}%`;
  const spread = (name, values) => `${name}=${percent(median(values))} ${name}_low=${percent(Math.min(...values))} ${name}_high=${percent(Math.max(...values))}`;
  return `${throttle === 1 ? 'views' : `views_${throttle}x`} sizes=${config.sizes} batch=${config.batch} epochs=${RUN_EPOCHS} pairs=${costs.length} `
    + `drawing_cost=${percent(median(costs))} cost_low=${percent(Math.min(...costs))} cost_high=${percent(Math.max(...costs))} `
    + `${spread('main_busy_on', busy.on)} ${spread('main_busy_off', busy.off)}`;
}

/**
 * Resolves once the first layer's weights are drawn: its placeholder hides then. (Not a wait for
 * the placeholder to be hidden: it does not exist until the page has laid the layers out.)
 */
function drawnWeights(page) {
  return page.waitForFunction(() => document.querySelector('.layer .placeholder')?.hidden === true, null, { timeout: 120_000, polling: 10 });
}

/**
 * Fresh visits over a distant server (Chromium's network emulation, the test server's files
 * uncompressed): the median time of three to the first weights drawn.
 */
async function distantFirstWeights(browser, url) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const network = await context.newCDPSession(page);
    await network.send('Network.enable');
    await network.send('Network.emulateNetworkConditions', {
      offline: false, latency: DISTANT.RTT_MS, downloadThroughput: (DISTANT.MBIT_S * 1e6) / 8, uploadThroughput: (DISTANT.MBIT_S * 1e6) / 8,
    });
    const t0 = Date.now();
    await page.goto(url);
    await drawnWeights(page);
    times.push(Date.now() - t0);
    await context.close();
  }
  return `page_distant rtt_ms=${DISTANT.RTT_MS} mbit_s=${DISTANT.MBIT_S} first_weights_ms=${median(times)}`;
}

/**
 * A fresh visit (empty cache): open the page and wait until the first weights are drawn (a
 * plain visit shows a pretrained network, without MNIST). Counts every response until then
 * (page and workers, not the service worker's offline copy), gzipped as a server that compresses text and wasm would send it (the .gz
 * MNIST files as they are), and the time it took. Then presses Train and times the first
 * weights of the new run too (MNIST downloaded from localhost).
 */
async function firstWeights(browser, url, config) {
  const context = await browser.newContext();
  const responses = [];
  context.on('response', (response) => responses.push(response));
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(url);
  await drawnWeights(page);
  const drawn = Date.now() - t0;
  // The service worker's offline copy of the shell is not the page's: it downloads afterwards.
  const before = responses.filter((response) => !response.request().serviceWorker());
  let raw = 0;
  let gzipped = 0;
  let data = 0;
  for (const response of before) {
    const size = Number(response.headers()['content-length'] ?? 0);
    raw += size;
    if (response.url().endsWith('.gz')) {
      // The MNIST files are gzip files already: sent as they are.
      gzipped += size;
      data += size;
    } else {
      const body = await response.body().catch(() => Buffer.alloc(size));
      gzipped += gzipSync(body, { level: 9 }).length;
    }
  }
  await fill(page, config, 1);
  const clicked = Date.now();
  await page.getByRole('button', { name: 'Train' }).click();
  await page.getByLabel('Status', { exact: true }).filter({ hasText: /^(Training|Done)$/ }).waitFor({ timeout: 120_000 });
  const training = Date.now() - clicked;
  await context.close();
  const kb = (bytes) => (bytes / 1024).toFixed(0);
  return `page files=${before.length} bytes=${raw} gzip_kb=${kb(gzipped)} without_mnist_gzip_kb=${kb(gzipped - data)} `
    + `first_weights_ms=${drawn} train_to_training_ms=${training}`;
}
