// Downloads a dataset's gzipped IDX files (MNIST's or Fashion-MNIST's, from the folder its
// descriptor in Rust's schema names) and gunzips them in a worker of their own, reporting progress
// in bytes with an estimate of the time left. The test files (MNIST's: 1.6 MB) come alone for what
// only shows a trained network (test-set browser, neuron view); the training files (MNIST's: 9.9
// MB) only when something trains. It does not parse them: the worker's Rust code does
// (crate::mnist). Files come from the browser's cache when they are there and verified
// (mnist-cache.js); a download that gets no byte for STALL_MS is given up with a message.

import { dataUrl, fetchManifest, manifestEntry, mismatch, openStore } from './mnist-cache.js';
import { datasetOf, downloadWords } from './dataset.js';
import { schema } from './schema.js';

/** A download that receives nothing for this long has stalled (tests shorten it). */
export const STALL_MS = 30_000;

/** The site's file that fills field `key` of the worker's `data` message: Rust's schema's `{key, file, test}`. */
const dataFile = (key) => schema().dataFiles.find((f) => f.key === key);
/** The fields of a dataset's four files, or of the test set's two alone. */
const fileKeys = (test = false) => schema().dataFiles.filter((f) => !test || f.test).map((f) => f.key);

/** Seconds of download before the time left is estimated (the first chunks say little). */
const ESTIMATE_AFTER = 1;

/**
 * Seconds left for a download that has `loaded` of `total` bytes after `seconds`, at its mean
 * rate so far; null while too early to say or when the total is unknown.
 */
export function secondsLeft(loaded, total, seconds) {
  if (!(total > 0) || !(loaded > 0) || seconds < ESTIMATE_AFTER) return null;
  return Math.max(0, (total - loaded) * (seconds / loaded));
}

/**
 * Fetches files of `dataset` (a descriptor of the schema; MNIST when absent): the files of `keys`
 * (fields of the worker's `data` message; all four unless given). `onProgress({loaded, total,
 * secondsLeft, test, name})` is called as bytes arrive (`total` is 0 when the server sends no
 * Content-Length; `secondsLeft` null until it can be estimated; `test`: only the test files;
 * `name`: the dataset's, "MNIST"). Resolves to {key: Uint8Array as served} for each key: gzip,
 * or raw IDX bytes when the server decoded the gzip.
 * @throws Error with a sentence a reader can act on.
 */
async function downloadFiles(onProgress, keys, dataset) {
  const dir = dataset?.siteDir ?? '';
  const name = dataset?.name ?? schema().dataset.name;
  const names = keys.map((key) => dataFile(key).file);
  const test = keys.every((key) => dataFile(key).test);
  const started = performance.now();
  const report = ({ loaded, total }) => onProgress({
    loaded, total, test, name, secondsLeft: secondsLeft(loaded, total, (performance.now() - started) / 1000),
  });
  const abort = new AbortController(); // one failure stops the other downloads
  const stallMs = globalThis.weightscopeTest?.stallMs ?? STALL_MS; // set only by the tests
  let timer;
  const poke = () => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(new Stalled(stallMs)), stallMs);
  };
  try {
    poke();
    const files = await download(dir, names, abort.signal, report, poke);
    return Object.fromEntries(keys.map((key, i) => [key, files[i]]));
  } catch (error) {
    abort.abort();
    throw abort.signal.reason instanceof Stalled ? abort.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}

/** No byte arrived for `ms`. */
class Stalled extends Error {
  constructor(ms) {
    super(`The download stalled: nothing arrived for ${ms / 1000} s. The server or the network may be busy.`);
  }
}

