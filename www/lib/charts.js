// Every chart and every exportable figure, drawn from data on a canvas at a given size and
// devicePixelRatio. The panels ask for their charts by name with their data (`{accuracy: data}`,
// charts/src/specs.rs) or as bar specs (`{spec}`, charts/src/chart.rs) at their canvas's CSS
// size and the screen's ratio; the PNG export (savepng.js) draws the figures below on a fresh
// canvas at 1x, 2x or 4x. Nothing here reads the page's DOM but `onScreen` (a panel's own canvas
// size, for its own charts). The drawing is wasm's: charts by plotters in the chart wasm
// (www/charts-pkg/), heat-map pixels by the core's (pixels/); colours are roles of the one
// palette (charts/src/palette.rs).
//
// The chart wasm loads after the page's first figure (`loadCharts`, which the views call once
// they have painted weights, or 2 s after the first chart is asked for): until then a chart
// asked for is kept, the newest per canvas, and drawn when it arrives.

import { drawInk, imageShape, legendRgba, symmetricScale, topK, weightsRgba } from '../pkg/weightscope.js';
import { capital, classLabel, className, classNames, classTitle, classWord, dataset, imageWord } from './dataset.js';
import { signed } from './format.js';

/** The chart wasm's exports once loaded (drawChart, palette), else null. */
let charts = null;
let loading = null;
let fallback = 0; // the timer that loads the chart wasm anyway
/** Charts asked for before the chart wasm arrived: canvas -> [spec, placement], the newest. */
const waiting = new Map();
/** How long a chart waits for the first figure before its code loads anyway. */
const LOAD_AFTER_MS = 2000;
/** Chart wasm instances this page may make: a trapped one is replaced by a fresh one, twice at most. */
const MAX_INSTANCES = 3;
let instances = 0;

/**
 * Loads the chart wasm (once) and draws the charts that waited for it; resolves when loaded. A
 * failure is reported in the console and tried again at the next call.
 */
export function loadCharts() {
  clearTimeout(fallback);
  if (loading) return loading;
  instances += 1;
  // A fresh instance needs fresh glue: the glue module keeps the instance it made.
  const glue = `../charts-pkg/weightscope_charts.js${instances > 1 ? `?instance=${instances}` : ''}`;
  loading = import(glue).then(async (module) => {
    await module.default({ module_or_path: new URL('../charts-pkg/weightscope_charts_bg.wasm', import.meta.url) });
    charts = module;
    const asked = [...waiting];
    waiting.clear();
    for (const [canvas, [spec, placement]] of asked) {
      try {
        drawChart(canvas, spec, placement);
      } catch (error) {
        console.error(`A chart could not be drawn: ${error.message}`);
      }
    }
  });
  loading.catch((error) => {
    loading = null;
    fallback = 0;
    console.error(`The charts could not be loaded: ${error.message}`);
  });
  return loading;
}

/**
 * Draws `spec` (a named chart with its data, `{accuracy: data}`: see charts/src/specs.rs; or a
 * spec as it is, `{spec}`: see charts/src/chart.rs, lines, points, histogram steps or bars) on
 * `canvas` at `placement` ({width, height, ratio, at?}; default its CSS size at the screen's ratio). Throws
 * on a bad spec once the chart wasm is loaded; before, the chart waits for it. A trap in the
 * chart wasm (a WebAssembly.RuntimeError: seen once in WebKit, on a loaded machine, with no
 * panic message, as when memory cannot grow) leaves that instance unusable, its stack never
 * unwound: the chart waits for a fresh instance instead.
 */
export function drawChart(canvas, spec, placement) {
  if (charts) {
    try {
      charts.drawChart(canvas, spec, placement);
      return;
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError) || instances >= MAX_INSTANCES) throw error;
      console.warn(`The chart code stopped (${error.message}); drawing with a fresh copy.`);
      charts = null;
      loading = null;
      waiting.set(canvas, [spec, placement]);
      loadCharts();
      return;
    }
  }
  waiting.set(canvas, [spec, placement]);
  fallback ||= setTimeout(loadCharts, LOAD_AFTER_MS);
}

/** The palette, `{role: '#rrggbb'}` (the chart wasm must be loaded: `await loadCharts()`). */
export function palette() {
  return charts.palette();
}

const FONT = 'system-ui, sans-serif';

