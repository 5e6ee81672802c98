// A tiny static file server for the end-to-end tests: serves a directory (the built site,
// dist/ by default) at the sub-path /weightscope/ on 127.0.0.1, on a free port.
// It compresses nothing and caches nothing: the page must cope with plain static hosting.
// Every response carries the Content-Security-Policy of index.html's <meta> as a header too, so
// the worker (whose CSP comes from its own response) runs under it. Tests can make one file
// fail (`fault`) and count what was requested (`requests`).

import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE = '/weightscope/';
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
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
};

let server = null;
let csp = '';
/** path suffix -> what goes wrong: 'status500' | 'stall' | 'html' | 'truncate' | 'corrupt' */
const faults = new Map();
/** Every path requested since start(), in order. */
export const requests = [];

/**
 * Makes requests for paths ending in `suffix` go wrong: 'status500' answers HTTP 500; 'stall'
 * sends the headers and a first chunk, then nothing, holding the connection open; 'html' sends
 * an HTML page with status 200; 'truncate' sends the first half of the file; 'corrupt' flips
 * bytes in the middle (same length). `null` clears it.
 */
export function fault(suffix, kind) {
  if (kind) faults.set(suffix, kind);
  else faults.delete(suffix);
}

/** Clears every fault. */
export function clearFaults() {
  faults.clear();
}

/** The policy index.html declares in its <meta http-equiv="Content-Security-Policy">. */
export function policy() {
  return csp;
}

const pages = new Map(); // extra pages outside the site, such as a blog post that embeds it

/** Serves `html` at `pathname` (e.g. /blog/post.html), as another site on the same server would. */
export function servePage(pathname, html) {
  pages.set(pathname, html);
}

/** Starts serving `directory` (default dist/); resolves to the site's URL, e.g. http://127.0.0.1:41234/weightscope/ */
export async function start(directory = DIST) {
  const root = path.resolve(directory) + path.sep;
  await stat(path.join(root, 'index.html')).catch(() => {
    throw new Error(`${root}index.html not found: run \`make dist\` first`);
  });
  const html = await readFile(path.join(root, 'index.html'), 'utf8');
  csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1] ?? '';
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

async function serve(root, request, response) {
  const { pathname } = new URL(request.url, 'http://localhost');
  if (pages.has(pathname)) {
    const body = Buffer.from(pages.get(pathname));
    response.writeHead(200, { 'Content-Type': MIME['.html'], 'Content-Length': body.length, 'Cache-Control': 'no-store' });
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
    body = await readFile(file);
  } catch {
    notFound(response);
    return;
  }
  const kind = [...faults].find(([suffix]) => pathname.endsWith(suffix))?.[1];
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
  if (csp) headers['Content-Security-Policy'] = csp;
  if (kind === 'status500') {
    response.writeHead(500, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Internal Server Error\n');
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
