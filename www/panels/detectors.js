// Hope against reality (chapter 7, issue #18 item 1): the form's recipe trained three times in
// parallel workers, same seed, for the panel's own epochs: fully learned; with the hidden layer
// frozen to H hand-designed stroke and loop detectors (crate::instruments::detectors); and with the
// seed's own random hidden layer frozen, the control. Three grids and three accuracies. The
// training is the worker's (a train request with `frozen`); this is DOM glue.

import { el } from '../lib/dom.js';
import { percent } from '../lib/format.js';
import { schema } from '../lib/schema.js';
import { createRuns, drawInto, parallelism } from '../lib/trainer.js';
import { createViews } from './views.js';
import { downloadButton, epochsField } from './experiment.js';

/** The three columns: what freezes the hidden layer, and how each is named. */
const COLUMNS = [
  { frozen: undefined, title: 'Learned', note: 'every layer trains, as usual' },
  { frozen: 'detectors', title: 'Hand-designed detectors', note: 'strokes and loop halves, frozen; only the output layer trains' },
  { frozen: 'random', title: 'Random, frozen', note: 'the seed’s own random hidden layer, frozen; only the output layer trains' },
];

/**
 * Builds the panel in `root`. `recipe()` is the form's valid config (or null); `mnist()` the IDX
 * files; `link` remembers that the comparison ran (`detectors`) and its epochs
 * (`detectorsEpochs`), and a link that says so runs it again on opening; `tooltip` is the page's; `onRun()` hears each start.
 */
export function createDetectors(root, { recipe, mnist, link, tooltip, onRun }) {
  const compare = downloadButton('Compare the three');
  const run = compare.button;
  const stop = el('button', { type: 'button', disabled: true }, 'Stop');
  const statusLine = el('p', { class: 'hint', id: 'detectors-status', 'aria-live': 'polite' });
  const runs = createRuns(mnist, stop);
  const epochs = epochsField('detectors-epochs', { key: 'detectorsEpochs', link, message: statusLine });
  const columns = COLUMNS.map(({ title, note }, i) => {
    const id = `detectors-${i}-title`;
    const accuracy = el('output', { class: 'accuracy' }, 'not trained yet');
    const layers = el('div', { class: 'layers' });
    const section = el('section', { class: 'detectors-column', 'aria-labelledby': id },
      el('h3', { id }, title), el('p', { class: 'hint' }, note),
      el('p', {}, 'Test accuracy: ', accuracy), layers);
    return { section, accuracy, views: createViews({ layersRoot: layers, tooltip }) };
  });
  root.setAttribute('aria-labelledby', 'detectors-title');
  root.append(
    el('h2', { id: 'detectors-title' }, 'Hope against reality: the detectors the article hoped for'),
    el('p', { class: 'description' }, 'The article hoped the hidden layer would learn edges and loops. Here it gets them: H hand-drawn '
      + 'strokes and loop halves (H from the form), frozen, so only the output layer learns. Beside it, the network that learns '
      + 'everything, and a control whose hidden layer stays the seed’s random draw: the form’s recipe and seed, for the epochs here.'),
    el('div', { class: 'actions' }, epochs.field, run, stop), statusLine,
    el('div', { class: 'detectors-columns' }, ...columns.map((c) => c.section)));

  async function start() {
    const config = epochs.apply(recipe());
    const problem = typeof config === 'string' ? config
      : config.sizes.length !== 3 ? `The comparison needs exactly one hidden layer: set sizes like ${schema().dataset.side ** 2}-30-${schema().dataset.classNames.length} in the form.` : null;
    statusLine.textContent = problem ?? '';
    if (problem) return;
    link.update({ detectors: true, detectorsEpochs: config.epochs });
    onRun();
    statusLine.textContent = `Training three ${config.sizes.join('-')} networks for ${config.epochs} epoch${config.epochs > 1 ? 's' : ''}, seed ${config.seed}…`;
    const outcome = await runs.start(Math.min(parallelism(), COLUMNS.length), (pool) => COLUMNS.map(({ frozen }, i) => {
      const { views, accuracy } = columns[i];
      views.layout(config.sizes, config.epochs, true);
      accuracy.textContent = 'training…';
      const draw = drawInto(views);
      return pool.train(config, (m) => {
        draw(m);
        if (m.type === 'epoch') accuracy.textContent = `${percent(m.testCorrect / m.testTotal)} after epoch ${m.epoch}`;
      }, frozen);
    }));
    if (!outcome) return; // a newer comparison took over
    statusLine.textContent = outcome.failure ? `The comparison stopped: ${outcome.failure.message}`
      : outcome.stopped ? 'Stopped.' : 'Done: three networks, the same recipe and seed.';
  }

  run.addEventListener('click', start);
  return {
    /** Names the download of dataset `key` (the form's) in the run button. */
    dataset: compare.show,
    /** Runs the comparison if the link says it ran (once the form holds the link's recipe); an embed asks first. */
    restore() {
      if (link.state.detectors && !link.state.embed) start();
    },
  };
}