/** Where a panel's chart goes: its canvas's CSS size (or `fallback` when it has none) at the screen's ratio. */
export function onScreen(canvas, fallback = [300, 120]) {
  return { width: canvas.clientWidth || fallback[0], height: canvas.clientHeight || fallback[1], ratio: window.devicePixelRatio || 1 };
}

/**
 * Bars for `values` on `canvas` at `placement` (default: its CSS size, crisp on any screen).
 * Options: `labels` (one per bar, shown when there is room), `signed` (blue up for positive, red
 * down for negative; otherwise grey bars from `min` (default 0) up), `highlight` (an index drawn in
 * amber), `max` (the value at full height; default the largest |value|), `yFormat` ('percent' or
 * 'number').
 */
export function drawBars(canvas, values, { labels = [], signed = false, highlight = -1, max, min, yFormat = 'number' } = {}, placement = onScreen(canvas)) {
  const bars = { values: Array.from(values), labels: Array.from(labels, String), signed, highlight: highlight >= 0 ? highlight : undefined, max, min };
  drawChart(canvas, { spec: { yFormat, bars } }, placement);
}

/** A canvas sized to `width` x `height` CSS pixels at `ratio`, on paper, in CSS-pixel units. */
function sheet(canvas, width, height, ratio) {
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = palette().paper;
  ctx.fillRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = false;
  return ctx;
}

/** Height of a sheet's credit line (network, accuracy, credit), in CSS pixels. */
const CAPTION_H = 20;

/** Writes `credit` (one line: network, accuracy, credit) at the foot of a sheet `width` x `height`. */
function footCaption(ctx, credit, width, height, pad) {
  if (!credit) return;
  ctx.save();
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'left';
  ctx.font = `11px ${FONT}`;
  ctx.fillStyle = palette().muted;
  ctx.fillText(credit, pad, height - pad / 2, width - 2 * pad);
  ctx.restore();
}

/**
 * Several charts side by side, each `chartWidth` x `chartHeight` CSS pixels, on one canvas at
 * `ratio`: the learning curves, the sweep's chart, side by side's two charts as one figure.
 */
export function drawChartsFigure(canvas, specs, { chartWidth = 360, chartHeight = 240, ratio = 1, credit = '' } = {}) {
  const pad = 12;
  const width = pad + specs.length * (chartWidth + pad);
  const height = 2 * pad + chartHeight + (credit ? CAPTION_H : 0);
  const ctx = sheet(canvas, width, height, ratio);
  specs.forEach((spec, k) => drawChart(canvas, spec, { width: chartWidth, height: chartHeight, ratio, at: [pad + k * (chartWidth + pad), pad] }));
  footCaption(ctx, credit, width, height, pad);
}

/** Pixels `rgba` of `cols` x `rows` on a small canvas of their own, to be scaled up by drawImage. */
function pixelCanvas(rgba, cols, rows) {
  const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(cols, rows) : Object.assign(document.createElement('canvas'), { width: cols, height: rows });
  canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba), cols, rows), 0, 0);
  return canvas;
}

/**
 * One layer's weights as a figure: `title`, one heat map per neuron (its `nIn` incoming weights
 * of `weights`, (n, nIn) row-major) laid out as on the page, each numbered (with the inputs it
 * likes and dislikes most when `links`, as the output layer shows them), the colour legend with
 * its numbers, and the `credit` line. Each weight is a square of whole pixels, about `tile` CSS pixels a
 * heat map, times `ratio`. Returns the figure's CSS size.
 */
