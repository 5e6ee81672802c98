// The page's state in the URL hash: ONE table of parameters {name, type, default, range} drives
// both parse and serialize, with a format version (v=1). Pure: it never touches `location`
// (lib/link.js does) nor the DOM. Every key, its default and range come from Rust's schema
// (lib/schema.js); each value is read by Rust by its key's type and range
// (readLinkValue, crate/src/link.rs), which also words what a bad value should have been, and
// Rust's validateConfig still judges a whole configuration.

import { describeLinkValue, readLinkValue } from '../pkg/weightscope.js';
import { schema } from './schema.js';

/** The hash format this page writes; links without `v` are read as this version. */
export const VERSION = 1;

/** A run parameter of the schema as the table has it: `range` is what Rust's readLinkValue checks. */
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
 * Every parameter a link can carry, in link order, all from Rust's schema: the run parameters
 * (they fill the form; `omitDefault` ones stay out of a link while they have their default), the
 * page's own keys (the view, the digest, an embed's figure and network, …) and the instruments'.
 * `default: undefined` means absent unless given.
 */
export function params() {
  if (table) return table;
  const s = schema();
  table = [
    ...s.params.map((p) => fromSchema(p, s)),
    ...s.pageKeys,
    ...s.instrumentKeys.map((k) => ({ name: k.name, label: k.label, type: k.kind, default: undefined, range: k.kind === 'enum' ? k.choices : k.kind === 'int' ? [k.min, k.max] : k })),
  ];
  return table;
}

/** Value -> text by type. */
const WRITE = {
  sizes: (sizes) => sizes.join('-'),
  bool: (flag) => (flag ? '1' : '0'),
  list: (values) => values.join('-'),
  picks: (picks) => picks.map(([neuron, weight]) => `${neuron}*${weight}`).join('_'),
};

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
    const value = readLinkValue(param, text.trim()); // Rust reads it (crate/src/link.rs)
    if (value === undefined) {
      const fallback = param.default === undefined ? 'it was ignored' : `the default ${format(param, param.default)} is used`;
      notices.push(`The link's ${param.label} “${quote(text)}” is not ${describeLinkValue(param)}; ${fallback}.`);
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
