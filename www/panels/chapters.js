// The chapters on the page, all worded by Rust (crate/src/chapters.rs, in the article's order):
// each chapter's title and claim in the words of the dataset on screen, the intro's network and
// dataset, the table of contents, and the line under each claim that says what to look at on *this*
// network ("neuron 17 is the one digit 3 likes most"), from its weights and its latest test result.
// It draws nothing.

import { chapterLooks, chapters } from '../pkg/weightscope.js';
import { el } from '../lib/dom.js';
import { dataset, datasetOf } from '../lib/dataset.js';

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
    const result = outcome();
    const tested = result ? [result.testCorrect, result.testTotal] : [];
    const output = last?.weights.at(-1) ?? new Float32Array(); // (classes, last hidden)
    for (const { name, text } of chapterLooks(dataset().key, sizes, output, tested, config?.init, config?.lambda ?? 0)) line(name, text);
  }

  return {
    /** The network on screen has weights `message` (a `weights` message). */
    weights(message) {
      last = message;
      lines();
    },
    /** The recipe the page shows (the link's), which the intro names. */
    config(recipe) {
      config = recipe;
      find('intro-sizes').textContent = recipe.sizes.join('-');
      find('intro-noun').textContent = datasetOf(recipe.dataset).noun;
      lines();
    },
    /** A test result came in (lines that quote the accuracy follow it). */
    tested: lines,
  };
}