export function drawLayerFigure(canvas, { title, weights, nIn, links = false }, { tile = 84, ratio = 1, credit = '' } = {}) {
  const n = Math.floor(weights.length / nIn);
  const [rows, cols] = imageShape(nIn);
  const gridCols = imageShape(n)[1];
  const gridRows = Math.ceil(n / gridCols);
  const unit = Math.max(1, Math.round(tile / Math.max(rows, cols)));
  const [tileW, tileH] = [cols * unit, rows * unit];
  const [pad, gap, titleH, legendH] = [12, 6, 22, 40];
  const captionH = links ? 42 : 16; // the number, then "likes …" and "dislikes …"
  const width = Math.max(pad * 2 + gridCols * Math.max(tileW, links ? 96 : 0) + (gridCols - 1) * gap, 300);
  const height = pad * 2 + titleH + gridRows * (tileH + captionH + gap) + legendH + (credit ? CAPTION_H : 0);
  const ctx = sheet(canvas, width, height, ratio);
  const colors = palette();
  const scale = symmetricScale(weights); // one scale per layer, as on the page

  ctx.textBaseline = 'top';
  ctx.fillStyle = colors.ink;
  ctx.font = `600 13px ${FONT}`;
  ctx.fillText(title, pad, pad, width - 2 * pad);
  ctx.font = `11px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.strokeStyle = colors.line;
  ctx.lineWidth = 1;
  for (let j = 0; j < n; j += 1) {
    const x = pad + (j % gridCols) * (tileW + gap);
    const y = pad + titleH + Math.floor(j / gridCols) * (tileH + captionH + gap);
    const row = weights.subarray(j * nIn, (j + 1) * nIn); // (n, nIn): row j feeds neuron j
    ctx.drawImage(pixelCanvas(weightsRgba(row, scale), cols, rows), x, y, tileW, tileH);
    ctx.strokeRect(x - 0.5, y - 0.5, tileW + 1, tileH + 1);
    ctx.fillStyle = colors.muted;
    ctx.fillText(String(j), x + tileW / 2, y + tileH + 2);
    if (links) {
      const { likes, dislikes } = topK(row, 3); // whom the neuron likes and dislikes most
      ctx.fillStyle = colors.likes;
      ctx.fillText(`likes ${likes.join(' ')}`, x + tileW / 2, y + tileH + 15, tileW + gap);
      ctx.fillStyle = colors.dislikes;
      ctx.fillText(`dislikes ${dislikes.join(' ')}`, x + tileW / 2, y + tileH + 28, tileW + gap);
    }
  }

  // The legend: the colour bar, its numbers, and what the colours mean.
  const barW = Math.min(256, width - 2 * pad);
  const barY = height - pad - legendH - (credit ? CAPTION_H : 0) + 4;
  ctx.drawImage(pixelCanvas(legendRgba(256, scale), 256, 1), pad, barY, barW, 10);
  ctx.strokeRect(pad, barY, barW, 10);
  ctx.fillStyle = colors.ink;
  const textY = barY + 13;
  const ticks = [signed(-scale), '0', signed(scale)];
  [['left', pad], ['center', pad + barW / 2], ['right', pad + barW]].forEach(([align, x], i) => {
    ctx.textAlign = align;
    ctx.fillText(ticks[i], x, textY);
  });
  ctx.font = `600 11px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.fillStyle = colors.dislikes;
  ctx.fillText('dislikes', pad, textY + 13);
  ctx.textAlign = 'right';
  ctx.fillStyle = colors.likes;
  ctx.fillText('likes', pad + barW, textY + 13);
  footCaption(ctx, credit, width, height, pad);
  return { width, height };
}

/**
 * The drawing pad's reading as a figure: what the network sees (`input`, one value in [0, 1] per pixel)
 * beside its output activations (the prediction `best` in amber), each hidden layer's
 * activations (`activations`, one array per hidden layer) and the contributions of the last
 * hidden layer to digit `target` (`contributions`). Returns the figure's CSS size.
 */
export function drawPadFigure(canvas, { input, outputs, best, activations, contributions, target, caption = '' }, { ratio = 1, credit = '' } = {}) {
  const [pad, titleH, imageSide, chartW, chartH] = [12, 22, 224, 420, 120];
  const digits = classNames();
  const charts = [
    { title: `Output activations: it reads ${className(best)}${caption ? ` (${caption})` : ''}`, yFormat: 'number', bars: { values: Array.from(outputs), labels: digits, highlight: best, max: 1 } },
    ...activations.map((a, l) => ({
      title: `Activation of every neuron of ${activations.length > 1 ? `hidden layer ${l + 1}` : 'the hidden layer'} (0 to 1)`,
      bars: { values: Array.from(a), labels: [...a.keys()].map(String), max: 1 },
    })),
    { title: `Contributions to ${className(target)}: activation × weight`, bars: { values: Array.from(contributions), labels: [...contributions.keys()].map(String), signed: true } },
  ];
  const width = 3 * pad + imageSide + chartW;
  const height = pad + titleH + Math.max(imageSide + 40, charts.length * (chartH + pad)) + (credit ? CAPTION_H : 0);
  const ctx = sheet(canvas, width, height, ratio);
  const colors = palette();
  ctx.textBaseline = 'top';
  ctx.fillStyle = colors.ink;
  ctx.font = `600 13px ${FONT}`;
  const title = dataset().drawable ? `Drawing pad: which neurons does the ${imageWord()} use?` : `One test ${imageWord()}: which neurons does it use?`;
  ctx.fillText(title, pad, pad, width - 2 * pad);
  footCaption(ctx, credit, width, height, pad);
  const ink = document.createElement('canvas'); // the core draws the 28x28 input; scaled up here
  drawInk(ink, input);
  ctx.drawImage(ink, pad, pad + titleH, imageSide, imageSide);
  ctx.strokeStyle = colors.line;
  ctx.strokeRect(pad - 0.5, pad + titleH - 0.5, imageSide + 1, imageSide + 1);
  ctx.font = `11px ${FONT}`;
  ctx.fillStyle = colors.muted;
  ctx.fillText('What the network sees (28×28)', pad, pad + titleH + imageSide + 6, imageSide);
  charts.forEach((spec, k) => drawChart(canvas, { spec }, { width: chartW, height: chartH, ratio, at: [2 * pad + imageSide, pad + titleH + k * (chartH + pad)] }));
  return { width, height };
}

