// The replay's hold (www/lib/pacing.js) without a browser: moments pushed as fast as the worker
// makes them are shown one at a time, each held HOLD_MS, and the replay hears when it has caught up.

import assert from 'node:assert/strict';
import { mock, test } from 'node:test';

import { HOLD_MS, createHold } from '../../www/lib/pacing.js';

test('each item is shown in order and held HOLD_MS; idle comes once the last has had its time', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const shown = [];
    let idle = 0;
    const hold = createHold((item) => shown.push(item), () => { idle += 1; });
    hold.push(0);
    assert.deepEqual(shown, [0], 'the first at once');
    for (const item of [1, 3, 10]) hold.push(item); // the worker is far ahead
    assert.deepEqual(shown, [0]);
    assert.ok(hold.busy);
    mock.timers.tick(HOLD_MS - 1);
    assert.deepEqual(shown, [0], 'not before its time');
    mock.timers.tick(1);
    assert.deepEqual(shown, [0, 1]);
    mock.timers.tick(HOLD_MS);
    mock.timers.tick(HOLD_MS);
    assert.deepEqual(shown, [0, 1, 3, 10]);
    assert.equal(idle, 0, 'the last is still held');
    mock.timers.tick(HOLD_MS);
    assert.equal(idle, 1);
    assert.ok(!hold.busy);
    hold.push(30); // a moment that comes later is shown at once
    assert.deepEqual(shown, [0, 1, 3, 10, 30]);
    hold.push(100);
    hold.stop(); // the reader took the scrubber
    for (let i = 0; i < 3; i += 1) mock.timers.tick(HOLD_MS);
    assert.deepEqual(shown, [0, 1, 3, 10, 30], 'nothing after stop');
    assert.ok(!hold.busy);
    assert.equal(idle, 1);
  } finally {
    mock.timers.reset();
  }
});
