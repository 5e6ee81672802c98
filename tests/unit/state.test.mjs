// The URL-hash state (crate/src/hash.rs) without a browser: round trips, defaults, and bad values that
// fall back with a notice instead of breaking the page.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { configOf, linkDefaults, parseHash, sameConfig, serializeHash } from './wasm.mjs';

test('an empty hash gives the defaults and no notices', () => {
  for (const hash of ['', '#', undefined]) {
    const { state, notices, given } = parseHash(hash);
    assert.deepEqual(state, linkDefaults());
    assert.deepEqual(notices, []);
    assert.deepEqual(given, []);
  }
  assert.deepEqual(linkDefaults().sizes, [784, 30, 10]);
});

test('serialize then parse gives the state back, with the version first', () => {
  const states = [
    linkDefaults(),
    { ...linkDefaults(), sizes: [784, 16, 16, 10], epochs: 1, eta: 3, miniBatch: 50_000, lambda: 0, cost: 'quadratic', init: 'large', seed: 4294967295 },
    { ...linkDefaults(), eta: 0.001, lambda: 1000, view: 'output', digit: 7, digest: '0123456789abcdef', autotrain: true },
    { ...linkDefaults(), trainSize: 100, testSize: 100 },
    { ...linkDefaults(), trainSize: 2000, testSize: 10_000 },
  ];
  for (const state of states) {
    const hash = serializeHash(state);
    assert.match(hash, /^v=1&sizes=/);
    const parsed = parseHash(`#${hash}`);
    assert.deepEqual(parsed.notices, []);
    assert.deepEqual(parsed.state, state);
  }
});

test('every bad value falls back to its default with a notice naming it', () => {
  const bad = {
    sizes: ['784-0-10', '784-30-9', '700-30-10', '784-10', '784-1-1-1-1-1-10', 'abc', '784-30.5-10'],
    epochs: ['0', '1001', '-1', '1.5', '', '1e3'],
    eta: ['0', '-1', '101', 'NaN', 'Infinity', 'x'],
    miniBatch: ['0', '50001'],
    lambda: ['-0.1', '1001'],
    cost: ['mse', ''],
    init: ['zeros'],
    seed: ['-1', '4294967296', '0x10'],
    trainSize: ['99', '0', '50001', '2e3', '2,000', '1000.5'],
    testSize: ['99', '10001', '-500', 'all'],
    digit: ['10'],
    digest: ['xyz', '0123'],
  };
  for (const [name, texts] of Object.entries(bad)) {
    for (const text of texts) {
      const { state, notices, given } = parseHash(`#v=1&${name}=${encodeURIComponent(text)}&epochs=${name === 'epochs' ? '0' : '3'}`);
      assert.deepEqual(state[name], linkDefaults()[name], `${name}=${text}`);
      assert.ok(notices.some((n) => n.includes(`“${text}”`)), `${name}=${text}: ${notices}`);
      assert.ok(!given.includes(name));
    }
  }
});

test('unknown parameters and versions are reported, known values still read', () => {
  const { state, notices } = parseHash('#v=2&epochs=3&colour=pink');
  assert.equal(state.epochs, 3);
  assert.equal(notices.length, 2);
  assert.match(notices[0], /version 2/);
  assert.match(notices[1], /colour/);
});

test('configOf keeps the run-shaping parameters; sameConfig compares them', () => {
  const state = { ...linkDefaults(), digest: 'ffffffffffffffff', view: 'hidden' };
  assert.deepEqual(Object.keys(configOf(state)), ['sizes', 'epochs', 'eta', 'miniBatch', 'lambda', 'cost', 'init', 'seed', 'trainSize', 'testSize']);
  assert.ok(sameConfig(configOf(state), linkDefaults()));
  assert.ok(!sameConfig(linkDefaults(), { ...linkDefaults(), seed: 2 }));
  assert.ok(!sameConfig(linkDefaults(), { ...linkDefaults(), trainSize: 2000 }), 'a subset is another run');
  assert.ok(!sameConfig(linkDefaults(), { ...linkDefaults(), testSize: 500 }));
  assert.ok(!sameConfig(linkDefaults(), { ...linkDefaults(), sizes: [784, 31, 10] }));
});

