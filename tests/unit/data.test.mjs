// Unit tests of lib/data.js's estimate of a download's time left (node:test, no browser).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { secondsLeft } from '../../www/lib/data.js';

test('the time left is the bytes to come at the mean rate so far', () => {
  assert.equal(secondsLeft(2e6, 10e6, 4), 16); // 0.5 MB/s, 8 MB to go
  assert.equal(secondsLeft(10e6, 10e6, 20), 0);
  assert.equal(secondsLeft(11e6, 10e6, 20), 0, 'never negative');
});

test('no estimate before a second of download, without bytes or without a total', () => {
  assert.equal(secondsLeft(2e6, 10e6, 0.5), null);
  assert.equal(secondsLeft(0, 10e6, 5), null);
  assert.equal(secondsLeft(2e6, 0, 5), null);
});
