// A figure as a file for static posts and print, drawn afresh from data, never from the page's DOM
// (the panels hand over their data): as a PNG laid out and drawn by the export wasm
// (charts/src/figure.rs, through charts.js `drawFigure`) at 1x, 2x or 4x (a layer's heat maps
// with title, tile numbers and colour legend, the learning curves, the sweep's chart, side by
// side's two charts, the digit explorer's and the drawing pad's readings); a layer's weights as
// SVG, one rect per weight; the timeline as an animated GIF (both by Rust, crate/src/export.rs,
// from the worker's model file).

import { layerSvg, timelineGif } from '../pkg/weightscope.js';
import { drawFigure } from './charts.js';
import { download } from './dom.js';
import { capital, percent } from './format.js';
import { a, classWord, dataset, imageWord } from './dataset.js';

/** The figures drawn from charts' specs: the panel that has them (a key of `sources`). */
const CHARTS = { curves: 'views', sweep: 'sweep', compare: 'compare' };

/** Whose figures these are, on every sheet. */
const CREDIT = 'Weightscope, after Michael Nielsen\'s Neural Networks and Deep Learning';

/** A sheet's credit line: the network, its test accuracy, and the credit. */
function creditLine(data) {
  const last = data?.curves.test.at(-1);
  const network = data ? `Network ${data.sizes.join('-')}` : '';
  const accuracy = last ? `${percent(last[1])} test accuracy after ${last[0]} ${last[0] === 1 ? 'epoch' : 'epochs'}` : '';
  return [network, accuracy, CREDIT].filter(Boolean).join(' · ');
}

/**
 * What figure `figure` is drawn from: its request for the chart wasm (`{layer: data}`, see
 * charts/src/figure.rs), or null when there is nothing to draw yet. `sources`: `views` (its
 * `figure()`: weights, titles, curves), `sweep` and `compare` (their `chartSpecs()`, named
 * charts), `explorer` and `pad` (their `figure()`: the last reading).
 */
function figureRequest(figure, sources) {
  const data = sources.views?.figure();
  if (figure === 'hidden' || figure === 'output') {
    if (!data) return null;
    const l = figure === 'hidden' ? 0 : data.layers.length - 1;
    return { layer: { title: data.titles[l], weights: data.layers[l], nIn: data.sizes[l], links: figure === 'output' } };
  }
  if (figure === 'curves') {
    if (!data) return null;
    const curves = { ...data.curves, until: data.until };
    return { chartRow: { charts: [{ accuracy: curves }, { cost: curves }] } };
  }
  if (figure === 'pad' || figure === 'explorer') {
    const reading = sources[figure]?.figure();
    return reading && { [figure]: reading };
  }
  const charts = figure in CHARTS ? sources[CHARTS[figure]]?.chartSpecs() : null;
  return charts && { chartRow: { charts } };
}

/**
 * Resolves to the figure named `figure` drawn from data into a new canvas at `scale` (its
 * devicePixelRatio), or null when there is nothing to draw yet. `sources` as for `figureRequest`.
 */
export async function figureCanvas(figure, scale, sources) {
  const request = figureRequest(figure, sources);
  if (!request) return null;
  const canvas = document.createElement('canvas');
  // The sweep's and side by side's charts are not of the network on screen: the credit alone.
  const credit = figure in CHARTS && figure !== 'curves' ? CREDIT : creditLine(sources.views?.figure());
  await drawFigure(canvas, request, { ratio: scale, credit });
  return canvas;
}

/** What the pad needs before it has a figure, for the dataset on screen: "draw a digit on the pad first". */
const padFirst = () => (dataset().drawable ? `draw ${a(imageWord())} on the pad first` : `open a test ${imageWord()} in the pad first`);

/** Downloads the figure as `weightscope-<figure>@<scale>x.png`; resolves to the file name. */
export async function savePng(figure, scale, sources) {
  const canvas = await figureCanvas(figure, scale, sources);
  if (!canvas) throw new Error(figure === 'pad' ? padFirst() : 'there is no network on screen yet');
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not make the PNG');
  const name = `weightscope-${figure}@${scale}x.png`;
  download(blob, name);
  return name;
}

/** The layer an SVG export draws for `figure`: 0 for the hidden layer, -1 for the output layer. */
const SVG_LAYERS = { hidden: 0, output: -1, timeline: 0 };

/**
 * Why each export of `figure` is not possible now (a sentence), or null when it is: `{png, svg,
 * gif}`. `sources` as for `figureCanvas`; `timeline`: how many moments the run on screen has.
 */
export function exportProblems(figure, sources, { timeline = 0 } = {}) {
  const network = sources.views?.figure() ? null : 'There is no network on screen yet.';
  const png = figure === 'pad' ? (sources.pad?.figure() ? null : `${capital(padFirst())}.`)
    : figure === 'explorer' ? (sources.explorer?.figure() ? null : `Pick ${a(classWord())} in the explorer first.`)
      : figure === 'timeline' ? 'The timeline exports as a GIF.'
        : figure in CHARTS && figure !== 'curves' ? (sources[CHARTS[figure]]?.chartSpecs() ? null : 'Run the experiment first.')
          : network;
  const svg = figure in SVG_LAYERS ? network : 'SVG holds the weight grids: pick the hidden or output layer.';
  const gif = network ?? (timeline > 0 ? null : 'This network has no timeline: train it here to record one.');
  return { png, svg, gif };
}

/**
 * Downloads layer `figure` (hidden or output) of the model file `bytes` as
 * `weightscope-<figure>.svg`, titled `title`; resolves to the file name.
 */
export function saveSvg(figure, bytes, sizes, title) {
  const layer = SVG_LAYERS[figure] < 0 ? sizes.length - 2 : SVG_LAYERS[figure]; // weight matrices: sizes.length - 1
  const name = `weightscope-${figure === 'output' ? 'output' : 'hidden'}.svg`;
  download(new Blob([layerSvg(bytes, layer, title)], { type: 'image/svg+xml' }), name);
  return name;
}

/** Downloads the timeline of the model file `bytes` as `weightscope-timeline.gif`; resolves to its name and size. */
export function saveGif(bytes) {
  const gif = timelineGif(bytes);
  download(new Blob([gif], { type: 'image/gif' }), 'weightscope-timeline.gif');
  return { name: 'weightscope-timeline.gif', size: gif.length };
}
