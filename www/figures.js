// Small shared pieces for the views, the explorer, the drawing pad and the test-set browser: DOM
// building without HTML strings, number formatting, and the pacing of redraws. The labelled bar
// chart is charts.js's (re-exported here for its callers).
// Knows nothing about the worker or the network.

export { drawBars } from './charts.js';
import { schema } from './schema.js';

export const MINUS = '\u2212';

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
