// Two networks side by side: the same architecture and seed, trained at the same time, differing
// only in what the reader picks (the article's init + L2, or the cost, or any two recipes from
// the form). Hovering neuron j in one grid outlines neuron j in the other; one chart holds both
// accuracy curves and another the two weight histograms. Before anything is run, it shows the pair
// the site ships for the article's comparison (www/demos/init-*.wscp).

import { compareConfigs, configDifferences, configInWords } from '../pkg/weightscope.js';
import { createViews } from './views.js';
import { createRuns, createTrainer, drawInto } from '../lib/trainer.js';
import { createPacer } from '../lib/pacing.js';
import { say } from '../lib/dom.js';
import { clause, percent } from '../lib/format.js';
import { siteBytes } from '../lib/data.js';
import { drawChart } from '../lib/charts.js';
import { epochsOf } from './experiment.js';

const SIDES = ['a', 'b'];
/** The article's pair as the site ships it (`make demos`), shown before anything is run here. */
const SHIPPED = { a: 'www/demos/init-large-no-l2.wscp', b: 'www/demos/init-default-l2.wscp' };
/** What (a) and (b) are, for each choice of the Compare menu. */
const VARIATIONS = {
  initAndL2: '(a) N(0,1) weights, no λ · (b) N(0,1)/√n_in weights, λ 5.0',
  cost: '(a) quadratic cost · (b) cross-entropy cost',
  custom: '(a) and (b) are what the form holds when you press the buttons below',
};

/**
 * Wires the side-by-side panel `root`. `recipe()` is the drawer's valid config (or null), trained
 * for the panel's own epochs; `mnist()` resolves to the IDX files; `tooltip` is the page's;
 * `base()` the site's address, for the shipped pair; `onRun()` hears each start.
 */