async function download(dir, names, signal, onProgress, poke) {
  onProgress({ loaded: 0, total: 0 });
  const store = await openStore(dir);
  const cached = await Promise.all(names.map((name) => store.get(name)));
  poke();
  const missing = names.filter((_, i) => !cached[i]);
  const responses = await Promise.all(missing.map((name) => request(dir + name, signal)));
  poke();
  const lengths = responses.map((response) => Number(response.headers.get('Content-Length')));
  const total = lengths.every((length) => length > 0) ? lengths.reduce((a, b) => a + b, 0) : 0;
  let loaded = 0;
  onProgress({ loaded, total });
  const bodies = await Promise.all(responses.map((response, i) => readBody(missing[i], response, (bytes) => {
    poke();
    loaded += bytes;
    onProgress({ loaded, total });
  })));
  await Promise.all(bodies.map(async (bytes, i) => {
    const entry = store.entry(missing[i]);
    const problem = entry && await mismatch(bytes, entry);
    if (problem) throw new Error(`${missing[i]} arrived damaged (${problem}).`);
    await store.put(missing[i], bytes);
  }));
  return names.map((name, i) => cached[i] ?? bodies[missing.indexOf(name)]);
}

/**
 * A copy of its own of each of `files` (`{key: bytes as served}`), unpacked by a worker
 * (www/gunzip-worker.js), off the page's main thread, and handed back without a copy: resolves to
 * `{key: raw IDX bytes}`. Bytes the server already decoded are copied as they are.
 */
async function unpacked(files) {
  let worker = null; // started by the first gzip file
  const waiting = new Map(); // id -> { resolve, reject, name }
  let ids = 0;
  const start = () => {
    worker = new Worker(new URL('../gunzip-worker.js', import.meta.url));
    worker.addEventListener('message', ({ data: { id, bytes, error } }) => {
      const { resolve, reject, name } = waiting.get(id);
      waiting.delete(id);
      if (error === undefined) resolve(new Uint8Array(bytes));
      else reject(new Error(`${name} arrived damaged (it is not valid gzip).`));
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      for (const { reject } of waiting.values()) reject(new Error(`The images could not be unpacked (${event.message || 'the worker failed'}).`));
      waiting.clear();
    });
  };
  const gunzip = (key, bytes) => {
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes.slice();
    if (!worker) start();
    const id = ++ids;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject, name: dataFile(key).file });
      worker.postMessage({ id, bytes });
    });
  };
  try {
    const raw = await Promise.all(Object.entries(files).map(([key, bytes]) => gunzip(key, bytes)));
    return Object.fromEntries(Object.keys(files).map((key, i) => [key, raw[i]]));
  } finally {
    worker?.terminate();
  }
}

async function request(name, signal) {
  let response;
  try {
    response = await fetch(dataUrl(name), { signal });
  } catch {
    if (signal.aborted) throw signal.reason;
    throw new Error(`Could not reach the server for ${name} (network error).`);
  }
  if (!response.ok) throw new Error(`The server answered HTTP ${response.status} for ${name}.`);
  return response;
}

/**
 * The whole body as one Uint8Array, calling `onBytes(n)` for every chunk. Read chunk by chunk:
 * Firefox logs a body stream errored under `new Response(stream).arrayBuffer()` (a stalled
 * download, aborted) as an uncaught error even when the rejection is caught.
 */
async function readBody(name, response, onBytes) {
  const reader = response.body.getReader();
  const chunks = [];
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch {
      throw new Error(`The download of ${name} broke off.`);
    }
    if (chunk.done) break;
    chunks.push(chunk.value);
    onBytes(chunk.value.length);
  }
  return new Uint8Array(await new Blob(chunks).arrayBuffer());
}

const sizes = new Map(); // `${dataset key}/${cached}` -> Promise of its manifest's sizes by file key

/**
 * Resolves to the bytes a download of dataset `key`'s files costs as its data manifest gives them
 * (the Makefile's data rule writes it; gzipped; its test files alone when `test`), or null when
 * the manifest cannot be read. The manifest comes from the network, else the cache; with
 * `cached: false` from the network alone (an embed touches no cache).
 */
