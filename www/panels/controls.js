// The configuration form: one table of fields drives parsing, presets, the URL query and the
// messages shown next to each field. Defaults, presets, their published figures and the hints
// come from Rust's schema (www/schema.js); limits are not checked here: the wasm export
// validateConfig (Rust's Config::problems) owns them; this module only turns text into values.

import { param, schema } from '../lib/schema.js';
import { el } from '../lib/dom.js';
import { thousands } from '../lib/format.js';

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
const inputs = () => schema().dataset.side ** 2;
const outputs = () => schema().dataset.classNames.length;

// Parsers: text -> { value } or { error }.
const U32_MAX = 2 ** 32 - 1; // usize in wasm32 and the seed's u32: what Rust can read at all
const isWhole = (text) => /^\d+$/.test(text);
// Counts (epochs, neurons, mini-batch, images) are usize in wasm32, that is u32: Rust cannot even read more.
export const count = (text) => {
  if (!isWhole(text)) return { error: 'Enter a whole number, e.g. 10.' };
  return Number(text) <= U32_MAX ? { value: Number(text) } : { error: 'Far too large: enter a smaller whole number.' };
};
const seed = (text) => (isWhole(text) && Number(text) <= U32_MAX
  ? { value: Number(text) }
  : { error: `Enter a whole number from 0 to ${U32_MAX}.` });
const number = (text) => (text !== '' && Number.isFinite(Number(text)) ? { value: Number(text) } : { error: 'Enter a number, e.g. 0.5.' });
const choice = (text) => (text ? { value: text } : { error: 'Choose one of the options.' });

function hiddenLayers(text) {
  const parts = text.split(',').map((part) => count(part.trim()));
  if (parts.some((part) => part.error)) {
    return { error: 'Enter neuron counts separated by commas, e.g. 30 or 16,16.' };
  }
  return { value: [inputs(), ...parts.map((part) => part.value), outputs()] };
}

/** Each field: its config key (= input name and URL parameter), text -> value, value -> text. */
const FIELDS = [
  { name: 'dataset', parse: choice, format: String }, // absent from a config: the schema's default
  { name: 'sizes', parse: hiddenLayers, format: (sizes) => sizes.slice(1, -1).join(',') },
  { name: 'epochs', parse: count, format: String },
  { name: 'eta', parse: number, format: String },
  { name: 'miniBatch', parse: count, format: String },
  { name: 'lambda', parse: number, format: String },
  { name: 'cost', parse: choice, format: String },
  { name: 'init', parse: choice, format: String },
  { name: 'seed', parse: seed, format: String },
  { name: 'trainSize', parse: count, format: String },
  { name: 'testSize', parse: count, format: String },
];

/** The text each field shows for `config`, as URL parameters: `sizes` as the hidden layers ("16,16"). */
export function formQuery(config) {
  return new URLSearchParams(FIELDS.filter((field) => config[field.name] !== undefined)
    .map((field) => [field.name, field.format(config[field.name])]));
}

const isField = (name) => FIELDS.some((field) => field.name === name);
/** Rust words its limits as clauses ("must be from 1 to 1000, not 0"); shown alone, they start with a capital. */
export const sentence = (message) => message.charAt(0).toUpperCase() + message.slice(1);

/**
 * Wires the form. `validate(config)` returns [{field, message}] (the wasm export);
 * `onTrain(config)` runs for a valid submission only.
 */
export function createControls(form, { validate, onTrain }) {
  const input = (name) => form.elements.namedItem(name);
  const formError = form.querySelector('#form-error');
  // The hint each field is always described by (from the markup), if any.
  const hints = new Map(FIELDS.map((field) => [field.name, input(field.name).getAttribute('aria-describedby')]));
  let showingErrors = false;

  function fill(values) {
    for (const field of FIELDS) {
      if (field.name in values) input(field.name).value = field.format(values[field.name]);
    }
    markPreset();
  }

  /** Reads the form: {config} when every field parses, plus [{field, message}] problems. */
  function read() {
    const config = {};
    const problems = [];
    for (const field of FIELDS) {
      const { value, error } = field.parse(input(field.name).value.trim());
      if (error) problems.push({ field: field.name, message: error });
      else config[field.name] = value;
    }
    return { config, problems };
  }

  /** Parse errors, and the Rust limits for the fields that parsed (the others stand in as defaults). */
  function check() {
    const { config, problems } = read();
    try {
      const limits = validate({ ...defaults(), ...config }).filter((p) => !isField(p.field) || p.field in config);
      return { config, problems: [...problems, ...limits] };
    } catch (error) {
      return { config, problems: [...problems, { field: null, message: `Could not check these settings: ${error.message ?? error}` }] };
    }
  }

  function show(problems) {
    for (const field of FIELDS) {
      const element = input(field.name);
      const error = form.querySelector(`#${field.name}-error`);
      const problem = problems.find((p) => p.field === field.name);
      error.textContent = problem ? sentence(problem.message) : '';
      error.hidden = !problem;
      const describedBy = [problem && error.id, hints.get(field.name)].filter(Boolean).join(' ');
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
    const { config } = read();
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
  for (const field of FIELDS) {
    const hint = form.querySelector(`#${field.name}-hint`);
    if (hint) hint.textContent = param(field.name).help;
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
      const first = FIELDS.find((field) => problems.some((p) => p.field === field.name));
      if (first) input(first.name).focus();
      return;
    }
    onTrain(config);
  });

  return {
    /**
     * Fills the form from URL parameters (defaults for the rest), shows what is wrong with them,
     * and returns the config when it is valid (null otherwise).
     */
    load(params) {
      fill(defaults());
      for (const field of FIELDS) {
        if (params.has(field.name)) input(field.name).value = params.get(field.name);
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
