// The dataset of the network on screen (MNIST or Fashion-MNIST), chosen at run time: its
// descriptor from Rust's schema, so every label, legend and tooltip names its classes ("7",
// "Sneaker"). The page sets it when a run starts or a model opens; panels read it when they draw.
// It keeps no fact of its own: the descriptors are the schema's.

import { capital, megabytes } from './format.js';
import { schema } from './schema.js';

let key = null; // null: the schema's default

/** The descriptor of dataset `of` (a key: `'fashion-mnist'`; the schema's default when absent). */
export function datasetOf(of) {
  const s = schema();
  return s.datasets.find((d) => d.key === of) ?? s.dataset;
}

/** The descriptor of the dataset on screen. */
export const dataset = () => datasetOf(key);

/** Shows networks of dataset `next` (a key: `'fashion-mnist'`; the default when absent). */
export function useDataset(next) {
  key = next ?? null;
  document.documentElement.dataset.dataset = dataset().key;
}

/** Class `d`'s name: "7", "Sneaker". */
export const className = (d) => dataset().classNames[d];

/** Every class's name, in label order. */
export const classNames = () => dataset().classNames;

/** What one class is called in a sentence ("digit", "class"; plural: "digits", "classes"). */
export const classWord = (plural = false) => dataset().classWord[plural ? 1 : 0];

/** What one image is called in a sentence ("digit", "image"; plural: "digits", "images"). */
export const imageWord = (plural = false) => dataset().imageWord[plural ? 1 : 0];

/** `word` after its indefinite article: "a digit", "an image". */
export const a = (word) => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;

/** Class `d` in a sentence: "digit 7", "Sneaker" (Rust's Dataset::class_label). */
export const classLabel = (d) => dataset().classLabels[d];

/** Class `d` starting a sentence: "Digit 7", "Sneaker". */
export const classTitle = (d) => capital(classLabel(d));

/** Images of class `d`, as a plural: "7s", "Sneaker" (Rust's Dataset::class_images). */
export const classImages = (d) => dataset().classImages[d];

/**
 * What a download of `bytes` (null: not known) of dataset `name` costs, in words: "MNIST,
 * 11.4 MB", or for its test files alone (`test`) "the MNIST test set, 1.6 MB".
 */
export function downloadWords(name, bytes, test = false) {
  const what = test ? `the ${name} test set` : name;
  return bytes > 0 ? `${what}, ${megabytes(bytes)} MB` : what;
}
