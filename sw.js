// The service worker: keeps a copy of the app shell (index.html, the scripts and styles, the
// wasm build this browser runs, the pretrained demos, the data manifest) so that reloading the page, or opening it in a
// new tab, works offline once it has been visited. Network first: online, every request goes to
// the server as if there were no service worker (a new deploy is picked up at once, errors and
// all); the copy answers only when the network does not. It does not touch the MNIST downloads
// (www/data/*.gz): mnist-cache.js keeps those in its own cache, checks their SHA-256 and reports
// progress and faults. It lives at the site's root so that its scope covers the page.

// Filled in by `make dist`: the shell's files (relative to this script) and a hash of their
// contents, so any change to the site installs a new copy. Unbuilt, it keeps nothing.
const SHELL = [];
const VERSION = 'unbuilt';

const PREFIX = 'weightscope-shell-';
const CACHE = `${PREFIX}${VERSION}`;
const ROOT = new URL('./', self.location.href);
const INDEX = new URL('index.html', ROOT).href;
/** The build of the core's wasm this browser runs (`?wasm=` of the registration, from www/lib/wasm.js). */
const WASM = new URL(self.location.href).searchParams.get('wasm');
/** The shell, less the core's other wasm build: this browser never fetches it. */
const KEPT = new Set(SHELL.filter((file) => !WASM || !file.startsWith('www/pkg/') || !file.endsWith('.wasm') || file === `www/pkg/${WASM}`)
  .map((file) => new URL(file, ROOT).href));

self.addEventListener('install', (event) => {
  // Straight from the server (not the HTTP cache), so the copy is of this deploy.
  const requests = [...KEPT].map((address) => new Request(address, { cache: 'reload' }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim(); // the page that registered it can reload offline from now on
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // A visit to the site's root, with any query (embed=…), is a visit to index.html.
  const navigation = request.mode === 'navigate' && url.pathname === ROOT.pathname;
  const address = navigation ? INDEX : `${url.origin}${url.pathname}`;
  if (!KEPT.has(address)) return; // MNIST, other pages: the browser fetches them as usual
  event.respondWith(fetch(request).catch(async (error) => (await caches.match(address, { cacheName: CACHE })) ?? Promise.reject(error)));
});
