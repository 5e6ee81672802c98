// A grid of tiles as one tab stop (a "roving tabindex"): the tile last focused has tabindex 0,
// the others -1, so Tab passes the grid in one step instead of 30; inside it the arrow keys move
// by tile and by row, Home and End to the first and last. Rows are read from where the tiles are
// on screen, so the grid may reflow. It does not open anything: Enter stays the opener's.

const KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

/** Makes `tiles` (focusable elements, in reading order) inside `grid` one tab stop. */
export function roving(grid, tiles) {
  let current = 0;
  const focusOn = (i) => {
    tiles[current].tabIndex = -1;
    current = i;
    tiles[i].tabIndex = 0;
  };
  tiles.forEach((tile, i) => {
    tile.tabIndex = i === 0 ? 0 : -1;
  });

  /** Tiles per row as laid out now: those on the first tile's line. */
  const perRow = () => {
    const top = tiles[0].getBoundingClientRect().top;
    const n = tiles.findIndex((tile) => Math.abs(tile.getBoundingClientRect().top - top) > 1);
    return n > 0 ? n : tiles.length;
  };

  grid.addEventListener('focusin', (event) => {
    const i = tiles.indexOf(event.target);
    if (i >= 0 && i !== current) focusOn(i);
  });
  grid.addEventListener('keydown', (event) => {
    if (!KEYS.has(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
    const i = tiles.indexOf(event.target);
    if (i < 0) return;
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -perRow(), ArrowDown: perRow() }[event.key];
    let next = i;
    if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tiles.length - 1;
    else if (i + step >= 0 && i + step < tiles.length) next = i + step;
    event.preventDefault(); // the arrows would scroll the page
    if (next === i) return;
    focusOn(next);
    tiles[next].focus();
  });
}
