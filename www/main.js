// The page's wiring, and nothing else: loads the wasm, creates each panel (www/panels/) on its part
// of index.html (the article's chapters, crate/src/chapters.rs) with the shared pieces it needs
// (www/lib/), connects them, opens what the link asks for (a shared network rebuilds by itself),
// and keeps the page for offline reloads (lib/offline.js).
// A run's state is the worker's (lib/trainer.js) and the training panel's (panels/training.js).

import init, { configOf } from './pkg/weightscope.js';
import { createControls } from './panels/controls.js';
import { createEmbedPanel, enterEmbed, openEmbedded, retrainButton } from './panels/embed.js';
import { createExports } from './panels/exports.js';
import { createModels } from './panels/model.js';
import { param } from './lib/schema.js';
import { createLink } from './lib/link.js';
import { createShare } from './panels/share.js';
import { mnistOnce } from './lib/data.js';
import { dataset } from './lib/dataset.js';
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
import { createTrainer } from './lib/trainer.js';
import { clause } from './lib/format.js';
import { wasmModule } from './lib/wasm.js';
import { keepForOffline } from './lib/offline.js';
import { openFromLink } from './lib/opening.js';
import { skipTo } from './lib/skip.js';
import { keepScrollAnchor } from './lib/anchor.js';

const $ = (id) => document.getElementById(id);

