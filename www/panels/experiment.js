// Parts the instruments share: a button that says what pressing it downloads ("Compare the three
// (downloads MNIST, 11.4 MB, once)", the size from the dataset's manifest: lib/data.js), and an
// experiment's own Epochs field (issue #15: each experiment has its own epochs), read by Rust as
// the drawer's form is (the wasm readForm: the same words and the schema's limits), and restored
// from the experiment's link key (Rust's schema::instrument_keys).

import { readForm } from '../pkg/weightscope.js';
import { downloadCost } from '../lib/data.js';
import { datasetOf } from '../lib/dataset.js';
import { el } from '../lib/dom.js';
import { schema } from '../lib/schema.js';
import { formQuery } from './controls.js';
import { capital } from '../lib/format.js';

/**
 * A primary button that does `action` and downloads a dataset's files first (its test files
 * alone when `test`). `show(key)` names dataset `key`'s download in it.
 */
export function downloadButton(action, { test = false } = {}) {
  const button = el('button', { type: 'button', class: 'primary' });
  let shown; // the dataset named
  return {
    button,
    show(key) {
      const { key: named, name } = datasetOf(key);
      if (named === shown) return;
      shown = named;
      const say = (cost) => { button.textContent = `${action} (downloads ${cost}, once)`; };
      say(test ? `the ${name} test set` : name); // until the manifest gives the size
      downloadCost(named, test).then((cost) => shown === named && say(cost));
    },
  };
}

/**
 * An Epochs field `id` for an experiment whose link key is `key` (`detectorsEpochs`): it opens on
 * the link's value (empty otherwise: the page fills in the recipe's). Problems are shown in the
 * element `message` (an id'd live line of the panel).
 */
export function epochsField(id, { key, link, message }) {
  const input = el('input', { id, type: 'text', inputmode: 'numeric', autocomplete: 'off', value: String(link.state[key] ?? '') });
  return { field: el('span', { class: 'k-field' }, el('label', { for: id }, 'Epochs'), input), ...epochsOf(input, message) };
}

/** An experiment's Epochs `input` (the page's or epochsField's); its problems are shown in `message` (an id'd element). */
export function epochsOf(input, message) {
  const read = (config) => {
    const texts = formQuery({ ...config, epochs: input.value });
    const { config: read, problems } = readForm(schema().params.map((p) => texts.get(p.name) ?? ''));
    return { epochs: read.epochs, problem: problems.find((p) => p.field === 'epochs')?.message };
  };
  return {
    /**
     * `config` (the drawer's recipe) trained for the epochs typed, or a sentence saying what is
     * wrong: no recipe (null: the drawer shows why), or the epochs (the field then marked invalid).
     */
    apply(config) {
      if (!config) return 'Fix the recipe in the form first.';
      const { epochs, problem } = read(config);
      if (problem) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', message.id);
      } else {
        input.removeAttribute('aria-invalid');
        input.removeAttribute('aria-describedby');
      }
      return problem ? capital(problem) : { ...config, epochs };
    },
    /** The epochs typed, when valid for `config` (the drawer's, or null: then null); the field is left as it is. */
    peek: (config) => {
      const { epochs, problem } = config ? read(config) : { problem: true };
      return problem ? null : epochs;
    },
  };
}
