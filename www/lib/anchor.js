// Scroll anchoring for engines that have none (WebKit): when something above the reader's place
// grows or shrinks (the explorer filling, a sweep's table appearing), the page scrolls by as much,
// so what the reader looks at stays where it was, as Chromium and Firefox do by themselves (CSS
// `overflow-anchor`). Without it, a reader who scrolled down to the test set or the pad while the
// panels above were still filling found them pushed a screen further down.

/**
 * Keeps the first of `blocks` (in document order) that starts on screen (or, if none does, the one
 * the screen is inside) at the same height while the page inside `root` changes; a scroll picks
 * the anchor again.
 */
export function keepScrollAnchor(root, blocks) {
  if (CSS.supports('overflow-anchor', 'auto')) return; // the engine does it
  let anchor = null; // { block, top }: the block the reader is at and its top in the viewport
  let own = null; // the scroll position this module scrolled to, until its scroll event
  let frame = 0; // the pending check
  function pick() {
    anchor = null;
    // At the very top of the page, growth above pushes nothing out of view: nothing to keep.
    if (window.scrollY === 0) return;
    // The first block that starts on screen (panels grow at their bottom: one above it that fills
    // moves it), else the one the screen is inside.
    let inside = null;
    for (const block of blocks) {
      if (block.offsetParent === null) continue; // hidden, or fixed (the neuron view's side sheet)
      const { top, bottom } = block.getBoundingClientRect();
      if (bottom <= 0) continue; // above the screen
      if (top >= window.innerHeight) break; // below it
      if (top >= 0) {
        anchor = { block, top };
        return;
      }
      inside = { block, top };
    }
    anchor = inside;
  }
  /** Before the next paint: scrolls by as much as the anchor moved, then picks it again. */
  function check() {
    frame = 0;
    const moved = anchor ? anchor.block.getBoundingClientRect().top - anchor.top : 0;
    if (moved) {
      window.scrollBy({ top: moved, behavior: 'instant' });
      own = window.scrollY;
    }
    pick();
  }
  // Scroll events run before animation frames: a scroll made after a change (a script's
  // scrollIntoView) picks its anchor in the new layout, so the change is not undone. Its own
  // scrolls keep the anchor picked with them (the layout may have changed again since).
  window.addEventListener('scroll', () => {
    if (window.scrollY !== own) pick();
    own = null;
  }, { passive: true });
  // A change of the page's content (not a ResizeObserver: one here would be told of the sizes
  // other observers change, too late, as an error).
  new MutationObserver(() => {
    frame ||= requestAnimationFrame(check);
  }).observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
}
