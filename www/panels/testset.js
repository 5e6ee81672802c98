// The test-set browser: after an epoch is evaluated, accuracy per class, the classes × classes
// confusion matrix (a click on a cell lists its images) and the misclassified images, sortable by
// the network's confidence; the matrix and the images are one tab stop each (lib/roving.js).
// Galleries render a page at a time, so 10,000 images never freeze the page. A run on a subset is
// evaluated on the first test images only: everything here is out of those. A click on an image
// opens it in the drawing pad. It draws only while on screen, at most 5 times a second: a fast run
// evaluates several epochs a second, and redrawing 48 images and a table for each, unseen, took
// half of a core from the page while the worker trained.

import { confusionMatrix, drawInk, perDigitAccuracy } from '../pkg/weightscope.js';
import { classImages, className, classNames, classWord } from '../lib/dataset.js';
import { createPacer } from '../lib/pacing.js';
import { roving } from '../lib/roving.js';
import { drawBars } from '../lib/charts.js';
import { el } from '../lib/dom.js';
import { percent, testImagesText, thousands } from '../lib/format.js';
import { schema } from '../lib/schema.js';

const PAGE = 48; // images per page of a gallery

/** The foot of the per-digit accuracy axis: the 10% step below the lowest accuracy. */
function footOf(perDigit) {
  const lowest = Math.min(...Array.from(perDigit).filter(Number.isFinite));
  return Number.isFinite(lowest) ? Math.max(0, Math.floor(10 * lowest - 1e-9) / 10) : 0;
}

/**
 * Builds the browser in `root` (a section); `onOpen(bytes, caption)` opens an image;
 * `onWanted()` is called when the section comes into view with nothing to show (a network
 * opened from a file brings no evaluation), once until the next `clear`.
 */
