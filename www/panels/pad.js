// The drawing pad: draw a digit with mouse, pen or finger; it is preprocessed the way MNIST was
// (in Rust: crop, fit into 20x20, centre by mass) and run through the newest weights on this
// thread. Shows what the network sees, its 10 outputs, every hidden activation, and each hidden
// neuron's contribution (activation × weight) to the predicted or chosen class. A dataset that is
// not drawn by hand (Fashion-MNIST's photographs) is read from test images opened here instead,
// and the pad's words follow the dataset of the network on screen.

import { argmax, contributions, drawInk, feedforwardAll, preprocessDrawing } from '../pkg/weightscope.js';
import { createPacer } from '../lib/pacing.js';
import { drawBars } from '../lib/charts.js';
import { el } from '../lib/dom.js';
import { signed } from '../lib/format.js';
import { schema } from '../lib/schema.js';
import { a, classLabel, className, classNames, classWord, dataset, imageWord } from '../lib/dataset.js';
import { sampleDigits } from '../lib/data.js';

const SIZE = 280; // the drawing's backing store, in canvas pixels
const PEN = 20; // stroke width, in canvas pixels (MNIST strokes are ~2 of 28)

/**
 * Builds the pad in `root` (a section); `onReading()` hears each new reading; `startFrom` (a digit)
 * shows that sample test digit once the samples are there, unless the reader has drawn first (the
 * pad's embed opens on one). Returns: weights, load, clear.
 */
