// The pacing of redraws (www/lib/pacing.js) without a browser: the replay's hold shows moments
// pushed as fast as the worker makes them one at a time, each held HOLD_MS, and hears when it has
// caught up; a run's own redraws share the live clock's ticks, which slow down where frames cost
// more; a feed gives an off-screen panel a run's newest value only when it comes into view, at
// the run's end, or once updates stop.

import assert from 'node:assert/strict';
import { mock, test } from 'node:test';

import { HOLD_MS, LIVE_MS, SETTLE_MS, SLOWEST_MS, TICK_SHARE, createFeed, createHold, createPacer } from '../../www/lib/pacing.js';

/**
 * Runs `body` on a fake clock (setTimeout, Date and performance.now), with animation frames
 * every 16 ms and IntersectionObserver replaced by one the test drives:
 * `body({ observers, spend })`, each observer `{ targets, show(target, isIntersecting) }`;
 * `spend(ms)`, called by a draw, moves performance.now on as a draw that takes `ms` would.
 */
async function fakeBrowser(body) {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const saved = { now: performance.now, raf: globalThis.requestAnimationFrame, caf: globalThis.cancelAnimationFrame, io: globalThis.IntersectionObserver };
  let spent = 0;
  performance.now = () => Date.now() + spent;
  globalThis.requestAnimationFrame = (f) => setTimeout(f, 16 - (Date.now() % 16));
  globalThis.cancelAnimationFrame = (id) => clearTimeout(id);
  const observers = [];
  globalThis.IntersectionObserver = class {
    constructor(callback) {
      this.targets = [];
      this.show = (target, isIntersecting) => callback([{ target, isIntersecting }]);
      observers.push(this);
    }
    observe(target) {
      this.targets.push(target);
    }
  };
  try {
    await body({ observers, spend: (ms) => { spent += ms; } });
  } finally {
    performance.now = saved.now;
    Object.assign(globalThis, { requestAnimationFrame: saved.raf, cancelAnimationFrame: saved.caf, IntersectionObserver: saved.io });
    mock.timers.reset();
  }
}

/** Moves the fake clock on `ms` one millisecond at a time, so timers set by timers run in time. */
function advance(ms) {
  for (let i = 0; i < ms; i += 1) mock.timers.tick(1);
}

test('a run\'s own redraws land on the live clock\'s ticks, every pacer of the page in the same frame', () => fakeBrowser(() => {
  const drawn = { a: [], b: [] };
  const a = createPacer(() => drawn.a.push(Date.now()));
  const b = createPacer(() => drawn.b.push(Date.now()));
  advance(10);
  a.request({ live: true });
  advance(110);
  b.request({ live: true });
  advance(LIVE_MS);
  assert.deepEqual(drawn, { a: [208], b: [208] }, 'both at the first frame after the tick at 200 ms');
  // Asked every 50 ms for a second: one redraw a tick.
  for (let t = 0; t < 1000; t += 50) {
    a.request({ live: true });
    b.request({ live: true });
    advance(50);
  }
  assert.deepEqual(drawn.a, [208, 416, 608, 816, 1008, 1216], 'at the first frame (every 16 ms) after each tick');
  assert.deepEqual(drawn.b, drawn.a);
  a.request(); // not a run's update: the next frame
  advance(16);
  assert.equal(drawn.a.at(-1), 1328, 'asked at 1,320 ms');
  b.request({ live: true });
  b.cancel();
  advance(LIVE_MS * 2);
  assert.equal(drawn.b.length, 6, 'a cancelled redraw never comes');
}));

test('the live clock ticks less often where its frames cost more, and as often again once they are cheap', () => fakeBrowser(({ spend }) => {
  let cost = 80; // ms a redraw takes: 80 is 40% of a LIVE_MS tick
  const drawn = [];
  const pacer = createPacer(() => {
    drawn.push(performance.now());
    spend(cost);
  });
  const run = (ms) => {
    for (let t = 0; t < ms; t += 50) {
      pacer.request({ live: true });
      advance(50);
    }
  };
  const gaps = () => drawn.slice(-4).map((t, i, all) => Math.round(t - (all[i - 1] ?? t))).slice(1);
  run(5000);
  const slow = Math.round(cost / TICK_SHARE / LIVE_MS) * LIVE_MS;
  assert.equal(slow, 800);
  for (const gap of gaps()) assert.ok(Math.abs(gap - slow) <= 16, `redrawn every ${gaps()} ms, not every ${slow}`);
  cost = 500; // beyond SLOWEST_MS's share: never slower than that
  run(8000);
  for (const gap of gaps()) assert.ok(Math.abs(gap - SLOWEST_MS) <= 16, `redrawn every ${gaps()} ms, not every ${SLOWEST_MS}`);
  cost = 2;
  run(3000);
  for (const gap of gaps()) assert.ok(Math.abs(gap - LIVE_MS) <= 16, `redrawn every ${gaps()} ms, not every ${LIVE_MS}`);
}));

test('a feed gives an off-screen panel the newest value when it comes into view, at flush, or once updates stop', () => fakeBrowser(({ observers }) => {
  const panel = { id: 'panel' };
  const got = [];
  const feed = createFeed((value) => got.push(value), [panel]);
  const [observer] = observers;
  assert.deepEqual(observer.targets, [panel]);
  for (let i = 1; i <= 5; i += 1) {
    feed.offer(i, { live: true });
    advance(LIVE_MS);
  }
  assert.deepEqual(got, [], 'nothing while off screen');
  observer.show(panel, true);
  advance(16);
  assert.deepEqual(got, [5], 'the newest, once in view');
  feed.offer(6, { live: true });
  feed.offer(7, { live: true });
  advance(LIVE_MS);
  assert.deepEqual(got, [5, 7], 'in view: at the live pace, the newest');
  observer.show(panel, false);
  feed.offer(8, { live: true });
  feed.flush(); // the run ended
  assert.deepEqual(got, [5, 7, 8]);
  feed.offer(9, { live: true });
  advance(SETTLE_MS - 1);
  assert.deepEqual(got, [5, 7, 8]);
  advance(LIVE_MS);
  assert.deepEqual(got, [5, 7, 8, 9], 'updates stopped (a pause): delivered off screen too');
  feed.offer(10); // not a run's update (an opened network): at once
  assert.deepEqual(got, [5, 7, 8, 9, 10]);
  feed.offer(11, { live: true });
  feed.drop(); // another run
  advance(SETTLE_MS * 2);
  assert.deepEqual(got, [5, 7, 8, 9, 10]);
}));

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
