// The skip link, the page's first tab stop: it moves the keyboard focus to the weights (the first
// tile grid's current tile) past the intro and the controls. Done here rather than by its href
// alone, because following "#layers" would put a fragment in the address bar, which holds the
// link to the network on screen (lib/link.js).

/** Makes `link` focus the first focusable tile inside `target` (or `target` itself). */
export function skipTo(link, target) {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    const tile = target.querySelector('[tabindex="0"]');
    if (tile) tile.focus();
    else {
      target.tabIndex = -1;
      target.focus();
    }
  });
}
