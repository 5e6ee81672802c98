// The page's state in the URL hash: ONE table of parameters {name, type, default, range} drives
// both parse and serialize, with a format version (v=1). Pure: it never touches `location`
// (lib/link.js does) nor the DOM. The run parameters, their defaults and ranges come from Rust's
// schema (www/schema.js); ranges here only catch nonsense early, with a notice, and Rust's
// validateConfig still judges a whole configuration.

import { isModelUrl, isSitePath, parseGoal } from '../pkg/weightscope.js';
import { chapterIds } from './chapters.js';
import { schema } from './schema.js';

/** The hash format this page writes; links without `v` are read as this version. */
export const VERSION = 1;

/** The views a link can open (panels, instruments and chapters) and the figures it can embed: the page's own, not run settings. */
const INSTRUMENTS = ['ablation', 'compose', 'matching', 'detectors'];
const VIEWS = ['hidden', 'output', 'explorer', 'pad', 'testset', 'timeline', 'sweep', 'compare', ...INSTRUMENTS, ...chapterIds()];
const EMBEDS = ['hidden', 'output', 'explorer', 'pad', 'curves', 'timeline', 'sweep', 'compare', ...INSTRUMENTS];

/** A run parameter of the schema as the table has it: `range` is what READ checks. */
function fromSchema(p, { dataset, maxHiddenNeurons }) {
  const range = p.type === 'sizes'
    ? { inputs: dataset.side ** 2, outputs: dataset.classNames.length, hidden: [p.min, p.max], neurons: [1, maxHiddenNeurons] }
    : p.type === 'enum' ? p.choices : [p.min, p.max];
  // The dataset joined links after links were published: absent unless given, so every published
  // link reads to the same state as before; absent means the schema's default (`fallback`).
  const absent = p.name === 'dataset';
  return {
    name: p.name, label: p.label, type: p.type, default: absent ? undefined : p.default, fallback: p.default, range,
    exclusiveMin: p.exclusiveMin, config: true, omitDefault: p.omitDefault,
  };
}

let table = null;

/**
 * Every parameter a link can carry, in link order: the run parameters of Rust's schema (they fill
 * the form; `omitDefault` ones stay out of a link while they have their default), then the page's
 * own. `default: undefined` means absent unless given.
 */
export function params() {
  if (table) return table;
  const s = schema();
  table = [
    ...s.params.map((p) => fromSchema(p, s)),
    { name: 'view', label: 'view', type: 'enum', default: undefined, range: VIEWS },
    { name: 'digit', label: 'digit', type: 'int', default: undefined, range: [0, s.dataset.classNames.length - 1] },
    { name: 'digest', label: 'weights digest', type: 'hex', default: undefined, range: 16 },
    { name: 'autotrain', label: 'autotrain', type: 'bool', default: undefined },
    { name: 'model', label: 'model file', type: 'path', default: undefined },
    { name: 'embed', label: 'embedded figure', type: 'enum', default: undefined, range: EMBEDS },
    { name: 'note', label: 'note', type: 'text', default: undefined, range: s.maxNote },
    { name: 'goal', label: 'goal', type: 'goal', default: undefined, range: s.maxGoal },
    { name: 'theme', label: 'embed theme', type: 'enum', default: undefined, range: s.themes },
    // An embed's network, weights and all (Rust's embedText; checked against `digest` when read).
    { name: 'net', label: 'embedded network', type: 'base64url', default: undefined },
    ...s.instrumentKeys.map((k) => ({ name: k.name, label: k.label, type: k.kind, default: undefined, range: k.kind === 'enum' ? k.choices : k })),
  ];
  return table;
}

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
  // A relative URL on this site (no scheme, no host, no way up), or a model file's https: URL on
  // another site, such as the blog's (Rust's isSitePath and isModelUrl decide).
  path: (text) => (isSitePath(text) || isModelUrl(text) ? text : undefined),
  // The sharer's words: plain text up to the schema's length, no control characters but line
  // breaks, and well-formed (a lone surrogate would not survive the link's encoding).
  text: (text, max) => ([...text].length <= max && !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)
    && !/[\ud800-\udfff]/u.test(text) && text !== '' ? text : undefined),
  // A challenge, parsed by Rust (crate/src/goal.rs) and kept as it writes it.
  goal(text, max) {
    if ([...text].length > max) return undefined;
    try {
      return parseGoal(text);
    } catch {
      return undefined;
    }
  },
  base64url: (text) => (/^[A-Za-z0-9_-]+$/.test(text) ? text : undefined),
  // An instrument's whole numbers, "3-17" (as sizes are written: a link keeps "-" as it is): each
  // in [min, max], count[0] to count[1] of them, no repeats.
  list(text, { min, max, count }) {
    const items = text.split('-');
    if (items.length < count[0] || items.length > count[1] || !items.every((item) => /^\d+$/.test(item))) return undefined;
    const values = items.map(Number);
    return values.every((v) => v >= min && v <= max) && new Set(values).size === values.length ? values : undefined;
  },
  // Hidden tiles with a weight each, "3*1_17*-0.5" (neurons below count[1], weights in [min, max]).
  picks(text, { min, max, count }) {
    const items = text.split('_');
    if (items.length < count[0] || items.length > count[1]) return undefined;
    const picks = [];
    for (const item of items) {
      const match = /^(\d+)\*([+-]?(\d+\.?\d*|\.\d+))$/.exec(item);
      const [neuron, weight] = match ? [Number(match[1]), Number(match[2])] : [];
      if (!match || neuron >= count[1] || !(weight >= min && weight <= max) || picks.some((p) => p[0] === neuron)) return undefined;
      picks.push([neuron, weight + 0]);
    }
    return picks;
  },
  hex: (text, length) => (new RegExp(`^[0-9a-f]{${length}}$`).test(text) ? text : undefined),
  sizes(text, { inputs, outputs, hidden, neurons }) {
    const parts = text.split('-');
    if (!parts.every((part) => /^\d+$/.test(part))) return undefined;
    const sizes = parts.map(Number);
    const inner = sizes.slice(1, -1);
    const ok = sizes[0] === inputs && sizes.at(-1) === outputs
      && inner.length >= hidden[0] && inner.length <= hidden[1]
      && inner.every((n) => n >= neurons[0] && n <= neurons[1]);
    return ok ? sizes : undefined;
  },
};