/**
 * The digit explorer's reading as a figure: digit `digit`'s weights from the last hidden layer
 * (`weights` at colour scale `scale`, laid out like that layer's grid), the same weights ranked
 * (`ranked`, with the neuron of each in `order`), its effective input template (`template`), and
 * the neurons it likes and dislikes most (`likes`, `dislikes`: `{name, weight, image, scale}`).
 * Returns the figure's CSS size.
 */
export function drawExplorerFigure(canvas, { digit, weights, scale, ranked, order, template, likes, dislikes }, { ratio = 1, credit = '' } = {}) {
  const [pad, titleH, heat, chartW, tile, captionH] = [12, 22, 168, 360, 84, 40];
  const cards = Math.max(likes.length, dislikes.length, 1);
  const width = Math.max(4 * pad + 2 * heat + chartW, 2 * pad + cards * (tile + pad));
  const height = pad + titleH + heat + captionH + 2 * (titleH + tile + captionH) + pad + (credit ? CAPTION_H : 0);
  const ctx = sheet(canvas, width, height, ratio);
  footCaption(ctx, credit, width, height, pad);
  const colors = palette();
  const heatMap = (values, at, size, mapScale) => {
    const [rows, cols] = imageShape(values.length);
    const side = size / Math.max(rows, cols);
    ctx.drawImage(pixelCanvas(weightsRgba(values, mapScale), cols, rows), at[0], at[1], cols * side, rows * side);
    ctx.strokeStyle = colors.line;
    ctx.strokeRect(at[0] - 0.5, at[1] - 0.5, cols * side + 1, rows * side + 1);
  };
  const text = (words, at, { font = `11px ${FONT}`, color = colors.muted, max } = {}) => {
    ctx.font = font;
    ctx.fillStyle = color;
    ctx.fillText(words, at[0], at[1], max);
  };
  ctx.textBaseline = 'top';
  text(`${capital(classWord())} explorer: what ${classLabel(digit)}'s output neuron is built from`, [pad, pad], { font: `600 13px ${FONT}`, color: colors.ink, max: width - 2 * pad });
  const top = pad + titleH;
  heatMap(weights, [pad, top], heat, scale);
  text(`${classTitle(digit)}'s ${weights.length} weights, as a grid`, [pad, top + heat + 6], { max: heat });
  drawChart(canvas, { spec: { bars: { values: ranked, labels: order.map(String), signed: true } } }, { width: chartW, height: heat, ratio, at: [2 * pad + heat, top] });
  text('The same weights, largest first (blue: likes, red: dislikes)', [2 * pad + heat, top + heat + 6], { max: chartW });
  heatMap(template, [3 * pad + heat + chartW, top], heat, symmetricScale(template));
  text('Effective input template', [3 * pad + heat + chartW, top + heat + 6], { max: heat });
  [['Likes most (largest weights)', likes, colors.likes], ['Dislikes most (most negative weights)', dislikes, colors.dislikes]].forEach(([words, list, color], r) => {
    const y = top + heat + captionH + r * (titleH + tile + captionH);
    text(words, [pad, y], { font: `600 12px ${FONT}`, color });
    list.forEach((card, n) => {
      const x = pad + n * (tile + pad);
      heatMap(card.image, [x, y + titleH], tile, card.scale);
      ctx.textAlign = 'center';
      text(card.name, [x + tile / 2, y + titleH + tile + 4], { color, max: tile + pad });
      text(`w = ${signed(card.weight)}`, [x + tile / 2, y + titleH + tile + 17], { color, max: tile + pad });
      ctx.textAlign = 'left';
    });
  });
  return { width, height };
}
