// Unit tests of lib/dataset.js's words for the dataset on screen (from Rust's descriptor), of the
// one formatter of a download's cost, and of the chapters' words: titles follow the dataset, and
// the article's quoted figure comes from the schema's published sweep (node:test, the page's wasm).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import './wasm.mjs';
import { CHAPTERS } from '../../www/lib/chapters.js';
import { classImages, classLabel, classTitle, classWord, downloadWords, imageWord, useDataset } from '../../www/lib/dataset.js';
import { schema } from '../../www/lib/schema.js';

globalThis.document ??= { documentElement: { dataset: {} } }; // useDataset marks the page's root

const chapter = (id) => CHAPTERS.find((c) => c.id === id);

test('a download is named with its size in MB, or without one when the manifest gave none', () => {
  assert.equal(downloadWords('MNIST', 11_369_320), 'MNIST, 11.4 MB');
  assert.equal(downloadWords('MNIST', 1_621_025, true), 'the MNIST test set, 1.6 MB');
  assert.equal(downloadWords('Fashion-MNIST', null), 'Fashion-MNIST');
  assert.equal(downloadWords('Fashion-MNIST', null, true), 'the Fashion-MNIST test set');
});

test('MNIST speaks of digits, Fashion-MNIST of classes and images, from the descriptor', () => {
  useDataset(undefined);
  assert.deepEqual([classWord(), classWord(true), imageWord(), imageWord(true)], ['digit', 'digits', 'digit', 'digits']);
  assert.deepEqual([classLabel(7), classTitle(7), classImages(7)], ['digit 7', 'Digit 7', '7s']);
  assert.deepEqual(CHAPTERS.map((c) => c.title).slice(1, 4), ['How a digit uses them', 'Build a digit from the blocks', 'Your own digit']);
  assert.match(chapter('chapter-your-digit').claim, /draw one/);

  useDataset('fashion-mnist');
  assert.deepEqual([classWord(), classWord(true), imageWord(), imageWord(true)], ['class', 'classes', 'image', 'images']);
  assert.deepEqual([classLabel(7), classTitle(7), classImages(7)], ['Sneaker', 'Sneaker', 'Sneaker']);
  assert.deepEqual(CHAPTERS.map((c) => c.title).slice(1, 4), ['How a class uses them', 'Build an image from the blocks', 'Your own image']);
  for (const id of ['chapter-uses', 'chapter-build', 'chapter-your-digit']) assert.doesNotMatch(chapter(id).title, /digit/i, id);
  assert.doesNotMatch(chapter('chapter-your-digit').claim, /digit|draw/i, 'the page\'s own claim follows the dataset');
  useDataset(undefined);
});

test("the article's “9343 out of 10000” is the schema's published figure, quoted as the article wrote it", () => {
  const claim = chapter('chapter-few').claim;
  assert.match(claim, /“with 10 neurons, the network was able to classify 9343 out of 10000 test images correctly”/);
  assert.match(claim, /5 neurons gave 86\.65%/);
  const [, ten] = schema().sweep.article.find(([hidden]) => hidden === 10);
  assert.equal(Math.round(ten * schema().dataset.test), 9343, 'the figure the claim quotes is the sweep chart\'s');
});
