// Knock neurons out (chapter 2, issue #17 item 1): click hidden tiles to silence them and read
// the test accuracy and cross-entropy, overall and per class, beside each class's two rankings
// of the hidden neurons (by the damage of knocking each out alone, and by the output weights the
// article read as "likes"), in the words of the dataset on screen (lib/dataset.js). The math is
// the wasm Ablator (crate::instruments::ablation), which caches the test images' hidden
// activations once; this is DOM glue. It needs the test files alone, so it asks before
// downloading them, saying their size.

import { Ablator } from '../pkg/weightscope.js';
import { el } from '../lib/dom.js';
import { capital, percent, signed, thousands } from '../lib/format.js';
import { createTilePicker } from './tiles.js';
import { downloadButton } from './experiment.js';
import { className, classWord, dataset } from '../lib/dataset.js';

/** A change in percentage points or nats, "±0.00" to the reader. */
const change = (x, digits) => signed(Math.abs(x) < 0.5 * 10 ** -digits ? 0 : x, digits);

/** Waits this long after the network's last change before caching its activations again (ms). */
const SETTLE_MS = 800;

/**
 * Builds the panel in `root`. `mnist.test(key)` resolves to dataset `key`'s test files (asked for only on a press);
 * `link` is the page's link: `knock` and `silence` restore from it and are written back.
 */
