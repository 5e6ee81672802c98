// The service worker: keeps a copy of the site so that reloading the page, or opening it in a
// new tab, works offline once it has been visited. At install it keeps the app shell (index.html,
// the scripts and styles, the wasm build this browser runs, the charts' wasm, the data manifests,
// the sample digits); the pretrained networks, their timelines and the PNG export's wasm (3.4 MB
// together, of which a visit opens a file or two) are kept when the page first uses them, not
// all on a first visit. Network first: online, every request goes to the server as if there were
// no service worker (a new deploy is picked up at once, errors and all), and a good answer
// refreshes the copy; the copy answers only when the network does not. The page tells it what it
// fetched before the worker took control (the first figure's network and timeline): `keep`. It
// does not touch the MNIST downloads (www/data/*.gz): mnist-cache.js keeps those in its own
// cache, checks their SHA-256 and reports progress and faults. It lives at the site's root so
// that its scope covers the page.

// Filled in by `make dist`: the site's files (relative to this script) and a hash of their
// contents, so any change to the site installs a new copy. Unbuilt, it keeps nothing.
const SHELL = [];
const VERSION = 'unbuilt';

const PREFIX = 'weightscope-shell-';
const CACHE = `${PREFIX}${VERSION}`;
const ROOT = new URL('./', self.location.href);
const INDEX = new URL('index.html', ROOT).href;
/** The build of the core's wasm this browser runs (`?wasm=` of the registration, from www/lib/wasm.js). */
const WASM = new URL(self.location.href).searchParams.get('wasm');
/** The site's files it may keep, less the core's other wasm build: this browser never fetches it. */
const KEPT = new Set(SHELL.filter((file) => !WASM || !file.startsWith('www/pkg/') || !file.endsWith('.wasm') || file === `www/pkg/${WASM}`)
  .map((file) => new URL(file, ROOT).href));
/** Kept on first use rather than at install: the pretrained networks and timelines, the PNG export. */
const onUse = (address) => (address.includes('/www/demos/') && address.endsWith('.wscp')) || address.includes('/www/export-pkg/');
/** The files this worker has fetched or is fetching: a `keep` leaves them alone. */
const fetched = new Set();

/**
 * Keeps a fresh copy of `address`, validated by the server (a conditional request: the browser's
 * own copy, when unchanged, costs a "304 Not Modified"); refuses anything but a whole good answer.
 */
async function keep(cache, address) {
  fetched.add(address);
  const response = await fetch(new Request(address, { cache: 'no-cache' }));
  if (response.status !== 200 || response.redirected) throw new Error(`${address}: HTTP ${response.status}`);
  await cache.put(address, response);
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all([...KEPT].filter((address) => !onUse(address)).map((address) => keep(cache, address)));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim(); // the page that registered it can reload offline from now on
  })());
});

// `{type: 'keep', urls}` from the page: the site's files among `urls` (what it fetched, from its
// resource timing) that are not kept yet.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'keep' || !Array.isArray(event.data.urls)) return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const wanted = event.data.urls.map((url) => String(url).split(/[?#]/)[0]).filter((address) => KEPT.has(address) && !fetched.has(address));
    await Promise.allSettled(wanted.map(async (address) => (await cache.match(address)) ?? keep(cache, address)));
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  const url = new URL(request.url);
  // A visit to the site's root, with any query (embed=…), is a visit to index.html.
  const navigation = request.mode === 'navigate' && url.pathname === ROOT.pathname;
  const address = navigation ? INDEX : `${url.origin}${url.pathname}`;
  if (!KEPT.has(address)) return; // MNIST, other pages: the browser fetches them as usual
  fetched.add(address);
  let stored = null; // the copy of a good answer, being kept
  const network = fetch(request).then((response) => {
    if (response.status === 200 && !response.redirected) {
      const copy = response.clone();
      stored = caches.open(CACHE).then((cache) => cache.put(address, copy));
    }
    return response;
  });
  event.respondWith(network.catch(async (error) => (await caches.match(address, { cacheName: CACHE })) ?? Promise.reject(error)));
  event.waitUntil(network.then(() => stored).catch(() => {})); // a failed fetch or put keeps nothing
});
