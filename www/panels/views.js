// What the network has learned, on screen: one heat map per neuron for every layer, a colour
// legend per layer, tooltips with the weight under the pointer, and the learning curves.
// The pixels come from the wasm drawing exports; this module lays out the DOM and redraws at
// most once per animation frame from the newest data (a run's own updates at most 5 times a
// second, and only the layers and charts on screen: the others when they come into view, or
// once the run's updates stop). It knows nothing about the worker.

import { drawLegend, drawWeights, imageShape, symmetricScale, topK } from '../pkg/weightscope.js';
import { el } from '../lib/dom.js';
import { roving } from '../lib/roving.js';
import { createPacer, SETTLE_MS } from '../lib/pacing.js';
import { percent, signed } from '../lib/format.js';
import { drawChart, loadCharts } from '../lib/charts.js';
import { className, classTitle, classWord, dataset } from '../lib/dataset.js';

const PLACEHOLDER = 'Press Train to start: the weights appear here and sharpen as the network learns';
const STARTING = 'Getting ready: the weights appear here as soon as training starts';

/** How many views this page has built: each instance's ids are its own (`layer-…` for the page's). */
let instances = 0;
/** Whether the charts' code was asked for, once the first weights were painted. */
let chartsAsked = false;

/** Neurons a layer has at most to be drawn with big tiles. */
const FEW = 12;

/**
 * Builds the views inside `layersRoot` and draws the two charts (each optional: a thumbnail has
 * none). Returns the calls the page makes as a run goes: layout, weights, progress, epoch, clear,
 * and for linked views `highlight`. Several instances can share a page and the tooltip;
 * `onHover(l, j)` hears which neuron the pointer is on (null when none). The tiles of an
 * `openable` instance (the page's own network) take the keyboard focus, each grid as one tab
 * stop with the arrow keys inside (lib/roving.js), and carry the class `openable`: the explorer
 * opens a neuron from them on a click or Enter.
 */
