// The page's wiring, and nothing else: loads the wasm, creates each panel (www/panels/) on its part
// of index.html (the article's chapters, crate/src/chapters.rs) with the shared pieces it needs
// (www/lib/), connects them, opens what the link asks for (a shared network rebuilds by itself),
// and registers the service worker that keeps the page for offline reloads (sw.js).
// A run's state is the worker's (lib/trainer.js) and the training panel's (panels/training.js).

import init, { configOf } from './pkg/weightscope.js';
import { createControls } from './panels/controls.js';
import { createEmbedPanel, enterEmbed, openEmbedded, retrainButton } from './panels/embed.js';
import { exportProblems, saveGif, savePng, saveSvg } from './lib/savepng.js';
import { createModels } from './panels/model.js';
import { param, schema } from './lib/schema.js';
import { createLink } from './lib/link.js';
import { createShare } from './panels/share.js';
import { mnistOnce, siteBytes } from './lib/data.js';
import { dataset, useDataset } from './lib/dataset.js';
import { createStatus } from './panels/status.js';
import { createChapters } from './panels/chapters.js';
import { createViews } from './panels/views.js';
import { createExplorer } from './panels/explorer.js';
import { createPad } from './panels/pad.js';
import { createTestSet } from './panels/testset.js';
import { createCompare } from './panels/compare.js';
import { createClothes } from './panels/clothes.js';
import { createFullSize } from './lib/fullsize.js';
import { createSweep } from './panels/sweep.js';
import { createTimeline } from './panels/timeline.js';
import { createTraining } from './panels/training.js';
import { createAblation } from './panels/ablation.js';
import { createCompose } from './panels/compose.js';
import { createDetectors } from './panels/detectors.js';
import { createMatching } from './panels/matching.js';
import { clause, createTrainer } from './lib/trainer.js';
import { wasmModule, wasmUrl } from './lib/wasm.js';
import { skipTo } from './lib/skip.js';
import { keepScrollAnchor } from './lib/anchor.js';

const $ = (id) => document.getElementById(id);
/** Enables each export that has something to export and says why not for the others (set in main). */
let refreshExports = null;

