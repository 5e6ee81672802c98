// The training panel: the form's run from Train to Done. Starts a run on the trainer (whose worker
// owns it), passes each of its messages to the panels that show it, keeps the Pause and Reset
// buttons and the status line in step with where the run is, and puts an opened model on screen
// in place of a run. A run that rebuilt the network on screen says so and offers a new seed.
// A run's many messages (a fast run ends 7 epochs a second) reach the page's text and the
// panels beyond the hero at a pace the eye needs (lib/pacing.js): the readouts once a frame at
// most every LIVE_MS, each panel only while it is on screen, all of them at the run's end.
// Its state is this one object's, created once by main.js.

import { formQuery, presetOf, referenceText } from './controls.js';
import { clause, percent, testImagesText } from '../lib/format.js';
import { configOf } from '../pkg/weightscope.js';
import { WorkerFailure } from '../lib/trainer.js';
import { dataset, useDataset } from '../lib/dataset.js';
import { createFeed, createPacer } from '../lib/pacing.js';

const LABELS = { idle: 'Ready', starting: 'Starting…', training: 'Training', paused: 'Paused', done: 'Done', stopped: 'Stopped' };

/**
 * `elements`: the form, the Pause and Reset buttons, the published row and its figure. `panels`:
 * what shows a run (views, timeline, explorer, pad, testSet, status, share, models, controls,
 * instruments); `followers` the panels that follow a run's weights ({panel, elements}: the
 * elements it draws in), each fed only while one of them is on screen.
 * `viewsOn` false trains without drawing (`?views=off`, what `make bench` compares against).
 */
