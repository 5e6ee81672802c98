// What the page opens with, as its link asks: the link's own network (an embed's `net`), a shared
// network rebuilt by itself (a link with its digest and recipe), a model file the link names, or,
// for a plain visit, its dataset's first pretrained network, drawn without downloading any images;
// a recipe without a digest opens the drawer. Then the place the link's `view` names.

import { param, schema } from './schema.js';

/**
 * Opens what the link's `state` (as the page was opened) asks for; resolves once the page shows
 * it. `link`: the page's (lib/link.js); `config`: the recipe the form shows (null without one);
 * `demos`: the pretrained networks' list (a promise); `drawer`: the "Change the network" details;
 * `layers`: the grid's root, for `view=hidden|output`; `openNet(net, digest)` opens a network the
 * link carries (panels/embed.js), resolving once it is on screen.
 */
export function openFromLink(state, { link, config, form, drawer, layers, models, demos, openNet }) {
  if (state.view && !state.embed) viewSection(state.view, layers)?.scrollIntoView({ block: 'start' });
  const inRecipe = (name) => Boolean(param(name));
  const givesRecipe = link.given.some(inRecipe);
  // A link naming nothing but the dataset is a plain visit to that dataset.
  const plainVisit = !link.given.some((name) => name !== 'dataset' && inRecipe(name));
  if (!plainVisit && !state.digest && !state.embed && !state.autotrain) drawer.open = true; // not over a run that starts
  if (state.net) {
    link.update({ net: undefined }); // the page's own link never carries the network on
    return openNet(state.net, state.digest);
  }
  if (config && (state.autotrain || (state.digest && givesRecipe && !state.model))) {
    form.requestSubmit();
    return demos;
  }
  if (state.model) return demos.then(() => models.openUrl(state.model, 'link', state.digest));
  if (!plainVisit) return demos;
  const wanted = state.dataset ?? schema().dataset.key;
  return demos.then((list) => {
    const first = list.find((d) => (d.dataset ?? schema().dataset.key) === wanted);
    return first && models.openUrl(`www/demos/${first.file}`, 'default');
  });
}

/** The section a link's `view` names: a layer of the network, or a panel by its id. */
function viewSection(view, layers) {
  if (view === 'hidden') return layers.firstElementChild;
  if (view === 'output') return layers.lastElementChild;
  return document.getElementById(view);
}
