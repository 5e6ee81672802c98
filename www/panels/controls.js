// The configuration form ("Change the network"): its fields are the schema's run parameters, and
// Rust reads them (the wasm export readForm, crate/src/form.rs: each text to its value or what to
// type there, then the schema's limits). Defaults, presets, their published figures and the
// hints come from Rust's schema (lib/schema.js); this module fills the form, shows the problems
// next to their fields and marks the preset the form holds. Its Close button closes the drawer.

import { readForm } from '../pkg/weightscope.js';
import { param, schema } from '../lib/schema.js';
import { el } from '../lib/dom.js';
import { capital, thousands } from '../lib/format.js';

/**
 * The presets (Rust's schema: named for their stories, Nielsen's two chapters and the networks
 * the book, 3Blue1Brown and the article report on, each with a seed that is a typical draw), keyed by id: each a config plus `reference`, the published test
 * accuracy shown beside the live one (not a config field). Every preset trains on all of the
 * dataset, as those figures were measured: picking one resets a subset, and a subset run is no
 * preset's.
 */
function presets() {
  return Object.fromEntries(schema().presets.map((p) => [p.id, { id: p.id, ...p.config, reference: p.published }]));
}

/** "95.42% at best (Nielsen, chapter 1)", "about 96% (3Blue1Brown, chapter 2)". */
export const referenceText = ({ percent, approximate, peak, source }) => `${approximate ? 'about ' : ''}${percent}%${peak ? ' at best' : ''} (${source})`;

/** The preset `config` is (any epochs, any seed), or undefined (always on another dataset than the presets' figures). */
export function presetOf(config) {
  if ((config.dataset ?? schema().dataset.key) !== schema().dataset.key) return undefined;
  return Object.values(presets()).find((preset) => Object.entries(preset)
    .every(([key, value]) => !isField(key) || key === 'epochs' || key === 'seed' || String(config[key]) === String(value)));
}
/** Every field's default (network2.py's recipe on all of the dataset), from the schema. */
const defaults = () => Object.fromEntries(schema().params.map((p) => [p.name, p.default]));
/** The form's fields, in its order: the schema's run parameters (input names and link keys alike). */
const fields = () => schema().params.map((p) => p.name);
/** A value as its field shows it: `sizes` as the hidden layers ("16,16"). */
const format = (name, value) => (name === 'sizes' ? value.slice(1, -1).join(',') : String(value));

/** The text each field shows for `config`, as URL parameters: `sizes` as the hidden layers ("16,16"). */
export function formQuery(config) {
  return new URLSearchParams(fields().filter((name) => config[name] !== undefined).map((name) => [name, format(name, config[name])]));
}

const isField = (name) => fields().includes(name);

/** Wires the form; `onTrain(config)` runs for a valid submission only, with the drawer closed. */
export function createControls(form, { onTrain }) {
  const drawer = form.closest('details');
  form.querySelector('#close-drawer').addEventListener('click', () => {
    drawer.open = false;
    drawer.querySelector('summary').focus();
  });
  const input = (name) => form.elements.namedItem(name);
  const formError = form.querySelector('#form-error');
  // The hint each field is always described by (from the markup), if any.
  const hints = new Map(fields().map((name) => [name, input(name).getAttribute('aria-describedby')]));
  let showingErrors = false;

  function fill(values) {
    for (const name of fields()) {
      if (name in values) input(name).value = format(name, values[name]);
    }
    markPreset();
  }

  /** The form read by Rust: {config} of the fields that read, and [{field, message}] problems (limits included). */
  function check() {
    try {
      return readForm(fields().map((name) => input(name).value));
    } catch (error) {
      return { config: {}, problems: [{ field: null, message: `Could not check these settings: ${error.message ?? error}` }] };
    }
  }

  function show(problems) {
    for (const name of fields()) {
      const element = input(name);
      const error = form.querySelector(`#${name}-error`);
      const problem = problems.find((p) => p.field === name);
      error.textContent = problem ? capital(problem.message) : ''; // Rust's clause, shown alone
      error.hidden = !problem;
      const describedBy = [problem && error.id, hints.get(name)].filter(Boolean).join(' ');
      if (problem) element.setAttribute('aria-invalid', 'true');
      else element.removeAttribute('aria-invalid');
      if (describedBy) element.setAttribute('aria-describedby', describedBy);
      else element.removeAttribute('aria-describedby');
    }
    const unknown = problems.filter((p) => !isField(p.field));
    formError.textContent = unknown.map((p) => p.message).join(' ');
    formError.hidden = unknown.length === 0;
    showingErrors = problems.length > 0;
  }

  function markPreset() {
    const { config } = check();
    const preset = presetOf(config); // the program is the same for any number of epochs
    for (const button of presetButtons) {
      button.setAttribute('aria-pressed', String(preset?.id === button.dataset.preset));
    }
  }

  // The presets, their words and their small print come from the schema: a button each, named
  // for its story, with its recipe, seed and published figure under it.
  const all = presets();
  const presetButtons = schema().presets.map((preset) => {
    const { percent, approximate } = preset.published;
    const note = preset.note ? ` ${preset.note}` : ''; // where the published figure used another recipe
    const button = el('button', { type: 'button', 'data-preset': preset.id, 'aria-pressed': 'false', 'aria-describedby': `${preset.id}-hint` }, preset.label);
    form.querySelector('.presets').append(el('div', { class: 'preset' }, button,
      el('span', { class: 'hint', id: `${preset.id}-hint` }, `${preset.hint}, seed ${preset.config.seed} · published: ${approximate ? 'about ' : ''}${percent}%.${note}`)));
    button.addEventListener('click', () => {
      fill(all[preset.id]);
      show(check().problems);
    });
    return button;
  });
  // The dataset picker's choices are the schema's descriptors.
  input('dataset').replaceChildren(...schema().datasets.map((d) => new Option(d.name, d.key)));
  for (const name of fields()) {
    const hint = form.querySelector(`#${name}-hint`);
    if (hint) hint.textContent = param(name).help;
  }
  const { dataset } = schema();
  form.querySelector('#presets-hint').textContent = `Each preset trains on all of ${dataset.name} (${thousands(dataset.train)} training and ${thousands(dataset.test)} test images), as the published figures did.`;
  form.addEventListener('change', () => show(check().problems));
  form.addEventListener('input', () => {
    markPreset();
    if (showingErrors) show(check().problems);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { config, problems } = check();
    show(problems);
    if (problems.length > 0) {
      const first = fields().find((name) => problems.some((p) => p.field === name));
      if (first) input(first).focus();
      return;
    }
    drawer.open = false; // a run starts: the grid it draws on comes first
    onTrain(config);
  });

  return {
    /**
     * Fills the form from URL parameters (defaults for the rest), shows what is wrong with them,
     * and returns the config when it is valid (null otherwise).
     */
    load(params) {
      fill(defaults());
      for (const name of fields()) {
        if (params.has(name)) input(name).value = params.get(name);
      }
      markPreset();
      const { config, problems } = check();
      show(problems);
      return problems.length === 0 ? config : null;
    },
    /** The form's config when valid (null otherwise, with the problems shown): the experiments' recipe. */
    current() {
      const { config, problems } = check();
      show(problems);
      return problems.length === 0 ? config : null;
    },
  };
}
