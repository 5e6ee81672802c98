// A figure as a PNG for static posts, drawn afresh from data by the same figure functions the page
// uses (charts.js) at 1x, 2x or 4x: a layer's heat maps (each weight a square of whole pixels,
// with the title, tile numbers and colour legend), the learning curves, the sweep's chart, side
// by side's two charts, the digit explorer's and the drawing pad's readings. It never reads the
// page's DOM: the panels hand over their data.

import { accuracySpec, costSpec, drawChartsFigure, drawExplorerFigure, drawLayerFigure, drawPadFigure, loadCharts } from './charts.js';
import { download } from './dom.js';

/** The figures drawn from charts' specs: the panel that has them (a key of `sources`). */
const CHARTS = { curves: 'views', sweep: 'sweep', compare: 'compare' };

/**
 * The figure named `figure` drawn from data into a new canvas at `scale` (its devicePixelRatio);
 * null when there is nothing to draw yet. The chart wasm must be loaded (`loadCharts`).
 * `sources`: `views` (its `figure()`: weights, titles, curves), `sweep` and `compare` (their
 * `chartSpecs()`), `explorer` and `pad` (their `figure()`: the last reading).
 */
export function figureCanvas(figure, scale, sources) {
  const canvas = document.createElement('canvas');
  const data = sources.views?.figure();
  if (figure === 'hidden' || figure === 'output') {
    if (!data) return null;
    const l = figure === 'hidden' ? 0 : data.layers.length - 1;
    drawLayerFigure(canvas, { title: data.titles[l], weights: data.layers[l], nIn: data.sizes[l] }, { tile: figure === 'hidden' ? 84 : 96, ratio: scale });
    return canvas;
  }
  if (figure === 'curves') {
    if (!data) return null;
    drawChartsFigure(canvas, [accuracySpec(data.curves, data.until), costSpec(data.curves, data.until)], { ratio: scale });
    return canvas;
  }
  if (figure === 'pad') {
    const reading = sources.pad?.figure();
    if (!reading) return null;
    drawPadFigure(canvas, reading, { ratio: scale });
    return canvas;
  }
  if (figure === 'explorer') {
    const reading = sources.explorer?.figure();
    if (!reading) return null;
    drawExplorerFigure(canvas, reading, { ratio: scale });
    return canvas;
  }
  if (!(figure in CHARTS)) return null;
  const specs = sources[CHARTS[figure]]?.chartSpecs();
  if (!specs) return null;
  drawChartsFigure(canvas, specs, { ratio: scale, chartWidth: figure === 'sweep' ? 560 : 400, chartHeight: figure === 'sweep' ? 300 : 240 });
  return canvas;
}

/** Downloads the figure as `weightscope-<figure>@<scale>x.png`; resolves to the file name. */
export async function savePng(figure, scale, sources) {
  await loadCharts();
  const canvas = figureCanvas(figure, scale, sources);
  if (!canvas) throw new Error(figure === 'pad' ? 'draw a digit on the pad first' : 'there is no network on screen yet');
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not make the PNG');
  const name = `weightscope-${figure}@${scale}x.png`;
  download(blob, name);
  return name;
}
