// The end-to-end harness inside every page the test server serves (it adds this script first in
// <head>, so it runs before the page's own scripts, in every engine alike; WebDriver classic has
// no init scripts of its own). It records what the tests read back through their driver:
// - errors: console.error calls, uncaught errors and unhandled rejections of the page (WebKit's
//   driver sees no console at all; Chromium's and Firefox's drivers report these themselves);
// - violations: Content-Security-Policy violations, as text;
// - workers: every Worker the page starts, whether it said `workerReady` (its Rust loop listens)
//   and whether it was terminated, so a test can post a test-only request to the trainer (the
//   test-hooks build) or fake its death;
// - downloads: files the page saves through <a download href="blob:...">.click(), as
//   {name, base64}, instead of handing them to the browser's download manager (which WebDriver
//   cannot read);
// `globalThis.weightscopeTest` (read by the page, e.g. stallMs) comes from the server's harness
// settings, in the `settings` line below. Two settings are the harness's own: `chartTraps: n` makes
// the chart wasm's first n drawChart calls trap (a WebAssembly.RuntimeError, as a real trap
// throws), to test that the page replaces a trapped instance; `serviceWorker: true` lets the page
// register its service worker. Without it registering fails, as where storage is refused (the
// page works on, online): the worker's install downloads the whole app shell, about a second of
// the browser's CPU for each page a test opens, and only the tests of it need it.
(() => {
  const settings = null; // replaced by the server
  if (settings) globalThis.weightscopeTest = settings;
  const harness = { errors: [], violations: [], workers: [], downloads: [] };
  Object.defineProperty(globalThis, '__harness', { value: harness });

  /** Where in the page's code an error was thrown: its stack's first frame, or the event's file and line. */
  const where = (stack = '', file = '', line = 0) => {
    const frame = String(stack).split('\n').find((l) => /\.js:\d+/.test(l)) ?? (file ? `${file}:${line}` : '');
    const at = frame.match(/[^\s(@]*\.js:\d+/)?.[0]?.replace(location.origin, '');
    return at ? ` (at ${at})` : '';
  };
  const text = (value) => (value instanceof Error ? `${value.name}: ${value.message}${where(value.stack)}` : String(value));
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    harness.errors.push(`console: ${args.map(text).join(' ')}`);
    consoleError(...args);
  };
  addEventListener('error', (event) => {
    if (event.target === globalThis) harness.errors.push(`pageerror: ${event.message}${where(event.error?.stack, event.filename, event.lineno)}`);
  });
  addEventListener('unhandledrejection', (event) => harness.errors.push(`pageerror: ${text(event.reason)}`));
  addEventListener('securitypolicyviolation', (event) => {
    harness.violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
  });

  if (!settings?.serviceWorker && navigator.serviceWorker) {
    navigator.serviceWorker.register = () => Promise.reject(new DOMException('the test harness refuses service workers unless asked', 'SecurityError'));
  }

  let traps = settings?.chartTraps ?? 0;
  if (traps > 0) {
    const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
    WebAssembly.instantiateStreaming = async (...args) => {
      const { module, instance } = await instantiateStreaming(...args);
      const { exports } = instance;
      if (!exports.drawChart) return { module, instance };
      const drawChart = (...call) => {
        if (traps > 0) {
          traps -= 1;
          throw new WebAssembly.RuntimeError('unreachable (a trap the test harness made)');
        }
        return exports.drawChart(...call);
      };
      return { module, instance: { exports: { ...exports, drawChart } } };
    };
  }

  const NativeWorker = globalThis.Worker;
  globalThis.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      this.terminated = false;
      this.listening = false;
      this.trained = []; // the sizes of each `train` request posted to it, e.g. "784-2-10"
      this.addEventListener('message', (event) => {
        if (event.data?.type === 'workerReady') this.listening = true;
      });
      harness.workers.push(this);
    }

    postMessage(message, ...rest) {
      if (message?.type === 'train') this.trained.push(message.config?.sizes?.join('-'));
      super.postMessage(message, ...rest);
    }

    terminate() {
      this.terminated = true;
      super.terminate();
    }
  };

  // The Blob behind each object URL: fetching a blob: URL is refused by the page's CSP.
  const blobs = new Map();
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = (blob) => {
    const url = createObjectURL.call(URL, blob);
    blobs.set(url, blob);
    return url;
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function clickOrKeep() {
    if (!this.download || !blobs.has(this.href)) {
      click.call(this);
      return;
    }
    const name = this.download;
    const saved = blobs.get(this.href).arrayBuffer().then((buffer) => {
      const bytes = new Uint8Array(buffer);
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      harness.downloads.push({ name, base64: btoa(binary) });
    });
    saved.catch((error) => harness.errors.push(`harness: download of ${name} failed: ${error}`));
  };
})();
