// What Weightscope has published keeps its meaning: every link of tests/fixtures/links.json
// (format v=1, written at commit 2372650) reads to the same state, writes back the same text and
// fills the form with the same values. Every model file of tests/fixtures/models.json opens with
// the same recipe and weights digest: crate/tests/published.rs (the worker reads files with that
// code; the page no longer does).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { formQuery } from '../../www/panels/controls.js';
import { configOf, parseHash, serializeHash } from './wasm.mjs';

const fixture = (name) => new URL(`../fixtures/${name}`, import.meta.url);
const { links } = JSON.parse(readFileSync(fixture('links.json'), 'utf8'));

test('every published link reads to the same state and form, without a notice', () => {
  assert.ok(links.length >= 30);
  for (const link of links) {
    const { state, notices, given } = parseHash(link.hash);
    assert.deepEqual(notices, [], link.hash);
    assert.deepEqual(given, link.given, link.hash);
    assert.deepEqual(state, link.state, link.hash);
    assert.equal(serializeHash(state), link.serialized, link.hash);
    assert.deepEqual(Object.fromEntries(formQuery(configOf(state))), link.form, link.hash);
  }
});

test('the link fixtures use every key the page reads, the subset ones included', () => {
  const used = new Set(links.flatMap((link) => [...new URLSearchParams(link.hash.slice(1)).keys()]));
  for (const key of ['v', ...Object.keys(links[0].state), 'view', 'digit', 'digest', 'autotrain', 'model', 'embed', 'scale']) {
    assert.ok(used.has(key), key);
  }
});
