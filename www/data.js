// Downloads the four gzipped MNIST IDX files next to this module and gunzips them, reporting
// progress. It does not parse them: the worker's Rust code does (crate::mnist).

/** Message keys of the worker's `data` message, with the file each comes from. */
const FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
};

/**
 * Fetches and decompresses the MNIST files. `onProgress({loaded, total})` is called as bytes
 * arrive (`total` is 0 when the server sends no Content-Length).
 * Resolves to {trainImages, trainLabels, testImages, testLabels} as Uint8Arrays of raw IDX bytes.
 * @throws Error with a sentence a reader can act on.
 */
export async function downloadMnist(onProgress) {
  const names = Object.values(FILES);
  const abort = new AbortController(); // one failure stops the other downloads
  try {
    return await download(names, abort.signal, onProgress);
  } catch (error) {
    abort.abort();
    throw error;
  }
}

async function download(names, signal, onProgress) {
  onProgress({ loaded: 0, total: 0 });
  const responses = await Promise.all(names.map((name) => request(name, signal)));
  const lengths = responses.map((response) => Number(response.headers.get('Content-Length')));
  const total = lengths.every((length) => length > 0) ? lengths.reduce((a, b) => a + b, 0) : 0;
  let loaded = 0;
  onProgress({ loaded, total });
  const bodies = await Promise.all(responses.map((response, i) => readBody(names[i], response, (bytes) => {
    loaded += bytes;
    onProgress({ loaded, total });
  })));
  const files = await Promise.all(bodies.map((bytes, i) => gunzip(names[i], bytes)));
  return Object.fromEntries(Object.keys(FILES).map((key, i) => [key, files[i]]));
}

async function request(name, signal) {
  let response;
  try {
    response = await fetch(new URL(`./data/${name}`, import.meta.url), { signal });
  } catch {
    throw new Error(`Could not reach the server for ${name} (network error).`);
  }
  if (!response.ok) throw new Error(`The server answered HTTP ${response.status} for ${name}.`);
  return response;
}

/** The whole body as one Uint8Array, calling `onBytes(n)` for every chunk. */
async function readBody(name, response, onBytes) {
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch {
      throw new Error(`The download of ${name} broke off.`);
    }
    if (chunk.done) break;
    chunks.push(chunk.value);
    size += chunk.value.length;
    onBytes(chunk.value.length);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
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
