// Page glue: connects the form, the MNIST download, the trainer (trainer.js, which talks to the
// worker that owns the run) and the views, and registers the service worker that keeps the page
// for offline reloads (sw.js). The only module that touches `location` and `history`.

import init, { validateConfig } from './pkg/weightscope.js';
import { createControls, presetOf, referenceText } from './controls.js';
import { FIGURES, createEmbedPanel, enterEmbed } from './embed.js';
import { savePng } from './savepng.js';
import { createModels } from './model.js';
import { configOf, defaults, params, parseHash, serializeHash } from './state.js';
import { createShare } from './share.js';
import { downloadMnist } from './data.js';
import { createStatus } from './status.js';
import { createViews } from './views.js';
import { createExplorer } from './explorer.js';
import { createPad } from './pad.js';
import { createTestSet } from './testset.js';
import { createCompare } from './compare.js';
import { createFullSize } from './fullsize.js';
import { testImagesText } from './figures.js';
import { createSweep } from './sweep.js';
import { createTimeline } from './timeline.js';
import { clause, createTrainer, WorkerFailure } from './trainer.js';
import { wasmModule } from './wasm.js';

const $ = (id) => document.getElementById(id);
const form = $('config');
const pauseButton = $('pause');
const resetButton = $('reset');
const status = createStatus(document.querySelector('.status'));
// ?views=off trains without drawing weights or charts: `make bench` measures what drawing costs.
const viewsOn = new URLSearchParams(location.search).get('views') !== 'off';

let currentPhase = 'idle';
let views; // set by main() once the wasm drawing code is loaded
let controls; // likewise
let share; // likewise
let models; // likewise: saving and opening model files, the demo picker
let linkGiven = []; // the parameters the opening link set
let embedPanel; // likewise: the Embed panel
let formTouched = false; // the reader changed the form: a model opened by itself must not overwrite it
let pageState; // what the URL hash says (www/state.js), kept current as runs start and end
let explorer; // the digit explorer, drawing pad and test-set browser, also set by main()
let pad;
let testSet;
let timeline; // likewise: the main run's snapshots, and what passes them on to the views
let mnistFiles = null; // Promise: the downloaded IDX bytes, kept for the experiments' workers
// The page's trainer: its worker starts now, so it is running by the time Train is pressed.
const trainer = createTrainer({
  mnist,
  preparing: (on) => (on ? status.downloadStep('Preparing the images…') : status.downloadDone()),
});

/** Pause button, Reset button and status line for where the run is. */
function phase(name) {
  const labels = { idle: 'Ready', starting: 'Starting…', training: 'Training', paused: 'Paused', done: 'Done', stopped: 'Stopped' };
  currentPhase = name;
  status.state(labels[name]);
  pauseButton.textContent = name === 'paused' ? 'Resume' : 'Pause';
  pauseButton.disabled = name !== 'training' && name !== 'paused';
  resetButton.disabled = name === 'idle';
}

/** The MNIST files, downloaded once for the page; a failure lets the next call try again. */
function mnist() {
  mnistFiles ??= downloadMnist(status.download).catch((error) => {
    mnistFiles = null;
    throw error;
  }).finally(() => status.downloadDone());
  return mnistFiles;
}

async function train(config) {
  const { run, loaded } = trainer.train(config); // its first weights come before any data
  pageState = { ...pageState, ...config, digest: undefined, autotrain: undefined, model: undefined };
  writeHash();
  share.start(config);
  models.start(config);
  timeline.reset(config.trainSize);
  views.layout(config.sizes, config.epochs, true);
  explorer?.layout(config.sizes);
  explorer?.clear();
  testSet?.clear();
  status.reset(config);
  showPublished(config);
  phase('starting');
  try {
    await loaded;
  } catch (error) {
    if (run !== trainer.current) return;
    trainer.reset();
    views.clear();
    phase('idle');
    if (error instanceof WorkerFailure) {
      status.alert(error.message);
    } else {
      status.alert(`Could not load MNIST (${clause(error.message)}). Press Retry to try again; the rest of the page keeps working.`,
        { label: 'Retry', run: () => form.requestSubmit() });
    }
    return;
  }
  if (run !== trainer.current || currentPhase !== 'starting') return; // Reset, another Train, an error
  phase('training');
}

/** The published test accuracy beside the live one, when `config` is one of the presets. */
function showPublished(config) {
  const reference = presetOf(config)?.reference;
  $('published-row').hidden = !reference;
  $('published').textContent = reference ? referenceText(reference) : '–';
}

