// Small shared pieces for the views, the explorer, the drawing pad and the test-set browser: DOM
// building without HTML strings, number formatting, a labelled bar chart on a canvas, and the
// pacing of redraws.
// Knows nothing about the worker or the network.

import { schema } from './schema.js';

export const MINUS = '\u2212';
export const COLORS = { likes: '#1d4ed8', dislikes: '#b91c1c', bar: '#475569', chosen: '#f59e0b', ink: '#1f2933', muted: '#52606d', line: '#d9dee4' };

/** `x` with a real minus sign (and a plus when `plus`) and `digits` decimals. */
export const signed = (x, digits = 2, plus = true) => (x < 0 ? MINUS : plus ? '+' : '') + Math.abs(x).toFixed(digits);

/** What a run was tested on: "on all 10,000 test images" or "on the first 500 of 10,000 test images" (of the dataset's). */
export function testImagesText(used, all = schema().dataset.test) {
  const n = (count) => count.toLocaleString('en-US');
  return used < all ? `on the first ${n(used)} of ${n(all)} test images` : `on all ${n(all)} test images`;
}

/** Fewest milliseconds between two redraws for a run's own updates. */
export const LIVE_MS = 200;

/**
 * Runs `draw` at the next animation frame, once however often it is asked. A run's own updates
 * (`live`) redraw at most every LIVE_MS: a fast run sends 15 updates a second, drawing them all
 * took the CPU from the worker training it, and 5 redraws a second show the weights change as
 * well. Anything else (a reader's scrub, a resize, a stroke) draws at the next frame.
 */
export function createPacer(draw) {
  let frame = 0;
  let timer = 0;
  let last = -Infinity;
  const run = () => {
    frame = 0;
    last = performance.now();
    draw();
  };
  return {
    request({ live = false } = {}) {
      if (frame) return;
      const wait = live ? last + LIVE_MS - performance.now() : 0;
      if (wait > 0) {
        timer ||= setTimeout(() => {
          timer = 0;
          frame ||= requestAnimationFrame(run);
        }, wait);
        return;
      }
      clearTimeout(timer);
      timer = 0;
      frame = requestAnimationFrame(run);
    },
    /** Forgets a redraw asked for (what it would draw is gone). */
    cancel() {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      frame = 0;
      timer = 0;
    },
  };
}

/** "2,000 training and 500 test images" for a run on a subset of the dataset; '' for all of it. */
export function subsetText({ trainSize, testSize }) {
  const n = (count) => count.toLocaleString('en-US');
  const { train, test } = schema().dataset;
  return trainSize < train || testSize < test ? `${n(trainSize)} training and ${n(testSize)} test images` : '';
}

/** A DOM element with attributes and children (strings become text nodes, never HTML). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value != null && value !== false) element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/**
 * Draws bars for `values` on `canvas` at its CSS size (crisp on any screen). Options:
 * `labels` (one per bar, shown when there is room), `signed` (blue up for positive, red down for
 * negative; otherwise grey bars from 0 up), `highlight` (an index drawn in amber), `max` (the
 * value at full height; default the largest |value|), `format` (the text of the axis labels).
 */
export function drawBars(canvas, values, { labels = [], signed: isSigned = false, highlight = -1, max, format = (v) => signed(v, 2, false) } = {}) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 300;
  const height = canvas.clientHeight || 120;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const n = values.length;
  if (n === 0) return;
  let top = max ?? 0;
  if (max == null) for (const v of values) if (Number.isFinite(v)) top = Math.max(top, Math.abs(v));
  if (!(top > 0)) top = 1;
  ctx.font = '11px system-ui, sans-serif';
  const axisWidth = Math.max(ctx.measureText(format(top)).width, ctx.measureText(format(-top)).width) + 6;
  const labelHeight = labels.length ? 14 : 0;
  const left = axisWidth;
  const plotW = width - left - 2;
  const plotTop = 6;
  const plotBottom = height - labelHeight - 4;
  const zero = isSigned ? (plotTop + plotBottom) / 2 : plotBottom;
  const half = isSigned ? (plotBottom - plotTop) / 2 : plotBottom - plotTop;
  const step = plotW / n;
  const gap = step > 6 ? Math.min(3, step * 0.2) : 0;
  for (let i = 0; i < n; i += 1) {
    const v = Number.isFinite(values[i]) ? values[i] : 0;
    const h = (Math.min(Math.abs(v), top) / top) * half;
    ctx.fillStyle = i === highlight ? COLORS.chosen : !isSigned ? COLORS.bar : v >= 0 ? COLORS.likes : COLORS.dislikes;
    const x = left + i * step + gap / 2;
    ctx.fillRect(x, v >= 0 ? zero - h : zero, Math.max(1, step - gap), Math.max(h, v === 0 ? 0 : 1));
  }
  // Axis: zero line and the extreme values.
  ctx.fillStyle = COLORS.line;
  ctx.fillRect(left, Math.round(zero), plotW, 1);
  ctx.fillStyle = COLORS.muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.fillText(format(top), left - 4, plotTop + 4);
  ctx.fillText(format(0), left - 4, zero);
  if (isSigned) ctx.fillText(format(-top), left - 4, plotBottom - 4);
  if (labels.length) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    ctx.fillStyle = COLORS.ink;
    const every = Math.max(1, Math.ceil(22 / step));
    for (let i = 0; i < n; i += every) ctx.fillText(String(labels[i]), left + (i + 0.5) * step, height - 3);
  }
}
