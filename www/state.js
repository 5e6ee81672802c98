// The page's state in the URL hash: ONE table of parameters {name, type, default, range} drives
// both parse and serialize, with a format version (v=1). Pure: it never touches `location`
// (app.js does) nor the DOM. Ranges here only catch nonsense early, with a notice; Rust's
// validateConfig still owns the real limits.

/** The hash format this page writes; links without `v` are read as this version. */
export const VERSION = 1;

const U32_MAX = 2 ** 32 - 1;

/**
 * Every parameter a link can carry. `default: undefined` means absent unless given.
 * `config: true` marks the ones that shape a training run (they fill the form).
 * `omitDefault: true` leaves the parameter out of the link while it has its default: the data
 * subset, absent from links made before it existed, where it meant (and means) all of MNIST.
 */
export const PARAMS = [
  { name: 'sizes', type: 'sizes', default: [784, 30, 10], range: { hidden: [1, 4], neurons: [1, 1000] }, config: true },
  { name: 'epochs', type: 'int', default: 30, range: [1, 1000], config: true },
  { name: 'eta', type: 'number', default: 0.5, range: [0, 100], exclusiveMin: true, config: true },
  { name: 'miniBatch', type: 'int', default: 10, range: [1, 50_000], config: true },
  { name: 'lambda', type: 'number', default: 5, range: [0, 1000], config: true },
  { name: 'cost', type: 'enum', default: 'crossEntropy', range: ['crossEntropy', 'quadratic'], config: true },
  { name: 'init', type: 'enum', default: 'default', range: ['default', 'large'], config: true },
  { name: 'seed', type: 'int', default: 1, range: [0, U32_MAX], config: true },
  { name: 'trainSize', type: 'int', default: 50_000, range: [100, 50_000], config: true, omitDefault: true },
  { name: 'testSize', type: 'int', default: 10_000, range: [100, 10_000], config: true, omitDefault: true },
  { name: 'view', type: 'enum', default: undefined, range: ['hidden', 'output', 'explorer', 'pad', 'testset', 'timeline', 'sweep', 'compare'] },
  { name: 'digit', type: 'int', default: undefined, range: [0, 9] },
  { name: 'digest', type: 'hex', default: undefined, range: 16 },
  { name: 'autotrain', type: 'bool', default: undefined },
  { name: 'model', type: 'path', default: undefined, range: 200 },
  { name: 'embed', type: 'enum', default: undefined, range: ['hidden', 'output', 'explorer', 'pad', 'curves', 'sweep', 'compare'] },
];

const LABELS = {
  sizes: 'layer sizes', epochs: 'epochs', eta: 'learning rate η', miniBatch: 'mini-batch size', lambda: 'λ',
  cost: 'cost', init: 'initial weights', seed: 'seed', trainSize: 'training images', testSize: 'test images', view: 'view', digit: 'digit', digest: 'weights digest', autotrain: 'autotrain',
  model: 'model file', embed: 'embedded figure',
};

/** Text -> value by type; returns undefined when the text is not a valid value. */
const READ = {
  int(text, [min, max]) {
    if (!/^\d+$/.test(text)) return undefined;
    const n = Number(text);
    return n >= min && n <= max ? n : undefined;
  },
  number(text, [min, max], param) {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
    const x = Number(text);
    const aboveMin = param.exclusiveMin ? x > min : x >= min;
    return Number.isFinite(x) && aboveMin && x <= max ? x + 0 : undefined; // + 0: -0 becomes 0, as it serializes
  },
  enum: (text, choices) => (choices.includes(text) ? text : undefined),
  // Own keys only: `({…})['__proto__']` would be Object.prototype (found by `make fuzz`).
  bool: (text) => new Map([['1', true], ['true', true], ['0', false], ['false', false]]).get(text),
  // A relative URL on this site: no scheme, no host, no way up.
  path: (text, length) => (text.length <= length && /^[\w.\-/]+$/.test(text) && !text.startsWith('/')
    && !text.split('/').includes('..') ? text : undefined),
  hex: (text, length) => (new RegExp(`^[0-9a-f]{${length}}$`).test(text) ? text : undefined),
  sizes(text, { hidden, neurons }) {
    const parts = text.split('-');
    if (!parts.every((part) => /^\d+$/.test(part))) return undefined;
    const sizes = parts.map(Number);
    const inner = sizes.slice(1, -1);
    const ok = sizes[0] === 784 && sizes.at(-1) === 10
      && inner.length >= hidden[0] && inner.length <= hidden[1]
      && inner.every((n) => n >= neurons[0] && n <= neurons[1]);
    return ok ? sizes : undefined;
  },
};

