// A tiny static file server for the end-to-end tests: serves a directory (the built site,
// dist/ by default) at the sub-path /weightscope/ on 127.0.0.1, on a free port.
// It compresses nothing and caches nothing: the page must cope with plain static hosting.

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
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch {
    notFound(response);
  }
}

function notFound(response) {
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end('Not found\n');
}