/** Value -> text by type. */
const WRITE = {
  sizes: (sizes) => sizes.join('-'),
  bool: (flag) => (flag ? '1' : '0'),
  list: (values) => values.join('-'),
  picks: (picks) => picks.map(([neuron, weight]) => `${neuron}*${weight}`).join('_'),
};

function describe(param) {
  const { type, range } = param;
  if (type === 'int' || type === 'number') return `a number from ${range[0]} to ${range[1]}`;
  if (type === 'enum') return `one of ${range.join(', ')}`;
  if (type === 'sizes') {
    const { inputs, outputs, hidden, neurons } = range;
    return `sizes like ${inputs}-30-${outputs} (${inputs} inputs, ${hidden[0]} to ${hidden[1]} hidden layers of ${neurons[0]} to ${neurons[1]}, ${outputs} outputs)`;
  }
  if (type === 'hex') return `${range} hex digits`;
  if (type === 'base64url') return 'a network written by Weightscope\'s Embed panel';
  if (type === 'list') return `${range.count[0]} to ${range.count[1]} different whole numbers from ${range.min} to ${range.max}, like 1-2`;
  if (type === 'picks') return `neuron*weight pairs like 3*1_17*-0.5, with weights from ${range.min} to ${range.max}`;
  if (type === 'path') return 'a relative path on this site, such as www/demos/a-network.wscp, or an https: URL of a model file';
  if (type === 'text') return `plain text of at most ${range} characters`;
  if (type === 'goal') return 'a goal such as accuracy>=93.43;hidden<=10;epochs<=30';
  return '1 or 0';
}

/** The defaults: every parameter that has one. */
export function defaults() {
  const state = {};
  for (const param of params()) {
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
  let query;
  try {
    query = new URLSearchParams(String(hash ?? '').replace(/^#/, ''));
  } catch {
    return { state, notices: ['This link could not be read; the defaults are shown.'], given };
  }
  const version = query.get('v');
  if (version !== null && version !== String(VERSION)) {
    notices.push(`This link is in format version ${quote(version)}, this page reads version ${VERSION}: check the settings before training.`);
  }
  for (const [name, text] of query) {
    if (name === 'v') continue;
    const param = params().find((p) => p.name === name);
    if (!param) {
      if (name !== 'scale') notices.push(`The link's “${quote(name)}” is not a setting Weightscope knows; it was ignored.`);
      continue;
    }
    const value = READ[param.type](text.trim(), param.range, param);
    if (value === undefined) {
      const fallback = param.default === undefined ? 'it was ignored' : `the default ${format(param, param.default)} is used`;
      notices.push(`The link's ${param.label} “${quote(text)}” is not ${describe(param)}; ${fallback}.`);
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
  const query = new URLSearchParams({ v: String(VERSION) });
  for (const param of params()) {
    const value = state[param.name];
    if (value === undefined || value === null) continue;
    if (param.omitDefault && format(param, value) === format(param, param.fallback ?? param.default)) continue;
    query.set(param.name, format(param, value));
  }
  return query.toString();
}

/** The training configuration in `state`: just the parameters that shape a run. */
export function configOf(state) {
  return Object.fromEntries(params().filter((p) => p.config && state[p.name] !== undefined).map((p) => [p.name, state[p.name]]));
}

/** Whether two configurations describe the same run. */
export function sameConfig(a, b) {
  return params().filter((p) => p.config).every((p) => format(p, a[p.name] ?? p.fallback) === format(p, b[p.name] ?? p.fallback));
}
