// A tiny static file server for the end-to-end tests: serves a directory (the built site,
// dist/ by default) at the sub-path /weightscope/ on 127.0.0.1, on a free port.
// It compresses nothing and caches nothing: the page must cope with plain static hosting.
// Every response carries the Content-Security-Policy of index.html's <meta> as a header too, so
// the worker (whose CSP comes from its own response) runs under it; `allowConnect` widens its
// connect-src, in both, as a self-hoster who reads model files from a blog does. Tests can make
// one file fail (`fault`), go offline (`offline`) and count what was requested (`requests`).
// Every HTML page it serves gets tests/support/harness/init.js as its first script (see there),
// which WebDriver classic could not add otherwise. The wasm comes from the test-only build
// (`make test-build`: cargo feature test-hooks, memory capped at 256 MiB) when it is there.

import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE = '/weightscope/';
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const HARNESS = fileURLToPath(new URL('./harness/init.js', import.meta.url));
const HARNESS_PATH = `${BASE}__harness__/init.js`;
/** The test-only build (`make test-build`): its wasm and JS glue, served in place of dist's. */
const TEST_PKG = fileURLToPath(new URL('../../target/test-hooks/pkg/', import.meta.url));
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wscp': 'application/octet-stream',
  '.bin': 'application/octet-stream',
};

let server = null;
let csp = '';
/** path suffix -> what goes wrong: 'status<code>' | 'stall' | 'slow' | 'html' | 'truncate' | 'corrupt' */
const faults = new Map();
let settings = null; // globalThis.weightscopeTest in the pages, through the harness script
let isOffline = false;
let connectFrom = []; // origins added to the policy's connect-src (allowConnect)
let testPkg = null; // www/pkg/<file> -> the test build's bytes, read by start()
/** Every path requested since start(), in order. */
export const requests = [];

/** A function that returns the paths requested from now on (by any page: the tests run one at a time). */
export function since() {
  const start = requests.length;
  return () => requests.slice(start);
}

/**
 * Makes requests for paths ending in `suffix` go wrong: 'status500' (any code) answers HTTP 500
 * with a short text; 'slow' sends the file at about 4 MB/s, to watch a progress bar; 'stall'
 * sends the headers and a first chunk, then nothing, holding the connection open; 'html' sends
 * an HTML page with status 200; 'truncate' sends the first half of the file; 'corrupt' flips
 * bytes in the middle (same length). `null` clears it.
 */
export function fault(suffix, kind) {
  if (kind) faults.set(suffix, kind);
  else faults.delete(suffix);
}

/** Clears every fault, the offline state, the page settings and a widened policy. */
export function clearFaults() {
  faults.clear();
  isOffline = false;
  settings = null;
  connectFrom = [];
}

/**
 * Serves the site under index.html's policy with `origins` added to its connect-src, in the
 * <meta> of index.html and in the header alike (what the README tells a self-hoster to change to
 * read model files from a blog); `[]` serves the stock policy again.
 */
export function allowConnect(origins) {
  connectFrom = origins;
}

/** The policy the site is served under now: index.html's, with allowConnect's origins. */
const served = () => (connectFrom.length === 0 ? csp : csp.replace(/connect-src ([^;]*)/, (_, list) => `connect-src ${list} ${connectFrom.join(' ')}`));

/**
 * Offline (`true`): the site's requests get their connection cut, as with the network gone
 * (the harness script alone is still served). Engine-neutral: WebDriver classic cannot take a
 * browser offline.
 */
export function offline(on) {
  isOffline = on;
}

/** `globalThis.weightscopeTest` for the pages served from now on (`null`: none). */
export function pageSettings(value) {
  settings = value;
}

/** Whether the test-only wasm build is there to be served (the out-of-memory test needs it). */
export function hasTestHooks() {
  return existsSync(path.join(TEST_PKG, 'weightscope_bg.wasm')) && existsSync(path.join(TEST_PKG, 'weightscope.js'));
}

/** The policy index.html declares in its <meta http-equiv="Content-Security-Policy">. */
export function policy() {
  return csp;
}

const pages = new Map(); // extra pages outside the site, such as a blog post that embeds it

/** Serves `html` at `pathname` (e.g. /blog/post.html), as another site on the same server would. */
export function servePage(pathname, html) {
  pages.set(pathname, { body: html, headers: { 'Content-Type': MIME['.html'] } });
}

/**
 * Serves `bytes` at `pathname` (e.g. /blog/net.wscp) with `headers` (such as the CORS header a
 * blog sends with its model file), as another site would; its requests are counted. `null`:
 * nothing there any more (HTTP 404, still with `headers`).
 */
export function serveFile(pathname, bytes, headers = {}) {
  pages.set(pathname, bytes === null
    ? { status: 404, body: 'Not found\n', headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, counted: true }
    : { body: bytes, headers: { 'Content-Type': MIME[path.extname(pathname)] ?? 'application/octet-stream', ...headers }, counted: true });
}