async function main() {
  skipTo($('skip-link'), $('layers'));
  keepScrollAnchor(document.querySelector('main'), [...document.querySelectorAll('main > .chapter > *, main > .chapter > * > *')]);
  const form = $('config');
  $('close-drawer').addEventListener('click', () => {
    $('drawer').open = false;
    $('drawer').querySelector('summary').focus();
  });
  const status = createStatus($('chapter-blocks'));
  tuckHead(document.querySelector('.hero-head'));
  const mnist = mnistOnce(status.download, () => status.downloadDone());
  // The page's trainer: its worker starts now, so it is running by the time Train is pressed.
  const trainer = createTrainer({
    mnist,
    preparing: (on) => (on ? status.downloadStep('Preparing the images…') : status.downloadDone()),
  });
  trainer.onFailure = (failure) => status.alert(failure.message); // until the training panel hears it
  try {
    await init({ module_or_path: await wasmModule() });
  } catch (error) {
    status.alert(`Could not load Weightscope's WebAssembly (${clause(error.message)}). Reload the page to try again.`);
    return; // Train and the presets stay disabled, as the markup has them until now
  }
  const link = createLink(); // reads the schema: after the wasm
  const tooltip = $('tooltip');
  const views = createViews({ layersRoot: $('layers'), accuracyCanvas: $('accuracy-chart'), costCanvas: $('cost-chart'), tooltip, openable: true });
  const timeline = createTimeline($('timeline'), views, (batches) => trainer.snapshot(batches));
  // The test set and the neuron view show the network on screen evaluated: for a pretrained one
  // that takes the test files alone.
  const evaluate = () => trainer.evaluate(dataset().key).catch((error) => status.alert(`The test images could not be loaded (${clause(error.message)}).`));
  const explorer = createExplorer({ root: $('explorer'), neuronRoot: $('neuron'), onDigit: (digit) => link.update({ digit, view: 'explorer' }), onWanted: evaluate });
  // The pad's embed opens on a sample test digit (a 3), not on an empty box.
  const pad = createPad({ root: $('pad'), onReading: () => refreshExports?.(), startFrom: link.state.embed === 'pad' ? 3 : null });
  const testSet = createTestSet({ root: $('testset'), onOpen: (bytes, caption) => pad.load(bytes, caption), onWanted: evaluate });
  const ablation = createAblation($('ablation'), { mnist, link });
  const compose = createCompose($('compose'), { link, pad });
  const instruments = { clear: () => [ablation, compose].forEach((p) => p.clear()) };
  const controls = createControls(form, { onTrain: (config) => {
    $('drawer').open = false; // a run starts: the grid it draws on comes first
    useDataset(config.dataset);
    training.train(config);
  } });
  const share = createShare({
    copyButton: $('copy-link'), linkBox: $('share-link'), note: $('share-note'), digestOut: $('digest'), verdict: $('share-verdict'),
    noteBox: $('share-note-text'), viewSelect: $('share-view'), goalBox: $('share-goal'), goalError: $('share-goal-error'), banner: $('link-banner'),
  }, { link, outcome: () => status.last() });
  const chapters = createChapters(document, { outcome: () => status.last() });
  const models = createModels({
    saveWscp: $('save-wscp'), saveJson: $('save-json'), picker: $('open-model'), demoSelect: $('demo'), note: $('model-note'), dropTarget: document.body,
  }, {
    trainer,
    base: () => document.baseURI,
    onOpen(model, source) {
      useDataset(model.dataset); // its configuration's, or what a network2.py file names
      training.showModel(model, source);
    },
    onError: (message) => status.alert(message) });
  const training = createTraining(
    { form, pauseButton: $('pause'), resetButton: $('reset'), publishedRow: $('published-row'), published: $('published') },
    { trainer, link, viewsOn: link.query.get('views') !== 'off', views, timeline, explorer, pad, testSet, status, share, models, controls, chapters, instruments,
      followers: [{ panel: explorer, elements: [$('explorer'), $('neuron')] }, { panel: pad, elements: [$('pad')] }, { panel: chapters },
        { panel: ablation, elements: [$('ablation')] }, { panel: compose, elements: [$('compose')] }] },
  );
  // Each experiment trains the drawer's recipe for its own epochs (experiment.js reads them).
  const drawer = { recipe: () => controls.current(), mnist, tooltip, link };
  const sweep = createSweep($('sweep'), { ...drawer, dialog: createFullSize($('full-size')) });
  const compare = createCompare($('compare'), { ...drawer, base: () => document.baseURI });
  const used = (name) => () => {
    experimentsUsed.add(name);
    embedPanel.refresh();
  };
  const detectors = createDetectors($('detectors'), { ...drawer, onRun: used('detectors') });
  const matching = createMatching($('matching'), { ...drawer, onRun: used('matching') });
  // Their run buttons name the download of the dataset in the drawer.
  const formDataset = () => [detectors, matching].forEach((panel) => panel.dataset(form.elements.namedItem('dataset').value));
  form.addEventListener('change', formDataset);
  const config = training.load();
  const state = link.state;
  // Each experiment's epochs start at the recipe's (the matching's and the detectors' at their link's, if it has them).
  for (const name of ['sweep', 'compare', 'matching', 'detectors']) $(`${name}-epochs`).value ||= String(config?.epochs ?? param('epochs').default);
  // A link's network (`net`) is opened below; the page's own link never carries it on.
  if (state.net) link.update({ net: undefined });
  // A carried network can be retrained in the reader's browser, behind a button that says what it costs.
  const retrain = state.embed && state.net && config ? retrainButton(config, () => form.requestSubmit()) : null;
  if (state.embed) enterEmbed(state.embed, { openHref: link.hash({ ...state, embed: undefined, theme: undefined }), theme: state.theme, extra: retrain, dataset: state.dataset });
  // The Embed panel offers an experiment once it has been run here.
  const experimentsUsed = new Set();
  const embedPanel = createEmbedPanel({
    button: $('embed-button'), panel: $('embed-panel'), figureSelect: $('embed-figure'), weights: $('embed-weights'), theme: $('embed-theme'), box: $('embed-snippet'), copy: $('copy-snippet'), hint: $('embed-hint'), fileButton: $('embed-download'),
  }, {
    initial: state.view,
    used: experimentsUsed,
    state: () => link.state,
    url: (other) => link.url(other),
    save: () => trainer.save('wscp'),
    moments: () => timeline.count(),
    config: () => configOf(link.state),
  });
  const sources = { views, sweep, compare, explorer, pad };
  // Each export is offered when there is something to export, and says why not otherwise.
  const exportsFor = () => exportProblems(embedPanel.figure(), sources, { timeline: timeline.count() });
  const exportButtons = { png: $('save-png'), svg: $('save-svg'), gif: $('save-gif') };
  refreshExports = () => {
    const problems = exportsFor();
    for (const [kind, button] of Object.entries(exportButtons)) button.disabled = Boolean(problems[kind]);
    $('export-note').textContent = [...new Set(Object.values(problems).filter(Boolean))].join(' ');
  };
  link.onChange = () => {
    embedPanel.refresh();
    refreshExports();
    $('intro-sizes').textContent = link.state.sizes.join('-'); // the intro names the network on screen
    $('intro-noun').textContent = (schema().datasets.find((d) => d.key === link.state.dataset) ?? schema().dataset).noun; // and its dataset
    chapters.config(configOf(link.state));
    formDataset();
  };
  $('embed-figure').addEventListener('change', refreshExports);
  $('embed-button').addEventListener('click', refreshExports);
  link.onChange();
  for (const name of ['sweep', 'compare']) $(name).querySelector('form').addEventListener('submit', used(name));
  /** Runs the export `save` on a click of `button`; an export that fails says so. */
  const onExport = (button, what, save) => button.addEventListener('click', async () => {
    try {
      await save();
    } catch (error) {
      status.alert(`The ${what} could not be made: ${clause(error.message)}.`);
    }
  });
  onExport(exportButtons.png, 'PNG', () => savePng(embedPanel.figure(), Number($('png-scale').value), sources));
  onExport(exportButtons.svg, 'SVG', async () => {
    const shown = views.figure();
    const l = embedPanel.figure() === 'output' ? shown.layers.length - 1 : 0;
    $('export-note').textContent = `Saved ${saveSvg(embedPanel.figure(), await trainer.save('wscp'), shown.sizes, shown.titles[l])}.`;
  });
  onExport(exportButtons.gif, 'GIF', async () => {
    const { name, size } = saveGif(await trainer.save('wscp'));
    $('export-note').textContent = `Saved ${name} (${(size / 1e6).toFixed(2)} MB).`;
  });
  views.layout(config?.sizes ?? param('sizes').default, config?.epochs ?? param('epochs').default);
  explorer.layout(config?.sizes ?? param('sizes').default);
  explorer.clear();
  if (state.digit != null) explorer.selectDigit(state.digit);
  if (state.view && !state.embed) viewSection(state.view)?.scrollIntoView({ block: 'start' });
  for (const button of [...form.querySelectorAll('[data-preset]'), ...form.elements].filter((e) => e.type === 'submit' || e.dataset.preset)) button.disabled = false;
  const demos = models.loadDemos();
  // Chapter 9 opens a demo of each dataset in a worker of its own, when it comes into view.
  let opener = null;
  createClothes($('clothes'), {
    demos: () => demos,
    async open(path) {
      const bytes = await siteBytes(path, document.baseURI);
      opener ??= createTrainer({ mnist });
      return opener.open(bytes);
    },
    done() {
      opener?.terminate();
      opener = null;
    },
  });
  let opened = demos; // settles once the page shows what it opens with
  const inRecipe = (name) => Boolean(param(name));
  const givesRecipe = link.given.some(inRecipe);
  // A link naming nothing but the dataset is a plain visit to that dataset.
  const plainVisit = !link.given.some((name) => name !== 'dataset' && inRecipe(name));
  // A link's own network opens at once; a shared network (a link with its digest) rebuilds by
  // itself; a recipe without one opens the drawer.
  if (state.net) opened = openEmbedded(state.net, state.digest, { models, onError: (message) => status.alert(message) });
  else if (config && (state.autotrain || (state.digest && givesRecipe && !state.model))) form.requestSubmit();
  else if (state.model) opened = demos.then(() => models.openUrl(state.model, 'link', state.digest));
  else if (plainVisit) {
    // A plain visit (perhaps naming a dataset): open on that dataset's first pretrained network,
    // drawn without downloading any images.
    opened = demos.then((list) => {
      const wanted = state.dataset ?? schema().dataset.key;
      const first = list.find((d) => (d.dataset ?? schema().dataset.key) === wanted);
      return first && models.openUrl(`www/demos/${first.file}`, 'default');
    });
  }
  if (!plainVisit && !state.digest && !state.embed && !state.autotrain) $('drawer').open = true; // not over a run that starts
  // The timeline embed plays its moments like a flip-book once they are there.
  if (state.embed === 'timeline') opened.then(() => timeline.count() > 1 && $('timeline').querySelector('button').click());
  // The offline copy of the shell downloads after the first figure, not in its way (an embed
  // keeps nothing: it is one figure in someone's post).
  if (!state.embed) opened.then(keepForOffline, keepForOffline);
  // A link to an instrument's experiment runs it again, on the recipe the form shows by then.
  const restore = () => [detectors, matching].forEach((panel) => panel.restore());
  opened.then(restore, restore);
}

