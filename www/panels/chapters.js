// The chapters on the page (lib/chapters.js, in the article's order): each chapter's claim from
// the article, the table of contents, and the one line under each claim that says what to look at
// on *this* network ("neuron 17 is the one digit 3 likes most"), computed from its weights and its
// latest test result. It reads the network; it draws nothing else.

import { topK } from '../pkg/weightscope.js';
import { CHAPTERS } from '../lib/chapters.js';
import { el } from '../lib/dom.js';
import { thousands } from '../lib/format.js';
import { dataset } from '../lib/dataset.js';
import { schema } from '../lib/schema.js';

/** The article's test accuracy with `hidden` hidden neurons (the schema's sweep figures): "93.43%". */
const published = (hidden) => `${(100 * new Map(schema().sweep.article).get(hidden)).toFixed(2)}%`;

/** The article's own network, for comparison: digit 0 liked blocks 3, 6, 26 and dreaded 5, 18, 22. */
const ARTICLE_ZERO = { likes: '3, 6, 26', dislikes: '5, 18, 22' };

/**
 * Fills each chapter of `root` (the document) with its claim and the table of contents;
 * `outcome()` is the latest test result of the network on screen (or null).
 */
export function createChapters(root, { outcome = () => null } = {}) {
  const find = (id) => root.getElementById(id);
  const line = (name, text) => {
    const element = find(`look-${name}`);
    if (element) element.textContent = text;
  };
  const toc = root.querySelector('nav.toc ol');
  for (const chapter of CHAPTERS) {
    const section = find(chapter.id);
    if (!section) continue; // a chapter of a later issue: not on the page yet
    section.querySelector(`.claim[data-chapter="${chapter.id}"]`).textContent = chapter.claim;
    toc.append(el('li', {}, el('a', { href: `#view=${chapter.id}`, 'data-chapter': chapter.id }, chapter.title)));
  }
  // A chapter link scrolls to its chapter; the page's own link stays what it says.
  toc.addEventListener('click', (event) => {
    const id = event.target.closest('a')?.dataset.chapter;
    if (!id) return;
    event.preventDefault();
    find(id).scrollIntoView({ behavior: 'smooth', block: 'start' });
  });

  let config = null;
  let last = null; // the latest weights message

  function lines() {
    const sizes = last?.sizes ?? config?.sizes;
    if (!sizes) return;
    const hidden = sizes.slice(1, -1).reduce((a, b) => a + b, 0);
    const result = outcome();
    const reads = result ? `${(100 * result.testCorrect / result.testTotal).toFixed(2)}%` : null;
    line('few', `This network has ${hidden} hidden neuron${hidden === 1 ? '' : 's'}${reads ? ` and reads ${reads} of the test digits` : ''}; `
      + `the article's 10 read ${published(10)} and its 5 read ${published(5)}. Run the sweep to see where yours fall.`);
    line('your-digit', result
      ? `It misses ${thousands(result.testTotal - result.testCorrect)} of ${thousands(result.testTotal)} test digits: the test set below shows which, and the pad lets you add your own.`
      : 'Draw a digit on the pad and watch which of its blocks light up.');
    if (config) {
      const large = config.init === 'large';
      const side = large && config.lambda === 0 ? ', like (a) below' : !large && config.lambda > 0 ? ', like (b) below' : '';
      line('init', `This network started from ${large ? 'N(0,1)' : 'N(0,1)/√n_in'} weights with λ ${config.lambda}${side}.`);
    }
    const { name, noun } = dataset();
    line('clothes', `This network learned from ${name} (${noun}). Below, the pretrained network of each dataset side by side: `
      + 'compare their blocks, and how smooth each is.');
    if (!last) return;
    const output = last.weights.at(-1); // (classes, last hidden): row d weighs the blocks for digit d
    const blocks = sizes.at(-2);
    const which = sizes.length > 3 ? 'of the last hidden layer ' : '';
    const row = (digit) => output.subarray(digit * blocks, (digit + 1) * blocks);
    const three = topK(row(3), 1);
    line('blocks', `On this network, neuron ${three.likes[0]} ${which}is the one digit 3 likes most, and neuron ${three.dislikes[0]} the one it dreads most.`);
    const zero = topK(row(0), 3);
    const threes = topK(row(3), 3).likes.join(', ');
    line('build', `Digit 3 likes blocks ${threes} most here: pick them below, weigh them, and see whether the network reads a 3.`);
    line('again', `This network's ${blocks} blocks came from one seed: train the recipe from other seeds below and see how many come back.`);
    line('detectors', `Below, ${blocks} hand-drawn strokes and loop halves take the place of this network's ${blocks} learned blocks, with only the output layer trained.`);
    line('uses', `Here digit 0 likes neurons ${zero.likes.join(', ')} most and dreads ${zero.dislikes.join(', ')} `
      + `(the article's network: ${ARTICLE_ZERO.likes} and ${ARTICLE_ZERO.dislikes}). Pick a digit below to see its blocks.`);
  }

  return {
    /** The network on screen has weights `message` (a `weights` message). */
    weights(message) {
      last = message;
      lines();
    },
    /** The recipe the page shows (the link's). */
    config(recipe) {
      config = recipe;
      lines();
    },
    /** A test result came in (lines that quote the accuracy follow it). */
    tested: lines,
  };
}
