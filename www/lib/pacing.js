// The pacing of redraws shared by every panel that draws a run: one draw per animation frame,
// and a run's own updates at most every LIVE_MS. Knows nothing about what is drawn.

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
