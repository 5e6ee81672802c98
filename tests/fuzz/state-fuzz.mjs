// Fuzzes the URL-hash parser (crate/src/hash.rs): random and mutated hashes must never make
// parseHash throw; what it returns must be well formed (every parameter in its table range, each
// notice a sentence), and serializeHash must round-trip it. Deterministic for a seed.
// `node tests/fuzz/state-fuzz.mjs [seconds]` runs it for a while and reports executions and
// crashes (a crash prints its input); tests/unit/ runs a few thousand cases of it.

import { isDeepStrictEqual } from 'node:util';

import { parseHash, schema, serializeHash } from '../unit/wasm.mjs';

/**
 * Every key a link can carry with its type and range, read here from the schema on the fuzzer's
 * own terms (Rust's table, crate/src/hash.rs, is what is tested): `{name, type, range,
 * exclusiveMin, absent}`, `absent` when a state has no value unless the link gives one.
 */
function keyTable() {
  const s = schema();
  const run = s.params.map((p) => ({
    name: p.name,
    type: p.type,
    exclusiveMin: p.exclusiveMin,
    absent: p.name === 'dataset',
    range: p.type === 'sizes' ? { hidden: [p.min, p.max], neurons: [1, s.maxHiddenNeurons] } : p.type === 'enum' ? p.choices : [p.min, p.max],
  }));
  const page = s.pageKeys.map((k) => ({ ...k, absent: true }));
  const instruments = s.instrumentKeys.map((k) => ({
    name: k.name, type: k.kind, absent: true, range: k.kind === 'enum' ? k.choices : k.kind === 'int' ? [k.min, k.max] : k,
  }));
  return [...run, ...page, ...instruments];
}
const KEYS = keyTable();

/** A small seeded PRNG (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [...KEYS.map((p) => p.name), 'v', 'model', 'embed', 'scale', '', 'x', '__proto__', 'constructor', 'toString', 'sizes[]', 'SIZES'];
const VALUES = [
  '', '0', '1', '-1', '1e9', '1e309', '-0', 'NaN', 'Infinity', '-Infinity', '0x10', '1_000', ' 5 ', '+3', '.5', '5.', '1e-400',
  '784-30-10', '784-100000-10', '784-0-10', '784--10', '784-30-30-30-30-30-10', '-784-30-10', '784-30-10-', '785-30-10', '784-30-11',
  '4294967295', '4294967296', '99', '100', '2000', '10000', '10001', '50000', '50001', '99999999999999999999999', 'abc', 'true', 'false', 'quadratic', 'crossEntropy', 'default', 'large',
  'hidden', 'output', '0123456789abcdef', '0123456789ABCDEF', '%', '%zz', '%00', '%E2%88%92', '<img src=x onerror=alert(1)>',
  'www/demos/network2-784-30-10.wscp', '../../etc/passwd', '/abs', 'https://evil.example/x.wscp', '//evil.example/x', 'a/./b', 'a/../b', 'javascript:alert(1)',
  'https://blog.example.com/nets/a.wscp', 'http://localhost:8080/blog/a.wscp', 'http://127.0.0.1:1/a', 'http://blog.example.com/a.wscp', 'https://Blog.example.com/a',
  'https://u:p@blog.example.com/a', 'https://blog.example.com/a?b', 'https://blog.example.com:443/a', 'https://blog.example.com:08/a', 'https://1.2.3.4/a',
  'https://blog.example.com/a/%2e%2e/b', 'https://blog.example.com/a/../b', 'https://[::1]/a', 'https://xn--bcher-kva.example/a', 'https://a.b/', 'https://a.0x10/a',
  'accuracy>=93.43;hidden<=10;epochs<=30', 'accuracy>=93.43', 'hidden<=0', 'accuracy>=1e400', 'epochs<=30;epochs<=30', 'speed>=1',
  'chapter-few', 'chapter-again', 'Beat my 10 neurons!', 'line one\nline two', '<b>bold</b>', 'x'.repeat(280), 'x'.repeat(281),
  '\u0000', '\ud800', '😀', '=', '&', '#', '?', '1,2', '[1]', '{"a":1}', 'null', 'undefined', '__proto__',
];
const CHARS = 'abcdefxyz0123456789-+.eE%#&=?,;[]{}<>"\' \t\n\u00a0\u2212ηλ😀\ud800';

function pick(next, list) {
  return list[Math.floor(next() * list.length)];
}

function randomText(next, max) {
  let text = '';
  const length = Math.floor(next() * max);
  for (let i = 0; i < length; i += 1) text += pick(next, CHARS);
  return text;
}

/** A random hash: name=value pairs from the lists, random text, and mutations. */
export function randomHash(next) {
  const shape = next();
  if (shape < 0.1) return randomText(next, 80);
  const pairs = [];
  const count = Math.floor(next() * 12);
  for (let i = 0; i < count; i += 1) {
    const name = next() < 0.9 ? pick(next, NAMES) : randomText(next, 8);
    let value = next() < 0.8 ? pick(next, VALUES) : randomText(next, 20);
    if (next() < 0.2) value = encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '')); // lone surrogates cannot be encoded
    if (next() < 0.1) value = value.repeat(1 + Math.floor(next() * 50));
    pairs.push(next() < 0.05 ? name : `${name}=${value}`);
  }
  let hash = (next() < 0.8 ? '#' : '') + pairs.join(next() < 0.9 ? '&' : ';');
  if (next() < 0.2) {
    const at = Math.floor(next() * (hash.length + 1));
    hash = hash.slice(0, at) + randomText(next, 5) + hash.slice(at);
  }
  return hash;
}