let harnessed = false; // whether HTML gets the harness script

/**
 * Starts serving `directory` (default dist/); resolves to the site's URL, e.g.
 * http://127.0.0.1:41234/weightscope/. `e2e`: add the harness script to every HTML page and
 * serve the test-only wasm if it is built (the end-to-end tests; the benchmark and the soak
 * test measure the site as shipped).
 */
export async function start(directory = DIST, { e2e = false } = {}) {
  harnessed = e2e;
  const root = path.resolve(directory) + path.sep;
  await stat(path.join(root, 'index.html')).catch(() => {
    throw new Error(`${root}index.html not found: run \`make dist\` first`);
  });
  const html = await readFile(path.join(root, 'index.html'), 'utf8');
  csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1] ?? '';
  testPkg = null;
  if (e2e) {
    // The SIMD and scalar names both get the test build (SIMD: all three engines have it),
    // so the glue always matches the wasm.
    const [glue, wasm] = await Promise.all(['weightscope.js', 'weightscope_bg.wasm'].map((name) => readFile(path.join(TEST_PKG, name)).catch(() => null)));
    if (glue && wasm) testPkg = new Map([['www/pkg/weightscope.js', glue], ['www/pkg/weightscope_bg.wasm', wasm], ['www/pkg/weightscope_scalar_bg.wasm', wasm]]);
  }
  server = http.createServer((request, response) => serve(root, request, response));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${server.address().port}${BASE}`;
}

/** Stops the server started by start(). */
export async function stop() {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  server = null;
}

/** `html` with the harness script first in its <head>. */
function withHarness(html) {
  if (!harnessed) return html;
  const tag = `<script src="${HARNESS_PATH}"></script>`;
  return /<head>/i.test(html) ? html.replace(/<head>/i, `<head>${tag}`) : html.replace(/(<meta charset="utf-8">)/i, `$1${tag}`);
}

async function serve(root, request, response) {
  const { pathname } = new URL(request.url, 'http://localhost');
  if (pathname === HARNESS_PATH) {
    const script = (await readFile(HARNESS, 'utf8')).replace('const settings = null;', `const settings = ${JSON.stringify(settings)};`);
    response.writeHead(200, { 'Content-Type': MIME['.js'], 'Cache-Control': 'no-store' });
    response.end(script);
    return;
  }
  if (isOffline) {
    request.socket.destroy();
    return;
  }
  if (pages.has(pathname)) {
    const page = pages.get(pathname);
    if (page.counted) requests.push(pathname);
    const body = page.counted ? Buffer.from(page.body) : Buffer.from(withHarness(page.body));
    response.writeHead(page.status ?? 200, { ...page.headers, 'Content-Length': body.length, 'Cache-Control': 'no-store' });
    response.end(body);
    return;
  }
  if (pathname === BASE.slice(0, -1)) {
    response.writeHead(301, { Location: BASE });
    response.end();
    return;
  }
  const relative = pathname.startsWith(BASE) ? decodeURIComponent(pathname.slice(BASE.length)) : null;
  const file = relative === null ? null : path.join(root, relative.endsWith('/') || relative === '' ? `${relative}index.html` : relative);
  const type = file && MIME[path.extname(file)];
  if (!type || !file.startsWith(root)) {
    notFound(response);
    return;
  }
  requests.push(pathname);
  let body;
  try {
    body = testPkg?.get(relative) ?? await readFile(file);
  } catch {
    notFound(response);
    return;
  }
  if (type === MIME['.html']) body = Buffer.from(withHarness(body.toString('utf8')).replace(csp, served()));
  const kind = [...faults].find(([suffix]) => pathname.endsWith(suffix))?.[1];
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
  if (csp) headers['Content-Security-Policy'] = served();
  const status = kind?.match(/^status(\d{3})$/)?.[1];
  if (status) {
    response.writeHead(Number(status), { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(`${http.STATUS_CODES[status]}\n`);
    return;
  }
  if (kind === 'slow') {
    response.writeHead(200, { ...headers, 'Content-Length': body.length });
    for (let at = 0; at < body.length && !response.destroyed; at += 65_536) {
      response.write(body.subarray(at, at + 65_536));
      await new Promise((resolve) => setTimeout(resolve, 16));
    }
    response.end();
    return;
  }
  if (kind === 'html') {
    response.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Oops</title><p>Not the file you wanted.</p>\n');
    return;
  }
  if (kind === 'stall') {
    response.writeHead(200, { ...headers, 'Content-Length': body.length });
    response.write(body.subarray(0, 1024)); // then nothing: the connection stays open
    return;
  }
  if (kind === 'truncate') body = body.subarray(0, Math.floor(body.length / 2));
  if (kind === 'corrupt') {
    body = Buffer.from(body);
    for (let i = 0; i < 64; i += 1) body[Math.floor(body.length / 2) + i] ^= 0xff;
  }
  response.writeHead(200, { ...headers, 'Content-Length': body.length });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function notFound(response) {
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end('Not found\n');
}
