// Static checks of the page's sources: no HTML is ever built from strings (so no user-controlled
// string can reach the HTML parser), and index.html has nothing its Content-Security-Policy
// would block (inline scripts, inline styles, event-handler attributes).

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url);
const sources = async () => {
  // www/*.js, www/lib/ and www/panels/: the page's own modules (not the generated pkg/ glue).
  const names = (await readdir(new URL('www/', root), { recursive: true }))
    .filter((name) => name.endsWith('.js') && /^((lib|panels)\/)?[^/]+$/.test(name));
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(new URL(`www/${name}`, root), 'utf8') })));
};

test('no page module (www/, www/lib/, www/panels/) parses strings as HTML or evaluates strings as code', async () => {
  const sinks = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write(ln)?|createContextualFragment|srcdoc|eval|new Function|setTimeout\(\s*['"`]|setInterval\(\s*['"`])\b/;
  const found = [];
  for (const { name, text } of await sources()) {
    text.split('\n').forEach((line, i) => {
      if (sinks.test(line)) found.push(`www/${name}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, [], 'use textContent and createElement instead');
});

test('no page module acts on window messages from other origins (embed mode listens to none)', async () => {
  for (const { name, text } of await sources()) {
    if (name === 'worker.js' || name === 'gunzip-worker.js') continue; // a dedicated worker hears only the page that started it
    const listens = /(window|self|globalThis)\.(addEventListener\(\s*['"]message['"]|onmessage\s*=)|^\s*addEventListener\(\s*['"]message['"]/m.test(text);
    assert.ok(!listens || /\.origin\s*[!=]==/.test(text), `www/${name} listens to window messages without checking their origin`);
  }
});

test('index.html declares the strict CSP and has no inline script, style or handler', async () => {
  const html = await readFile(new URL('index.html', root), 'utf8');
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
  assert.ok(csp, 'a CSP meta element');
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  assert.deepEqual(directives['default-src'], ["'self'"]);
  assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(directives['style-src'], ["'self'"]);
  assert.deepEqual(directives['connect-src'], ["'self'"]);
  assert.deepEqual(directives['object-src'], ["'none'"]);
  assert.deepEqual(directives['base-uri'], ["'none'"]);
  assert.ok(!/unsafe-inline|unsafe-eval'|https?:|\*/.test(csp.replace("'wasm-unsafe-eval'", '')), csp);
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), 'no inline <script>');
  assert.ok(!/<style\b/i.test(html), 'no <style> element');
  assert.ok(!/\sstyle=/i.test(html), 'no style attribute');
  assert.ok(!/\son[a-z]+=/i.test(html), 'no event-handler attribute');
  assert.ok(!/(src|href)="(https?:)?\/\//i.test(html.replace(/<a [^>]*>/g, '')), 'no third-party resource');
});
