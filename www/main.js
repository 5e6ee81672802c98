// The page's wiring, and nothing else: loads the wasm, creates each panel (www/panels/) on its part
// of index.html with the shared pieces it needs (www/lib/), connects them, opens what the link
// asks for, and registers the service worker that keeps the page for offline reloads (sw.js).
// A run's state is the worker's (lib/trainer.js) and the training panel's (panels/training.js).

import init, { validateConfig } from './pkg/weightscope.js';
import { createControls } from './panels/controls.js';
import { FIGURES, createEmbedPanel, enterEmbed } from './panels/embed.js';
import { savePng } from './lib/savepng.js';
import { createModels } from './panels/model.js';
import { defaults, params } from './lib/state.js';
import { createLink } from './lib/link.js';
import { createShare } from './panels/share.js';
import { mnistOnce } from './lib/data.js';
import { createStatus } from './panels/status.js';
import { createViews } from './panels/views.js';
import { createExplorer } from './panels/explorer.js';
import { createPad } from './panels/pad.js';
import { createTestSet } from './panels/testset.js';
import { createCompare } from './panels/compare.js';
import { createFullSize } from './lib/fullsize.js';
import { createSweep } from './panels/sweep.js';
import { createTimeline } from './panels/timeline.js';
import { createTraining } from './panels/training.js';
import { createAblation } from './panels/ablation.js';
import { createCompose } from './panels/compose.js';
import { createDetectors } from './panels/detectors.js';
import { createMatching } from './panels/matching.js';
import { clause, createTrainer } from './lib/trainer.js';
import { wasmModule } from './lib/wasm.js';

const $ = (id) => document.getElementById(id);

async function main() {
  const form = $('config');
  const status = createStatus(document.querySelector('.status'));
  status.state('Ready');
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
  const explorer = createExplorer({ root: $('explorer'), neuronRoot: $('neuron'), onDigit: (digit) => link.update({ digit, view: 'explorer' }) });
  const pad = createPad({ root: $('pad') });
  const testSet = createTestSet({ root: $('testset'), onOpen: (bytes, caption) => pad.load(bytes, caption) });
  const ablation = createAblation($('ablation'), { mnist, link });
  const compose = createCompose($('compose'), { link, pad });
  const instruments = { weights: (m) => [ablation, compose].forEach((p) => p.weights(m)), clear: () => [ablation, compose].forEach((p) => p.clear()) };
  const controls = createControls(form, { validate: validateConfig, onTrain: (config) => training.train(config) });
  const share = createShare({ copyButton: $('copy-link'), linkBox: $('share-link'), note: $('share-note'), digestOut: $('digest'), verdict: $('share-verdict') },
    { link: () => link.href });
  const models = createModels({
    saveWscp: $('save-wscp'), saveJson: $('save-json'), picker: $('open-model'), demoSelect: $('demo'), note: $('model-note'), dropTarget: document.body,
  }, { trainer, base: () => document.baseURI, onOpen: (model, source) => training.showModel(model, source), onError: (message) => status.alert(message) });
  const training = createTraining(
    { form, pauseButton: $('pause'), resetButton: $('reset'), publishedRow: $('published-row'), published: $('published') },
    { trainer, link, viewsOn: link.query.get('views') !== 'off', views, timeline, explorer, pad, testSet, status, share, models, controls, instruments },
  );
  const experiment = { recipe: () => controls.current(), mnist, tooltip };
  const sweep = createSweep($('sweep'), { ...experiment, validate: validateConfig, dialog: createFullSize($('full-size')) });
  const compare = createCompare($('compare'), experiment);
  const used = (name) => () => {
    experimentsUsed.add(name);
    embedPanel.refresh();
  };
  const detectors = createDetectors($('detectors'), { ...experiment, link, onRun: used('detectors') });
  const matching = createMatching($('matching'), { ...experiment, link, onRun: used('matching') });
  const config = training.load();
  const state = link.state;
  if (state.embed) enterEmbed(state.embed, { openHref: link.hash({ ...state, embed: undefined }) });
  // The Embed panel offers an experiment once it has been run here.
  const experimentsUsed = new Set();
  const embedPanel = createEmbedPanel({
    button: $('embed-button'), panel: $('embed-panel'), figureSelect: $('embed-figure'), box: $('embed-snippet'), copy: $('copy-snippet'), hint: $('embed-hint'),
  }, {
    initial: state.view,
    used: experimentsUsed,
    // A model file on the site draws at once; a network trained here is retrained by the embed.
    source(figure) {
      const live = !link.state.model;
      return { url: link.url({ ...link.state, embed: figure, autotrain: live && !FIGURES[figure]?.experiment ? true : undefined }), live };
    },
  });
  link.onChange = () => embedPanel.refresh();
  for (const name of ['sweep', 'compare']) {
    $(name).querySelector('form').addEventListener('submit', () => {
      experimentsUsed.add(name);
      embedPanel.refresh();
    });
  }
  $('save-png').addEventListener('click', async () => {
    try {
      await savePng(embedPanel.figure(), Number($('png-scale').value), { views, sweep, compare, explorer, pad });
    } catch (error) {
      status.alert(`The PNG could not be made: ${clause(error.message)}.`);
    }
  });
  views.layout(config?.sizes ?? defaults().sizes, config?.epochs ?? defaults().epochs);
  explorer.layout(config?.sizes ?? defaults().sizes);
  explorer.clear();
  if (state.digit != null) explorer.selectDigit(state.digit);
  if (state.view && !state.embed) viewSection(state.view)?.scrollIntoView({ block: 'start' });
  for (const button of form.querySelectorAll('[data-preset], [type="submit"]')) button.disabled = false;
  const demos = models.loadDemos();
  let opened = demos; // settles once the page shows what it opens with
  if (config && state.autotrain) form.requestSubmit();
  else if (state.model) opened = demos.then(() => models.openUrl(state.model, 'link'));
  else if (!link.given.some((name) => params().find((p) => p.name === name)?.config)) {
    // A plain visit: open on the first pretrained network, drawn without downloading MNIST.
    opened = demos.then((list) => list.length > 0 && models.openUrl(`www/demos/${list[0].file}`, 'default'));
  } else if (config && state.digest) {
    status.alert(`This link shares a trained network (weights digest ${state.digest}). Train it here to rebuild it and check it is identical.`,
      { label: 'Train this network', run: () => form.requestSubmit() });
  }
  // The offline copy of the shell downloads after the first figure, not in its way.
  opened.then(keepForOffline, keepForOffline);
  // A link to an instrument's experiment runs it again, on the recipe the form shows by then.
  const restore = () => [detectors, matching].forEach((panel) => panel.restore());
  opened.then(restore, restore);
}

/** The section a link's `view` names: a layer of the network, or a panel by its id. */
function viewSection(view) {
  if (view === 'hidden') return $('layers').firstElementChild;
  if (view === 'output') return $('layers').lastElementChild;
  return $(view);
}

/**
 * Registers the service worker (sw.js, at the site's root), which keeps the app shell so that a
 * reload works offline. Without service workers (plain http) or when registering fails (storage
 * refused, as in some embeds), the page works as before, online.
 */
function keepForOffline() {
  navigator.serviceWorker?.register(new URL('../sw.js', import.meta.url)).catch(() => {});
}

main();
