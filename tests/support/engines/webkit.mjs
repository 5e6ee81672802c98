// WebKit: Debian's WebKitGTK MiniBrowser driven by WebKitWebDriver, classic W3C WebDriver over
// HTTP (a small fetch client; 2.50 has no BiDi). MiniBrowser has no headless mode: run under
// xvfb-run. Each context is a browser of its own (a WebKitWebDriver and its MiniBrowser, whose
// storage lives only as long as it does), so nothing one test leaves behind (a service worker,
// a cache, a window) reaches the next. WebDriver classic sees no console: the page's errors come
// from the harness script (tests/support/harness/init.js), and a worker's console stays unseen.

import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const KEYS = { Enter: '\uE007', Tab: '\uE004', Escape: '\uE00C', ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015', Home: '\uE011', End: '\uE010', ' ': ' ' };
const QUIT_MS = 10_000; // how long a browser may take to end its session before it is killed
const COMMAND_MS = 90_000; // a command with no answer by then has hung: the test fails naming it
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const freePort = () => new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

const running = new Set(); // drivers' process groups, killed when the run ends however it ends
process.on('exit', () => running.forEach((pid) => process.kill(-pid, 'SIGKILL')));

/**
 * One MiniBrowser under its own WebKitWebDriver: `send` (one command at a time: windows and
 * frames are session state), `to` (the window and frame commands go to), `quit`.
 */
async function start() {
  const port = await freePort();
  // Its own process group: quitting kills the driver and the MiniBrowser it started together.
  // Without accelerated compositing: Xvfb has no GPU, so its GL is Mesa's on the CPU, and the
  // web process then took a third more CPU time for the same tests.
  const driver = spawn('WebKitWebDriver', [`--port=${port}`], {
    stdio: 'ignore',
    detached: true,
    env: { ...process.env, WEBKIT_DISABLE_COMPOSITING_MODE: '1' },
  });
  running.add(driver.pid);
  const base = `http://127.0.0.1:${port}`;
  let session = '';
  let queue = Promise.resolve();

  async function send(method, path, body) {
    const own = path === '/status' || (path === '/session' && method === 'POST');
    let value;
    try {
      const response = await fetch(`${base}${own ? path : `/session/${session}${path}`}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(COMMAND_MS),
      });
      ({ value } = await response.json());
    } catch (error) {
      if (error.name !== 'TimeoutError') throw error;
      throw new Error(`WebDriver ${method} ${path}: no answer in ${COMMAND_MS / 1000} s`);
    }
    if (value?.error) throw new Error(`WebDriver ${path}: ${value.error}: ${value.message}`);
    return value;
  }

  for (let i = 0; ; i += 1) {
    try {
      await send('GET', '/status');
      break;
    } catch (error) {
      if (i > 50) throw error;
      await sleep(100);
    }
  }
  const created = await send('POST', '/session', { capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } } });
  session = created.sessionId;
  await send('POST', '/timeouts', { script: 300_000 });
  let current = await send('GET', '/window');
  let frameOf = null; // the frame index commands go to, null for the top document

  return {
    version: created.capabilities.browserVersion,
    first: current, // the browser's own window
    send,
    serial(task) {
      const next = queue.then(task, task);
      queue = next.catch(() => {});
      return next;
    },
    async to(handle, frame = null) {
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
    },
    closed() { current = null; },
    async quit() {
      if (!running.has(driver.pid)) return;
      await Promise.race([send('DELETE', '').catch(() => {}), sleep(QUIT_MS)]);
      running.delete(driver.pid);
      process.kill(-driver.pid, 'SIGKILL');
    },
  };
}

export async function launch() {
  if (!process.env.DISPLAY) throw new Error('WebKit needs a display: run the tests under xvfb-run');
  const probe = await start(); // fails here, once, when the driver or the browser is missing
  const version = probe.version;
  await probe.quit();
  const contexts = new Set();
  // The next context's browser starts while the current test runs (0.6 s each, about 150 a run).
  let next = null;
  const warm = () => {
    next = start();
    next.catch(() => {}); // a browser that fails to start fails the newContext that takes it
  };
  warm();
  return {
    name: 'webkit',
    version: `WebKitGTK ${version} MiniBrowser`,
    async newContext({ viewport = { width: 1280, height: 720 } } = {}) {
      const taken = next;
      warm();
      const browser = await taken;
      contexts.add(browser);
      const windows = new Set();
      let spare = browser.first; // the first page takes the browser's own window
      const execute = (expression) => browser.send('POST', '/execute/sync', { script: `return ${expression};`, args: [] });
      return {
        newPage: () => browser.serial(async () => {
          let handle = spare;
          spare = null;
          if (!handle) {
            await browser.to([...windows][0]); // a new window opens from an open one
            ({ handle } = await browser.send('POST', '/window/new', { type: 'window' }));
          }
          windows.add(handle);
          await browser.to(handle);
          // The window's outer size is set; its chrome is measured once and added.
          await browser.send('POST', '/window/rect', { width: viewport.width, height: viewport.height });
          const inner = await execute('[innerWidth, innerHeight]');
          if (inner[0] !== viewport.width || inner[1] !== viewport.height) {
            await browser.send('POST', '/window/rect', { width: 2 * viewport.width - inner[0], height: 2 * viewport.height - inner[1] });
          }
          return page(browser, execute, handle, () => windows.delete(handle) && windows.size);
        }),
        close: async () => {
          contexts.delete(browser);
          await browser.quit();
        },
      };
    },
    async close() {
      const spare = next;
      next = null;
      await Promise.all([...contexts, await spare?.catch(() => null)].filter(Boolean).map((browser) => browser.quit()));
      contexts.clear(); // a second close() quits nothing twice
    },
  };
}

/** The page in window `handle` of `browser`; `forget()` says how many of its context's windows are left. */
function page(browser, execute, handle, forget) {
  const saved = []; // errors of documents navigated away from
  const send = (...command) => browser.send(...command);
  const on = (task, frame = null) => browser.serial(async () => {
    await browser.to(handle, frame);
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
      await send('DELETE', '/window');
      browser.closed();
      if (forget() === 0) await browser.quit(); // its last window: the browser has quit
    }),
  };
}