export function createViews({ layersRoot, accuracyCanvas, costCanvas, tooltip, onHover, openable = false }) {
  const prefix = openable ? 'layer' : `views-${++instances}-layer`; // ids unique on the page
  let sizes = [];
  let shownDataset = null; // the dataset whose class names the output layer shows
  let layers = []; // per weight matrix l: { tiles: [{figure, canvas, links}], ticks, legend, placeholder }
  let snapshot = null; // the newest `weights` message, drawn on the next frame
  let hover = null; // { canvas, x, y, clientX, clientY } while the pointer is on a tile
  const curves = { epochs: 1, test: [], train: [], cost: [] };
  let until = Infinity; // the charts show points up to this many epochs (the timeline's moment)
  let hovered = null; // "l/j" of the neuron under the pointer, to tell onHover only of changes
  // What is not drawn from the newest data yet: weight layers by index, and the charts.
  const stale = { layers: new Set(), charts: true };
  // The next redraw draws the stale layers (charts) on screen or not: not a run's own update.
  const whole = { layers: false, charts: false };
  let settle = 0; // the timer that draws what a run's updates left stale once they stop
  // What is on screen (or near it): a run's own updates redraw only that.
  const inView = new Set();
  const observer = typeof IntersectionObserver === 'function' && new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) inView.add(entry.target);
      else inView.delete(entry.target);
    }
    if (stale.layers.size > 0 || stale.charts) schedule(); // what came into view
  }, { rootMargin: '100px' });
  const shown = (element) => !observer || inView.has(element);
  if (observer && accuracyCanvas) observer.observe(accuracyCanvas);

  /** Human names of neurons, as in the article ("hidden neuron 7", "output 3"). */
  const hiddenCount = () => sizes.length - 2;
  const isOutput = (l) => l === sizes.length - 2;
  function neuronName(l, j) {
    if (isOutput(l)) return `output ${j}`;
    return hiddenCount() === 1 ? `hidden neuron ${j}` : `hidden layer ${l + 1} neuron ${j}`;
  }
  function sourceName(l, i) {
    return hiddenCount() === 1 ? `hidden ${i}` : `hidden layer ${l} neuron ${i}`;
  }

  function title(l) {
    return isOutput(l)
      ? `Output layer — what each ${classWord()} likes (blue) and dislikes (red)`
      : `Hidden layer ${l + 1} — what each neuron likes (blue) and dislikes (red)`;
  }

  function description(l) {
    const [rows, cols] = imageShape(sizes[l]);
    if (l === 0) return `Each tile is one neuron's ${sizes[0]} input weights, drawn as the ${rows}×${cols} image they multiply.`;
    const source = hiddenCount() === 1 ? 'the hidden layer' : `hidden layer ${l}`;
    return `Each ${isOutput(l) ? 'image' : 'tile'} holds one neuron's ${sizes[l]} weights from ${source}, `
      + `laid out ${rows}×${cols} exactly like the grid of ${source}: neuron 0 top left, then row by row. `
      + 'Below each: the three neurons it likes most (blue) and dislikes most (red).';
  }

  function layerView(l) {
    const n = sizes[l + 1];
    const [rows, cols] = imageShape(sizes[l]);
    const id = `${prefix}-${l}-title`;
    const ticks = [el('span'), el('span', {}, '0'), el('span')];
    const legend = el('canvas', { class: 'legend-bar', width: '256', height: '1', role: 'img', 'aria-label': 'Colour scale: red negative, white zero, blue positive' });
    const placeholder = el('p', { class: 'placeholder' }, PLACEHOLDER);
    const tiles = Array.from({ length: n }, (_, j) => {
      const label = isOutput(l) ? `${classTitle(j)}: weights from the last hidden layer` : `${neuronName(l, j)}: input weights`;
      const canvas = el('canvas', {
        width: String(cols), height: String(rows), role: 'img', 'aria-label': label, 'data-layer': String(l), 'data-neuron': String(j),
        ...(openable && { class: 'openable', 'aria-describedby': `${id}-hint` }),
      });
      const caption = el('figcaption', {}, el('span', { class: 'index' }, isOutput(l) ? className(j) : String(j)));
      // Under images of neurons (not pixels): whom this neuron likes and dislikes most.
      const links = l > 0 && { likes: el('span'), dislikes: el('span') };
      if (links) {
        caption.append(el('span', { class: 'links' },
          el('span', { class: 'likes' }, el('span', { class: 'sr-only' }, 'likes most: '), links.likes), ' ',
          el('span', { class: 'dislikes' }, el('span', { class: 'sr-only' }, 'dislikes most: '), links.dislikes)));
      }
      return { figure: el('figure', { class: 'tile' }, canvas, caption), canvas, links };
    });
    // A small layer of the page's network (the article's 10 neurons) gets bigger tiles: it fills the room.
    const grid = el('div', { class: `grid${isOutput(l) ? ' output' : ''}${openable && !isOutput(l) && n <= FEW ? ' few' : ''}` }, ...tiles.map((tile) => tile.figure));
    grid.style.setProperty('--cols', String(imageShape(n)[1]));
    if (openable) roving(grid, tiles.map((tile) => tile.canvas)); // one tab stop, arrows inside
    const section = el('section', { class: 'panel layer', 'aria-labelledby': id },
      el('h2', { id }, title(l)),
      el('div', { class: 'notes' },
        el('p', { class: 'description' }, description(l)),
        el('p', { class: 'hint', id: openable ? `${id}-hint` : null }, openable
          ? `Point at (or tap) a pixel to read its weight. Click a ${isOutput(l) ? `${classWord()} to explore it` : 'tile to open its neuron'} (or reach it with Tab and the arrow keys and press Enter).`
          : 'Point at (or tap) a pixel to read its weight.'),
        el('div', { class: 'legend' }, legend,
          el('div', { class: 'legend-ticks' }, ...ticks),
          el('div', { class: 'legend-words' }, el('span', { class: 'dislikes' }, 'dislikes'), el('span', { class: 'likes' }, 'likes')))),
      el('div', { class: 'grid-frame' }, grid, placeholder));
    drawLegend(legend, 1); // the colours; the numbers come with the first weights
    return { section, tiles, ticks, legend, placeholder };
  }

  const pacer = createPacer(() => {
    if (snapshot) drawLayers((l) => whole.layers || shown(layers[l].section));
    if (stale.charts && (whole.charts || shown(accuracyCanvas))) {
      drawCharts();
      stale.charts = false;
    }
    whole.layers = false;
    whole.charts = false;
    clearTimeout(settle);
    if (stale.layers.size > 0 || stale.charts) settle = setTimeout(finish, SETTLE_MS);
    showTooltip();
  });
  function schedule(options) {
    pacer.request(options);
  }

  /** Draws the stale layers for which `wanted(l)` holds. */
  function drawLayers(wanted) {
    snapshot.weights.forEach((weights, l) => {
      if (!stale.layers.has(l) || !wanted(l)) return;
      stale.layers.delete(l);
      const view = layers[l];
      const nIn = sizes[l];
      const scale = symmetricScale(weights); // one scale per layer, so its neurons compare
      view.tiles.forEach((tile, j) => {
        const row = weights.subarray(j * nIn, (j + 1) * nIn); // (n, nIn): row j feeds neuron j
        drawWeights(tile.canvas, row, scale);
        if (tile.links) {
          const { likes, dislikes } = topK(row, 3); // whom the neuron likes and dislikes most
          setText(tile.links.likes, likes.join(' '));
          setText(tile.links.dislikes, dislikes.join(' '));
        }
      });
      drawLegend(view.legend, scale);
      setText(view.ticks[0], signed(-scale, 2, false));
      setText(view.ticks[2], `+${scale.toFixed(2)}`);
      if (!view.placeholder.hidden) view.placeholder.hidden = true;
    });
    if (!chartsAsked) requestAnimationFrame(() => setTimeout(loadCharts)); // once the first figure is painted, the charts' code
    chartsAsked = true;
  }

  function drawCharts() {
    if (!accuracyCanvas || !costCanvas) return;
    drawChart(accuracyCanvas, { accuracy: { ...curves, until } });
    drawChart(costCanvas, { cost: { ...curves, until } });
    const last = curves.test.at(-1);
    accuracyCanvas.setAttribute('aria-label', last
      ? `Test accuracy per epoch: ${percent(last[1])} after epoch ${last[0]} of ${curves.epochs}`
      : 'Test accuracy per epoch: no data yet');
    const cost = curves.cost.at(-1);
    costCanvas.setAttribute('aria-label', cost
      ? `Training cost: ${cost[1].toFixed(4)} at epoch ${cost[0].toFixed(1)}`
      : 'Training cost: no data yet');
  }

  /** Hides the tooltip if this instance showed it (another instance may be showing it now). */
  let showing = false;
  function hideTooltip() {
    if (showing) tooltip.hidden = true;
    showing = false;
  }

  /** The weight under the pointer, or nothing over a blank cell or before the first snapshot. */
  function showTooltip() {
    for (const figure of layersRoot.querySelectorAll('.tile.source')) figure.classList.remove('source');
    if (!hover || !snapshot) {
      hideTooltip();
      return;
    }
    const { canvas } = hover;
    const l = Number(canvas.dataset.layer);
    const j = Number(canvas.dataset.neuron);
    const col = Math.min(canvas.width - 1, Math.floor((hover.x / canvas.clientWidth) * canvas.width));
    const row = Math.min(canvas.height - 1, Math.floor((hover.y / canvas.clientHeight) * canvas.height));
    const i = row * canvas.width + col;
    if (i >= sizes[l] || col < 0 || row < 0) {
      hideTooltip();
      return;
    }
    const w = snapshot.weights[l][j * sizes[l] + i];
    const from = l === 0 ? `pixel (row ${row}, col ${col})` : `from ${sourceName(l, i)}`;
    tooltip.textContent = `${neuronName(l, j)} · ${from} · w = ${signed(w, 3, false)}`;
    if (l > 0) layers[l - 1].tiles[i].figure.classList.add('source');
    tooltip.hidden = false;
    showing = true;
    const gap = 14;
    const left = Math.min(hover.clientX + gap, window.innerWidth - tooltip.offsetWidth - 4);
    const top = hover.clientY + gap + tooltip.offsetHeight > window.innerHeight
      ? hover.clientY - gap - tooltip.offsetHeight
      : hover.clientY + gap;
    tooltip.style.left = `${Math.max(4, left)}px`;
    tooltip.style.top = `${top}px`;
  }

  // Mouse: follow the pointer. Touch: a tap shows the weight until the next tap or scroll.
  const track = (event) => {
    const found = event.target.closest?.('canvas[data-neuron]');
    const canvas = found && layersRoot.contains(found) ? found : null; // another instance's tile is not ours
    hover = canvas && { canvas, x: event.offsetX, y: event.offsetY, clientX: event.clientX, clientY: event.clientY };
    const neuron = canvas && `${canvas.dataset.layer}/${canvas.dataset.neuron}`;
    if (onHover && neuron !== hovered) onHover(canvas && { l: Number(canvas.dataset.layer), j: Number(canvas.dataset.neuron) });
    hovered = neuron;
    showTooltip();
  };
  const forget = () => {
    hover = null;
    if (onHover && hovered) onHover(null);
    hovered = null;
    showTooltip();
  };
  const leave = (event) => {
    if (event.pointerType === 'mouse') forget();
  };
  document.addEventListener('pointermove', track);
  document.addEventListener('pointerdown', track);
  document.documentElement.addEventListener('pointerleave', leave);
  window.addEventListener('scroll', forget, { passive: true });
  if (accuracyCanvas) {
    new ResizeObserver(() => {
      stale.charts = true;
      schedule();
    }).observe(accuracyCanvas);
  }

  /** The run is over (or its updates stopped): what they left undrawn off screen is drawn at the next frame. */
  function finish() {
    whole.layers = true;
    whole.charts = true;
    schedule();
  }

  /** Blank tiles and charts, with `message` over each grid. */
  function clear(message = PLACEHOLDER) {
    snapshot = null;
    hover = null;
    clearCurves();
    for (const view of layers) {
      for (const tile of view.tiles) {
        tile.canvas.getContext('2d').clearRect(0, 0, tile.canvas.width, tile.canvas.height);
        if (tile.links) {
          tile.links.likes.textContent = '';
          tile.links.dislikes.textContent = '';
        }
      }
      view.ticks[0].textContent = '';
      view.ticks[2].textContent = '';
      view.placeholder.textContent = message;
      view.placeholder.hidden = false;
    }
    stale.layers.clear();
  }

  /** Empty learning curves, drawn at the next frame. */
  function clearCurves() {
    curves.test = [];
    curves.train = [];
    curves.cost = [];
    until = Infinity;
    stale.charts = true;
    whole.charts = true;
    schedule();
  }

  return {
    /**
     * Empty views for a network of `sizes` trained for `epochs` (rebuilt only when sizes change);
     * `starting` when a run is on its way: then weights of the same shape stay on screen until
     * the run's first ones replace them, so the grid never goes blank.
     */
    layout(newSizes, epochs, starting = false) {
      // The same shape on the same dataset (the labels name its classes).
      const same = newSizes.join() === sizes.join() && shownDataset === dataset().key;
      if (!same) {
        sizes = newSizes;
        shownDataset = dataset().key;
        for (const view of layers) observer?.unobserve(view.section);
        layers = sizes.slice(1).map((_, l) => layerView(l));
        layersRoot.replaceChildren(...layers.map((view) => view.section));
        for (const view of layers) observer?.observe(view.section);
      }
      curves.epochs = epochs;
      if (starting && same && snapshot) clearCurves();
      else clear(starting ? STARTING : PLACEHOLDER);
    },
    /** Back to the state before any run. */
    clear: () => clear(),
    finish,
    /**
     * What the figures are drawn from (charts.js): the newest weights, a title per layer and the
     * learning curves up to the timeline's moment. Null before the first weights.
     */
    figure: () => snapshot && {
      sizes, layers: snapshot.weights, titles: snapshot.weights.map((_, l) => title(l)), curves, until,
    },
    /**
     * A `weights` message: weights[l] is (sizes[l+1], sizes[l]) row-major; `live` when it comes
     * from a run as it trains (paced), not from a reader's choice.
     */
    weights(message, { live = false } = {}) {
      snapshot = message;
      for (let l = 0; l < layers.length; l += 1) stale.layers.add(l);
      whole.layers ||= !live;
      schedule({ live });
    },
    /** Training cost after `epochsElapsed` (fractional) epochs. */
    progress(epochsElapsed, cost) {
      curves.cost.push([epochsElapsed, cost]);
      stale.charts = true;
      schedule({ live: true });
    },
    /** Charts up to `epochs` elapsed (fractional; Infinity for all): the timeline's moment. */
    until(epochs) {
      until = epochs;
      stale.charts = true;
      whole.charts = true;
      schedule();
    },
    /** Stops listening to the pointer: for views that are thrown away (a finished sweep's thumbnails). */
    dispose() {
      document.removeEventListener('pointermove', track);
      document.removeEventListener('pointerdown', track);
      document.documentElement.removeEventListener('pointerleave', leave);
      window.removeEventListener('scroll', forget);
      observer?.disconnect();
      clearTimeout(settle);
      pacer.cancel();
      forget();
    },
    /** Marks neuron `j` of weight layer `l` (null: none), e.g. the one hovered in a linked view. */
    highlight(neuron) {
      for (const figure of layersRoot.querySelectorAll('.tile.linked')) figure.classList.remove('linked');
      if (neuron) layers[neuron.l]?.tiles[neuron.j]?.figure.classList.add('linked');
    },
    /** Accuracies (fractions) after `epoch` finished epochs. */
    epoch(epoch, test, train) {
      curves.test.push([epoch, test]);
      curves.train.push([epoch, train]);
      stale.charts = true;
      schedule({ live: true });
    },
  };
}

/** Sets `element`'s text when it changes (the same text set again still costs a layout). */
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}