/**
 * Keeps `--head-tuck` on the grid's sticky header: minus the height above its Train row, so that
 * where the CSS tucks it (a phone) only Train and the scrubber stay in sight over the grid.
 */
function tuckHead(head) {
  const actions = head.querySelector('.actions');
  const measure = () => head.style.setProperty('--head-tuck', `${Math.round(head.getBoundingClientRect().top - actions.getBoundingClientRect().top) + 4}px`);
  new ResizeObserver(measure).observe(head);
}

/** The section a link's `view` names: a layer of the network, or a panel by its id. */
function viewSection(view) {
  if (view === 'hidden') return $('layers').firstElementChild;
  if (view === 'output') return $('layers').lastElementChild;
  return $(view);
}

/**
 * Registers the service worker (sw.js, at the site's root), which keeps the app shell so that a
 * reload works offline, and tells it every file this page fetches (its resource timing): what
 * came before the worker took control, such as the first figure's network and timeline, it
 * keeps too. Without service workers (plain http) or when registering fails (storage refused,
 * as in some embeds), the page works as before, online.
 */
function keepForOffline() {
  const { serviceWorker } = navigator;
  if (!serviceWorker) return;
  const worker = new URL('../sw.js', import.meta.url);
  worker.searchParams.set('wasm', wasmUrl.pathname.split('/').pop()); // the one build it keeps
  const keep = (entries) => serviceWorker.controller?.postMessage({ type: 'keep', urls: entries.map((entry) => entry.name) });
  serviceWorker.addEventListener('controllerchange', () => keep(performance.getEntriesByType('resource')));
  new PerformanceObserver((list) => keep(list.getEntries())).observe({ type: 'resource' });
  serviceWorker.register(worker).catch(() => {});
}

main();
