// Number, size, message and dataset formatting shared by the panels: real minus signs, megabytes,
// a message inside a sentence, and what a run was trained and tested on, in words. Knows nothing
// about the worker, the network or the DOM.

import { schema } from './schema.js';

export const MINUS = '\u2212';

/** A whole number as people read it: 12345 -> "12,345". */
export const thousands = (n) => n.toLocaleString('en-US');

/** A fraction as a percentage with `digits` decimals: 0.9343 -> "93.43%". */
export const percent = (fraction, digits = 2) => `${(100 * fraction).toFixed(digits)}%`;

/** `bytes` in megabytes (10^6 bytes) with `digits` decimals, without the unit: 11369320 -> "11.4". */
export const megabytes = (bytes, digits = 1) => (bytes / 1e6).toFixed(digits);

/** `text` with a capital first letter: "Digit"; Rust's clauses shown alone ("Must be from 1 to 1000"). */
export const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** An estimate of `seconds` as one: "about 9 s" or "about 3 min" (never "about 0 s"). */
export const about = (seconds) => (seconds < 90 ? `about ${Math.max(1, Math.round(seconds))} s` : `about ${Math.round(seconds / 60)} min`);

/** A message as a clause inside a sentence: without its final full stop. */
export const clause = (message) => String(message).replace(/\.$/, '');

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