export function createCompare(root, { recipe, mnist, tooltip, base, onRun }) {
  const find = (selector) => root.querySelector(selector);
  const form = find('form');
  const variation = form.elements.namedItem('variation');
  const custom = find('.custom');
  const stopButton = find('.stop');
  const error = find('.error');
  const epochs = epochsOf(form.elements.namedItem('epochs'), error);
  const statusLine = find('.compare-status');
  const [accuracyChart, histogramChart] = root.querySelectorAll('.chart-row canvas');
  const picked = { a: null, b: null }; // recipes taken from the form for "any two"
  const sides = {};
  const runs = createRuns(mnist, stopButton);
  let configs = null;
  const curves = { a: [], b: [] };
  const latest = { a: null, b: null }; // newest weights message per side

  for (const [k, side] of SIDES.entries()) {
    const other = SIDES[1 - k];
    const element = find(`.side-${side}`);
    sides[side] = {
      title: element.querySelector('h3'),
      views: createViews({
        layersRoot: element.querySelector('.layers'),
        tooltip,
        onHover: (neuron) => sides[other].views.highlight(neuron),
      }),
    };
  }

  /** The panel's charts from its data: `[accuracy, histogram]`, named charts (the page and the PNG export). */
  function chartSpecs() {
    const shown = configs?.[0].epochs ?? epochs.peek(recipe()) ?? 1; // before a run: the field's
    const hidden = Object.fromEntries(SIDES.filter((side) => latest[side]).map((side) => [side, latest[side].weights[0]]));
    return [{ compareAccuracy: { epochs: shown, curves } }, { compareHistogram: hidden }];
  }

  function drawCharts() {
    const [accuracy, histogram] = chartSpecs();
    drawChart(accuracyChart, accuracy);
    drawChart(histogramChart, histogram); // its aria-label too, with the weights' range
    const last = (side) => curves[side].at(-1);
    accuracyChart.setAttribute('aria-label', SIDES.every((side) => last(side))
      ? `Test accuracy: (a) ${percent(last('a')[1])}, (b) ${percent(last('b')[1])} after epoch ${last('a')[0]}`
      : 'Test accuracy of (a) and (b): no epoch finished yet');
  }
  const pacer = createPacer(drawCharts);

  /** The two recipes to train, or a sentence saying what to fix. */
  function pair() {
    if (variation.value === 'custom') return picked.a && picked.b ? [picked.a, picked.b] : 'Set (a) and (b) from the form first.';
    const base = epochs.apply(recipe());
    return typeof base === 'string' ? base : compareConfigs(base, variation.value);
  }

  async function start() {
    const both = pair();
    const problem = typeof both === 'string' ? both : null;
    say(error, problem);
    if (problem) return;
    configs = both;
    const differ = configDifferences(both[0], both[1]);
    for (const [k, side] of SIDES.entries()) {
      sides[side].title.textContent = `(${side}) ${configInWords(both[k])}`;
      sides[side].views.layout(both[k].sizes, both[k].epochs, true);
      curves[side] = [];
      latest[side] = null;
    }
    statusLine.textContent = `Training both at once; they differ only in ${differ.length ? differ.join(', ') : 'nothing (the same recipe twice)'}.`;
    pacer.request();
    // Both at the same time, whatever the cores.
    const outcome = await runs.start(2, (pool) => SIDES.map((side, k) => {
      const draw = drawInto(sides[side].views);
      return pool.train(both[k], (m) => {
        draw(m);
        if (m.type === 'weights') latest[side] = m;
        if (m.type === 'epoch') curves[side].push([m.epoch, m.testCorrect / m.testTotal]);
        if (m.type === 'weights' || m.type === 'epoch') pacer.request({ live: true });
      });
    }));
    if (!outcome) return; // a newer pair took over
    statusLine.textContent = outcome.failure ? `Stopped: ${outcome.failure.message}`
      : outcome.stopped ? 'Stopped.' : 'Done: both trained.';
  }

  const showVariation = () => {
    custom.hidden = variation.value !== 'custom';
    find('.variation-hint').textContent = VARIATIONS[variation.value];
  };
  variation.addEventListener('change', showVariation);
  showVariation();
  for (const side of SIDES) {
    find(`.set-${side}`).addEventListener('click', () => {
      const config = epochs.apply(recipe());
      picked[side] = typeof config === 'string' ? null : config;
      find(`.picked-${side}`).textContent = picked[side] ? configInWords(picked[side]) : config;
    });
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onRun();
    start();
  });
  new ResizeObserver(() => pacer.request()).observe(accuracyChart);
  for (const button of form.querySelectorAll('button')) button.disabled = button === stopButton;
  /**
   * Before any run here: shows a trained network (a worker's `opened` message for a model file)
   * as side `side`, its weights and accuracy curve, as the article showed its pair.
   */
  function show(side, model) {
    if (configs) return; // a run started here has replaced them
    sides[side].title.textContent = `(${side}) ${configInWords(model.config)}, as shipped`;
    sides[side].views.layout(model.sizes, model.config.epochs);
    sides[side].views.weights(model);
    latest[side] = model;
    curves[side] = model.history.map((e) => [e.epoch, e.testCorrect / e.testTotal]);
    statusLine.textContent = 'The pair the site ships with, trained as the article did; Run both trains it again here.';
    pacer.request();
  }

  /** Opens the shipped pair with a trainer of its own (no MNIST needed), which then goes. */
  async function showShipped() {
    const opener = createTrainer({ mnist });
    try {
      for (const side of SIDES) {
        show(side, await opener.open(await siteBytes(SHIPPED[side], base())));
      }
    } catch (problem) {
      statusLine.textContent = `The shipped pair could not be shown (${clause(problem.message)}); Run both trains it here.`;
    } finally {
      opener.terminate();
    }
  }
  // Once the panel nears the screen.
  const nearing = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    nearing.disconnect();
    showShipped();
  }, { rootMargin: '400px' });
  nearing.observe(root);

  return {
    chartSpecs,
  };
}