/** What the page does with each message of the current run (and of none). */
const handlers = {
  dataReady: () => trainer.testSet(), // for the test-set browser and the pad
  progress(m) {
    status.progress(m);
    if (viewsOn) views.progress(m.epoch + m.samplesDone / m.samplesPerEpoch, m.cost);
  },
  weights(m) {
    if (!viewsOn) return;
    timeline.weights(m); // draws it, unless the reader is replaying the timeline
    if (m.replay) return;
    explorer?.weights(m);
    pad?.weights(m);
  },
  timeline: (m) => timeline.moments(m.timeline),
  epoch(m) {
    status.epoch(m);
    if (viewsOn) views.epoch(m.epoch, m.testCorrect / m.testTotal, m.trainAccuracy);
  },
  evaluation(m) {
    explorer?.evaluation(m);
    testSet?.evaluation(m);
  },
  testSet: (m) => testSet?.images(m),
  paused: () => phase('paused'),
  resumed: () => phase('training'),
  done(m) {
    phase('done');
    share.done(m.digest);
    models.done(m.digest);
    pageState.digest = m.digest;
    writeHash();
  },
  error(m) {
    // Without a run id the error still concerns ours: the worker had no other (e.g. it refused to start it).
    status.alert(`Training stopped: ${m.message}`);
    if (trainer.current) phase('stopped');
  },
};
trainer.onMessage = (m) => handlers[m.type]?.(m);
trainer.onFailure = (failure) => {
  status.alert(failure.message);
  if (trainer.current) phase('stopped');
};
/**
 * The worker died after starting (a panic, or out of memory): its run and data are gone. Says
 * why, and offers a new worker; the page keeps its settings, and the data comes back from the
 * browser's cache.
 */
trainer.onCrash = (why) => {
  models?.clear(); // the network was the worker's: nothing left to save
  status.alert(`The trainer stopped (${why}). Restart it to train again; your settings are kept.`,
    { label: 'Restart the trainer', run: restartTrainer });
  if (currentPhase !== 'idle') phase('stopped');
};

/** A fresh worker with the data sent to it again (from the browser's cache if it can). */
function restartTrainer() {
  phase('idle');
  trainer.restart().catch((error) => {
    status.alert(`The trainer restarted, but MNIST could not be loaded (${clause(error.message)}). Press Train to try again.`);
  });
}

async function main() {
  phase('idle');
  try {
    await init({ module_or_path: await wasmModule() });
  } catch (error) {
    status.alert(`Could not load Weightscope's WebAssembly (${clause(error.message)}). Reload the page to try again.`);
    return; // Train and the presets stay disabled, as the markup has them until now
  }
  views = createViews({
    layersRoot: $('layers'),
    accuracyCanvas: $('accuracy-chart'),
    costCanvas: $('cost-chart'),
    tooltip: $('tooltip'),
    openable: true,
  });
  timeline = createTimeline($('timeline'), views, (batches) => trainer.snapshot(batches));
  explorer = createExplorer({
    root: $('explorer'),
    neuronRoot: $('neuron'),
    onDigit(digit) {
      pageState = { ...pageState, digit, view: 'explorer' };
      writeHash();
    },
  });
  pad = createPad({ root: $('pad') });
  testSet = createTestSet({ root: $('testset'), onOpen: (bytes, caption) => pad.load(bytes, caption) });
  controls = createControls(form, {
    validate: validateConfig,
    onTrain: train,
  });
  share = createShare({
    copyButton: $('copy-link'),
    linkBox: $('share-link'),
    note: $('share-note'),
    digestOut: $('digest'),
    verdict: $('share-verdict'),
  }, { link: () => location.href });
  models = createModels({
    saveWscp: $('save-wscp'),
    saveJson: $('save-json'),
    picker: $('open-model'),
    demoSelect: $('demo'),
    note: $('model-note'),
    dropTarget: document.body,
  }, {
    trainer,
    base: () => document.baseURI,
    onOpen: showModel,
    onError: (message) => status.alert(message),
  });
  const experiment = { recipe: () => controls.current(), mnist, tooltip: $('tooltip') };
  const sweep = createSweep($('sweep'), { ...experiment, validate: validateConfig, dialog: createFullSize($('full-size')) });
  const compare = createCompare($('compare'), experiment);
  // The Embed panel offers an experiment once it has been run here.
  const experimentsUsed = new Set();
  for (const name of ['sweep', 'compare']) {
    $(name).querySelector('form').addEventListener('submit', () => {
      experimentsUsed.add(name);
      embedPanel?.refresh();
    });
  }
  const config = loadState();
  if (pageState.embed) enterEmbed(pageState.embed, { openHref: `#${serializeHash({ ...pageState, embed: undefined })}` });
  embedPanel = createEmbedPanel({
    button: $('embed-button'),
    panel: $('embed-panel'),
    figureSelect: $('embed-figure'),
    box: $('embed-snippet'),
    copy: $('copy-snippet'),
    hint: $('embed-hint'),
  }, {
    initial: pageState.view,
    used: experimentsUsed,
    // A model file on the site draws at once; a network trained here is retrained by the embed.
    source(figure) {
      const live = !pageState.model;
      const state = { ...pageState, embed: figure, autotrain: live && !FIGURES[figure]?.experiment ? true : undefined };
      return { url: `${location.href.split('#')[0]}#${serializeHash(state)}`, live };
    },
  });
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
  if (pageState.digit != null) explorer.selectDigit(pageState.digit);
  if (pageState.view && !pageState.embed) viewSection(pageState.view)?.scrollIntoView({ block: 'start' });
  for (const button of form.querySelectorAll('[data-preset], [type="submit"]')) button.disabled = false;
  for (const type of ['input', 'click']) form.addEventListener(type, () => { formTouched = true; });
  const demos = models.loadDemos();
  let opened = demos; // settles once the page shows what it opens with
  if (config && pageState.autotrain) form.requestSubmit();
  else if (pageState.model) {
    opened = demos.then(() => models.openUrl(pageState.model, 'link'));
  } else if (!linkGiven.some((name) => params().find((p) => p.name === name)?.config)) {
    // A plain visit: open on the first pretrained network, drawn without downloading MNIST.
    opened = demos.then((list) => list.length > 0 && models.openUrl(`www/demos/${list[0].file}`, 'default'));
  } else if (config && pageState.digest) {
    status.alert(`This link shares a trained network (weights digest ${pageState.digest}). Train it here to rebuild it and check it is identical.`,
      { label: 'Train this network', run: () => form.requestSubmit() });
  }
  // The offline copy of the shell downloads after the first figure, not in its way.
  opened.then(keepForOffline, keepForOffline);

  pauseButton.addEventListener('click', () => (currentPhase === 'paused' ? trainer.resume() : trainer.pause()));
  resetButton.addEventListener('click', () => {
    trainer.reset();
    models.clear();
    views.clear();
    timeline.reset();
    explorer.clear();
    testSet.clear();
    pad.clear();
    status.reset();
    phase('idle');
  });
}

