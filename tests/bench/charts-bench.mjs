// The chart system's cost, measured in the real page in headless Chromium (after `make dist`):
//
//   node tests/bench/charts-bench.mjs [--shots DIR]
//
// Prints the bytes (gzipped) the page fetches before its first weights and how long that takes,
// then the chart wasm's size and the median time of one drawChart call (wasm plotters onto a
// canvas) for each kind of chart at devicePixelRatio 1 and 2. With --shots, saves the learning curves as the page shows
// them at devicePixelRatio 1 and 2 (DIR/curves@1x.png, DIR/curves@2x.png).

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { launch, openPage } from '../support/playwright.mjs';
import { start, stop } from '../support/server.mjs';

const args = process.argv.slice(2);
const shots = args.includes('--shots') ? args[args.indexOf('--shots') + 1] : null;

const url = await start();
const browser = await launch();
try {
  console.log(await firstFigure(browser, url));
  console.log(await drawTimes(browser, url));
  if (shots) await screenshots(browser, url, shots);
} finally {
  await browser.close();
  await stop();
}

/**
 * Bytes (gzipped as a compressing server sends them) of what the page started fetching before its
 * first weights were drawn, and when that was (ms from navigation), as the page itself saw it.
 */
async function firstFigure(browser, url) {
  const context = await browser.newContext();
  // The moment the first layer's placeholder hides: the first weights are on screen.
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('.layer .placeholder')?.hidden) {
        window.firstFigureAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['hidden'] });
  });
  const responses = [];
  context.on('response', (response) => responses.push(response));
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.firstFigureAt !== undefined, null, { timeout: 60_000 });
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('_charts_bg.wasm') && e.responseEnd > 0), null, { timeout: 30_000 });
  const { at, early, charts } = await page.evaluate(() => {
    const entries = performance.getEntriesByType('resource');
    return {
      at: window.firstFigureAt,
      early: entries.filter((e) => e.startTime < window.firstFigureAt).map((e) => e.name),
      charts: entries.find((e) => e.name.includes('charts-pkg'))?.startTime,
    };
  });
  let gzipped = 0;
  let files = 0;
  for (const response of responses) {
    if (response.request().serviceWorker()) continue;
    if (response.url() !== page.url() && !early.includes(response.url())) continue;
    const body = await response.body().catch(() => Buffer.alloc(0));
    gzipped += gzipSync(body, { level: 9 }).length;
    files += 1;
  }
  const chartsKb = (gzipSync(await readFile('dist/www/charts-pkg/weightscope_charts_bg.wasm'), { level: 9 }).length / 1024).toFixed(0);
  await context.close();
  return `first figure: ${(gzipped / 1024).toFixed(0)} KB gzipped in ${files} files, drawn at ${at.toFixed(0)} ms;`
    + ` chart code requested ${(charts - at).toFixed(0)} ms after it, its wasm ${chartsKb} KB gzipped`;
}

/** Median milliseconds of one drawChart per chart kind, 720x300 CSS pixels, at ratio 1 and 2. */
async function drawTimes(browser, url) {
  const { page } = await openPage(browser, url);
  await page.getByText(/^Pretrained network: /).waitFor();
  const lines = await page.evaluate(async (base) => {
    const charts = await import(`${base}www/lib/charts.js`);
    await charts.loadCharts();
    const { drawChart } = charts;
    const epochs = 30;
    const curve = (f) => Array.from({ length: epochs }, (_, i) => [i + 1, f(i)]);
    const weights = Float32Array.from({ length: 23_520 }, (_, i) => Math.sin(i * 12.9898) * 0.5);
    const kinds = {
      'lines (accuracy, 2 x 30 points)': { accuracy: { epochs, test: curve((i) => 0.9 + i / 1000), train: curve((i) => 0.91 + i / 900) } },
      'lines (cost, 1,500 points)': { cost: { epochs, cost: Array.from({ length: 1500 }, (_, i) => [i / 50, 1 / (1 + i / 100)]) } },
      'histogram (2 x 41 bins, from 2 x 23,520 weights)': { compareHistogram: { a: weights, b: weights.map((w) => w / 2) } },
      'bars (10, signed)': { spec: { bars: { values: Array.from({ length: 10 }, (_, i) => Math.sin(i)), labels: [...'0123456789'], signed: true } } },
    };
    const out = [];
    for (const [name, spec] of Object.entries(kinds)) {
      for (const ratio of [1, 2]) {
        const canvas = document.createElement('canvas');
        const times = [];
        for (let k = 0; k < 25; k += 1) {
          const t = performance.now();
          drawChart(canvas, spec, { width: 720, height: 300, ratio });
          times.push(performance.now() - t);
        }
        times.sort((x, y) => x - y);
        out.push(`draw ${name} at ratio ${ratio}: ${times[12].toFixed(2)} ms`);
      }
    }
    return out;
  }, url);
  await page.context().close();
  return lines.join('\n');
}

async function screenshots(browser, url, dir) {
  for (const scale of [1, 2]) {
    const { page } = await openPage(browser, url, { viewport: { width: 1100, height: 900 }, deviceScaleFactor: scale });
    await page.getByText(/^Pretrained network: /).waitFor();
    const charts = page.locator('.panel.charts');
    await charts.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await writeFile(path.join(dir, `curves@${scale}x.png`), await charts.screenshot());
    await page.context().close();
  }
}