async function main() {
  skipTo($('skip-link'), $('layers'));
  keepScrollAnchor(document.querySelector('main'), [...document.querySelectorAll('main > .chapter > *, main > .chapter > * > *')]);
  const form = $('config');
  const status = createStatus($('chapter-blocks'));
  const say = (message) => status.alert(message);
  const mnist = mnistOnce(status.download, () => status.downloadDone());
  // The page's trainer: its worker starts now, so it is running by the time Train is pressed.
  const trainer = createTrainer({
    mnist,
    preparing: (on) => (on ? status.downloadStep('Preparing the images…') : status.downloadDone()),
  });
  trainer.onFailure = (failure) => say(failure.message); // until the training panel hears it
  try {
    await init({ module_or_path: await wasmModule() });
  } catch (error) {
    say(`Could not load Weightscope's WebAssembly (${clause(error.message)}). Reload the page to try again.`);
    return; // Train and the presets stay disabled, as the markup has them until now
  }
  const link = createLink(); // reads the schema: after the wasm
  const tooltip = $('tooltip');
  const views = createViews({ layersRoot: $('layers'), accuracyCanvas: $('accuracy-chart'), costCanvas: $('cost-chart'), tooltip, openable: true });
  const timeline = createTimeline($('timeline'), views, (batches) => trainer.snapshot(batches));
  // The test set and the neuron view show the network on screen evaluated: for a pretrained one
  // that takes the test files alone.
  const evaluate = () => trainer.evaluate(dataset().key).catch((error) => say(`The test images could not be loaded (${clause(error.message)}).`));
  const explorer = createExplorer({ root: $('explorer'), neuronRoot: $('neuron'), onDigit: (digit) => link.update({ digit, view: 'explorer' }), onWanted: evaluate });
  let exportPanel = null; // the Embed panel's exports, which the pad's readings refresh
  // The pad's embed opens on a sample test digit (a 3), not on an empty box.
  const pad = createPad({ root: $('pad'), onReading: () => exportPanel?.refresh(), startFrom: link.state.embed === 'pad' ? 3 : null });
  const testSet = createTestSet({ root: $('testset'), onOpen: (bytes, caption) => pad.load(bytes, caption), onWanted: evaluate });
  const ablation = createAblation($('ablation'), { mnist, link });
  const compose = createCompose($('compose'), { link, pad });
  const instruments = { clear: () => [ablation, compose].forEach((p) => p.clear()) };
  const controls = createControls(form, { onTrain: (config) => training.train(config) });
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
    onOpen: (model, source) => training.showModel(model, source),
    onError: say });
  const training = createTraining(
    { form, pauseButton: $('pause'), resetButton: $('reset'), publishedRow: $('published-row'), published: $('published') },
    { trainer, link, viewsOn: link.query.get('views') !== 'off', views, timeline, explorer, pad, testSet, status, share, models, controls, chapters, instruments,
      followers: [{ panel: explorer, elements: [$('explorer'), $('neuron')] }, { panel: pad, elements: [$('pad')] }, { panel: chapters },
        { panel: ablation, elements: [$('ablation')] }, { panel: compose, elements: [$('compose')] }] },
  );
  const config = training.load();
  const state = link.state; // as the page was opened
  const embedPanel = createEmbedPanel({
    button: $('embed-button'), panel: $('embed-panel'), figureSelect: $('embed-figure'), weights: $('embed-weights'), theme: $('embed-theme'), box: $('embed-snippet'), copy: $('copy-snippet'), hint: $('embed-hint'), fileButton: $('embed-download'),
  }, { initial: state.view, state: () => link.state, url: (other) => link.url(other), save: () => trainer.save('wscp'), moments: () => timeline.count(), config: () => configOf(link.state) });
  // Each experiment trains the drawer's recipe for its own epochs (experiment.js reads them); the
  // Embed panel offers its figure once it has run here.
  const drawer = { recipe: () => controls.current(), mnist, tooltip, link };
  const onRun = (name) => () => embedPanel.ran(name);
  const sweep = createSweep($('sweep'), { ...drawer, dialog: createFullSize($('full-size')), onRun: onRun('sweep') });
  const compare = createCompare($('compare'), { ...drawer, base: () => document.baseURI, onRun: onRun('compare') });
  const detectors = createDetectors($('detectors'), { ...drawer, onRun: onRun('detectors') });
  const matching = createMatching($('matching'), { ...drawer, onRun: onRun('matching') });
  // Their run buttons name the download of the dataset in the drawer.
  const formDataset = () => [detectors, matching].forEach((panel) => panel.dataset(form.elements.namedItem('dataset').value));
  form.addEventListener('change', formDataset);
  // Each experiment's epochs start at the recipe's (the matching's and the detectors' at their link's, if it has them).
  for (const name of ['sweep', 'compare', 'matching', 'detectors']) $(`${name}-epochs`).value ||= String(config?.epochs ?? param('epochs').default);
  if (state.embed) {
    // A carried network can be retrained in the reader's browser, behind a button that says what it costs.
    const retrain = state.net && config ? retrainButton(config, () => form.requestSubmit()) : null;
    enterEmbed(state.embed, { openHref: link.hash({ ...state, embed: undefined, theme: undefined }), theme: state.theme, extra: retrain, dataset: state.dataset });
  }
  exportPanel = createExports({ png: $('save-png'), svg: $('save-svg'), gif: $('save-gif'), scale: $('png-scale'), note: $('export-note'), figureSelect: $('embed-figure'), toggle: $('embed-button') },
    { sources: { views, sweep, compare, explorer, pad }, moments: () => timeline.count(), save: () => trainer.save('wscp'), onError: say });
  link.onChange = () => {
    embedPanel.refresh();
    exportPanel.refresh();
    chapters.config(configOf(link.state));
    formDataset();
  };
  link.onChange();
  views.layout(config?.sizes ?? param('sizes').default, config?.epochs ?? param('epochs').default);
  explorer.layout(config?.sizes ?? param('sizes').default);
  explorer.clear();
  if (state.digit != null) explorer.selectDigit(state.digit);
  for (const button of [...form.querySelectorAll('[data-preset]'), ...form.elements].filter((e) => e.type === 'submit' || e.dataset.preset)) button.disabled = false;
  const demos = models.loadDemos();
  // Chapter 9 opens a demo of each dataset in a worker of its own, when it comes into view.
  createClothes($('clothes'), { demos: () => demos, mnist });
  const openNet = (net, digest) => openEmbedded(net, digest, { models, onError: say });
  const opened = openFromLink(state, { link, config, form, drawer: $('drawer'), layers: $('layers'), models, demos, openNet });
  // The timeline embed plays its moments like a flip-book once they are there.
  if (state.embed === 'timeline') opened.then(() => timeline.count() > 1 && $('timeline').querySelector('button').click());
  // The offline copy of the shell downloads after the first figure, not in its way (an embed
  // keeps nothing: it is one figure in someone's post).
  if (!state.embed) opened.then(keepForOffline, keepForOffline);
  // A link to an instrument's experiment runs it again, on the recipe the form shows by then.
  const restore = () => [detectors, matching].forEach((panel) => panel.restore());
  opened.then(restore, restore);
}

main();
