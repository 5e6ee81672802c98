// Number and dataset formatting shared by the panels: real minus signs, and what a run was trained
// and tested on, in words. Knows nothing about the worker, the network or the DOM.

import { schema } from './schema.js';

export const MINUS = '\u2212';

/** A whole number as people read it: 12345 -> "12,345". */
export const thousands = (n) => n.toLocaleString('en-US');

/** A fraction as a percentage with `digits` decimals: 0.9343 -> "93.43%". */
export const percent = (fraction, digits = 2) => `${(100 * fraction).toFixed(digits)}%`;

/** `x` with a real minus sign (and a plus when `plus`) and `digits` decimals. */
export const signed = (x, digits = 2, plus = true) => (x < 0 ? MINUS : plus ? '+' : '') + Math.abs(x).toFixed(digits);

/** What a run was tested on: "on all 10,000 test images" or "on the first 500 of 10,000 test images" (of the dataset's). */
export function testImagesText(used, all = schema().dataset.test) {
  return used < all ? `on the first ${thousands(used)} of ${thousands(all)} test images` : `on all ${thousands(all)} test images`;
}

/** "2,000 training and 500 test images" for a run on a subset of the dataset; '' for all of it. */
export function subsetText({ trainSize, testSize }) {
  const { train, test } = schema().dataset;
  return trainSize < train || testSize < test ? `${thousands(trainSize)} training and ${thousands(testSize)} test images` : '';
}