test('a model path or a hosted model file\'s https: URL and an embedded figure round-trip; other paths and URLs are refused', () => {
  for (const model of ['www/demos/network2-784-30-10.wscp', 'https://blog.example.com/posts/net.wscp']) {
    const state = { ...linkDefaults(), model, embed: 'hidden' };
    assert.deepEqual(parseHash(`#${serializeHash(state)}`).state, state);
  }
  for (const bad of ['http://evil.example/x.wscp', 'https://evil.example/x?y', '//evil.example/x', '/etc/passwd', '../up.wscp', 'a/../../b', 'x y']) {
    const { state: parsed, notices } = parseHash(`#model=${encodeURIComponent(bad)}`);
    assert.equal(parsed.model, undefined, bad);
    assert.match(notices[0], /model file .* is not a relative path on this site/);
  }
  assert.match(parseHash('#embed=everything').notices[0], /embedded figure “everything” is not one of hidden, output, explorer, pad, curves, timeline, sweep, compare/);
});

test('an embed\'s theme and network round-trip; a network that is not base64url is refused', () => {
  const state = { ...linkDefaults(), embed: 'output', theme: 'dark', net: 'V1NDUAQA-_x', digest: '0123456789abcdef' };
  assert.deepEqual(parseHash(`#${serializeHash(state)}`).state, state);
  assert.match(serializeHash(state), /&embed=output&theme=dark&net=V1NDUAQA-_x$/, 'the network last: it is long');
  assert.match(parseHash('#theme=sepia').notices[0], /embed theme “sepia” is not one of auto, light, dark/);
  const { state: parsed, notices } = parseHash('#net=a%2Bb');
  assert.equal(parsed.net, undefined);
  assert.match(notices[0], /embedded network “a\+b” is not a network written by Weightscope's Embed panel/);
});

test('the data subset travels in the link only when it is one; a link without it means all of MNIST', () => {
  const full = serializeHash(linkDefaults());
  assert.doesNotMatch(full, /trainSize|testSize/);
  assert.match(full, /&seed=1$/, 'the run parameters before it are written as ever');
  const subset = serializeHash({ ...linkDefaults(), trainSize: 2000, testSize: 500, epochs: 1 });
  assert.match(subset, /&seed=1&trainSize=2000&testSize=500$/);
  const { state, notices, given } = parseHash('#v=1&trainSize=2000&testSize=500&epochs=1&autotrain=1');
  assert.deepEqual(notices, []);
  assert.deepEqual([state.trainSize, state.testSize, state.epochs], [2000, 500, 1]);
  assert.deepEqual(given, ['trainSize', 'testSize', 'epochs', 'autotrain']);
  // An older link (no subset) reads as the full sets.
  const old = parseHash('#v=1&sizes=784-30-10&epochs=3').state;
  assert.deepEqual([old.trainSize, old.testSize], [50_000, 10_000]);
  assert.match(parseHash('#trainSize=20').notices[0], /training images “20” is not a number from 100 to 50000; the default 50000 is used/);
});

test('a link carries the sharer\'s note as plain text, a chapter to open at and a challenge, all checked', () => {
  const note = 'Beat my 10 neurons!\n<b>not bold</b> & 😀';
  const goal = 'epochs<=30; accuracy>=93.43 ;hidden<=10';
  const { state, notices } = parseHash(`#v=1&note=${encodeURIComponent(note)}&view=chapter-few&goal=${encodeURIComponent(goal)}`);
  assert.deepEqual(notices, []);
  assert.equal(state.note, note, 'the words as they were, markup and all, as text');
  assert.equal(state.view, 'chapter-few');
  assert.equal(state.goal, 'accuracy>=93.43;hidden<=10;epochs<=30', 'as Rust writes it');
  assert.deepEqual(parseHash(`#${serializeHash(state)}`).state, state);
  // Too long, control characters, a bad goal, a chapter not on the page: a notice each, nothing kept.
  const bad = parseHash(`#v=1&note=${'x'.repeat(281)}&goal=speed>=3&view=chapter-unwritten`);
  assert.equal(bad.state.note, undefined);
  assert.equal(bad.state.goal, undefined);
  assert.equal(bad.state.view, undefined);
  assert.equal(bad.notices.length, 3);
  assert.match(bad.notices[0], /note “x{39}…” is not plain text of at most 280 characters; it was ignored\.$/);
  assert.match(bad.notices[1], /goal “speed>=3” is not a goal such as accuracy>=93.43;hidden<=10;epochs<=30/);
  assert.match(bad.notices[2], /view “chapter-unwritten” is not one of .*chapter-few, .*chapter-init.*; it was ignored\.$/);
  assert.equal(parseHash('#note=a%07b').state.note, undefined);
});
