// The embed snippet (www/panels/embed.js) without a browser: the URL is escaped for its attribute,
// each figure gets its title and an aspect ratio, and the optional resizing lines only listen.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { FIGURES, RESIZER, SIZE_MESSAGE, offered, snippet } from '../../www/panels/embed.js';
import { isSitePath } from './wasm.mjs';

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

test('only plain relative paths can name a model', () => {
  assert.ok(isSitePath('www/demos/network2-784-30-10.wscp'));
  for (const bad of ['https://x/y', '//x/y', '/abs', '../up', 'a/../b', '', 'a b', 'a?b']) assert.ok(!isSitePath(bad), bad);
});

test('the sweep and the comparison embed, offered once they are in use, and say what to do when empty', () => {
  for (const name of ['sweep', 'compare']) {
    const figure = FIGURES[name];
    assert.deepEqual(figure.containers, [`#${name}`]);
    assert.ok(figure.experiment);
    assert.match(figure.empty, /^Press “Run (sweep|both)”/);
    assert.match(snippet('u', name), new RegExp(`title="Weightscope: ${figure.label}"`));
  }
  const always = ['hidden', 'output', 'explorer', 'pad', 'curves', 'timeline', 'ablation', 'compose'];
  assert.deepEqual(offered(new Set()), always);
  assert.deepEqual(offered(new Set(['compare'])), ['hidden', 'output', 'explorer', 'pad', 'curves', 'timeline', 'compare', 'ablation', 'compose']);
  assert.deepEqual(offered(new Set(['sweep', 'compare', 'matching', 'detectors'])), Object.keys(FIGURES));
});
