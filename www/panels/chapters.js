// The chapters on the page (Rust's crate/src/chapters.rs, in the article's order): each chapter's
// title and claim in the words of the dataset on screen, the table of contents, and the one line under each claim that says what to look at
// on *this* network ("neuron 17 is the one digit 3 likes most"), computed from its weights and its
// latest test result. It reads the network; it draws nothing else.

import { chapters, topK } from '../pkg/weightscope.js';
import { el } from '../lib/dom.js';
import { percent, thousands } from '../lib/format.js';
import { a, classLabel, className, classTitle, classWord, dataset, datasetOf, imageWord } from '../lib/dataset.js';
import { schema } from '../lib/schema.js';

/** The article's figure for `hidden` hidden neurons: the fraction of MNIST's test images it read. */
const articleReads = (hidden) => schema().sweep.article.find(([h]) => h === hidden)[1];

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
  for (const chapter of chapters()) {
    toc.append(el('li', {}, el('a', { href: `#view=${chapter.id}`, 'data-chapter': chapter.id })));
  }
  /**
   * Each chapter's title (in its heading, the table of contents and wherever else the page names
   * it: an element with its `data-chapter`) and claim, and the footer's credit, in the words of
   * the dataset on screen.
   */
  let worded = null; // the dataset whose words they show
  function titles() {
    const data = dataset();
    if (worded === data.key) return;
    worded = data.key;
    for (const chapter of chapters(data.key)) {
      find(`${chapter.id}-title`).textContent = chapter.title;
      find(chapter.id).querySelector(`.claim[data-chapter="${chapter.id}"]`).textContent = chapter.claim;
      for (const named of root.querySelectorAll(`[data-chapter="${chapter.id}"]:not(.claim)`)) named.textContent = chapter.title;
    }
    const credit = find('credit-data');
    if (credit) credit.textContent = `${data.name} database of ${data.noun}`;
  }
  titles();
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
    titles();
    const sizes = last?.sizes ?? config?.sizes;
    if (!sizes) return;
    const data = dataset();
    const article = datasetOf(schema().dataset.key); // the article's network learned MNIST
    const articles = data.key === article.key; // its figures are this dataset's
    const hidden = sizes.slice(1, -1).reduce((sum, n) => sum + n, 0);
    const result = outcome();
    const reads = result ? percent(result.testCorrect / result.testTotal) : null;
    line('few', `This network has ${hidden} hidden neuron${hidden === 1 ? '' : 's'}${reads ? ` and reads ${reads} of the test ${imageWord(true)}` : ''}; `
      + (articles ? `the article's 10 read ${percent(articleReads(10))} and its 5 read ${percent(articleReads(5))}. Run the sweep to see where yours fall.`
        : `the article's figures are ${article.name}'s, not ${data.name}'s: run the sweep to see how few blocks ${data.name} needs.`));
    line('your-digit', result
      ? `It misses ${thousands(result.testTotal - result.testCorrect)} of ${thousands(result.testTotal)} test ${imageWord(true)}: the test set below shows which, and the pad `
        + (data.drawable ? 'lets you add your own.' : 'reads any of them you open.')
      : `${data.drawable ? `Draw ${a(imageWord())}` : `Open a test ${imageWord()}`} on the pad and watch which of its blocks light up.`);
    if (config) {
      const large = config.init === 'large';
      const side = large && config.lambda === 0 ? ', like (a) below' : !large && config.lambda > 0 ? ', like (b) below' : '';
      line('init', `This network started from ${large ? 'N(0,1)' : 'N(0,1)/√n_in'} weights with λ ${config.lambda}${side}.`);
    }
    line('clothes', `This network learned from ${data.name} (${data.noun}). Below, the pretrained network of each dataset side by side: `
      + 'compare their blocks, and how smooth each is.');
    if (!last) return;
    const output = last.weights.at(-1); // (classes, last hidden): row d weighs the blocks for class d
    const blocks = sizes.at(-2);
    const which = sizes.length > 3 ? 'of the last hidden layer ' : '';
    const row = (d) => output.subarray(d * blocks, (d + 1) * blocks);
    const three = topK(row(3), 1);
    line('blocks', `On this network, neuron ${three.likes[0]} ${which}is the one ${classLabel(3)} likes most, and neuron ${three.dislikes[0]} the one it dreads most.`);
    const threes = topK(row(3), 3).likes.join(', ');
    line('build', `${classTitle(3)} likes blocks ${threes} most here: pick them below, weigh them, and see whether the network reads the sum as ${className(3)}.`);
    line('again', `This network's ${blocks} blocks came from one seed: train the recipe from other seeds below and see how many come back.`);
    line('detectors', `Below, ${blocks} hand-drawn strokes and loop halves take the place of this network's ${blocks} learned blocks, with only the output layer trained`
      + (data.drawable ? '.' : `: strokes and loops were the hope for handwriting; here they meet ${data.noun}.`));
    const { class: c, likes, dislikes } = schema().articleLikes;
    const mine = topK(row(c), 3);
    line('uses', `Here ${classLabel(c)} likes neurons ${mine.likes.join(', ')} most and dreads ${mine.dislikes.join(', ')} `
      + (articles ? `(the article's network: ${likes.join(', ')} and ${dislikes.join(', ')}). ` : `(the article's figures are for ${article.name}). `)
      + `Pick ${a(classWord())} below to see its blocks.`);
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
