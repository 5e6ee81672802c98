// The Embed panel's exports: Save as PNG (at the scale picked), Save as SVG and Save timeline as
// GIF for the figure picked there. Each button is enabled when there is something to export and
// the note beside them says why not for the others, checked again as the panel opens or another
// figure is picked; an export that fails says so (lib/savepng.js draws them from data).

import { exportProblems, saveGif, savePng, saveSvg } from '../lib/savepng.js';
import { clause, megabytes } from '../lib/format.js';

/**
 * The export buttons `png`, `svg`, `gif` with `scale` (the PNG's) and `note`, for the figure
 * `figureSelect` picks, in the panel `toggle` opens. `sources` as savepng.js's; `moments()`: the
 * timeline's; `save()`: the model file of the network on screen; `onError(message)` says a failure.
 */
export function createExports({ png, svg, gif, scale, note, figureSelect, toggle }, { sources, moments, save, onError }) {
  const buttons = { png, svg, gif };
  const figure = () => figureSelect.value;
  /** Runs `make` on a click of `button`; an export that fails says so. */
  const onClick = (button, what, make) => button.addEventListener('click', async () => {
    try {
      await make();
    } catch (error) {
      onError(`The ${what} could not be made: ${clause(error.message)}.`);
    }
  });
  onClick(png, 'PNG', () => savePng(figure(), Number(scale.value), sources));
  onClick(svg, 'SVG', async () => {
    const shown = sources.views.figure();
    const l = figure() === 'output' ? shown.layers.length - 1 : 0;
    note.textContent = `Saved ${saveSvg(figure(), await save(), shown.sizes, shown.titles[l])}.`;
  });
  onClick(gif, 'GIF', async () => {
    const { name, size } = saveGif(await save());
    note.textContent = `Saved ${name} (${megabytes(size, 2)} MB).`;
  });
  /** Enables each export that has something to export and says why not for the others. */
  function refresh() {
    const problems = exportProblems(figure(), sources, { timeline: moments() });
    for (const [kind, button] of Object.entries(buttons)) button.disabled = Boolean(problems[kind]);
    note.textContent = [...new Set(Object.values(problems).filter(Boolean))].join(' ');
  }
  figureSelect.addEventListener('change', refresh);
  toggle.addEventListener('click', refresh);
  return { refresh };
}
