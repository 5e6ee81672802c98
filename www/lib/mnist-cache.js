// Keeps the downloaded MNIST files in the browser's Cache API, so a second visit (or a restarted
// trainer, or a page gone offline) does not download them again, and checks every file against
// the SHA-256 in data/manifest.json (written by the Makefile's data rule). A file whose checksum
// does not match, cached or downloaded, is never used. It does not fetch the MNIST files itself
// (data.js does) and works without the Cache API (plain http hosts): it then only verifies.

/** Bump when the cached entries' format changes; old caches are deleted. */
export const CACHE_NAME = 'weightscope-mnist-v1';
const MANIFEST = 'manifest.json';

/** `url` relative to the data directory next to this module. */
export const dataUrl = (name) => new URL(`../data/${name}`, import.meta.url);

/** The Cache API's cache, or null when the browser has none here (not a secure context, …). */
async function openCache() {
  try {
    if (!globalThis.caches) return null;
    for (const name of await caches.keys()) {
      if (name.startsWith('weightscope-mnist-') && name !== CACHE_NAME) await caches.delete(name);
    }
    return await caches.open(CACHE_NAME);
  } catch {
    return null; // storage disabled or full: work without the cache
  }
}

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Lowercase hex SHA-256 of `bytes`. */
export async function sha256(bytes) {
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}

/** Whether a manifest entry is well formed: {size, sha256, rawSize, rawSha256}. */
function validEntry(entry) {
  const hash = (h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h);
  const size = (n) => Number.isSafeInteger(n) && n >= 0;
  return entry && size(entry.size) && hash(entry.sha256) && size(entry.rawSize) && hash(entry.rawSha256);
}

/**
 * Why `bytes` (as fetched: gzip, or already gunzipped by the server) are not the file `entry`
 * describes, or null when they are.
 */
export async function mismatch(bytes, entry) {
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const [size, hash] = gzip ? [entry.size, entry.sha256] : [entry.rawSize, entry.rawSha256];
  if (bytes.length !== size) return `it has ${bytes.length} bytes instead of ${size}`;
  if (await sha256(bytes) !== hash) return 'its SHA-256 checksum does not match';
  return null;
}

/** The manifest of data folder `dir` ('' for MNIST) from the network, or null; no cache is touched. */
export async function fetchManifest(dir = '') {
  try {
    const response = await fetch(dataUrl(dir + MANIFEST), { cache: 'no-store' });
    return response.ok ? await response.json() : null;
  } catch {
    return null; // offline
  }
}

/** The well-formed entry of `manifest` for file `name`, or null. */
export function manifestEntry(manifest, name) {
  const files = manifest?.version === 1 && manifest.files ? manifest.files : {};
  return validEntry(files[name]) ? files[name] : null;
}

/**
 * The store for one download of the dataset in data folder `dir` (its descriptor's `siteDir`:
 * '' for MNIST): its manifest (from the network, else the cache) and the cache.
 * Never throws: without a manifest nothing is verified or cached, and the IDX parser still
 * refuses bad files.
 */
export async function openStore(dir = '') {
  const cache = await openCache();
  const url = (name) => dataUrl(dir + name); // a dataset's files are in its folder (`siteDir`)
  let manifest = await fetchManifest(dir);
  if (manifest) await cache?.put(url(MANIFEST), new Response(JSON.stringify(manifest))).catch(() => {});
  if (!manifest && cache) {
    try {
      manifest = await (await cache.match(url(MANIFEST)))?.json();
    } catch {
      manifest = null;
    }
  }
  const entry = (name) => manifestEntry(manifest, name);

  return {
    /** The manifest's entry for `name`, or null. */
    entry,

    /** The cached bytes of `name` when they match the manifest; a bad entry is deleted. */
    async get(name) {
      const expected = entry(name);
      if (!cache || !expected) return null;
      try {
        const response = await cache.match(url(name));
        if (!response) return null;
        const bytes = new Uint8Array(await response.arrayBuffer());
        if (!(await mismatch(bytes, expected))) return bytes;
        await cache.delete(url(name));
      } catch {
        // unreadable entry: fetch again
      }
      return null;
    },

    /** Keeps verified `bytes` of `name` for next time (quietly does nothing if it cannot). */
    async put(name, bytes) {
      if (!cache || !entry(name)) return;
      try {
        await cache.put(url(name), new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } }));
      } catch {
        // quota exceeded or storage disabled: next visit downloads again
      }
    },
  };
}