export async function downloadBytes(key = undefined, test = false, { cached = true } = {}) {
  const dataset = datasetOf(key);
  const id = `${dataset.key}/${cached}`;
  if (!sizes.has(id)) {
    const entry = cached
      ? openStore(dataset.siteDir).then((store) => store.entry)
      : fetchManifest(dataset.siteDir).then((manifest) => (name) => manifestEntry(manifest, name));
    sizes.set(id, entry.then((of) => Object.fromEntries(schema().dataFiles.map(({ key, file }) => [key, of(file)?.size]))));
  }
  const known = await sizes.get(id);
  const wanted = fileKeys(test).map((key) => known[key]);
  return wanted.every((n) => n > 0) ? wanted.reduce((a, b) => a + b, 0) : null;
}

/** Resolves to what that download costs, in words: "MNIST, 11.4 MB" (lib/dataset.js's downloadWords). */
export const downloadCost = async (key = undefined, test = false, options = {}) => downloadWords(datasetOf(key).name, await downloadBytes(key, test, options), test);

/**
 * Each dataset at most once for the page: `mnist(key)` resolves to the four files of dataset
 * `key` (`'fashion-mnist'`; MNIST when absent), `mnist.test(key)` to its two test files alone,
 * raw IDX bytes that the caller owns (a worker's copy is transferred to it, not copied). Each
 * file is downloaded once and kept gzipped (MNIST: 11 MB, not 55) for every worker that asks
 * (the page's and the experiments'), each getting a copy unpacked off the main thread; a
 * download waits for the one under way, so one download at a time reports progress. A failure
 * (a download's, or a file that does not unpack) lets the next call try again. `onDone` runs
 * when a download ends, either way.
 */
export function mnistOnce(onProgress, onDone) {
  const held = new Map(); // `${dataset key}/${file key}` -> Promise of its bytes as served
  let queue = Promise.resolve(); // the download under way
  function get(keys, key) {
    const dataset = datasetOf(key);
    const id = (file) => `${dataset.key}/${file}`;
    const missing = keys.filter((file) => !held.has(id(file)));
    if (missing.length > 0) {
      const files = queue.catch(() => {}).then(() => downloadFiles(onProgress, missing, dataset)).finally(onDone);
      queue = files;
      for (const file of missing) {
        const bytes = files.then((f) => f[file]);
        held.set(id(file), bytes);
        bytes.catch(() => held.get(id(file)) === bytes && held.delete(id(file)));
      }
    }
    const kept = keys.map((file) => held.get(id(file)));
    return Promise.all(kept).then((bytes) => unpacked(Object.fromEntries(keys.map((file, i) => [file, bytes[i]])))).catch((error) => {
      // A file that does not unpack is downloaded again next time.
      keys.forEach((file, i) => held.get(id(file)) === kept[i] && held.delete(id(file)));
      throw error;
    });
  }
  const mnist = (key = undefined) => get(fileKeys(), key);
  mnist.test = (key = undefined) => get(fileKeys(true), key);
  return mnist;
}

/** A file of this site (`path`, relative to `base`) as bytes. @throws Error naming the HTTP status. */
export async function siteBytes(path, base) {
  const response = await fetch(new URL(path, base));
  if (!response.ok) throw new Error(`the server answered HTTP ${response.status} for ${path}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The ten sample test digits the site ships (www/demos/samples.*, written by
 * crate/src/bin/samples.rs: 7,840 bytes), for the drawing pad without MNIST: resolves to
 * [{digit, index, bytes}], digit 0 to 9, `index` its place in the test set, `bytes` its side²
 * pixels. @throws Error with a sentence when they cannot be had.
 */
export async function sampleDigits() {
  const base = new URL('../demos/', import.meta.url);
  const get = async (name) => {
    const response = await fetch(new URL(name, base));
    if (!response.ok) throw new Error(`The sample digits could not be loaded (HTTP ${response.status} for ${name}).`);
    return response;
  };
  const { file, indices } = await (await get('samples.json')).json();
  const bytes = new Uint8Array(await (await get(file)).arrayBuffer());
  const size = bytes.length / indices.length;
  return indices.map((index, digit) => ({ digit, index, bytes: bytes.subarray(digit * size, (digit + 1) * size) }));
}
