// Would it learn the same blocks again (chapter 6, issue #18 item 2)? The form's recipe trained
// with 2 to 4 seeds in parallel workers, for the panel's own epochs; the first network's hidden
// neurons are matched to each other's by |correlation| of their input weights with an optimal
// assignment (crate::instruments::matching, through the wasm matchBlocks), and listed from most to
// least alike with the sign; a chart sets the matched |ρ| against the same matching with one
// network's pixels shuffled. This is DOM glue.

import { drawWeights, matchBlocks, symmetricScale } from '../pkg/weightscope.js';
import { drawChart } from '../lib/charts.js';
import { el } from '../lib/dom.js';
import { signed } from '../lib/format.js';
import { schema } from '../lib/schema.js';
import { createRuns, parallelism } from '../lib/trainer.js';
import { downloadButton, epochsField } from './experiment.js';

/** The seed that shuffles the baseline's pixels (the command line's default `--seed`). */
const BASELINE_SEED = 1;

/**
 * Builds the panel in `root`. `recipe()` is the form's valid config (or null); `mnist()` the IDX
 * files; `link` holds the seeds (`seeds`) and epochs (`matchingEpochs`), and a link with seeds
 * trains them again on opening; `onRun()` hears each start.
 */
export function createMatching(root, { recipe, mnist, link, onRun }) {
  const key = schema().instrumentKeys.find((k) => k.name === 'seeds');
  const seedsInput = el('input', { id: 'matching-seeds', type: 'text', inputmode: 'numeric', autocomplete: 'off', value: (link.state.seeds ?? [1, 2]).join(',') });
  const match = downloadButton('Match the seeds');
  const run = match.button;
  const stop = el('button', { type: 'button', disabled: true }, 'Stop');
  const statusLine = el('p', { class: 'hint', id: 'matching-status', 'aria-live': 'polite' });
  const runs = createRuns(mnist, stop);
  const epochs = epochsField('matching-epochs', { key: 'matchingEpochs', link, message: statusLine });
  const results = el('div', { class: 'matching-results' });
  root.setAttribute('aria-labelledby', 'matching-title');
  root.append(
    el('h2', { id: 'matching-title' }, 'Would it learn the same blocks again?'),
    el('p', { class: 'description' }, 'Trains the form’s recipe once per seed, for the epochs here, then pairs each hidden neuron of the first network with '
      + `one of another’s, so that the pairs are as alike as they can be (by the correlation ρ of their ${schema().dataset.side ** 2} weights). A neuron with `
      + 'its weights negated is the same block read backwards (σ(−z) = 1 − σ(z)), so the sign is shown, not held against it. '
      + 'The baseline: the same matching after shuffling one network’s pixels, what unrelated blobs reach by chance.'),
    el('div', { class: 'actions' },
      el('span', { class: 'k-field' }, el('label', { for: 'matching-seeds' }, `Seeds (${key.count[0]} to ${key.count[1]}, comma-separated)`), seedsInput),
      epochs.field, run, stop),
    statusLine, results);

  /** The seeds typed, or a sentence saying what is wrong. */
  function seeds() {
    const items = seedsInput.value.split(',').map((s) => s.trim());
    const values = items.map(Number);
    const ok = items.every((s) => /^\d+$/.test(s)) && values.every((v) => v <= key.max)
      && new Set(values).size === values.length && values.length >= key.count[0] && values.length <= key.count[1];
    return ok ? values : `Enter ${key.count[0]} to ${key.count[1]} different seeds, e.g. 1,2,3.`;
  }

  /** One comparison: seed `a` against seed `b`, their first layers `wa`, `wb` (H, nIn). */
  function comparison(a, b, wa, wb, nIn) {
    const { matching, baseline } = matchBlocks(wa, wb, nIn, BASELINE_SEED);
    const chart = el('canvas', { role: 'img', 'aria-label': `Matched |ρ|: median ${matching.medianAbsRho.toFixed(2)}; baseline median ${baseline.medianAbsRho.toFixed(2)}` });
    const scaleA = symmetricScale(wa);
    const scaleB = symmetricScale(wb);
    const side = Math.round(Math.sqrt(nIn));
    const tile = (w, j, scale, label) => {
      const canvas = el('canvas', { width: String(side), height: String(side), role: 'img', 'aria-label': label });
      drawWeights(canvas, w.subarray(j * nIn, (j + 1) * nIn), scale);
      return canvas;
    };
    const pairs = el('ol', { class: 'matched-pairs', 'aria-label': `Matched pairs, seed ${a} against seed ${b}, most alike first` },
      ...matching.pairs.map((p) => {
        const sign = p.rho < 0 ? ' (the same block sign-flipped)' : '';
        return el('li', { class: 'matched-pair' },
          tile(wa, p.a, scaleA, `Seed ${a}, neuron ${p.a}`), tile(wb, p.b, scaleB, `Seed ${b}, neuron ${p.b}`),
          el('span', {}, `seed ${a} neuron ${p.a} ↔ seed ${b} neuron ${p.b}: ρ = ${signed(p.rho, 2)}${sign}`));
      }));
    const section = el('section', { class: 'matching-comparison' },
      el('h3', {}, `Seed ${a} against seed ${b}: median matched |ρ| ${matching.medianAbsRho.toFixed(2)}, `
        + `baseline ${baseline.medianAbsRho.toFixed(2)}`),
      el('div', { class: 'chart-row' }, chart), pairs);
    // The distribution of matched |ρ| against the baseline's (charts/src/specs.rs).
    const rhos = (pairs) => pairs.map((p) => p.rho);
    requestAnimationFrame(() => drawChart(chart, { matching: { matched: rhos(matching.pairs), baseline: rhos(baseline.pairs) } }));
    return section;
  }

  async function start() {
    const config = epochs.apply(recipe());
    const list = seeds();
    const problem = typeof config === 'string' ? config
      : typeof list === 'string' ? list
        : config.sizes.length < 3 ? 'A network without hidden neurons has no blocks to match.' : null;
    statusLine.textContent = problem ?? '';
    if (problem) return;
    link.update({ seeds: list, matchingEpochs: config.epochs });
    onRun();
    results.replaceChildren();
    statusLine.textContent = `Training ${list.length} ${config.sizes.join('-')} networks for ${config.epochs} epoch${config.epochs > 1 ? 's' : ''} (seeds ${list.join(', ')})…`;
    const first = new Map(); // seed -> its first layer, (H, nIn), when it finished
    let finished = 0;
    const outcome = await runs.start(Math.min(parallelism(), list.length), (pool) => list.map((seed) => {
      let last = null;
      return pool.train({ ...config, seed }, (m) => {
        if (m.type === 'weights') last = m.weights[0];
      }).then(() => {
        first.set(seed, last);
        finished += 1;
        statusLine.textContent = `${finished} of ${list.length} networks trained…`;
      });
    }));
    if (!outcome) return; // a newer matching took over
    if (outcome.failure || outcome.stopped) {
      statusLine.textContent = outcome.failure ? `The training stopped: ${outcome.failure.message}` : 'Stopped.';
      return;
    }
    const [a, ...others] = list;
    results.replaceChildren(...others.map((b) => comparison(a, b, first.get(a), first.get(b), config.sizes[0])));
    statusLine.textContent = `Done: seed ${a} matched against ${others.map((b) => `seed ${b}`).join(', ')}.`;
  }

  run.addEventListener('click', start);
  return {
    /** Names the download of dataset `key` (the form's) in the run button. */
    dataset: match.show,
    /** Trains and matches the link's seeds, if it has any (once the form holds the link's recipe); an embed asks first. */
    restore() {
      if (link.state.seeds && !link.state.embed) start();
    },
  };
}