/** Value -> text by type. */
const WRITE = {
  sizes: (sizes) => sizes.join('-'),
  bool: (flag) => (flag ? '1' : '0'),
};

function describe(param) {
  const { type, range } = param;
  if (type === 'int' || type === 'number') return `a number from ${range[0]} to ${range[1]}`;
  if (type === 'enum') return `one of ${range.join(', ')}`;
  if (type === 'sizes') return 'sizes like 784-30-10 (784 inputs, 1 to 4 hidden layers of 1 to 1000, 10 outputs)';
  if (type === 'hex') return `${range} hex digits`;
  if (type === 'path') return 'a relative path on this site, such as www/demos/network2-784-30-10.wscp';
  return '1 or 0';
}

/** The defaults: every parameter that has one. */
export function defaults() {
  const state = {};
  for (const param of PARAMS) {
    if (param.default !== undefined) state[param.name] = structuredClone(param.default);
  }
  return state;
}

/**
 * Reads a location hash ("#v=1&epochs=3&…" or "") into {state, notices, given}.
 * `state` has every default plus what the hash set correctly; each bad or unknown value becomes
 * a notice (a sentence) and its default stands. `given` lists the parameters the hash set.
 * Never throws.
 */
export function parseHash(hash) {
  const state = defaults();
  const notices = [];
  const given = [];
  let params;
  try {
    params = new URLSearchParams(String(hash ?? '').replace(/^#/, ''));
  } catch {
    return { state, notices: ['This link could not be read; the defaults are shown.'], given };
  }
  const version = params.get('v');
  if (version !== null && version !== String(VERSION)) {
    notices.push(`This link is in format version ${quote(version)}, this page reads version ${VERSION}: check the settings before training.`);
  }
  for (const [name, text] of params) {
    if (name === 'v') continue;
    const param = PARAMS.find((p) => p.name === name);
    if (!param) {
      if (name !== 'scale') notices.push(`The link's “${quote(name)}” is not a setting Weightscope knows; it was ignored.`);
      continue;
    }
    const value = READ[param.type](text.trim(), param.range, param);
    if (value === undefined) {
      const fallback = param.default === undefined ? 'it was ignored' : `the default ${format(param, param.default)} is used`;
      notices.push(`The link's ${LABELS[name]} “${quote(text)}” is not ${describe(param)}; ${fallback}.`);
      continue;
    }
    state[name] = value;
    given.push(name);
  }
  return { state, notices, given };
}

/** A value from the link as a notice quotes it: at most 40 characters (links can be huge). */
function quote(text) {
  const chars = [...text];
  return chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : text;
}

function format(param, value) {
  return (WRITE[param.type] ?? String)(value);
}

/**
 * The hash text (without "#") for `state`: "v=1" then each known parameter that has a value, in
 * table order (an `omitDefault` one only when it differs from its default).
 * parseHash(serializeHash(s)).state equals s for any valid state.
 */
export function serializeHash(state) {
  const params = new URLSearchParams({ v: String(VERSION) });
  for (const param of PARAMS) {
    const value = state[param.name];
    if (value === undefined || value === null) continue;
    if (param.omitDefault && format(param, value) === format(param, param.default)) continue;
    params.set(param.name, format(param, value));
  }
  return params.toString();
}

/** The training configuration in `state`: just the parameters that shape a run. */
export function configOf(state) {
  return Object.fromEntries(PARAMS.filter((p) => p.config).map((p) => [p.name, state[p.name]]));
}

/** Whether two configurations describe the same run. */
export function sameConfig(a, b) {
  return PARAMS.filter((p) => p.config).every((p) => format(p, a[p.name]) === format(p, b[p.name]));
}
