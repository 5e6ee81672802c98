// WebKit: Debian's WebKitGTK MiniBrowser driven by WebKitWebDriver, classic W3C WebDriver over
// HTTP (a small fetch client; 2.50 has no BiDi). MiniBrowser has no headless mode: run under
// xvfb-run. One session (one MiniBrowser) per run: a context is a set of its windows, and a new
// context first clears the storage (caches, service workers, local storage) of every origin
// visited. WebDriver classic sees no console: the page's errors come from the harness script
// (tests/support/harness/init.js), and a worker's console stays unseen.

import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const KEYS = { Enter: '\uE007', Tab: '\uE004', Escape: '\uE00C', ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015', Home: '\uE011', End: '\uE010', ' ': ' ' };
const SETTLE_MS = 10_000;
// Waits (at most SETTLE_MS) for the page's service-worker registration to finish installing
// (tests/support/harness/init.js), before its window closes.
const SETTLE = `Promise.race([globalThis.__harness?.registering, new Promise((resolve) => setTimeout(resolve, ${SETTLE_MS}))]).then(() => true)`;
// Clears an origin's storage. Each step is bounded: a registration WebKit left stuck would
// otherwise hold unregister() for good; what is left is reported and the run goes on.
const CLEAR = `(async () => {
  const left = [];
  const bounded = (what, promise) => Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(left.push(what) && []), ${SETTLE_MS}))]);
  for (const registration of await bounded('service workers', navigator.serviceWorker?.getRegistrations() ?? [])) await bounded('a service worker registration', registration.unregister());
  for (const name of await bounded('caches', globalThis.caches?.keys() ?? [])) await bounded(\`cache \${name}\`, caches.delete(name));
  localStorage.clear();
  sessionStorage.clear();
  return left;
})()`;

const freePort = () => new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

export async function launch() {
  if (!process.env.DISPLAY) throw new Error('WebKit needs a display: run the tests under xvfb-run');
  const port = await freePort();
  const driver = spawn('WebKitWebDriver', [`--port=${port}`], { stdio: 'ignore' });
  process.on('exit', () => driver.kill()); // also when a run dies: no driver is left behind
  const base = `http://127.0.0.1:${port}`;
  let session = '';
  let queue = Promise.resolve(); // one command at a time: windows and frames are session state

  async function send(method, path, body) {
    const own = path === '/status' || (path === '/session' && method === 'POST');
    const response = await fetch(`${base}${own ? path : `/session/${session}${path}`}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const { value } = await response.json();
    if (value?.error) throw new Error(`WebDriver ${path}: ${value.error}: ${value.message}`);
    return value;
  }
  const serial = (task) => {
    const next = queue.then(task, task);
    queue = next.catch(() => {});
    return next;
  };

  for (let i = 0; ; i += 1) {
    try {
      await send('GET', '/status');
      break;
    } catch (error) {
      if (i > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const created = await send('POST', '/session', { capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } } });
  session = created.sessionId;
  await send('POST', '/timeouts', { script: 300_000 });
  const home = await send('GET', '/window');
  let current = home;
  let frameOf = null; // the frame index commands go to, null for the top document
  const origins = new Set();

  const to = async (handle, frame = null) => {
    if (handle !== current) {
      await send('POST', '/window', { handle });
      current = handle;
      frameOf = null;
    }
    if (frame !== frameOf) {
      if (frameOf !== null) await send('POST', '/frame/parent', {});
      if (frame !== null) await send('POST', '/frame', { id: frame });
      frameOf = frame;
    }
  };
  const execute = (expression) => send('POST', '/execute/sync', { script: `return ${expression};`, args: [] });

  async function clearStorage() {
    await to(home);
    for (const origin of origins) {
      await send('POST', '/url', { url: `${origin}/weightscope/__harness__/init.js` });
      const left = await execute(CLEAR);
      if (left.length) process.stderr.write(`webkit: could not clear ${left.join(', ')} of ${origin}\n`);
    }
    await send('POST', '/url', { url: 'about:blank' });
  }

  const version = created.capabilities.browserVersion;
  return {
    name: 'webkit',
    version: `WebKitGTK ${version} MiniBrowser`,
    async newContext({ viewport = { width: 1280, height: 720 } } = {}) {
      await serial(clearStorage);
      const windows = new Set();
      return {
        newPage: () => serial(async () => {
          const { handle } = await send('POST', '/window/new', { type: 'window' });
          windows.add(handle);
          await to(handle);
          // The window's outer size is set; its chrome is measured once and added.
          await send('POST', '/window/rect', { width: viewport.width, height: viewport.height });
          const inner = await execute('[innerWidth, innerHeight]');
          if (inner[0] !== viewport.width || inner[1] !== viewport.height) {
            await send('POST', '/window/rect', { width: 2 * viewport.width - inner[0], height: 2 * viewport.height - inner[1] });
          }
          return page(handle, () => windows.delete(handle));
        }),
        close: () => serial(async () => {
          for (const handle of windows) {
            await to(handle);
            await execute(SETTLE).catch(() => {});
            await send('DELETE', '/window');
            current = null;
          }
          windows.clear();
          await to(home);
        }),
      };
    },
    async close() {
      await send('DELETE', '').catch(() => {});
      driver.kill();
    },
  };

  function page(handle, forget) {
    const saved = []; // errors of documents navigated away from
    const on = (task, frame = null) => serial(async () => {
      await to(handle, frame);
      return task();
    });
    const keep = async () => {
      saved.push(...(await execute('globalThis.__harness?.errors ?? []').catch(() => [])));
    };
    return {
      evaluate: (expression, frame) => on(() => execute(expression), frame),
      /** WebDriver's own element click: scrolls, checks what is on top and clicks in one go, so
       * a layout still settling (WebKit has no scroll anchoring) cannot move the target away. */
      clickElement: (expression) => on(async () => {
        const element = await execute(expression);
        const id = element?.['element-6066-11e4-a52e-4f735466cecf'];
        if (!id) throw new Error(`not an element: ${JSON.stringify(element)}`);
        await send('POST', `/element/${id}/click`, {});
      }),
      goto: (url) => on(async () => {
        await keep();
        origins.add(new URL(url).origin);
        await send('POST', '/url', { url });
      }),
      reload: () => on(async () => {
        await keep();
        await send('POST', '/refresh', {});
      }),
      url: () => on(() => send('GET', '/url')),
      mouse: (kind, x, y) => on(() => send('POST', '/actions', { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [
        kind === 'move' ? { type: 'pointerMove', origin: 'viewport', x: Math.round(x), y: Math.round(y), duration: 0 } : { type: kind === 'down' ? 'pointerDown' : 'pointerUp', button: 0 },
      ] }] })),
      key: (key) => on(() => send('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: KEYS[key] ?? key }, { type: 'keyUp', value: KEYS[key] ?? key }] }] })),
      screenshot: (path) => on(async () => writeFile(path, Buffer.from(await send('GET', '/screenshot'), 'base64'))),
      errors: () => on(async () => [...saved, ...(await execute('globalThis.__harness?.errors ?? []'))]),
      close: () => on(async () => {
        await execute(SETTLE).catch(() => {});
        await send('DELETE', '/window');
        current = null;
        forget();
      }),
    };
  }
}
