// The dataset of the network on screen (MNIST or Fashion-MNIST), chosen at run time: its
// descriptor from Rust's schema, so every label, legend and tooltip names its classes ("7",
// "Sneaker"). The page sets it when a run starts or a model opens; panels read it when they draw.
// It keeps no fact of its own: the descriptors are the schema's.

import { schema } from './schema.js';

let key = null; // null: the schema's default

/** The descriptor of the dataset on screen. */
export function dataset() {
  const s = schema();
  return s.datasets.find((d) => d.key === key) ?? s.dataset;
}

/** Shows networks of dataset `next` (a key: `'fashion-mnist'`; the default when absent). */
export function useDataset(next) {
  key = next ?? null;
  document.documentElement.dataset.dataset = dataset().key;
}

/** Class `d`'s name: "7", "Sneaker". */
export const className = (d) => dataset().classNames[d];

/** Every class's name, in label order. */
export const classNames = () => dataset().classNames;

/** What one class is called in a sentence: "digit" for drawn digits, "class" otherwise. */
export const classWord = () => (dataset().drawable ? 'digit' : 'class');

/** Class `d` in a sentence: "digit 7", "Sneaker". */
export const classLabel = (d) => (dataset().drawable ? `digit ${d}` : className(d));

/** Class `d` starting a sentence: "Digit 7", "Sneaker". */
export const classTitle = (d) => (dataset().drawable ? `Digit ${d}` : className(d));

/** Images of class `d`, as a plural: "7s", "Sneaker". */
export const classImages = (d) => (dataset().drawable ? `${d}s` : className(d));