export function createTestSet({ root, onOpen, onWanted = () => {} }) {
  const { side } = schema().dataset; // images are side × side bytes
  let images = null; // { images: Uint8Array(n * side²), labels: Uint8Array(n) }
  let evaluation = null;
  let drawn = null; // the evaluation on screen
  let selection = null; // { title, indices } of the gallery
  let shown = 0;
  let wanted = false; // onWanted was called since the last clear
  let seen = false; // the section came into view since the last draw

  const placeholder = el('p', { class: 'placeholder-text' }, 'After the first epoch, the test images are evaluated and appear here.');
  const accuracy = el('canvas', { class: 'bars digits', role: 'img' });
  const accuracyText = el('p', { class: 'hint' });
  const axisCaption = el('figcaption');
  const matrix = el('table', { class: 'confusion' });
  const galleryTitle = el('h3', { id: 'gallery-title' }, 'Misclassified test images');
  const sort = el('select', { id: 'gallery-sort' },
    el('option', { value: 'confident' }, 'most confident first'),
    el('option', { value: 'unsure' }, 'least confident first'),
    el('option', { value: 'index' }, 'test set order'));
  const galleryKey = el('p', { class: 'hint', id: 'gallery-key' });
  const gallery = el('ul', { class: 'gallery', 'aria-labelledby': 'gallery-title', 'aria-describedby': 'gallery-key' });
  const more = el('button', { type: 'button', hidden: true }, 'Show more');
  const body = el('div', { class: 'testset-body', hidden: true },
    el('div', { class: 'explain-row' },
      el('figure', { class: 'explain-figure' }, accuracy, axisCaption, accuracyText),
      el('div', { class: 'confusion-frame' }, matrix)),
    el('div', { class: 'gallery-head' }, galleryTitle,
      el('div', { class: 'k-field' }, el('label', { for: 'gallery-sort' }, 'Sort by'), sort)),
    galleryKey, gallery, more);
  /** The figure before a result, in the words of the dataset on screen. */
  function noneYet() {
    accuracy.setAttribute('aria-label', `Accuracy per ${classWord()}: none yet`);
    axisCaption.textContent = `Accuracy per ${classWord()} on the test set`;
  }
  noneYet();
  root.setAttribute('aria-labelledby', 'testset-title');
  root.append(el('h2', { id: 'testset-title' }, 'Test set — where the network goes wrong'), placeholder, body);

  let visible = false;
  const pacer = createPacer(render);
  new IntersectionObserver((entries) => {
    visible = entries.at(-1).isIntersecting;
    seen ||= visible;
    schedule();
  }, { rootMargin: '200px' }).observe(root);

  sort.addEventListener('change', () => selection && select(selection.title, selection.indices));
  more.addEventListener('click', showMore);

  function select(title, indices) {
    const { confidences } = evaluation;
    const order = [...indices];
    if (sort.value === 'confident') order.sort((a, b) => confidences[b] - confidences[a] || a - b);
    else if (sort.value === 'unsure') order.sort((a, b) => confidences[a] - confidences[b] || a - b);
    else order.sort((a, b) => a - b);
    selection = { title, indices: order };
    galleryTitle.textContent = `${title} (${thousands(order.length)})`;
    // A tile has room for class numbers only: a dataset whose classes have names gets their key.
    const named = classNames().some((name) => !/^\d+$/.test(name));
    galleryKey.textContent = `Each tile: the true ${classWord()} → what the network says${named
      ? ` (${classNames().map((name, d) => `${d} ${name}`).join(' · ')})` : ''}, and how sure it is.`;
    gallery.replaceChildren();
    shown = 0;
    showMore();
  }

  function showMore() {
    const { predictions, confidences } = evaluation;
    const items = selection.indices.slice(shown, shown + PAGE).map((i) => {
      const bytes = images.images.subarray(i * side * side, (i + 1) * side * side);
      const canvas = el('canvas', { width: side, height: side });
      drawInk(canvas, Float32Array.from(bytes, (b) => b / 255));
      const label = images.labels[i];
      const guess = predictions[i];
      const [shown, output] = [`${label}→${guess}`, confidences[i].toFixed(2)];
      // The name starts with the visible words (the label-content-name-mismatch rule).
      const button = el('button', { type: 'button', class: 'test-image', 'aria-label': `${shown} ${output}: test image ${i}, true ${className(label)}, network says ${className(guess)}` },
        canvas, el('span', { class: guess === label ? 'likes' : 'dislikes' }, shown), ' ', el('span', { class: 'hint' }, output));
      button.addEventListener('click', () => onOpen(bytes, `test image ${i}, true ${className(label)}`));
      return el('li', {}, button);
    });
    gallery.append(...items);
    roving(gallery, [...gallery.querySelectorAll('button')]); // one tab stop, arrows inside
    shown += items.length;
    more.hidden = shown >= selection.indices.length;
    more.textContent = `Show ${Math.min(PAGE, selection.indices.length - shown)} more of ${thousands(selection.indices.length - shown)}`;
  }

  /** Renders the latest evaluation (paced like the live views), once the section is on screen. */
  function schedule() {
    if (visible && !evaluation && !wanted) {
      wanted = true;
      onWanted();
    }
    // Drawn while on screen, and once after it came into view or asked for its result even if a
    // panel above, growing as it fills, has pushed it out of view since (WebKit keeps no scroll
    // anchor).
    if ((visible || seen || (wanted && !drawn)) && images && evaluation && drawn !== evaluation) pacer.request({ live: true });
  }

  function render() {
    if (!images || !evaluation || drawn === evaluation || evaluation.predictions.length > images.labels.length) return;
    drawn = evaluation;
    seen = visible;
    placeholder.hidden = true;
    body.hidden = false;
    const { predictions } = evaluation;
    const labels = images.labels.subarray(0, predictions.length); // the run's test images
    const counts = confusionMatrix(labels, predictions);
    const perDigit = perDigitAccuracy(counts);
    // From the 10% step below the hardest class: on a 0-100% axis 89% and 99% look alike.
    const foot = footOf(perDigit);
    drawBars(accuracy, perDigit, { labels: classNames(), max: 1, min: foot, yFormat: 'percent' });
    axisCaption.textContent = `Accuracy per ${classWord()} on the test set (the axis runs from ${Math.round(100 * foot)}% to 100%)`;
    const text = Array.from(perDigit, (v, d) => `${className(d)}: ${percent(v, 1)}`).join(', ');
    accuracy.setAttribute('aria-label', `Accuracy per ${classWord()}: ${text}`);
    let worst = 0;
    perDigit.forEach((v, d) => { if (v < perDigit[worst]) worst = d; });
    accuracyText.textContent = `After epoch ${evaluation.epoch}, ${testImagesText(labels.length, images.labels.length)}: hardest ${classWord()} ${className(worst)} (${percent(perDigit[worst], 1)}).`;

    // Rows: the true digit; columns: the network's answer. Colour by share of the row.
    const classes = [...classNames().keys()];
    let largestError = 1;
    counts.forEach((c, i) => { if (i % (classes.length + 1) !== 0) largestError = Math.max(largestError, c); });
    const head = el('tr', {}, el('th', { scope: 'col' }, el('span', { class: 'sr-only' }, `true ${classWord()}`), 'true ↓ / says →'),
      ...classNames().map((name) => el('th', { scope: 'col' }, name)));
    const cells = [];
    const rows = classes.map((t) => el('tr', {}, el('th', { scope: 'row' }, className(t)),
      ...classes.map((p) => {
        const count = counts[t * classes.length + p];
        const button = el('button', { type: 'button', 'aria-label': `True ${className(t)}, network says ${className(p)}: ${count} images` }, String(count));
        cells.push(button);
        // The colours are the palette's, in style.css: a right answer pale, a wrong one redder the more often.
        const strength = Math.sqrt(count / largestError);
        if (t === p) button.classList.add('right');
        else button.style.setProperty('--strength', strength.toFixed(3));
        if (t !== p && strength > 0.5) button.classList.add('strong');
        // An empty cell lists nothing, yet the arrow keys pass through it: inert, not disabled.
        if (count === 0) button.setAttribute('aria-disabled', 'true');
        else button.addEventListener('click', () => {
          const indices = [];
          for (let i = 0; i < predictions.length; i += 1) if (labels[i] === t && predictions[i] === p) indices.push(i);
          select(t === p ? `${classImages(t)} read correctly` : `${classImages(t)} read as ${className(p)}`, indices);
          galleryTitle.scrollIntoView({ behavior: 'smooth', block: 'start' });
        });
        return el('td', {}, button);
      })));
    matrix.replaceChildren(el('caption', {}, `Confusion matrix: rows are the true ${classWord()}, columns the network's answer. Click a cell to see its images (or reach it with Tab and the arrow keys and press Enter).`),
      el('thead', {}, head), el('tbody', {}, ...rows));
    roving(matrix, cells); // one tab stop, arrows inside

    const wrong = [];
    for (let i = 0; i < predictions.length; i += 1) if (labels[i] !== predictions[i]) wrong.push(i);
    select('Misclassified test images', wrong);
  }

  return {
    /** A `testSet` message: the raw images and labels. */
    images(message) {
      images = message;
      schedule();
    },
    /** An `evaluation` message: predictions and confidences per test image. */
    evaluation(message) {
      evaluation = message;
      schedule();
    },
    /** Draws the newest result now, on screen or not (a run ended or paused). */
    flush() {
      if (images && evaluation && drawn !== evaluation) pacer.request();
    },
    clear() {
      noneYet();
      evaluation = null;
      drawn = null;
      selection = null;
      wanted = false;
      placeholder.hidden = false;
      body.hidden = true;
      schedule();
    },
  };
}
