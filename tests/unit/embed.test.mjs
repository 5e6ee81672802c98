// The embed snippet (www/panels/embed.js) without a browser: the URL is escaped for its attribute and
// each figure gets a sensible frame size and title.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { FIGURES, offered, snippet } from '../../www/panels/embed.js';
import { isSitePath } from './wasm.mjs';

test('the snippet is one iframe with the escaped URL, a title and a size per figure', () => {
  const src = 'https://example.org/weightscope/#v=1&model=www%2Fdemos%2Fa.wscp&embed=hidden&x="<b>';
  const html = snippet(src, 'hidden');
  assert.equal(html, '<iframe src="https://example.org/weightscope/#v=1&amp;model=www%2Fdemos%2Fa.wscp&amp;embed=hidden&amp;x=&quot;&lt;b>" '
    + 'width="640" height="560" title="Weightscope: Hidden layer weights" style="border:0;max-width:100%" loading="lazy"></iframe>');
  for (const figure of Object.keys(FIGURES)) assert.match(snippet('u', figure), /width="\d+" height="\d+"/);
});

test('only plain relative paths can name a model', () => {
  assert.ok(isSitePath('www/demos/network2-784-30-10.wscp'));
  for (const bad of ['https://x/y', '//x/y', '/abs', '../up', 'a/../b', '', 'a b', 'a?b']) assert.ok(!isSitePath(bad), bad);
});

test('the sweep and the comparison embed, offered once they are in use, and say what to do when empty', () => {
  for (const name of ['sweep', 'compare']) {
    const figure = FIGURES[name];
    assert.equal(figure.container, `#${name}`);
    assert.ok(figure.experiment);
    assert.match(figure.empty, /^Press “Run (sweep|both)”/);
    assert.match(snippet('u', name), new RegExp(`title="Weightscope: ${figure.label}"`));
  }
  const always = ['hidden', 'output', 'explorer', 'pad', 'curves', 'ablation', 'compose'];
  assert.deepEqual(offered(new Set()), always);
  assert.deepEqual(offered(new Set(['compare'])), ['hidden', 'output', 'explorer', 'pad', 'curves', 'compare', 'ablation', 'compose']);
  assert.deepEqual(offered(new Set(['sweep', 'compare', 'matching', 'detectors'])), Object.keys(FIGURES));
});