export function createTraining({ form, pauseButton, resetButton, publishedRow, published }, { trainer, link, viewsOn, followers: following, ...panels }) {
  const { views, timeline, explorer, pad, testSet, status, share, models, controls, chapters, instruments } = panels;
  // The panels that follow the run's weights, each fed the newest while on screen (or at the
  // live pace for one with no elements: the chapters' lines, spread over the page).
  const followers = following.map(({ panel, elements }) => createFeed((m) => panel.weights(m), elements));
  // The readouts a run's messages change (status line, timeline list, chapters' lines), once a
  // frame at the live pace: the messages queued in order, only the newest of a kind kept but
  // every epoch's (the status line adds up their training time).
  const queued = [];
  const readout = createPacer(showReadout);
  function later(m) {
    if (m.type !== 'epoch') {
      const i = queued.findIndex((q) => q.type === m.type);
      if (i >= 0) queued.splice(i, 1);
    }
    queued.push(m);
    readout.request({ live: true });
  }
  function showReadout() {
    for (const m of queued.splice(0)) readouts[m.type](m);
  }
  const readouts = {
    progress: (m) => status.progress(m),
    epoch(m) {
      status.epoch(m);
      chapters?.tested();
    },
    timeline: (m) => timeline.moments(m.timeline),
  };
  /** Everything a run's messages left queued, shown now (its end, a pause) or dropped (another run). */
  function catchUp() {
    readout.cancel();
    showReadout();
    for (const feed of followers) feed.flush();
    testSet.flush();
  }
  function forget() {
    readout.cancel();
    queued.length = 0;
    for (const feed of followers) feed.drop();
  }
  let current = 'idle'; // the phase: a key of LABELS
  let formTouched = false; // the reader changed the form: a model opened by itself must not overwrite it
  let onScreen = null; // weights digest of the network on screen (opened, trained, or the link's)
  let rebuilding = null; // the digest on screen when the current run started: it may rebuild it

  /** Pause button, Reset button and status line for where the run is. */
  function phase(name) {
    current = name;
    status.state(LABELS[name]);
    pauseButton.textContent = name === 'paused' ? 'Resume' : 'Pause';
    pauseButton.disabled = name !== 'training' && name !== 'paused';
    resetButton.disabled = name === 'idle';
  }

  async function train(config) {
    useDataset(config.dataset);
    forget();
    const { run, loaded } = trainer.train(config); // its first weights come before any data
    rebuilding = onScreen;
    link.update({ ...config, digest: undefined, autotrain: undefined, model: undefined });
    share.start(config);
    models.start(config);
    timeline.reset(config.trainSize, { replay: true });
    views.layout(config.sizes, config.epochs, true);
    explorer.layout(config.sizes);
    explorer.clear();
    testSet.clear();
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
        status.alert(`Could not load ${dataset().name} (${clause(error.message)}). Press Retry to try again; the rest of the page keeps working.`,
          { label: 'Retry', run: () => form.requestSubmit() });
      }
      return;
    }
    if (run !== trainer.current || current !== 'starting') return; // Reset, another Train, an error
    phase('training');
  }

  /** The published test accuracy beside the live one, when `config` is one of the presets. */
  function showPublished(config) {
    const reference = presetOf(config)?.reference;
    publishedRow.hidden = !reference;
    published.textContent = reference ? referenceText(reference) : '–';
  }

  /** What the page does with each message of the current run (and of none). */
  const handlers = {
    dataReady: () => trainer.testSet(), // for the test-set browser and the pad
    progress(m) {
      later(m);
      if (viewsOn) views.progress(m.epoch + m.samplesDone / m.samplesPerEpoch, m.cost);
    },
    weights(m) {
      if (!viewsOn) return;
      timeline.weights(m); // draws it, unless the reader is replaying the timeline
      if (m.replay) return;
      // A running network's weights follow at the live pace, to the panels on screen; an opened
      // one's reach every panel at once (drawn late, a panel above would push the page down in
      // an engine without scroll anchoring, WebKit).
      const live = current === 'starting' || current === 'training';
      for (const feed of followers) feed.offer(m, { live });
    },
    timeline: later,
    epoch(m) {
      later(m);
      if (viewsOn) views.epoch(m.epoch, m.testCorrect / m.testTotal, m.trainAccuracy);
    },
    evaluation(m) {
      explorer.evaluation(m);
      testSet.evaluation(m);
    },
    testSet: (m) => testSet.images(m),
    paused() {
      catchUp(); // what the run did until it paused is on screen when it says Paused
      phase('paused');
    },
    resumed: () => phase('training'),
    done(m) {
      catchUp();
      views.finish();
      phase('done');
      share.done(m.digest);
      models.done(m.digest);
      link.update({ digest: m.digest });
      timeline.done();
      if (m.digest === rebuilding) {
        timeline.say(`Same recipe and seed: the same network, bit for bit (weights digest ${m.digest}). A new seed draws other starting weights and another order of examples.`,
          { label: 'New seed', run: newSeed });
      }
      onScreen = m.digest;
    },
    error(m) {
      catchUp();
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
    models.clear(); // the network was the worker's: nothing left to save
    status.alert(`The trainer stopped (${why}). Restart it to train again; your settings are kept.`,
      { label: 'Restart the trainer', run: restartTrainer });
    if (current !== 'idle') phase('stopped');
  };

  /** Trains the form's recipe again from a fresh random seed (which the link then carries). */
  function newSeed() {
    const seed = form.elements.namedItem('seed');
    const [fresh] = crypto.getRandomValues(new Uint32Array(1));
    seed.value = String(String(fresh) === seed.value ? fresh ^ 1 : fresh);
    formTouched = true;
    form.requestSubmit();
  }

  /** A fresh worker with the data sent to it again (from the browser's cache if it can). */
  function restartTrainer() {
    phase('idle');
    trainer.restart().catch((error) => {
      status.alert(`The trainer restarted, but ${dataset().name} could not be loaded (${clause(error.message)}). Press Train to try again.`);
    });
  }

  /**
   * Puts a model the worker opened (its `opened` message) on screen in place of whatever was there
   * (a run in progress stopped): its weights, learning curves, timeline, digest, and its
   * configuration in the form.
   */
  function showModel(model, source) {
    const { config } = model;
    useDataset(model.dataset); // its configuration's, or what a network2.py file names
    forget();
    onScreen = model.digest;
    const epochs = config?.epochs ?? Math.max(1, model.history.length);
    views.layout(model.sizes, epochs);
    status.reset({ epochs });
    phase('idle');
    timeline.reset(config?.trainSize);
    explorer.clear();
    testSet.clear();
    handlers.weights(model);
    timeline.moments(model.timeline);
    for (const e of model.history) {
      views.epoch(e.epoch, e.testCorrect / e.testTotal, e.trainAccuracy);
      views.progress(e.epoch, e.trainCost);
    }
    if (model.history.length > 0) status.tested(model.history.at(-1));
    const byItself = source.kind === 'link' || source.kind === 'default';
    if (config && !(byItself && formTouched)) controls.load(formQuery(config));
    share.start(config ?? null);
    share.done(model.digest);
    models.shown(model);
    const kind = source.kind === 'demo' || source.kind === 'default' ? 'Pretrained network' : 'Opened';
    const last = model.history.at(-1);
    const accuracy = last ? `, ${percent(last.testCorrect / last.testTotal)} ${testImagesText(last.testTotal)} after ${last.epoch} epochs` : '';
    models.say(`${kind}: ${source.name} (${model.sizes.join('-')}${accuracy}). Weights digest ${model.digest}.`);
    models.selectDemo(source.kind === 'file' ? null : source.name);
    const timelineFile = models.timelineOf(source.name);
    if (timelineFile) fetchTimeline(timelineFile, trainer.current);
    link.update({ ...(config ?? {}), digest: model.digest, autotrain: undefined, model: source.kind === 'file' ? undefined : source.name });
  }

  /**
   * Fetches a demo's timeline file once its figure is painted (never in the first figure's way)
   * and has the worker give it to opened run `run`: the scrubber then replays how it learned.
   */
  async function fetchTimeline(path, run) {
    await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));
    try {
      const response = await fetch(new URL(path, document.baseURI));
      if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
      const m = await trainer.timeline(new Uint8Array(await response.arrayBuffer()));
      if (trainer.current === run) timeline.moments(m.timeline);
    } catch (error) {
      if (trainer.current === run) timeline.missing(clause(error.message ?? error));
    }
  }

  /**
   * Fills the form from the link (or an older ?query link), shows a notice for each value that
   * fell back to its default, and returns the valid config (null when Rust refuses it).
   */
  function load() {
    for (const notice of link.notices) status.alert(notice);
    if (link.given.length === 0 && link.query.size > 0) return controls.load(link.query);
    const config = configOf(link.state);
    const valid = controls.load(formQuery(config));
    share.expect(config, link.state.digest);
    onScreen = link.state.digest ?? null;
    return valid;
  }

  /** Everything of the run gone: the page as it opened, before Train. */
  function reset() {
    forget();
    trainer.reset();
    onScreen = null;
    models.clear();
    views.clear();
    timeline.reset();
    explorer.clear();
    testSet.clear();
    pad.clear();
    instruments.clear();
    status.reset();
    phase('idle');
  }

  for (const type of ['input', 'click']) form.addEventListener(type, () => { formTouched = true; });
  pauseButton.addEventListener('click', () => (current === 'paused' ? trainer.resume() : trainer.pause()));
  resetButton.addEventListener('click', reset);
  phase('idle');
  return { train, showModel, load };
}
