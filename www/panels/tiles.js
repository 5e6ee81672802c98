// The hidden layer's tiles as buttons, for the instruments that act on hidden neurons (knock
// them out, build a digit from them): one toggle per neuron, drawn with the wasm drawing
// exports views.js uses, on one scale for the layer. The grid is one tab stop, with the arrow
// keys inside (lib/roving.js), as the page's weight grids are. It keeps which tiles are pressed
// only as the buttons' state; the panel that owns it decides what a press means.

import { drawWeights, symmetricScale } from '../pkg/weightscope.js';
import { el } from '../lib/dom.js';
import { roving } from '../lib/roving.js';

/**
 * A grid of toggle buttons in `root`, one per hidden neuron. `label(j)` names tile j for screen
 * readers; `onToggle(j, pressed)` hears each press.
 */
export function createTilePicker(root, { label, onToggle }) {
  const grid = el('div', { class: 'grid tile-picker' });
  root.append(grid);
  let buttons = [];

  grid.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-neuron]');
    if (!button) return;
    const pressed = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(pressed));
    onToggle(Number(button.dataset.neuron), pressed);
  });

  return {
    /**
     * Draws the first layer of a `weights` message (`weights[0]`: (H, nIn) row-major), building
     * the buttons when H changes; `pressed` is the set of neurons shown pressed.
     */
    draw({ sizes, weights }, pressed) {
      const [nIn, hidden] = sizes;
      const side = Math.round(Math.sqrt(nIn));
      if (buttons.length !== hidden) {
        buttons = Array.from({ length: hidden }, (_, j) => el('button', {
          type: 'button', class: 'tile pick', 'data-neuron': String(j), 'aria-pressed': 'false', 'aria-label': label(j),
        }, el('canvas', { width: String(side), height: String(side) }), el('span', { class: 'index' }, String(j))));
        grid.replaceChildren(...buttons);
        grid.style.setProperty('--cols', String(Math.ceil(Math.sqrt(hidden))));
        roving(grid, buttons); // one tab stop, arrows inside
      }
      const first = weights[0];
      const scale = symmetricScale(first);
      buttons.forEach((button, j) => {
        drawWeights(button.firstChild, first.subarray(j * nIn, (j + 1) * nIn), scale);
        button.setAttribute('aria-pressed', String(pressed.has(j)));
      });
    },
    /** The tile button of neuron `j`. */
    button: (j) => buttons[j],
  };
}
