// A figure as a PNG for static posts: the heat maps views.js drew, upscaled by whole pixels
// (no smoothing, so every weight stays a crisp square) with the figure's title, tile numbers and
// colour legend; or the learning curves. It draws nothing of its own: it copies views.js's
// canvases onto one canvas at the chosen scale.

import { FIGURES } from './embed.js';
import { download } from './model.js';

const INK = '#1f2933';
const MUTED = '#52606d';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** A canvas of `width` x `height` on white, with smoothing off. */
function sheet(width, height) {
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width);
  canvas.height = Math.ceil(height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = INK;
  ctx.textBaseline = 'top';
  return { canvas, ctx };
}

/** One layer's tiles, title, numbers and legend at `scale` (1, 2 or 4). */
function layerSheet(section, scale) {
  const title = section.querySelector('h2').textContent;
  const tiles = [...section.querySelectorAll('.tile')].map((figure) => ({
    canvas: figure.querySelector('canvas'),
    index: figure.querySelector('.index')?.textContent ?? '',
  }));
  const grid = section.querySelector('.grid');
  const cols = Number(grid.style.getPropertyValue('--cols')) || 1;
  const rows = Math.ceil(tiles.length / cols);
  const first = tiles[0].canvas;
  // Whole screen pixels per weight, as on the page, times the scale.
  const unit = Math.max(1, Math.round(first.clientWidth / Math.max(1, first.width))) * scale;
  const tileW = first.width * unit;
  const tileH = first.height * unit;
  const pad = 12 * scale;
  const gap = 6 * scale;
  const titleH = 22 * scale;
  const captionH = 16 * scale;
  const legendH = 40 * scale;
  const width = Math.max(pad * 2 + cols * tileW + (cols - 1) * gap, 300 * scale);
  const height = pad * 2 + titleH + rows * (tileH + captionH + gap) + legendH;
  const { canvas, ctx } = sheet(width, height);

  ctx.font = `600 ${13 * scale}px ${FONT}`;
  ctx.fillText(title, pad, pad, width - 2 * pad);
  ctx.font = `${11 * scale}px ${FONT}`;
  ctx.textAlign = 'center';
  tiles.forEach(({ canvas: tile, index }, k) => {
    const x = pad + (k % cols) * (tileW + gap);
    const y = pad + titleH + Math.floor(k / cols) * (tileH + captionH + gap);
    ctx.drawImage(tile, x, y, tileW, tileH);
    ctx.strokeStyle = '#d9dee4';
    ctx.lineWidth = scale;
    ctx.strokeRect(x - scale / 2, y - scale / 2, tileW + scale, tileH + scale);
    ctx.fillStyle = MUTED;
    ctx.fillText(index, x + tileW / 2, y + tileH + 2 * scale);
  });

  // The legend: the colour bar, its numbers, and what the colours mean.
  const legend = section.querySelector('.legend-bar');
  const ticks = [...section.querySelectorAll('.legend-ticks span')].map((span) => span.textContent);
  const barW = Math.min(256 * scale, width - 2 * pad);
  const barY = height - pad - legendH + 4 * scale;
  ctx.drawImage(legend, pad, barY, barW, 10 * scale);
  ctx.strokeStyle = '#d9dee4';
  ctx.strokeRect(pad, barY, barW, 10 * scale);
  ctx.fillStyle = INK;
  const textY = barY + 13 * scale;
  [['left', pad], ['center', pad + barW / 2], ['right', pad + barW]].forEach(([align, x], i) => {
    ctx.textAlign = align;
    ctx.fillText(ticks[i] ?? '', x, textY);
  });
  ctx.font = `600 ${11 * scale}px ${FONT}`;
  ctx.textAlign = 'left';
  ctx.fillStyle = '#b91c1c';
  ctx.fillText('dislikes', pad, textY + 13 * scale);
  ctx.textAlign = 'right';
  ctx.fillStyle = '#1d4ed8';
  ctx.fillText('likes', pad + barW, textY + 13 * scale);
  return canvas;
}

/** Every drawn canvas of `section` (the learning curves, the pad…) side by side, each pixel repeated `scale` times. */
function canvasesSheet(section, scale) {
  const charts = [...section.querySelectorAll('canvas')].filter((c) => c.width > 0 && c.height > 0 && c.offsetParent !== null);
  if (charts.length === 0) return null;
  const pad = 12 * scale;
  const width = pad * (charts.length + 1) + charts.reduce((sum, c) => sum + c.width * scale, 0);
  const height = pad * 2 + Math.max(...charts.map((c) => c.height)) * scale;
  const { canvas, ctx } = sheet(width, height);
  let x = pad;
  for (const chart of charts) {
    ctx.drawImage(chart, x, pad, chart.width * scale, chart.height * scale);
    x += chart.width * scale + pad;
  }
  return canvas;
}

/** The figure named `figure` (a key of FIGURES) as a canvas at `scale`; null when it is not drawn. */
export function figureCanvas(figure, scale) {
  const section = FIGURES[figure]?.find(document);
  if (!section) return null;
  if (figure !== 'hidden' && figure !== 'output') return canvasesSheet(section, scale);
  const first = section.querySelector('.tile canvas');
  return first && first.width > 0 ? layerSheet(section, scale) : null;
}

/** Downloads the figure as `weightscope-<figure>@<scale>x.png`; resolves to the file name. */
export async function savePng(figure, scale) {
  const canvas = figureCanvas(figure, scale);
  if (!canvas) throw new Error('there is no network on screen yet');
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not make the PNG');
  const name = `weightscope-${figure}@${scale}x.png`;
  download(blob, name);
  return name;
}