/**
 * Fills the form from the URL hash (or an older ?query link), shows a notice for each value that
 * fell back to its default, and returns the valid config (null when Rust refuses it).
 */
function loadState() {
  const { state, notices, given } = parseHash(location.hash);
  pageState = state;
  linkGiven = given;
  for (const notice of notices) status.alert(notice);
  if (given.length === 0 && location.search) return controls.load(new URLSearchParams(location.search));
  const config = configOf(state);
  const params = new URLSearchParams({ ...config, sizes: config.sizes.slice(1, -1).join(',') });
  const valid = controls.load(params);
  share.expect(config, state.digest);
  return valid;
}

/**
 * Puts a model the worker opened (its `opened` message) on screen in place of whatever was there
 * (a run in progress stopped): its weights, learning curves, timeline, digest, and its
 * configuration in the form.
 */
function showModel(model, source) {
  const { config } = model;
  const epochs = config?.epochs ?? Math.max(1, model.history.length);
  views.layout(model.sizes, epochs);
  status.reset({ epochs });
  phase('idle');
  timeline.reset(config?.trainSize);
  explorer?.clear();
  testSet?.clear();
  handlers.weights(model);
  handlers.timeline(model);
  for (const e of model.history) {
    views.epoch(e.epoch, e.testCorrect / e.testTotal, e.trainAccuracy);
    views.progress(e.epoch, e.trainCost);
  }
  if (model.history.length > 0) status.tested(model.history.at(-1));
  const byItself = source.kind === 'link' || source.kind === 'default';
  if (config && !(byItself && formTouched)) {
    controls.load(new URLSearchParams({ ...config, sizes: config.sizes.slice(1, -1).join(',') }));
  }
  share.start(config ?? null);
  share.done(model.digest);
  models.shown(model);
  const kind = source.kind === 'demo' || source.kind === 'default' ? 'Pretrained network' : 'Opened';
  const last = model.history.at(-1);
  const accuracy = last ? `, ${(100 * last.testCorrect / last.testTotal).toFixed(2)}% ${testImagesText(last.testTotal)} after ${last.epoch} epochs` : '';
  models.say(`${kind}: ${source.name} (${model.sizes.join('-')}${accuracy}). Weights digest ${model.digest}.`);
  models.selectDemo(source.kind === 'file' ? null : source.name);
  pageState = { ...pageState, ...(config ?? {}), digest: model.digest, autotrain: undefined, model: source.kind === 'file' ? undefined : source.name };
  writeHash();
}

/** The hash for what is on screen: the config of the latest run and, once it is done, its digest. */
/** The section a link's `view` names: a layer of the network, or a panel by its id. */
function viewSection(view) {
  if (view === 'hidden') return $('layers').firstElementChild;
  if (view === 'output') return $('layers').lastElementChild;
  return $(view);
}

function writeHash() {
  history.replaceState(null, '', `#${serializeHash(pageState)}`);
  embedPanel?.refresh();
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
