// Downloads a dataset's four gzipped IDX files (MNIST's or Fashion-MNIST's, from the folder its
// descriptor in Rust's schema names) and gunzips them, reporting progress. It does not parse them: the worker's Rust code does (crate::mnist).
// Files come from the browser's cache when they are there and verified (mnist-cache.js); a
// download that gets no byte for STALL_MS is given up with a message.

import { dataUrl, mismatch, openStore } from './mnist-cache.js';
import { schema } from './schema.js';

/** A download that receives nothing for this long has stalled (tests shorten it). */
export const STALL_MS = 30_000;

/** Message keys of the worker's `data` message, with the file each comes from. */
const FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
};

/**
 * Fetches and decompresses the files of `dataset` (a descriptor of the schema; MNIST when
 * absent). `onProgress({loaded, total})` is called as bytes arrive (`total` is 0 when the server
 * sends no Content-Length).
 * Resolves to {trainImages, trainLabels, testImages, testLabels} as Uint8Arrays of raw IDX bytes.
 * @throws Error with a sentence a reader can act on.
 */
export async function downloadMnist(onProgress, dataset = undefined) {
  const dir = dataset?.siteDir ?? '';
  const names = Object.values(FILES);
  const abort = new AbortController(); // one failure stops the other downloads
  const stallMs = globalThis.weightscopeTest?.stallMs ?? STALL_MS; // set only by the tests
  let timer;
  const poke = () => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(new Stalled(stallMs)), stallMs);
  };
  try {
    poke();
    return await download(dir, names, abort.signal, onProgress, poke);
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
  const gzipped = names.map((name, i) => cached[i] ?? bodies[missing.indexOf(name)]);
  const files = await Promise.all(gzipped.map((bytes, i) => gunzip(names[i], bytes)));
  return Object.fromEntries(Object.keys(FILES).map((key, i) => [key, files[i]]));
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

/** Gunzips `bytes`, or returns them as they are when the server already decoded the gzip. */
async function gunzip(name, bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    throw new Error(`${name} arrived damaged (it is not valid gzip).`);
  }
}

/**
 * `downloadMnist` at most once per dataset for the page: the bytes are kept for every worker that
 * asks (the page's and the experiments'); a failure lets the next call try again. The function
 * returned takes a dataset's key (`'fashion-mnist'`; MNIST when absent). `onDone` runs when a
 * download ends, either way.
 */
export function mnistOnce(onProgress, onDone) {
  const files = new Map(); // key -> Promise of the IDX bytes
  return (key = undefined) => {
    const dataset = schema().datasets.find((d) => d.key === key) ?? schema().dataset;
    if (!files.has(dataset.key)) {
      files.set(dataset.key, downloadMnist(onProgress, dataset).catch((error) => {
        files.delete(dataset.key);
        throw error;
      }).finally(onDone));
    }
    return files.get(dataset.key);
  };
}