export function createAblation(root, { mnist, link }) {
  const knocked = new Set(link.state.knock ?? []);
  let silence = link.state.silence ?? 'mean';
  let network = null; // the newest `weights` message (sizes, weights, biases)
  let files = null; // the test images and labels, once the reader has asked
  let ablator = null;
  let report = null; // each neuron knocked out alone, for the network `ablator` holds
  let settle = 0;

  const measure = downloadButton('Measure on the test set', { test: true });
  const load = measure.button;
  const mode = el('select', { id: 'ablation-silence' },
    el('option', { value: 'mean' }, 'its mean activation'),
    el('option', { value: 'zero' }, 'zero'));
  mode.value = silence;
  const clearButton = el('button', { type: 'button' }, 'Restore all neurons');
  const summary = el('p', { class: 'ablation-summary', 'aria-live': 'polite' }, 'Train a network or open one to knock its neurons out.');
  const caption = el('caption');
  const table = el('table', { class: 'results ablation-table' }, caption,
    el('thead', {}, el('tr', {}, ...['', 'Accuracy', 'Change', 'Cross-entropy', 'Change', 'Most damaging alone', 'Most liked (weights)', 'Spearman ρ', 'Top 3 shared']
      .map((text) => el('th', { scope: 'col' }, text)))),
    el('tbody'));
  const classHeader = table.querySelector('th');
  const title = el('h2', { id: 'ablation-title' });
  const description = el('p', { class: 'description' });
  const tilesRoot = el('div', { class: 'grid-frame' });
  root.setAttribute('aria-labelledby', 'ablation-title');
  root.append(
    title, description,
    el('div', { class: 'actions' }, load,
      el('span', { class: 'k-field' }, el('label', { for: 'ablation-silence' }, 'A knocked-out neuron outputs'), mode), clearButton),
    tilesRoot, summary, el('div', { class: 'table-frame' }, table));
  const tbody = table.querySelector('tbody');
  const picker = createTilePicker(tilesRoot, {
    label: (j) => `Hidden neuron ${j}: knock out`,
    onToggle(j, pressed) {
      if (pressed) knocked.add(j);
      else knocked.delete(j);
      remember();
      render();
    },
  });

  let words = null; // the dataset whose words the panel shows
  /** The panel's words for the dataset on screen: its class word, and its test files' download. */
  function relabel() {
    const { key } = dataset();
    measure.show(key);
    if (words === key) return;
    words = key;
    title.textContent = `Knock neurons out: which hidden neurons does each ${classWord()} need?`;
    description.textContent = 'The article read which hidden neurons each output neuron “likes” off its weights. Test it: click hidden '
      + `tiles to silence those neurons, and see which ${classWord(true)} suffer. Each ${classWord()}’s most damaging neurons (knocked out one at a time) `
      + 'stand beside its most liked ones, with how far the two rankings agree (Spearman’s ρ, 1 = the same order).';
    caption.textContent = `Per ${classWord()}: test accuracy and cross-entropy with the knocked-out neurons, and the two rankings of the hidden neurons`;
    classHeader.textContent = capital(classWord());
  }
  relabel();

  function remember() {
    link.update({ knock: knocked.size > 0 ? [...knocked].sort((a, b) => a - b) : undefined, silence: silence === 'zero' ? 'zero' : undefined });
  }

  /** Caches the current network's test activations (after the reader asked for the test set). */
  function rebuild() {
    ablator?.free();
    ablator = null;
    report = null;
    if (!network || !files) return;
    if (files.key !== dataset().key) { // a network of the other dataset: its own test set
      const key = dataset().key;
      mnist.test(key).then(({ testImages, testLabels }) => {
        files = { key, testImages, testLabels };
        rebuild();
      }, (error) => {
        summary.textContent = `The test images could not be loaded (${error.message}).`;
      });
      return;
    }
    const hidden = network.sizes[1];
    for (const j of knocked) if (j >= hidden) knocked.delete(j); // a link for a wider network
    try {
      ablator = new Ablator(Uint32Array.from(network.sizes), network.weights, network.biases, files.testImages, files.testLabels);
      report = ablator.report(silence);
    } catch (error) {
      summary.textContent = `The test set could not be measured: ${error.message}`;
      return;
    }
    render();
  }

  function render() {
    if (!network) return;
    picker.draw(network, knocked);
    if (!ablator) return;
    const start = performance.now();
    const scores = ablator.evaluate(Uint32Array.from(knocked), silence);
    const ms = performance.now() - start;
    const { base } = report;
    const names = [...knocked].sort((a, b) => a - b).join(', ');
    summary.textContent = knocked.size === 0
      ? `Nothing knocked out: ${percent(base.overall.accuracy)} of ${thousands(base.overall.images)} test images right, `
        + `cross-entropy ${base.overall.crossEntropy.toFixed(3)}. Click tiles to knock neurons out.`
      : `With hidden neuron${knocked.size > 1 ? 's' : ''} ${names} knocked out (${silence === 'zero' ? 'zero' : 'mean'}): `
        + `${percent(scores.overall.accuracy)} right (${change(100 * (scores.overall.accuracy - base.overall.accuracy), 2)} points), `
        + `cross-entropy ${scores.overall.crossEntropy.toFixed(3)} (${change(scores.overall.crossEntropy - base.overall.crossEntropy, 3)}). `
        + `Recomputed in ${ms.toFixed(1)} ms in wasm.`;
    tbody.replaceChildren(...scores.digits.map((score, d) => {
      const before = base.digits[d];
      const ranking = report.digits[d];
      const top = (order) => order.slice(0, 3).join(', ');
      return el('tr', {},
        el('th', { scope: 'row' }, className(d)),
        el('td', {}, percent(score.accuracy)),
        el('td', {}, change(100 * (score.accuracy - before.accuracy), 2)),
        el('td', {}, score.crossEntropy.toFixed(3)),
        el('td', {}, change(score.crossEntropy - before.crossEntropy, 3)),
        el('td', {}, top(ranking.byDamage)),
        el('td', {}, top(ranking.byLikes)),
        el('td', {}, signed(ranking.spearman, 2)),
        el('td', {}, `${ranking.top3Overlap} of 3`));
    }));
  }

  load.addEventListener('click', async () => {
    load.disabled = true;
    summary.textContent = 'Loading the test images…';
    try {
      const key = dataset().key; // the test set of the network on screen
      const { testImages, testLabels } = await mnist.test(key);
      files = { key, testImages, testLabels };
      load.hidden = true;
      rebuild();
    } catch (error) {
      summary.textContent = `The test images could not be loaded (${error.message}). Press the button to try again.`;
      load.disabled = false;
    }
  });
  mode.addEventListener('change', () => {
    silence = mode.value;
    remember();
    if (ablator) report = ablator.report(silence);
    render();
  });
  clearButton.addEventListener('click', () => {
    knocked.clear();
    remember();
    render();
  });

  return {
    /** A `weights` message of the page's network: the tiles redraw, the measures follow once it settles. */
    weights(m) {
      network = m;
      relabel();
      picker.draw(network, knocked);
      if (!files) {
        summary.textContent = 'Press “Measure on the test set” to see what knocking neurons out does.';
        return;
      }
      clearTimeout(settle);
      settle = setTimeout(rebuild, SETTLE_MS);
    },
    /** No network any more. */
    clear() {
      network = null;
      ablator?.free();
      ablator = null;
      tbody.replaceChildren();
      summary.textContent = 'Train a network or open one to knock its neurons out.';
    },
  };
}
