// A grid of tiles as one tab stop (a "roving tabindex"): the tile last focused has tabindex 0,
// the others -1, so Tab passes the grid in one step instead of 30; inside it the arrow keys move
// by tile and by row, Home and End to the first and last. Rows are read from where the tiles are
// on screen, so the grid may reflow. It does not open anything: Enter stays the opener's.

const KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

/** Each grid made one tab stop: its tiles now and the one that is its tab stop. */
const grids = new WeakMap();

/**
 * Makes `tiles` (focusable elements, in reading order) inside `grid` one tab stop. Called again
 * for the same grid with its tiles now (more of them, or new ones), the tab stop stays on its
 * tile if that is still there, and goes back to the first otherwise.
 */
export function roving(grid, tiles) {
  const known = grids.get(grid);
  const state = known ?? { tiles, current: 0 };
  state.current = Math.max(0, tiles.indexOf(state.tiles[state.current]));
  state.tiles = tiles;
  tiles.forEach((tile, i) => {
    tile.tabIndex = i === state.current ? 0 : -1;
  });
  if (known) return;
  grids.set(grid, state);
  const focusOn = (i) => {
    state.tiles[state.current].tabIndex = -1;
    state.current = i;
    state.tiles[i].tabIndex = 0;
  };

  /** Tiles per row as laid out now: those on the first tile's line. */
  const perRow = () => {
    const top = state.tiles[0].getBoundingClientRect().top;
    const n = state.tiles.findIndex((tile) => Math.abs(tile.getBoundingClientRect().top - top) > 1);
    return n > 0 ? n : state.tiles.length;
  };

  grid.addEventListener('focusin', (event) => {
    const i = state.tiles.indexOf(event.target);
    if (i >= 0 && i !== state.current) focusOn(i);
  });
  grid.addEventListener('keydown', (event) => {
    if (!KEYS.has(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
    const i = state.tiles.indexOf(event.target);
    if (i < 0) return;
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -perRow(), ArrowDown: perRow() }[event.key];
    let next = i;
    if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = state.tiles.length - 1;
    else if (i + step >= 0 && i + step < state.tiles.length) next = i + step;
    event.preventDefault(); // the arrows would scroll the page
    if (next === i) return;
    focusOn(next);
    state.tiles[next].focus();
  });
}
