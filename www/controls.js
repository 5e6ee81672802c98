// The configuration form: one table of fields drives parsing, presets, the URL query and the
// messages shown next to each field. Limits are not checked here: the wasm export
// validateConfig (Rust's Config::problems) owns them; this module only turns text into values.

/**
 * Nielsen's two programs, as the Rust side defines them (Config::network1 / network2), and the
 * networks the book, 3Blue1Brown and the article report on. `reference` is the published test
 * accuracy, shown beside the live one; it is not a config field. Every preset trains on all of
 * MNIST, as those figures were measured: picking one resets a subset, and a subset run is no
 * preset's.
 */
const ALL_OF_MNIST = { trainSize: 50_000, testSize: 10_000 };
const NETWORK1 = { sizes: [784, 30, 10], epochs: 30, eta: 3.0, miniBatch: 10, lambda: 0, cost: 'quadratic', init: 'large', ...ALL_OF_MNIST };
export const PRESETS = {
  network1: { ...NETWORK1, reference: { percent: 95.42, peak: true, source: 'Nielsen, chapter 1' } },
  network2: {
    sizes: [784, 30, 10], epochs: 30, eta: 0.5, miniBatch: 10, lambda: 5.0, cost: 'crossEntropy', init: 'default', ...ALL_OF_MNIST,
    reference: { percent: 96.49, peak: true, source: 'Nielsen, chapter 3' },
  },
  hidden100: { ...NETWORK1, sizes: [784, 100, 10], reference: { percent: 96.59, peak: true, source: 'Nielsen, chapter 1' } },
  threeBlue: { ...NETWORK1, sizes: [784, 16, 16, 10], reference: { percent: 96, approximate: true, source: '3Blue1Brown, chapter 2' } },
  article: { ...NETWORK1, sizes: [784, 10, 10], reference: { percent: 93.43, source: 'the article' } },
};

/** "95.42% at best (Nielsen, chapter 1)", "about 96% (3Blue1Brown, chapter 2)". */
export const referenceText = ({ percent, approximate, peak, source }) => `${approximate ? 'about ' : ''}${percent}%${peak ? ' at best' : ''} (${source})`;

/** The preset `config` is (any epochs, any seed), or undefined. */
export function presetOf(config) {
  return Object.values(PRESETS).find((preset) => Object.entries(preset)
    .every(([key, value]) => !isField(key) || key === 'epochs' || String(config[key]) === String(value)));
}
const { reference: _published, ...NETWORK2 } = PRESETS.network2;
const DEFAULTS = { ...NETWORK2, seed: 1 };
const INPUTS = 784;
const OUTPUTS = 10;

// Parsers: text -> { value } or { error }.
const U32_MAX = 2 ** 32 - 1;
const isWhole = (text) => /^\d+$/.test(text);
// Counts (epochs, neurons, mini-batch, images) are usize in wasm32, that is u32: Rust cannot even read more.
const count = (text) => {
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
  return { value: [INPUTS, ...parts.map((part) => part.value), OUTPUTS] };
}

/** Each field: its config key (= input name and URL parameter), text -> value, value -> text. */
const FIELDS = [
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
  return new URLSearchParams(FIELDS.map((field) => [field.name, field.format(config[field.name])]));
}

const isField = (name) => FIELDS.some((field) => field.name === name);
/** Rust words its limits as clauses ("must be from 1 to 1000, not 0"); shown alone, they start with a capital. */
const sentence = (message) => message.charAt(0).toUpperCase() + message.slice(1);

/**
 * Wires the form. `validate(config)` returns [{field, message}] (the wasm export);
 * `onTrain(config)` runs for a valid submission only.
 */
export function createControls(form, { validate, onTrain }) {
  const input = (name) => form.elements.namedItem(name);
  const presetButtons = [...form.querySelectorAll('[data-preset]')];
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
      const limits = validate({ ...DEFAULTS, ...config }).filter((p) => !isField(p.field) || p.field in config);
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
      button.setAttribute('aria-pressed', String(PRESETS[button.dataset.preset] === preset));
    }
  }

  for (const button of presetButtons) {
    const hint = form.querySelector(`#${button.getAttribute('aria-describedby')}`);
    const { percent, approximate } = PRESETS[button.dataset.preset].reference;
    hint?.append(` · published: ${approximate ? 'about ' : ''}${percent}%`);
    button.addEventListener('click', () => {
      fill(PRESETS[button.dataset.preset]);
      show(check().problems);
    });
  }
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
      fill(DEFAULTS);
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
