// Build a digit (or an image of any class) from the blocks (chapter 3, issue #17 item 2): the
// article's Lego experiment, playable. Pick hidden tiles and give each a weight; their weighted
// sum, clipped to [0, 1], is the image fed to the network, whose outputs update as the weights
// move. "Show the network's recipe" puts an output neuron's own weights over the hidden neurons
// and its effective template beside it, and can build the image from that recipe; "Send to the
// pad" opens the image on the drawing pad. Classes are named as the dataset on screen names them
// (lib/dataset.js). The math is wasm (crate::instruments::blocks); this is DOM glue.

import { buildDigit, digitRecipe, drawInk, drawWeights, symmetricScale } from '../pkg/weightscope.js';
import { drawBars } from '../lib/charts.js';
import { el } from '../lib/dom.js';
import { schema } from '../lib/schema.js';
import { createTilePicker } from './tiles.js';
import { a, className, classNames, classWord, dataset, imageWord } from '../lib/dataset.js';

/**
 * Builds the panel in `root`. `link`: `blocks` restores from it and is written back;
 * `pad.load(bytes, caption)` receives a composed image.
 */
export function createCompose(root, { link, pad }) {
  const key = schema().instrumentKeys.find((k) => k.name === 'blocks');
  const picks = new Map(link.state.blocks ?? []); // neuron -> weight, in the order picked
  let network = null;
  let built = null; // { image, outputs } of the current picks

  const image = el('canvas', { width: dataset().side, height: dataset().side, class: 'composed', role: 'img', 'aria-label': 'The composed image: nothing picked yet' });
  const outputs = el('canvas', { class: 'bars digits', role: 'img', 'aria-label': 'The network’s outputs for the composed image: none yet' });
  const answer = el('p', { class: 'hint', 'aria-live': 'polite' });
  const weightsList = el('ul', { class: 'block-weights' });
  const recipeButton = el('button', { type: 'button', 'aria-expanded': 'false' }, 'Show the network’s recipe');
  const recipeDigit = el('select', { id: 'compose-recipe-digit' });
  const recipeBars = el('canvas', { class: 'bars', role: 'img', 'aria-label': 'The output neuron’s weights over the hidden neurons' });
  const recipeTemplate = el('canvas', { width: dataset().side, height: dataset().side, class: 'composed', role: 'img', 'aria-label': 'The output neuron’s effective template' });
  const recipeText = el('p', { class: 'hint' });
  const useRecipe = el('button', { type: 'button' });
  const recipe = el('div', { class: 'recipe', hidden: true },
    el('figure', {}, recipeBars, el('figcaption', {}, 'Its weights over the hidden neurons (blue: likes, red: dislikes)')),
    el('figure', {}, recipeTemplate, el('figcaption', {}, 'Its effective template: those weights times the tiles, summed')),
    el('div', {}, recipeText, useRecipe));
  const send = el('button', { type: 'button' }, 'Send to the pad');
  const clearButton = el('button', { type: 'button' }, 'Clear the blocks');
  const tilesRoot = el('div', { class: 'grid-frame' });
  root.setAttribute('aria-labelledby', 'compose-title');
  const title = el('h2', { id: 'compose-title' });
  const description = el('p', { class: 'description' });
  const outputsCaption = el('figcaption');
  const recipeLabel = el('label', { for: 'compose-recipe-digit' });
  root.append(
    title, description,
    tilesRoot,
    el('div', { class: 'explain-row' },
      el('div', {}, weightsList, el('div', { class: 'actions' }, clearButton, send)),
      el('figure', {}, image, el('figcaption', {}, 'The composed image')),
      el('figure', {}, outputs, outputsCaption, answer)),
    el('div', { class: 'actions' }, recipeButton, el('span', { class: 'k-field' }, recipeLabel, recipeDigit)),
    recipe);

  let words = null; // the dataset whose words the panel shows
  /** The panel's words for the dataset on screen: its image and class words, its class names. */
  function relabel() {
    if (words === dataset().key) return;
    words = dataset().key;
    title.textContent = `Build ${a(imageWord())} from the blocks`;
    description.textContent = `Can ${a(imageWord())} be assembled from the hidden neurons as Lego blocks? The article tried. Try it: click tiles `
      + 'to add them, set each one’s weight, and watch what the network makes of the sum (clipped to the ink range 0 to 1).';
    outputsCaption.textContent = `The ${classNames().length} outputs`;
    recipeLabel.textContent = `for ${classWord()}`;
    useRecipe.textContent = `Build the ${imageWord()} from this recipe`;
    const chosen = recipeDigit.value;
    recipeDigit.replaceChildren(...classNames().map((name, d) => el('option', { value: String(d) }, name)));
    if (chosen) recipeDigit.value = chosen;
  }
  relabel();
  const picker = createTilePicker(tilesRoot, {
    label: (j) => `Hidden neuron ${j}: use as a block`,
    onToggle(j, pressed) {
      if (pressed) picks.set(j, 1);
      else picks.delete(j);
      changed();
    },
  });

  function changed() {
    link.update({ blocks: picks.size > 0 ? [...picks] : undefined });
    listWeights();
    render();
  }

  /** One slider per picked tile. */
  function listWeights() {
    weightsList.replaceChildren(...[...picks].map(([j, weight]) => {
      const id = `block-weight-${j}`;
      const input = el('input', { id, type: 'range', min: String(key.min), max: String(key.max), step: '0.1', value: String(weight) });
      const shown = el('output', { for: id }, weight.toFixed(1));
      input.addEventListener('input', () => {
        picks.set(j, Number(input.value));
        shown.textContent = Number(input.value).toFixed(1);
        render();
      });
      input.addEventListener('change', () => link.update({ blocks: [...picks] }));
      return el('li', {}, el('label', { for: id }, `Weight of hidden neuron ${j}`), input, shown);
    }));
  }

  const arrays = () => [Uint32Array.from(network.sizes), network.weights, network.biases];

  function render() {
    if (!network) return;
    picker.draw(network, new Set(picks.keys()));
    const hidden = network.sizes[1];
    const usable = [...picks].filter(([j]) => j < hidden);
    built = buildDigit(...arrays(), Uint32Array.from(usable, ([j]) => j), Float32Array.from(usable, ([, w]) => w));
    drawInk(image, Float32Array.from(built.image));
    const best = built.outputs.indexOf(Math.max(...built.outputs));
    drawBars(outputs, built.outputs, { labels: classNames(), highlight: best, max: 1 });
    const described = built.outputs.map((activation, d) => `${className(d)}: ${activation.toFixed(2)}`).join(', ');
    outputs.setAttribute('aria-label', `The network’s outputs for the composed image: ${described}`);
    image.setAttribute('aria-label', usable.length ? `The composed image of ${usable.length} block${usable.length > 1 ? 's' : ''}` : 'The composed image: nothing picked yet');
    answer.textContent = usable.length
      ? `The network says ${className(best)} (output ${built.outputs[best].toFixed(2)}).`
      : 'Nothing picked: the blank image.';
    if (!recipe.hidden) showRecipe();
  }

  function showRecipe() {
    const digit = Number(recipeDigit.value);
    const { weights, template } = digitRecipe(...arrays(), digit);
    drawBars(recipeBars, weights, { labels: [...weights.keys()], signed: true });
    drawWeights(recipeTemplate, Float32Array.from(template), symmetricScale(Float32Array.from(template)));
    const order = [...weights.keys()].sort((a, b) => weights[b] - weights[a]);
    recipeText.textContent = `Output ${className(digit)} likes hidden neurons ${order.slice(0, 3).join(', ')} most and dislikes `
      + `${order.slice(-3).reverse().join(', ')} most: its own recipe mixes every block, with both signs.`;
  }

  recipeButton.addEventListener('click', () => {
    recipe.hidden = !recipe.hidden;
    recipeButton.setAttribute('aria-expanded', String(!recipe.hidden));
    recipeButton.textContent = recipe.hidden ? 'Show the network’s recipe' : 'Hide the network’s recipe';
    if (!recipe.hidden && network) showRecipe();
  });
  // Every tile at the output neuron's own weight (within the sliders' range): its template, clipped.
  useRecipe.addEventListener('click', () => {
    const { weights } = digitRecipe(...arrays(), Number(recipeDigit.value));
    picks.clear();
    weights.forEach((w, j) => picks.set(j, Math.round(10 * Math.min(key.max, Math.max(key.min, w))) / 10));
    changed();
  });
  recipeDigit.addEventListener('change', () => !recipe.hidden && network && showRecipe());
  send.addEventListener('click', () => {
    if (!built) return;
    const names = [...picks].map(([j, w]) => `${w.toFixed(1)} × neuron ${j}`).join(' + ');
    pad.load(Uint8Array.from(built.image, (v) => Math.round(255 * v)), `Built from blocks: ${names || 'nothing'}`);
    document.getElementById('pad')?.scrollIntoView({ block: 'start' });
  });
  clearButton.addEventListener('click', () => {
    picks.clear();
    changed();
  });
  listWeights();

  return {
    /** A `weights` message of the page's network. */
    weights(m) {
      network = m;
      relabel();
      render();
    },
    /** No network any more. */
    clear() {
      network = null;
      built = null;
    },
  };
}
