// The pacing of redraws shared by every panel that draws a run: one draw per animation frame,
// a run's own updates at most every LIVE_MS, and a replay that holds each of a queue of moments
// on screen for HOLD_MS. Knows nothing about what is drawn.

/** Fewest milliseconds between two redraws for a run's own updates. */
export const LIVE_MS = 200;

/**
 * Runs `draw` at the next animation frame, once however often it is asked. A run's own updates
 * (`live`) redraw at most every LIVE_MS: a fast run sends 15 updates a second, drawing them all
 * took the CPU from the worker training it, and 5 redraws a second show the weights change as
 * well. Anything else (a reader's scrub, a resize, a stroke) draws at the next frame.
 */
export function createPacer(draw) {
  let frame = 0;
  let timer = 0;
  let last = -Infinity;
  const run = () => {
    frame = 0;
    last = performance.now();
    draw();
  };
  return {
    request({ live = false } = {}) {
      if (frame) return;
      const wait = live ? last + LIVE_MS - performance.now() : 0;
      if (wait > 0) {
        timer ||= setTimeout(() => {
          timer = 0;
          frame ||= requestAnimationFrame(run);
        }, wait);
        return;
      }
      clearTimeout(timer);
      timer = 0;
      frame = requestAnimationFrame(run);
    },
    /** Forgets a redraw asked for (what it would draw is gone). */
    cancel() {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      frame = 0;
      timer = 0;
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
