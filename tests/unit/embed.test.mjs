// The embed snippet (www/panels/embed.js) without a browser: the URL is escaped for its attribute,
// each figure gets its title and an aspect ratio, the optional resizing lines only listen, and the
// figures are the ones a link's `embed` may name.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { FIGURES, RESIZER, SIZE_MESSAGE, offered, snippet } from '../../www/panels/embed.js';
import { handover } from '../../www/lib/hosted.js';
import { isModelUrl, isSitePath, schema } from './wasm.mjs';

test('the snippet is one full-width iframe with the escaped URL, a title and an aspect ratio per figure', () => {
  const src = 'https://example.org/weightscope/#v=1&model=www%2Fdemos%2Fa.wscp&embed=hidden&x="<b>';
  const html = snippet(src, 'hidden');
  assert.equal(html, '<iframe src="https://example.org/weightscope/#v=1&amp;model=www%2Fdemos%2Fa.wscp&amp;embed=hidden&amp;x=&quot;&lt;b>" '
    + `title="Weightscope: Hidden layer weights" style="border:0;width:100%;aspect-ratio:${FIGURES.hidden.ratio.join('/')}" loading="lazy"></iframe>`);
  for (const figure of Object.keys(FIGURES)) assert.match(snippet('u', figure), /style="border:0;width:100%;aspect-ratio:\d+\/\d+"/);
});

test('the resizing lines set a frame\'s height only from its own size message', () => {
  const frames = [{ contentWindow: 'a', style: {} }, { contentWindow: 'b', style: {} }];
  let listener;
  const body = RESIZER.replace(/^<script>|<\/script>$/g, '');
  new Function('addEventListener', 'document', body)((type, fn) => { listener = fn; }, { querySelectorAll: () => frames });
  listener({ data: { type: SIZE_MESSAGE, height: 345 }, source: 'b' });
  listener({ data: { type: 'other', height: 1 }, source: 'a' });
  listener({ data: null, source: 'a' });
  assert.deepEqual(frames.map((f) => f.style), [{}, { aspectRatio: 'auto', height: '345px' }]);
});

test('a model is a plain relative path on the site, or an https: URL of a file on another (http: on this computer)', () => {
  assert.ok(isSitePath('www/demos/network2-784-30-10.wscp'));
  for (const bad of ['https://x/y', '//x/y', '/abs', '../up', 'a/../b', '', 'a b', 'a?b']) assert.ok(!isSitePath(bad), bad);
  for (const ok of ['https://blog.example.com/posts/net.wscp', 'http://localhost:8080/blog/net.wscp']) assert.ok(isModelUrl(ok), ok);
  for (const bad of ['http://blog.example.com/net.wscp', 'https://blog.example.com/', 'https://x.com/a?b', 'www/demos/a.wscp', 'https://u@x.com/a']) assert.ok(!isModelUrl(bad), bad);
});

test('the sweep and the comparison embed, offered once they are in use, and say what to do when empty', () => {
  for (const name of ['sweep', 'compare']) {
    const figure = FIGURES[name];
    assert.deepEqual(figure.containers, [`#${name}`]);
    assert.ok(figure.experiment);
    assert.match(figure.empty('MNIST, 11.4 MB'), /^Press “Run (sweep|both)” .*\(it downloads MNIST, 11\.4 MB\)\.$/);
    assert.match(snippet('u', name), new RegExp(`title="Weightscope: ${figure.label}"`));
  }
  const always = ['hidden', 'output', 'explorer', 'pad', 'curves', 'timeline', 'ablation', 'compose'];
  assert.deepEqual(offered(new Set()), always);
  assert.deepEqual(offered(new Set(['compare'])), ['hidden', 'output', 'explorer', 'pad', 'curves', 'timeline', 'compare', 'ablation', 'compose']);
  assert.deepEqual(offered(new Set(['sweep', 'compare', 'matching', 'detectors'])), Object.keys(FIGURES));
});

test('the figures a link can embed are the figures the page lays out, in the same order', () => {
  assert.deepEqual(schema().pageKeys.find((k) => k.name === 'embed').range, Object.keys(FIGURES));
});

test('the post\'s handover line fetches only its own .wscp files, only for Weightscope\'s frames, and hands the bytes to the frame that asked', async () => {
  const app = 'https://weightscope.example';
  const body = handover(app).replace(/^<script>|<\/script>$/g, '');
  let listener;
  const fetched = [];
  const fetch = async (url, options) => {
    fetched.push([String(url), options.credentials]);
    return { ok: !String(url).endsWith('missing.wscp'), arrayBuffer: async () => new ArrayBuffer(3) };
  };
  new Function('addEventListener', 'location', 'fetch', 'URL', body)((type, fn) => { listener = fn; }, { origin: 'https://blog.example' }, fetch, URL);
  const posted = [];
  const ask = async (origin, url, type = 'weightscope:model-wanted') => {
    listener({ origin, data: { type, url }, source: { postMessage: (...args) => posted.push(args) } });
    await new Promise((resolve) => { setTimeout(resolve, 0); });
  };
  await ask('https://ads.example', 'https://blog.example/net.wscp');
  await ask(app, 'https://blog.example/admin/secrets.json');
  await ask(app, 'https://other.example/net.wscp');
  await ask(app, 'not a url');
  await ask(app, 'https://blog.example/net.wscp', 'other');
  await ask(app, 'https://blog.example/missing.wscp');
  assert.equal(posted.length, 0);
  await ask(app, 'https://blog.example/posts/net.wscp');
  assert.deepEqual(fetched, [['https://blog.example/missing.wscp', 'omit'], ['https://blog.example/posts/net.wscp', 'omit']]);
  assert.equal(posted.length, 1);
  const [message, origin, transfer] = posted[0];
  assert.deepEqual([message.type, message.url, message.bytes.byteLength, origin, transfer.length], ['weightscope:model', 'https://blog.example/posts/net.wscp', 3, app, 1]);
});
