// Chapter 9, digits beside clothes: when the chapter comes into view it opens the first
// pretrained network of each dataset (network2.py's recipe on MNIST and on Fashion-MNIST) in
// a worker of its own, draws both hidden layers' tiles side by side, and answers "do clothes give
// cleaner blocks than digits?" with numbers: each network's test accuracy and how smooth its tiles
// are (Rust's crate::smoothness). It downloads the two model files and no images.

import { drawWeights, imageShape, layerSmoothness, symmetricScale } from '../pkg/weightscope.js';
import { siteBytes } from '../lib/data.js';
import { el } from '../lib/dom.js';
import { createTrainer } from '../lib/trainer.js';
import { schema } from '../lib/schema.js';

/**
 * Builds chapter 9's figure in `root` (its panel, inside section#chapter-clothes). `demos()`
 * resolves to the demos' index ({file, label, dataset}); `mnist` as for a trainer.
 */
export function createClothes(root, { demos, mnist }) {
  let opener = null; // the trainer whose worker opens the two model files, until done()
  /** A trainer's `opened` message for the site's model file at `path`. */
  async function open(path) {
    const bytes = await siteBytes(path, document.baseURI);
    opener ??= createTrainer({ mnist });
    return opener.open(bytes);
  }
  function done() {
    opener?.terminate();
    opener = null;
  }
  const sides = schema().datasets.map((dataset) => {
    const grid = el('div', { class: 'grid', role: 'list', 'aria-label': `${dataset.name}: hidden neurons' input weights` });
    const caption = el('p', { class: 'hint' }, 'Opens when you get here.');
    const figure = el('figure', { class: 'clothes-side', 'data-dataset': dataset.key },
      el('h3', {}, `${dataset.name} (${dataset.noun})`), grid, caption);
    return { dataset, grid, caption, figure };
  });
  const answer = el('p', { class: 'clothes-answer', 'aria-live': 'polite' });
  root.append(
    el('h2', { id: 'clothes-title' }, 'Do clothes give cleaner blocks than digits?'),
    el('p', { class: 'description' }, 'The same network, network2.py\'s recipe, trained for 30 epochs on handwritten '
      + `digits and on photographs of clothes. Each tile is one hidden neuron's ${schema().dataset.side ** 2} input weights (blue positive, red `
      + 'negative). Digits are thin strokes anywhere; clothes are solid silhouettes in the middle: do the blocks show it?'),
    el('div', { class: 'pair clothes-pair' }, ...sides.map((side) => side.figure)),
    answer);
  root.setAttribute('aria-labelledby', 'clothes-title');

  async function show() {
    const list = await demos();
    const found = [];
    for (const side of sides) {
      const demo = list.find((d) => (d.dataset ?? schema().dataset.key) === side.dataset.key);
      if (!demo) {
        side.caption.textContent = `No pretrained ${side.dataset.name} network on this site.`;
        continue;
      }
      const opened = await open(`www/demos/${demo.file}`);
      const n = opened.sizes[1];
      const weights = opened.weights[0]; // (n, side²): row j feeds hidden neuron j
      const scale = symmetricScale(weights);
      const [, cols] = imageShape(n);
      side.grid.style.setProperty('--cols', cols);
      side.grid.replaceChildren(...Array.from({ length: n }, (_, j) => {
        const canvas = el('canvas', { role: 'img', 'aria-label': `${side.dataset.name} hidden neuron ${j}: input weights` });
        drawWeights(canvas, weights.subarray(j * opened.sizes[0], (j + 1) * opened.sizes[0]), scale);
        return el('figure', { class: 'tile', role: 'listitem' }, canvas);
      }));
      const last = opened.history.at(-1);
      const accuracy = last ? 100 * last.testCorrect / last.testTotal : null;
      const smoothness = layerSmoothness(weights, opened.sizes[0]);
      side.caption.textContent = `${opened.sizes.join('-')}${accuracy == null ? '' : `: ${accuracy.toFixed(2)}% of the test images after ${last.epoch} epochs`}; `
        + `smoothness of its tiles ${smoothness.toFixed(2)}.`;
      found.push({ name: side.dataset.name, smoothness, accuracy });
    }
    done();
    if (found.length === 2) {
      const [digits, clothes] = found;
      const cleaner = clothes.smoothness > digits.smoothness ? clothes : digits;
      answer.textContent = `Smoothness is the correlation of neighbouring weights in a tile (1: smooth blobs, 0: noise): `
        + `${digits.name} ${digits.smoothness.toFixed(2)}, ${clothes.name} ${clothes.smoothness.toFixed(2)}. `
        + `${cleaner.name}'s blocks are the cleaner ones, though neither looks like a part of a digit or of a garment; `
        + `the accuracies (${digits.accuracy?.toFixed(1)}% and ${clothes.accuracy?.toFixed(1)}%) say which task is harder.`;
    }
  }

  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    show().catch((error) => {
      done();
      answer.textContent = `The two networks could not be opened (${error.message ?? error}).`;
    });
  };
  new IntersectionObserver((entries, observer) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      observer.disconnect();
      start();
    }
  }).observe(root);
  return { show: start };
}
