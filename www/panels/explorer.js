// The article's central figure, live: pick a class (a digit), see its output neuron's weights, the
// hidden neurons it likes (blue) and dislikes (red) most as large images, and what they add up to
// (the effective input template). Any hidden neuron, clicked anywhere on the page, opens the same
// reading for it: its weights, the neurons below it, the digits that like it, and its mean
// activation per digit on the test set. Math comes from the wasm exports; this is DOM glue.

import { drawWeights, neuronTemplate, outputLiking, symmetricScale, topK, rankWeights } from '../pkg/weightscope.js';
import { createPacer } from '../lib/pacing.js';
import { drawBars } from '../lib/charts.js';
import { el } from '../lib/dom.js';
import { capital, signed } from '../lib/format.js';
import { schema } from '../lib/schema.js';
import { a, classImages, classLabel, className, classNames, classWord, dataset } from '../lib/dataset.js';

const PLACEHOLDER = 'Press Train: the explorer reads the network as soon as the first weights arrive.';

/**
 * Builds the explorer in `root` (a section) and the neuron view in `neuronRoot`; `onWanted()` is
 * called when the neuron view opens before any evaluation (its mean activations per digit need
 * one). Returns the calls the page makes: layout, weights, evaluation, clear, showNeuron.
 */
export function createExplorer({ root, neuronRoot, onDigit = () => {}, onWanted = () => {} }) {
  let sizes = [];
  let snapshot = null;
  let evaluation = null;
  let digit = 0;
  let k = 3;
  let digitBlock = null;
  let neuronBlock = null; // { block, layer, neuron }
  let reading = null; // the digit's reading for its figure (charts/src/figure.rs ExplorerFigure)

  const last = () => sizes.length - 1;
  const digits = () => sizes[last()]; // the output layer: one neuron per digit
  const hiddenLayers = () => sizes.length - 2;
  /** The name of neuron j of layer L (1 = first hidden, last = output), as the article says it. */
  function name(L, j) {
    if (L === last()) return classLabel(j);
    return hiddenLayers() === 1 ? `hidden neuron ${j}` : `hidden layer ${L} neuron ${j}`;
  }
  function layerName(L) {
    if (L === 0) return `the ${sizes[0]} pixels`;
    return hiddenLayers() === 1 ? 'the hidden layer' : `hidden layer ${L}`;
  }
  const short = (L, j) => (hiddenLayers() === 1 ? `hidden ${j}` : `h${L} ${j}`);

  /** Neuron j of layer L's weights from layer L − 1. */
  const row = (s, L, j) => s.weights[L - 1].subarray(j * sizes[L - 1], (j + 1) * sizes[L - 1]);
  /** What neuron j of layer L looks for in the pixels: its weights pushed down to the input. */
  const template = (s, L, j) => neuronTemplate(Uint32Array.from(sizes), s.weights, L, j);
  /** How much each digit's output neuron likes neuron j of hidden layer L (through the layers between). */
  const digitsLiking = (s, L, j) => outputLiking(Uint32Array.from(sizes), s.weights, L, j);

  /** One neuron card: a large image of neuron i of layer L, a button that opens it. */
  function card(kind) {
    const canvas = el('canvas', { width: dataset().side, height: dataset().side });
    const index = el('span', { class: 'index' });
    const weight = el('span', { class: `weight ${kind}` });
    // The visible words start the accessible name (the label-content-name-mismatch rule).
    const button = el('button', { type: 'button', class: `neuron-card ${kind}` }, canvas, el('span', { class: 'card-caption' }, index, ' ', weight));
    return { button, canvas, index, weight };
  }

  function figure(caption, ...content) {
    return el('figure', { class: 'explain-figure' }, ...content, el('figcaption', {}, caption));
  }

  /** The reading of neuron j of layer L; returns { element, update(snapshot, evaluation) }. */
  function block(L, j) {
    const parts = {};
    const element = el('div', { class: 'explain-block' });
    const own = el('canvas', { class: 'heat', width: dataset().side, height: dataset().side, role: 'img', 'aria-label': `${name(L, j)}: weights from ${layerName(L - 1)}` });
    const top = el('div', { class: 'explain-row' });
    top.append(figure(L === 1 ? `${name(L, j)}: its ${sizes[0]} input weights` : `${name(L, j)}: its weights from ${layerName(L - 1)}, laid out like that layer's grid`, own));
    if (L >= 2) {
      parts.bars = el('canvas', { class: 'bars', role: 'img', 'aria-label': 'ranked weights' });
      top.append(figure(`All ${sizes[L - 1]} weights from ${layerName(L - 1)}, largest first (blue: likes, red: dislikes)`, parts.bars));
      parts.template = el('canvas', { class: 'heat', width: dataset().side, height: dataset().side, role: 'img', 'aria-label': `${name(L, j)}: effective input template` });
      top.append(figure(`Effective input template: the sum of the images below it, each times its weight (w · W${L === 2 ? '' : ' · …'})`, parts.template));
    }
    element.append(top);
    if (L >= 2) {
      for (const kind of ['likes', 'dislikes']) {
        const cards = Array.from({ length: Math.min(k, Math.floor(sizes[L - 1] / 2)) }, () => card(kind));
        parts[kind] = cards;
        const words = kind === 'likes' ? 'Likes most (largest weights)' : 'Dislikes most (most negative weights)';
        const what = L - 1 === 1 ? 'input weights' : 'effective templates';
        element.append(el('section', { class: `cards ${kind}`, 'aria-label': `${name(L, j)} ${kind} most` },
          el('h3', {}, `${words}: their ${what}`),
          el('div', { class: 'card-row' }, ...cards.map((c) => c.button))));
      }
    }
    if (L < last()) {
      parts.digits = el('canvas', { class: 'bars digits', role: 'img', 'aria-label': `${classWord(true)} that like it` });
      parts.digitsText = el('p', { class: 'hint' });
      parts.means = el('canvas', { class: 'bars digits', role: 'img', 'aria-label': `mean activation per ${classWord()}` });
      parts.meansText = el('p', { class: 'hint' }, 'Appears once an epoch has been evaluated on the test set.');
      element.append(el('div', { class: 'explain-row' },
        figure(`How much each ${classWord()} likes it: the output neurons' weights to it (through any layers between)`, parts.digits, parts.digitsText),
        figure(`Its mean activation over the test images of each ${classWord()}`, parts.means, parts.meansText)));
    }

    function update(s, ev) {
      const w = row(s, L, j);
      drawWeights(own, w, symmetricScale(s.weights[L - 1]));
      if (L >= 2) {
        const order = rankWeights(w);
        drawBars(parts.bars, Array.from(order, (i) => w[i]), { labels: Array.from(order), signed: true });
        const { likes, dislikes } = topK(w, parts.likes.length);
        parts.bars.setAttribute('aria-label', `${name(L, j)}'s ${w.length} weights ranked: likes ${likes.join(', ')} most; dislikes ${dislikes.join(', ')} most`);
        const t = template(s, L, j);
        drawWeights(parts.template, t, symmetricScale(t));
        const firstScale = symmetricScale(s.weights[0]);
        // Each card: the neuron's image (input weights, or its effective template) and its scale.
        const card = (i) => {
          const image = L - 1 === 1 ? row(s, 1, i) : template(s, L - 1, i);
          return { name: short(L - 1, i), weight: w[i], image, scale: L - 1 === 1 ? firstScale : symmetricScale(image) };
        };
        const cards = { likes: likes.map(card), dislikes: dislikes.map(card) };
        if (L === last()) {
          reading = { label: classLabel(j), classWord: classWord(), weights: w, scale: symmetricScale(s.weights[L - 1]), ranked: Array.from(order, (i) => w[i]), order: Array.from(order), template: t, ...cards };
        }
        for (const [kind, list] of [['likes', likes], ['dislikes', dislikes]]) {
          parts[kind].forEach((c, n) => {
            const i = list[n];
            drawWeights(c.canvas, cards[kind][n].image, cards[kind][n].scale);
            c.index.textContent = name(L - 1, i);
            c.weight.textContent = `weight ${signed(w[i])}`;
            c.button.dataset.layer = String(L - 1);
            c.button.dataset.neuron = String(i);
            c.button.setAttribute('aria-label', `${name(L - 1, i)}, weight ${signed(w[i])}: open it`);
          });
        }
      }
      if (L < last()) {
        const liking = digitsLiking(s, L, j);
        drawBars(parts.digits, liking, { labels: classNames(), signed: true });
        const { likes, dislikes } = topK(liking, 2);
        parts.digitsText.textContent = `Liked most by ${likes.map(className).join(' and ')}; disliked most by ${dislikes.map(className).join(' and ')}.`;
        parts.digits.setAttribute('aria-label', `${capital(classWord(true))}' weights to ${name(L, j)}: ${Array.from(liking, (v, d) => `${className(d)}: ${signed(v)}`).join(', ')}`);
        const means = ev?.meanActivations?.[L - 1];
        if (means && ev.sizes.join() === sizes.join()) {
          const n = sizes[L];
          const m = Float32Array.from({ length: digits() }, (_, d) => means[d * n + j]);
          drawBars(parts.means, m, { labels: classNames(), max: 1 });
          const best = rankWeights(m)[0];
          parts.meansText.textContent = `Most active on ${classImages(best)} (mean ${m[best].toFixed(2)}), after epoch ${ev.epoch}.`;
          parts.means.setAttribute('aria-label', `Mean activation per ${classWord()}: ${Array.from(m, (v, d) => `${className(d)}: ${v.toFixed(2)}`).join(', ')}`);
        }
      }
    }
    return { element, update };
  }

  // The explorer's fixed frame: digit choice, k, and where the block goes.
  const digitButtons = schema().dataset.classNames.map((_, d) => el('button', { type: 'button', 'aria-pressed': String(d === 0) }, String(d)));
  const kInput = el('input', { id: 'explorer-k', type: 'number', min: 1, max: 10, step: 1, value: 3, inputmode: 'numeric' });
  const body = el('div', { class: 'explain-body' });
  const placeholder = el('p', { class: 'placeholder-text' }, PLACEHOLDER);
  const title = el('h2', { id: 'explorer-title' });
  const description = el('p', { class: 'description' });
  const choice = el('div', { class: 'digit-choice', role: 'group' }, ...digitButtons);
  root.append(title, description,
    el('div', { class: 'explorer-controls' },
      choice,
      el('div', { class: 'k-field' }, el('label', { for: 'explorer-k' }, 'Neurons to show'), kInput)),
    placeholder, body);
  root.setAttribute('aria-labelledby', 'explorer-title');
  digitButtons.forEach((button, d) => button.addEventListener('click', () => {
    selectDigit(d);
    onDigit(d);
  }));
  // Follows typing when the number is in range; on leaving the field, shows the k in use.
  kInput.addEventListener('input', () => {
    const value = Number(kInput.value);
    if (Number.isInteger(value) && value >= 1 && value <= 10 && value !== k) {
      k = value;
      rebuild();
    }
  });
  kInput.addEventListener('change', () => {
    kInput.value = String(k);
  });

  const neuronTitle = el('h2', { id: 'neuron-title' }, 'Neuron view');
  const closeButton = el('button', { type: 'button' }, 'Close');
  const neuronBody = el('div', { class: 'explain-body' });
  neuronRoot.append(el('div', { class: 'neuron-head' }, neuronTitle, closeButton), neuronBody);
  neuronRoot.setAttribute('aria-labelledby', 'neuron-title');
  neuronRoot.hidden = true;
  closeButton.addEventListener('click', () => {
    neuronRoot.hidden = true;
    neuronBlock = null;
  });

  // A click on a neuron of the page's network (a tile of its grids, or a card here), or Enter on
  // a focused tile: hidden neurons open, output neurons pick the digit.
  const NEURONS = '.neuron-card, canvas.openable[data-layer][data-neuron]';
  document.addEventListener('click', (event) => open(event.target.closest?.(NEURONS)));
  document.addEventListener('keydown', (event) => {
    if ((event.key === 'Enter' || event.key === ' ') && event.target.matches?.('canvas.openable')) {
      event.preventDefault(); // Space would scroll the page
      const L = open(event.target);
      // The keyboard follows: to the digit's button, or to the neuron view (its Close button).
      if (L === last()) digitButtons[digit]?.focus({ preventScroll: true });
      else if (L) closeButton.focus({ preventScroll: true });
    }
  });

  /** Opens the neuron `target` shows; returns its layer (undefined when it shows none). */
  function open(target) {
    if (!target || !sizes.length) return undefined;
    const j = Number(target.dataset.neuron);
    // Tiles of the layer views carry their weight matrix l (neuron in layer l + 1); cards their layer.
    const L = target.classList.contains('neuron-card') ? Number(target.dataset.layer) : Number(target.dataset.layer) + 1;
    if (!(L >= 1 && L <= last() && j >= 0 && j < sizes[L])) return undefined;
    if (L === last()) {
      selectDigit(j);
      onDigit(j);
      root.scrollIntoView({ behavior: 'smooth', block: 'start' });
    } else {
      showNeuron(L, j);
    }
    return L;
  }

  function selectDigit(d) {
    digit = d;
    digitButtons.forEach((button, i) => button.setAttribute('aria-pressed', String(i === d)));
    rebuild();
  }

  function showNeuron(L, j) {
    neuronBlock = { ...block(L, j), layer: L, neuron: j };
    neuronTitle.textContent = `Neuron view — ${name(L, j)}`;
    neuronBody.replaceChildren(neuronBlock.element);
    neuronRoot.hidden = false;
    if (!evaluation) onWanted(); // its mean activations per digit come from the test set
    if (snapshot) neuronBlock.update(snapshot, evaluation);
    neuronRoot.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  /** The explorer's words for the dataset on screen ("Digit explorer", "Class explorer"). */
  let worded = null; // the dataset whose words it shows
  function words() {
    worded = dataset().key;
    const klass = classWord();
    title.textContent = `${capital(klass)} explorer — what ${a(klass)}'s output neuron is built from`;
    description.textContent = `As in the article: pick ${a(klass)} and see the hidden neurons its output neuron likes most (largest weights, blue) and dislikes most (most negative, red). Their images are the "Lego blocks"; the effective input template is what they add up to. Click any neuron to open it.`;
    choice.setAttribute('aria-label', capital(klass));
    digitButtons.forEach((button, d) => { button.textContent = className(d); });
  }
  words();

  function rebuild() {
    if (!sizes.length) return;
    words();
    digitBlock = block(last(), digit);
    body.replaceChildren(digitBlock.element);
    if (neuronBlock) {
      const { layer, neuron } = neuronBlock;
      neuronBlock = { ...block(layer, neuron), layer, neuron };
      neuronBody.replaceChildren(neuronBlock.element);
    }
    schedule();
  }

  const pacer = createPacer(() => {
    if (!snapshot) return;
    placeholder.hidden = true;
    body.hidden = false;
    digitBlock?.update(snapshot, evaluation);
    neuronBlock?.update(snapshot, evaluation);
  });
  /** Redraws the digit and the open neuron; `live` for a run's own updates (paced). */
  function schedule(options) {
    if (snapshot) pacer.request(options);
  }

  return {
    /** The chosen digit's reading for its figure (charts/src/figure.rs `ExplorerFigure`), or null. */
    figure: () => reading,
    /** A network of `sizes`: rebuilt when they change. */
    layout(newSizes) {
      if (newSizes.join() === sizes.join()) return;
      sizes = newSizes;
      neuronBlock = null;
      neuronRoot.hidden = true;
      rebuild();
    },
    /** A `weights` snapshot. */
    weights(message) {
      if (message.sizes.join() !== sizes.join()) this.layout(message.sizes);
      else if (worded !== dataset().key) rebuild(); // the same sizes, another dataset: its names
      snapshot = message;
      schedule({ live: true });
    },
    /** An `evaluation` message (mean activations per digit). */
    evaluation(message) {
      evaluation = message;
      schedule({ live: true });
    },
    clear() {
      pacer.cancel(); // a redraw already asked for would draw the cleared snapshot
      snapshot = null;
      reading = null;
      evaluation = null;
      placeholder.hidden = false;
      body.hidden = true;
      neuronRoot.hidden = true;
      neuronBlock = null;
    },
    showNeuron,
    selectDigit,
  };
}
