// Unit tests of lib/dataset.js's words for the dataset on screen (from Rust's descriptor) and of
// the one formatter of a download's cost (node:test, the page's wasm). The chapters' words are
// Rust's (crate/src/chapters.rs, tested there); here, that the page reads them per dataset.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import './wasm.mjs';
import { chapters } from '../../www/pkg/weightscope.js';
import { classImages, classLabel, classTitle, classWord, dataset, downloadWords, imageWord, useDataset } from '../../www/lib/dataset.js';

globalThis.document ??= { documentElement: { dataset: {} } }; // useDataset marks the page's root

const titles = () => chapters(dataset().key).map((c) => c.title);

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
  assert.deepEqual(titles().slice(1, 4), ['How a digit uses them', 'Build a digit from the blocks', 'Your own digit']);

  useDataset('fashion-mnist');
  assert.deepEqual([classWord(), classWord(true), imageWord(), imageWord(true)], ['class', 'classes', 'image', 'images']);
  assert.deepEqual([classLabel(7), classTitle(7), classImages(7)], ['Sneaker', 'Sneaker', 'Sneaker']);
  assert.deepEqual(titles().slice(1, 4), ['How a class uses them', 'Build an image from the blocks', 'Your own image']);
  useDataset(undefined);
});
