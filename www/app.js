// Page glue: connects the form, the MNIST download, the training worker and the views.
// Each Train press is a new run id; worker messages for any other run are dropped.
// The only module that touches `location`, `history` and the worker.

import init, { validateConfig } from './pkg/weightscope.js';
import { createControls } from './controls.js';
import { downloadMnist } from './data.js';
import { createStatus } from './status.js';
import { createViews } from './views.js';
import { wasmUrl } from './wasm.js';

const $ = (id) => document.getElementById(id);
const form = $('config');
const pauseButton = $('pause');
const resetButton = $('reset');
const status = createStatus(document.querySelector('.status'));
// ?views=off trains without drawing weights or charts: `make bench` measures what drawing costs.
const viewsOn = new URLSearchParams(location.search).get('views') !== 'off';

/** A message as a clause inside a sentence: without its final full stop. */
const clause = (message) => String(message).replace(/\.$/, '');

/** The worker could not start: pressing Retry will not help, reloading might. */
class WorkerFailure extends Error {}

let lastRun = 0;
let current = 0; // the run whose messages we show; 0 = none
let currentPhase = 'idle';
let views; // set by main() once the wasm drawing code is loaded
let controls; // likewise
let dataLoaded = null; // Promise: the worker holds MNIST
let dataWaiter = null; // { resolve, reject } while the worker parses MNIST

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let workerStarted;
const workerReady = new Promise((resolve, reject) => {
  workerStarted = { resolve, reject };
});
workerReady.catch(() => {}); // shown by the error listener; Train gets it again from loadData
listenToWorker(); // at once: a worker that fails to load says so only once, early

/** Pause button, Reset button and status line for where the run is. */
function phase(name) {
  const labels = { idle: 'Ready', starting: 'Starting…', training: 'Training', paused: 'Paused', done: 'Done', stopped: 'Stopped' };
  currentPhase = name;
  status.state(labels[name]);
  pauseButton.textContent = name === 'paused' ? 'Resume' : 'Pause';
  pauseButton.disabled = name !== 'training' && name !== 'paused';
  resetButton.disabled = name === 'idle';
}

/** Downloads MNIST once and hands it to the worker; a failure lets the next Train try again. */
function loadData() {
  dataLoaded ??= (async () => {
    const [files] = await Promise.all([downloadMnist(status.download), workerReady]);
    status.downloadStep('Preparing the images…');
    const ready = new Promise((resolve, reject) => {
      dataWaiter = { resolve, reject };
    });
    worker.postMessage({ type: 'data', ...files }, Object.values(files).map((bytes) => bytes.buffer));
    await ready;
  })().catch((error) => {
    dataLoaded = null;
    throw error;
  }).finally(() => {
    dataWaiter = null;
    status.downloadDone();
  });
  return dataLoaded;
}

async function train(config) {
  const run = ++lastRun;
  current = run;
  history.replaceState(null, '', `?${controls.query(config)}`);
  views.layout(config.sizes, config.epochs, true);
  status.reset();
  phase('starting');
  try {
    await loadData();
  } catch (error) {
    if (run !== current) return;
    current = 0;
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
  if (run !== current) return; // Reset or another Train while downloading
  worker.postMessage({ type: 'train', run, config });
  phase('training');
}

function listenToWorker() {
  const handlers = {
    workerReady: () => workerStarted.resolve(),
    dataReady: () => dataWaiter?.resolve(),
    progress(m) {
      status.progress(m);
      if (viewsOn) views.progress(m.epoch + m.samplesDone / m.samplesPerEpoch, m.cost);
    },
    weights: (m) => viewsOn && views.weights(m),
    epoch(m) {
      status.epoch(m);
      if (viewsOn) views.epoch(m.epoch, m.testCorrect / m.testTotal, m.trainAccuracy);
    },
    paused: () => phase('paused'),
    resumed: () => phase('training'),
    done: () => phase('done'),
    error(m) {
      if (m.run == null && dataWaiter) {
        dataWaiter.reject(new Error(m.message));
        return;
      }
      // Without a run id the error still concerns ours: the worker had no other (e.g. it refused to start it).
      status.alert(`Training stopped: ${m.message}`);
      if (current) phase('stopped');
    },
  };
  worker.addEventListener('message', ({ data: m }) => {
    if (m.run != null && m.run !== current) return; // a run that was replaced or reset
    handlers[m.type]?.(m);
  });
  worker.addEventListener('messageerror', () => status.alert('A message from the training worker could not be read.'));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    const failure = new WorkerFailure(
      `The training worker failed (${clause(event.message || 'its script could not be loaded')}). Reload the page to try again.`,
    );
    status.alert(failure.message);
    workerStarted.reject(failure);
    if (current) phase('stopped');
  });
}

async function main() {
  phase('idle');
  try {
    await init({ module_or_path: wasmUrl });
  } catch (error) {
    status.alert(`Could not load Weightscope's WebAssembly (${clause(error.message)}). Reload the page to try again.`);
    for (const button of form.querySelectorAll('button')) button.disabled = true;
    return;
  }
  views = createViews({
    layersRoot: $('layers'),
    accuracyCanvas: $('accuracy-chart'),
    costCanvas: $('cost-chart'),
    tooltip: $('tooltip'),
  });
  controls = createControls(form, {
    validate: validateConfig,
    onTrain: train,
  });
  const config = controls.load(new URLSearchParams(location.search));
  views.layout(config?.sizes ?? [784, 30, 10], config?.epochs ?? 30);

  pauseButton.addEventListener('click', () => {
    worker.postMessage({ type: currentPhase === 'paused' ? 'resume' : 'pause', run: current });
  });
  resetButton.addEventListener('click', () => {
    worker.postMessage({ type: 'reset', run: current });
    current = 0;
    views.clear();
    status.reset();
    phase('idle');
  });
}

main();