/** A relative path on the site, as the schema's grammar says (checked here on its own terms). */
const isSitePath = (value) => value.length <= 200 && /^[\w.\-/]+$/.test(value) && !value.startsWith('/') && !value.split('/').includes('..');

/**
 * A model file's URL on another site, judged by the browser's own URL parser: https: (http: on
 * this computer only), no user, query nor fragment, and written exactly as the parser writes it.
 */
function isModelUrl(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const loopback = ['localhost', '127.0.0.1'].includes(url.hostname);
  return (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) && url.href === value && value.length <= 500
    && !url.username && !url.password && !url.search && !url.hash && !url.pathname.endsWith('/');
}

/** Whether `value` is a valid value of `param` (the table's own ranges). */
function inRange(param, value) {
  const { type, range } = param;
  if (value === undefined) return param.absent;
  if (type === 'int') return Number.isInteger(value) && value >= range[0] && value <= range[1];
  if (type === 'number') return Number.isFinite(value) && (param.exclusiveMin ? value > range[0] : value >= range[0]) && value <= range[1];
  if (type === 'enum') return range.includes(value);
  if (type === 'bool') return typeof value === 'boolean';
  if (type === 'hex') return typeof value === 'string' && value.length === range && /^[0-9a-f]+$/.test(value);
  if (type === 'text') {
    return typeof value === 'string' && value.length > 0 && [...value].length <= range && value.trim() === value
      && !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(value) && value.isWellFormed();
  }
  if (type === 'goal') return typeof value === 'string' && value.length <= range && /^[a-z]+(>=|<=)[\d.]+(;[a-z]+(>=|<=)[\d.]+)*$/.test(value);
  if (type === 'base64url') return typeof value === 'string' && /^[\w-]+$/.test(value);
  if (type === 'path') {
    return typeof value === 'string' && (isSitePath(value) || isModelUrl(value));
  }
  if (type === 'sizes') {
    const inner = value.slice(1, -1);
    return Array.isArray(value) && value[0] === 784 && value.at(-1) === 10
      && inner.length >= range.hidden[0] && inner.length <= range.hidden[1]
      && inner.every((n) => Number.isInteger(n) && n >= range.neurons[0] && n <= range.neurons[1]);
  }
  if (type === 'list') {
    return Array.isArray(value) && value.length >= range.count[0] && value.length <= range.count[1] && new Set(value).size === value.length
      && value.every((n) => Number.isInteger(n) && n >= range.min && n <= range.max);
  }
  if (type === 'picks') {
    return Array.isArray(value) && value.length >= range.count[0] && value.length <= range.count[1]
      && new Set(value.map(([j]) => j)).size === value.length
      && value.every(([j, w]) => Number.isInteger(j) && j >= 0 && j < range.count[1] && Number.isFinite(w) && w >= range.min && w <= range.max);
  }
  return false;
}

/** The properties for one hash; throws (a crash) when one fails. */
export function check(hash) {
  const { state, notices, given } = parseHash(hash);
  if (!Array.isArray(notices) || !notices.every((n) => typeof n === 'string' && n.length > 0 && n.length < 500)) {
    throw new Error(`bad notices ${JSON.stringify(notices)}`);
  }
  if (!Array.isArray(given)) throw new Error('given is not a list');
  for (const key of Object.keys(state)) {
    if (!KEYS.some((p) => p.name === key)) throw new Error(`unknown key ${key} in the state`);
  }
  for (const param of KEYS) {
    if (!inRange(param, state[param.name])) throw new Error(`${param.name} = ${JSON.stringify(state[param.name])} is out of range`);
  }
  const again = parseHash(`#${serializeHash(state)}`);
  if (again.notices.length > 0) throw new Error(`its own hash gives notices: ${again.notices.join(' ')}`);
  if (!isDeepStrictEqual(again.state, state)) throw new Error('serialize then parse changed the state');
}

/** Runs `check` on random hashes for `seconds` or `cases`; returns {executions, crashes}. */
export function fuzzState({ seed = 1, seconds = Infinity, cases = Infinity } = {}) {
  const next = random(seed);
  const end = Date.now() + seconds * 1000;
  const crashes = [];
  let executions = 0;
  while (executions < cases && Date.now() < end) {
    const hash = randomHash(next);
    executions += 1;
    try {
      check(hash);
    } catch (error) {
      if (crashes.length < 5) crashes.push({ hash, error: String(error?.stack ?? error) });
    }
  }
  return { executions, crashes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seconds = Number(process.argv[2] ?? process.env.FUZZ_SECONDS ?? 20);
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const { executions, crashes } = fuzzState({ seed, seconds });
  console.log(`fuzz url-state: ${executions} executions in ${seconds} s (seed ${seed}), ${crashes.length} crashes`);
  for (const { hash, error } of crashes) console.log(`  crash on ${JSON.stringify(hash)}: ${error}`);
  process.exitCode = crashes.length > 0 ? 1 : 0;
}
