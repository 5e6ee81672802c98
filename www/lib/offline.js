// The offline copy: registers the service worker (sw.js, at the site's root), which keeps the app
// shell so that a reload works offline, and tells it every file this page fetches.

import { wasmUrl } from './wasm.js';

/**
 * Registers sw.js and tells it every file this page fetches (its resource timing): what came
 * before the worker took control, such as the first figure's network and timeline, it keeps too.
 * Without service workers (plain http) or when registering fails (storage refused, as in some
 * embeds), the page works as before, online.
 */
export function keepForOffline() {
  const { serviceWorker } = navigator;
  if (!serviceWorker) return;
  const worker = new URL('../../sw.js', import.meta.url);
  worker.searchParams.set('wasm', wasmUrl.pathname.split('/').pop()); // the one build it keeps
  const keep = (entries) => serviceWorker.controller?.postMessage({ type: 'keep', urls: entries.map((entry) => entry.name) });
  serviceWorker.addEventListener('controllerchange', () => keep(performance.getEntriesByType('resource')));
  new PerformanceObserver((list) => keep(list.getEntries())).observe({ type: 'resource' });
  serviceWorker.register(worker).catch(() => {});
}