export function createPad({ root, onReading = () => {}, startFrom = null }) {
  const { side } = schema().dataset; // the network sees side × side inputs
  let snapshot = null;
  let strokes = []; // each a list of [x, y] in canvas pixels
  let drawing = null; // the stroke under the pointer
  let loaded = null; // { input: Float32Array(side²), caption } when a test image is shown
  let reading = null; // what the last analysis found: the figure's data (charts/src/figure.rs PadFigure)

  const pad = el('canvas', { class: 'pad-canvas', width: SIZE, height: SIZE, role: 'img' });
  const undo = el('button', { type: 'button' }, 'Undo');
  const clearButton = el('button', { type: 'button' }, 'Clear');
  const seen = el('canvas', { class: 'seen', width: side, height: side, role: 'img' });
  const seenCaption = el('figcaption');
  const prediction = el('output', { id: 'pad-prediction', 'aria-live': 'polite' }, '–');
  const outputs = el('canvas', { class: 'bars digits', role: 'img', 'aria-label': 'Output activations: none yet' });
  const hiddenRoot = el('div', { class: 'pad-hidden' });
  const choice = el('select', { id: 'pad-digit' }, el('option', { value: 'predicted' }),
    ...classNames().map((_, d) => el('option', { value: String(d) })));
  const contributionBars = el('canvas', { class: 'bars', role: 'img', 'aria-label': 'Contributions: none yet' });
  const contributionText = el('p', { class: 'hint' });
  const note = el('p', { class: 'hint' });
  // Ten real test digits ship with the site: something to read before anything is downloaded.
  const samples = el('div', { class: 'digit-choice samples', role: 'group', 'aria-label': 'Try a test digit' });
  const title = el('h2', { id: 'pad-title' });
  const contributionCaption = el('figcaption');

  root.setAttribute('aria-labelledby', 'pad-title');
  root.append(
    title,
    el('div', { class: 'pad-layout' },
      el('div', { class: 'pad-draw' }, pad, el('div', { class: 'actions' }, undo, clearButton), note, samples),
      el('div', { class: 'pad-analysis' },
        el('figure', { class: 'explain-figure seen-figure' }, seen, seenCaption),
        el('div', { class: 'prediction' }, el('label', { for: 'pad-prediction' }, 'Prediction'), prediction),
        el('figure', { class: 'explain-figure' }, outputs, el('figcaption', {}, `The ${classNames().length} output activations (the highest, amber, is the prediction)`)),
        hiddenRoot,
        el('figure', { class: 'explain-figure' },
          el('div', { class: 'k-field' }, el('label', { for: 'pad-digit' }, 'Contributions to'), choice),
          contributionBars,
          contributionCaption,
          contributionText))));

  const ctx = pad.getContext('2d', { willReadFrequently: true });
  function paint() {
    ctx.clearRect(0, 0, SIZE, SIZE);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.lineWidth = PEN;
    ctx.strokeStyle = '#000';
    ctx.fillStyle = '#000';
    for (const stroke of strokes) {
      if (stroke.length === 1) {
        ctx.beginPath();
        ctx.arc(stroke[0][0], stroke[0][1], PEN / 2, 0, 2 * Math.PI);
        ctx.fill();
        continue;
      }
      ctx.beginPath();
      ctx.moveTo(...stroke[0]);
      for (const point of stroke.slice(1)) ctx.lineTo(...point);
      ctx.stroke();
    }
  }

  const at = (event) => {
    const box = pad.getBoundingClientRect();
    return [((event.clientX - box.left) / box.width) * SIZE, ((event.clientY - box.top) / box.height) * SIZE];
  };
  pad.addEventListener('pointerdown', (event) => {
    if (!dataset().drawable) return; // photographs are not drawn: the pad shows test images
    if (event.button !== 0) return;
    event.preventDefault();
    pad.setPointerCapture(event.pointerId);
    if (loaded) {
      loaded = null;
      strokes = [];
    }
    drawing = [at(event)];
    strokes.push(drawing);
    paint();
    schedule();
  });
  pad.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    for (const e of event.getCoalescedEvents?.() ?? [event]) drawing.push(at(e));
    paint();
    schedule();
  });
  const end = () => {
    drawing = null;
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  undo.addEventListener('click', () => {
    strokes.pop();
    loaded = null;
    paint();
    schedule();
  });
  clearButton.addEventListener('click', () => {
    strokes = [];
    loaded = null;
    paint();
    schedule();
  });
  choice.addEventListener('change', () => schedule());

  /** The drawing's side² inputs, or null when the pad is empty. */
  function input() {
    if (loaded) return loaded.input;
    if (!strokes.length) return null;
    const { data } = ctx.getImageData(0, 0, SIZE, SIZE);
    const ink = new Float32Array(SIZE * SIZE);
    for (let i = 0; i < ink.length; i += 1) ink[i] = data[4 * i + 3] / 255;
    return preprocessDrawing(ink, SIZE, SIZE);
  }

  function hiddenViews(sizes) {
    const key = sizes.join();
    if (hiddenRoot.dataset.sizes === key) return [...hiddenRoot.querySelectorAll('canvas')];
    hiddenRoot.dataset.sizes = key;
    const hidden = sizes.slice(1, -1);
    const canvases = hidden.map((n, l) => el('canvas', { class: 'bars', role: 'img', 'aria-label': `Activations of hidden layer ${l + 1}` }));
    hiddenRoot.replaceChildren(...canvases.map((canvas, l) => el('figure', { class: 'explain-figure' }, canvas,
      el('figcaption', {}, `Activation of every neuron of ${hidden.length > 1 ? `hidden layer ${l + 1}` : 'the hidden layer'} (${hidden[l]} neurons, 0 to 1)`))));
    return canvases;
  }

  /**
   * The pad's words for the dataset of the network on screen: a pad to draw on for digits; for
   * photographs (not drawn by hand) a place where a test image opened below is read.
   */
  let worded = null; // the dataset whose words the pad shows
  function words() {
    const data = dataset();
    if (worded === data.key) return;
    worded = data.key;
    const [image, klass] = [imageWord(), classWord()];
    title.textContent = data.drawable ? `Drawing pad — which neurons does your ${image} use?` : `One test ${image} — which neurons does it use?`;
    pad.setAttribute('aria-label', data.drawable ? `Drawing area: draw ${a(image)} here` : `The test ${image} opened from the test set`);
    note.textContent = data.drawable
      ? `Draw one ${image}, large, in the middle. A test image opened from the test set below appears here too.`
      : `${data.name}'s ${imageWord(true)} are ${data.noun}, not drawn by hand: open a test ${image} from the test set below (a click on it) to read it here.`;
    samples.hidden = !data.drawable; // the sample test digits are MNIST's
    undo.hidden = !data.drawable; // nothing is drawn; Clear still empties the pad
    seen.setAttribute('aria-label', `What the network sees: the ${data.drawable ? 'drawing' : image} as a ${side}×${side} input`);
    seenCaption.textContent = data.drawable ? `What the network sees: ${side}×${side}, fitted into 20×20 and centred by mass, as MNIST was made` : `What the network sees: the ${side}×${side} test ${image} as it is`;
    const [predicted, ...classes] = choice.options;
    predicted.textContent = `the predicted ${klass}`;
    classes.forEach((option, d) => { option.textContent = classLabel(d); });
    contributionCaption.textContent = `Each neuron of the last hidden layer: its activation × its weight to that ${klass} (blue pushes towards the ${klass}, red away)`;
  }

  function analyse() {
    words();
    const x = input();
    reading = null;
    if (!x) {
      drawInk(seen, new Float32Array(side * side));
      prediction.textContent = '–';
      for (const canvas of [outputs, contributionBars, ...hiddenRoot.querySelectorAll('canvas')]) canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
      contributionText.textContent = '';
      return;
    }
    drawInk(seen, x);
    if (!snapshot) {
      prediction.textContent = 'Train first';
      return;
    }
    const { sizes } = snapshot;
    const activations = feedforwardAll(Uint32Array.from(sizes), snapshot.weights, snapshot.biases, x);
    const out = activations.at(-1);
    const best = argmax(out);
    prediction.textContent = `${className(best)}${loaded ? ` (${loaded.caption})` : ''}`;
    drawBars(outputs, out, { labels: classNames(), highlight: best, max: 1 });
    outputs.setAttribute('aria-label', `Output activations: ${Array.from(out, (v, d) => `${className(d)}: ${v.toFixed(2)}`).join(', ')}`);
    hiddenViews(sizes).forEach((canvas, l) => {
      const a = activations[l];
      drawBars(canvas, a, { labels: [...a.keys()], max: 1 });
    });
    const target = choice.value === 'predicted' ? best : Number(choice.value);
    const lastHidden = activations.at(-2);
    const n = sizes.at(-2);
    const w = snapshot.weights.at(-1).subarray(target * n, (target + 1) * n);
    const c = contributions(lastHidden, w);
    drawBars(contributionBars, c, { labels: [...c.keys()], signed: true });
    const top = argmax(c);
    const sum = c.reduce((s, v) => s + v, 0);
    reading = {
      input: x, outputs: out, best, activations: activations.slice(0, -1), contributions: c, target, caption: loaded?.caption ?? '',
      classNames: classNames(), drawable: dataset().drawable, imageWord: imageWord(), // the dataset's words, for the figure's titles
    };
    contributionText.textContent = `Towards ${className(target)}: neuron ${top} helps most (${signed(c[top])}); all together ${signed(sum)} plus the bias ${signed(snapshot.biases.at(-1)[target])}.`;
    contributionBars.setAttribute('aria-label', `Contributions to ${className(target)}: ${Array.from(c, (v, i) => `${i}: ${signed(v)}`).join(', ')}`);
    onReading();
  }

  const pacer = createPacer(analyse);
  /** Analyses the drawing again; `live` for a run's own updates (paced). */
  function schedule(options) {
    pacer.request(options);
  }

  sampleDigits().then((digits) => {
    const show = ({ digit, index, bytes }) => api.load(bytes, `test image ${index}, true ${digit}`);
    samples.append(el('span', { class: 'hint' }, 'Or try a test digit:'), ...digits.map((sample) => {
      const button = el('button', { type: 'button' }, String(sample.digit));
      button.addEventListener('click', () => show(sample));
      return button;
    }));
    const first = digits.find((sample) => sample.digit === startFrom);
    if (first && !strokes.length && !loaded) show(first);
  }, () => samples.remove()); // without them the pad still draws

  words();
  paint();
  schedule();
  const api = {
    /** The pad's reading for its figure (charts/src/figure.rs `PadFigure`), or null with nothing read. */
    figure: () => reading,
    /** A `weights` snapshot: the pad's analysis follows training live. */
    weights(message) {
      snapshot = message;
      words(); // a network of another dataset: its words at once, drawn or not
      if (strokes.length || loaded) schedule({ live: true });
    },
    /** Shows a test image (side² bytes) in the pad instead of a drawing. */
    load(bytes, caption) {
      const x = Float32Array.from(bytes, (b) => b / 255);
      loaded = { input: x, caption };
      strokes = [];
      ctx.clearRect(0, 0, SIZE, SIZE);
      // The image itself, large, as ink on the pad.
      const image = new ImageData(side, side);
      for (let i = 0; i < side * side; i += 1) image.data[4 * i + 3] = bytes[i];
      const small = document.createElement('canvas');
      small.width = side;
      small.height = side;
      small.getContext('2d').putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(small, 0, 0, SIZE, SIZE);
      schedule();
      root.scrollIntoView({ behavior: 'smooth', block: 'start' });
    },
    clear() {
      snapshot = null;
      schedule();
    },
  };
  return api;
}
