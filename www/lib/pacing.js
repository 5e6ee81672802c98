// The pacing of redraws shared by every panel that draws a run: one draw per animation frame,
// a run's own updates at most every LIVE_MS on one clock for the whole page (so the panels that
// follow a run change in the same frames; slower on a device whose frames cost more), a feed
// that gives a panel a run's newest value only while the panel is on screen, and a replay that
// holds each of a queue of moments on screen for HOLD_MS. Knows nothing about what is drawn.

/** Fewest milliseconds between two redraws for a run's own updates. */
export const LIVE_MS = 200;

/**
 * The share of the page's main thread the live clock's frames may take: where a tick's frame
 * costs more (a slow phone), the clock ticks less often, up to every SLOWEST_MS, and the reader's
 * taps and scrolls and the worker keep the rest.
 */
export const TICK_SHARE = 0.1;

/** Most milliseconds between two redraws for a run's own updates, however slow the device. */
export const SLOWEST_MS = 1000;

/** The live clock's period now: LIVE_MS, or a multiple of it on a device whose frames cost more. */
let period = LIVE_MS;

/**
 * How long after a run's last update what it left undrawn off screen is drawn anyway (the run
 * ended or paused): the page then holds no stale figure, seen or not.
 */
export const SETTLE_MS = 1000;

/**
 * Milliseconds from now to the live clock's next tick at least most of a period after a redraw
 * at `last`: the clock ticks every period for every pacer of the page, so their redraws share
 * frames (each frame that changes the page costs its layout, paint and commit, however little
 * changed). A quarter of a tick's slack keeps the pace at one tick, not two, when a redraw came
 * a frame after its tick.
 */
function nextTick(last) {
  return Math.ceil(Math.max(performance.now(), last + 0.75 * period) / period) * period;
}

/**
 * Runs a tick's `redraws` and times the frame they ask for: their scripts, then the page's
 * style, layout, paint and commit (a task queued by the frame's last callback runs once the
 * frame is done). The next period is the one in which such a frame takes TICK_SHARE of the main
 * thread, a multiple of LIVE_MS (so the ticks stay on one grid) up to SLOWEST_MS.
 */
function timed(redraws) {
  let start = 0;
  requestAnimationFrame(() => { start = performance.now(); });
  redraws();
  requestAnimationFrame(() => setTimeout(() => {
    const wanted = Math.round((performance.now() - start) / TICK_SHARE / LIVE_MS) * LIVE_MS;
    period = Math.min(SLOWEST_MS, Math.max(LIVE_MS, wanted));
  }));
}

/** The live clock's ticks to come: time -> the functions to run then, all in one task. */
const ticks = new Map();

/** Runs `fn` at tick `time` with every other function due then; returns what cancels it. */
function atTick(time, fn) {
  let due = ticks.get(time);
  if (!due) {
    due = new Set();
    ticks.set(time, due);
    // One timer a tick: the pacers' frames asked for in one task are one frame.
    setTimeout(() => {
      ticks.delete(time);
      timed(() => {
        for (const f of due) f();
      });
    }, time - performance.now());
  }
  due.add(fn);
  return () => due.delete(fn);
}

/**
 * Runs `draw` at the next animation frame, once however often it is asked. A run's own updates
 * (`live`) redraw at the live clock's ticks, at most every LIVE_MS: a fast run sends 15 updates
 * a second, drawing them all took the CPU from the worker training it, and 5 redraws a second
 * (fewer on a slow device) show the weights change as well. Anything else (a reader's scrub, a
 * resize, a stroke) draws at the next frame.
 */
export function createPacer(draw) {
  let frame = 0;
  let waiting = null; // cancels the tick this pacer waits for
  let last = -Infinity;
  const run = () => {
    frame = 0;
    last = performance.now();
    draw();
  };
  const stopWaiting = () => {
    waiting?.();
    waiting = null;
  };
  return {
    request({ live = false } = {}) {
      if (frame) return;
      if (live) {
        waiting ||= atTick(nextTick(last), () => {
          waiting = null;
          frame ||= requestAnimationFrame(run);
        });
        return;
      }
      stopWaiting();
      frame = requestAnimationFrame(run);
    },
    /** Forgets a redraw asked for (what it would draw is gone). */
    cancel() {
      cancelAnimationFrame(frame);
      stopWaiting();
      frame = 0;
    },
  };
}

/**
 * A run's values for a panel that follows it: `offer(value, {live})` keeps the newest, and
 * `deliver(value)` gets it at once, or for a run's own updates (`live`) at the pace of
 * createPacer and only while one of `elements` (the panel's, none: always) is on screen or near
 * it: an off-screen panel gets the newest value when it comes into view, at `flush()` (the run's
 * end), or SETTLE_MS after the last offer. A hidden page delivers nothing (no animation frames)
 * until it is shown again. `drop()` forgets a value not yet delivered.
 */
export function createFeed(deliver, elements = []) {
  let newest;
  let pending = false;
  let settle = 0;
  const watched = typeof IntersectionObserver === 'function' ? elements : [];
  const inView = new Set();
  const seen = () => watched.length === 0 || inView.size > 0;
  const give = () => {
    clearTimeout(settle);
    if (!pending) return;
    pending = false;
    deliver(newest);
  };
  let force = false; // the next frame delivers, seen or not (the run's updates stopped)
  const pacer = createPacer(() => {
    if (seen() || force) give();
    force = false;
  });
  if (watched.length > 0) {
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) inView.add(entry.target);
        else inView.delete(entry.target);
      }
      if (seen() && pending) pacer.request();
    }, { rootMargin: '100px' });
    for (const element of watched) observer.observe(element);
  }
  return {
    offer(value, { live = false } = {}) {
      newest = value;
      pending = true;
      if (!live) {
        pacer.cancel();
        give();
      } else {
        if (seen()) pacer.request({ live: true });
        clearTimeout(settle);
        settle = setTimeout(() => {
          force = true;
          pacer.request();
        }, SETTLE_MS);
      }
    },
    /** Delivers the newest value now if it was not. */
    flush() {
      pacer.cancel();
      give();
    },
    drop() {
      pacer.cancel();
      clearTimeout(settle);
      pending = false;
      newest = undefined;
    },
  };
}

/** How long a replayed moment stays on screen before the next one is shown. */
export const HOLD_MS = 400;

/**
 * A replay: `show(item)` for each item pushed, in order, each held HOLD_MS before the next
 * (the first at once). The items come as fast as the worker makes them; the reader sees them at
 * a pace a person can follow, and the worker never waits. `idle()` runs when the queue is empty
 * and the last item has been held its time.
 */
export function createHold(show, idle) {
  const queue = [];
  let timer = 0;
  const next = () => {
    timer = 0;
    const item = queue.shift();
    if (item === undefined) {
      idle();
      return;
    }
    show(item);
    timer = setTimeout(next, HOLD_MS);
  };
  return {
    push(item) {
      queue.push(item);
      if (!timer) next();
    },
    /** Whether an item is on screen for its time or waiting to be. */
    get busy() {
      return timer !== 0 || queue.length > 0;
    },
    /** Drops what is queued and stops holding. */
    stop() {
      clearTimeout(timer);
      timer = 0;
      queue.length = 0;
    },
  };
}
