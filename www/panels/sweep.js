// The hidden-size sweep: inputs-H-outputs for every H (and seed) the reader lists, trained with the
// form's recipe in parallel workers. A chart of test accuracy against H fills in as networks
// finish, beside the article's figures; each network's grids are a thumbnail that opens full size.

import { spread, sweepConfigs, validateConfig } from '../pkg/weightscope.js';
import { schema } from '../lib/schema.js';
import { createViews } from './views.js';
import { createRuns, drawInto, parallelism } from '../lib/trainer.js';
import { percent, subsetText } from '../lib/format.js';
import { button, el, say } from '../lib/dom.js';
import { drawChart } from '../lib/charts.js';
import { epochsOf } from './experiment.js';

/** Whole numbers separated by commas, or null. */
function wholes(text) {
  const parts = text.split(',').map((part) => part.trim());
  return parts.every((part) => /^\d+$/.test(part)) ? parts.map(Number) : null;
}

/**
 * Wires the sweep panel `root`. `recipe()` is the drawer's valid config (or null, the drawer then
 * shows why), trained for the panel's own epochs; `mnist()` resolves to the IDX files; `tooltip`
 * and `dialog` are shared with the rest of the page; `onRun()` hears each start.
 */
export function createSweep(root, { recipe, mnist, tooltip, dialog, onRun }) {
  const find = (selector) => root.querySelector(selector);
  const form = find('form');
  const hiddenInput = form.elements.namedItem('hidden');
  const seedsInput = form.elements.namedItem('seeds');
  const stopButton = find('.stop');
  const error = find('.error');
  const epochs = epochsOf(form.elements.namedItem('epochs'), error);
  const statusLine = find('.sweep-status');
  const chart = find('canvas');
  const rows = find('tbody');
  const thumbs = find('.thumbs');
  const { article, hidden: defaultHidden, maxSeeds } = schema().sweep;
  hiddenInput.value = defaultHidden.join(',');
  const runs = createRuns(mnist, stopButton);
  let results = new Map(); // H -> [test accuracy of each finished seed]
  let hidden = [];
  let cards = []; // the thumbnails of the current sweep
  let subset = ''; // the current sweep's subset of MNIST, in words ('' for all of it)
  let reference = article; // the article's figures, shown beside a sweep on their dataset (MNIST) only

  const spreadsOf = () => hidden.filter((h) => results.get(h)?.length).map((h) => [h, spread(results.get(h))]);
  /** The panel's chart from its data: `[named chart]` (the page and the PNG export), titled with the network's shape. */
  function chartSpecs() {
    const { side, classNames } = schema().dataset;
    const data = { spreads: spreadsOf(), seeds: Number(seedsInput.value) || 1, article: reference, hidden, subset, inputs: side ** 2, classes: classNames.length };
    return [{ sweep: data }];
  }

  function draw() {
    const spreads = spreadsOf();
    drawChart(chart, chartSpecs()[0]);
    chart.setAttribute('aria-label', spreads.length === 0
      ? 'Test accuracy against hidden neurons: no network has finished yet'
      : `Test accuracy against hidden neurons: ${spreads.map(([h, s]) => `H = ${h}: ${percent(s.median)}`).join(', ')}`);
    // A row per size of the sweep (before one, the article's sizes), filled in as each finishes.
    const sizes = hidden.length > 0 ? hidden : reference.map(([h]) => h);
    rows.replaceChildren(...sizes.map((h) => {
      const s = spreads.find(([sh]) => sh === h)?.[1];
      const published = reference.find(([ah]) => ah === h);
      const mine = !s ? '–' : s.min === s.max ? percent(s.median) : `${percent(s.median)} (${percent(s.min)} to ${percent(s.max)})`;
      return el('tr', {}, ...[String(h), mine, published ? percent(published[1]) : '–'].map((text) => el('td', {}, text)));
    }));
  }

  /** A thumbnail of one network's grids, with a button that opens them full size. */
  function thumbnail(config) {
    const name = `${config.sizes.join('-')}, seed ${config.seed}`;
    const layers = el('div', { class: 'layers' });
    const label = el('span', {}, `${name}: waiting`);
    const show = () => dialog.show(`${name}: its weights after training`, layers, () => figure.prepend(layers));
    const open = button('Open full size', show, { 'aria-label': `Open ${name} full size` });
    const figure = el('figure', { class: 'thumb' }, layers, el('figcaption', {}, label, open));
    const views = createViews({ layersRoot: layers, tooltip });
    views.layout(config.sizes, config.epochs, true);
    return { figure, views, label, name };
  }

  async function runOne(config, thumb, runPool) {
    thumb.label.textContent = `${thumb.name}: training`;
    let last = null;
    const draw = drawInto(thumb.views);
    await runPool.train(config, (m) => {
      draw(m);
      if (m.type === 'epoch') {
        last = m.testCorrect / m.testTotal;
        thumb.label.textContent = `${thumb.name}: ${percent(last)} after epoch ${m.epoch}`;
      }
    });
    const h = config.sizes[1];
    results.set(h, [...(results.get(h) ?? []), last]);
  }

  async function start() {
    const base = epochs.apply(recipe());
    const list = wholes(hiddenInput.value);
    const seeds = wholes(seedsInput.value);
    const problem = typeof base === 'string' ? base
      : !list ? 'Enter hidden sizes separated by commas, e.g. 2,3,4,5,10,30.'
        : !seeds || seeds.length !== 1 || seeds[0] < 1 || seeds[0] > maxSeeds ? `Enter a number of seeds from 1 to ${maxSeeds}.`
          : sweepConfigs(base, list, 1).map((config) => validateConfig(config)[0]).find(Boolean)?.message;
    say(error, problem);
    if (problem) return;
    hidden = [...new Set(list)];
    results = new Map();
    subset = subsetText(base);
    reference = (base.dataset ?? schema().dataset.key) === schema().dataset.key ? article : [];
    const configs = sweepConfigs(base, hidden, seeds[0]);
    const workers = Math.min(parallelism(), configs.length);
    for (const card of cards) card.views.dispose();
    cards = configs.map(thumbnail);
    thumbs.replaceChildren(...cards.map((card) => card.figure));
    draw();
    statusLine.textContent = `Training ${configs.length} networks${subset && ` on ${subset}`}, ${workers} at a time (${workers === 1 ? 'one worker' : `${workers} workers`} on ${navigator.hardwareConcurrency || 'unknown'} cores)…`;
    let finished = 0;
    const outcome = await runs.start(workers, (pool) => configs.map((config, i) => runOne(config, cards[i], pool).then(() => {
      finished += 1;
      statusLine.textContent = `${finished} of ${configs.length} networks trained.`;
      draw();
    })));
    if (!outcome) return; // a newer sweep took over
    statusLine.textContent = outcome.failure ? `The sweep stopped: ${outcome.failure.message}`
      : outcome.stopped ? `Stopped after ${finished} of ${configs.length} networks.` : `Done: ${configs.length} networks trained.`;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onRun();
    start();
  });
  new ResizeObserver(draw).observe(chart);
  for (const button of form.querySelectorAll('button')) button.disabled = button === stopButton;
  return { chartSpecs };
}
