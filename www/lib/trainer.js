// The one client of the training worker (crate/src/web/worker.rs, speaking
// crate/src/protocol.rs), for the page's run, the sweep and the side by side alike: it starts a
// worker with the page's compiled wasm, hands it MNIST, numbers the runs and drops the messages
// of any other, asks the worker for what it owns (a file, a timeline moment) and to take a demo's
// timeline file, and notices a crash, with the panic message, restarting on request. A pool of
// clients runs the experiments; a crash there restarts only the run it stopped.

import { wasmModule } from './wasm.js';
import { clause } from './format.js';

/** How many networks train at once: one per core but one (the page's), at least one. */
export const parallelism = () => Math.max(1, (navigator.hardwareConcurrency || 2) - 1);

/** Longest wait for a new run's first weights before its data is loaded anyway. */
const FIRST_WEIGHTS_MS = 1000;

/** The worker could not start at all: pressing Retry will not help, reloading might. */
export class WorkerFailure extends Error {}

/** Thrown into the runs a `stop()` cut short. */
export class Stopped extends Error {
  constructor() {
    super('stopped');
  }
}

/** A new worker (worker.js), booted with the page's compiled module; it answers `workerReady`. */
function spawn() {
  const worker = new Worker(new URL('../worker.js', import.meta.url), { type: 'module' });
  // A module that fails to compile fails the page's own start too, which reports it.
  wasmModule().then((module) => worker.postMessage({ type: 'boot', module }), () => {});
  return worker;
}

/**
 * A trainer: one worker at a time. `mnist(key)` resolves to the four IDX files of dataset `key`
 * (a copy of the caller's own, which the worker gets), `mnist.test(key)` to its two test files
 * alone; `preparing(on)` hears when the worker is reading them. Set `onMessage(m)` for the current
 * run's messages and those of no run, `onCrash(why)` for a worker that died after starting (why:
 * "it panicked: …" or what the browser said), `onFailure(error)` for one that never started.
 */
export function createTrainer({ mnist, preparing = () => {} }) {
  const trainer = { onMessage() {}, onCrash() {}, onFailure() {} };
  let worker;
  let ready; // Promise: the worker said workerReady
  let started; // its { resolve, reject }
  let alive = false; // said workerReady and has not crashed since
  let crashed = false; // crashed: the next train() or restart() starts a new one
  let panic = null; // the panic message a dying worker sent, if any
  let loaded = null; // Promise: the worker holds the images of dataset `loadedKey`
  let loadedKey = null;
  let testLoaded = null; // Promise: dataset `testKey`'s test files are posted to the worker
  let testKey = null;
  let dataWaiter = null; // { resolve, reject } while the worker reads MNIST
  let runs = 0;
  let current = 0; // the run whose messages are passed on; 0 = none
  let finish = null; // { resolve, reject } of the current run's `finished`
  const asks = new Map(); // run -> { type, resolve, reject }: a request waiting for its answer
  let firstWeights = null; // { run, resolve } until the new run's batch-0 weights are on screen

  function start() {
    worker = spawn();
    ready = new Promise((resolve, reject) => {
      started = { resolve, reject };
    });
    ready.catch(() => {}); // reported by onFailure; train() gets it again from loadData
    alive = false;
    crashed = false;
    panic = null;
    loaded = null;
    testLoaded = null;
    listen(worker);
  }

  function answer(m) {
    const ask = asks.get(m.run);
    if (!ask || (m.type !== ask.type && m.type !== 'error')) return false;
    asks.delete(m.run);
    if (m.type === 'error') ask.reject(new Error(m.message));
    else ask.resolve(m);
    return true;
  }

  function listen(source) {
    source.addEventListener('message', ({ data: m }) => {
      if (source !== worker) return; // a worker that crashed and was replaced
      if (m.type === 'workerReady') {
        alive = true;
        started.resolve();
      } else if (m.type === 'panicked') {
        panic ??= m.message; // the first: any later one is its consequence
      } else if (m.type === 'dataReady') {
        dataWaiter?.resolve();
      } else if (m.type === 'error' && m.run == null && dataWaiter) {
        dataWaiter.reject(new Error(m.message));
        return;
      }
      if (m.run != null && answer(m)) return;
      if (m.run != null && m.run !== current) return; // a run that was replaced or reset
      if (m.type === 'done') finish?.resolve(m);
      else if (m.type === 'error' && finish) finish.reject(new Error(m.message));
      trainer.onMessage(m);
      if (m.type === 'weights' && m.run === firstWeights?.run) {
        const { resolve } = firstWeights;
        firstWeights = null;
        requestAnimationFrame(() => setTimeout(resolve)); // once the frame drawing them is painted
      }
    });
    source.addEventListener('messageerror', () => trainer.onMessage({ type: 'error', message: 'A message from the training worker could not be read.' }));
    source.addEventListener('error', (event) => {
      event.preventDefault();
      if (source !== worker) return;
      if (alive) {
        died(event.message);
        return;
      }
      const failure = new WorkerFailure(
        `The training worker failed (${clause(event.message || 'its script could not be loaded')}). Reload the page to try again.`,
      );
      started.reject(failure);
      trainer.onFailure(failure);
    });
  }

  /** The worker died after starting (a panic, or out of memory): its runs and data are gone. */
  function died(message) {
    worker.terminate();
    alive = false;
    crashed = true;
    loaded = null;
    testLoaded = null;
    current = 0;
    end(new Error('the training worker stopped'));
    trainer.onCrash(panic
      ? `it panicked: ${clause(panic)}`
      : `${clause(message || 'it stopped without saying why')}; it may have run out of memory`);
  }

  /** Everything waiting on the worker fails with `error`. */
  function end(error) {
    dataWaiter?.reject(error);
    finish?.reject(error);
    for (const ask of asks.values()) ask.reject(error);
    asks.clear();
  }

  /**
   * Resolves once run `run`'s batch-0 weights are on screen (or after FIRST_WEIGHTS_MS, for a
   * worker that cannot answer): reading the images keeps a browser's main thread busy, so it
   * waits for the first picture, which needs no data.
   */
  function shown(run) {
    return new Promise((resolve) => {
      firstWeights = { run, resolve };
      setTimeout(resolve, FIRST_WEIGHTS_MS);
    });
  }

  /**
   * Posts `files` (IDX bytes by message key) of dataset `key` as a `type` message, transferred:
   * each is a copy of the caller's own (lib/data.js's mnistOnce).
   */
  function postFiles(type, key, files) {
    worker.postMessage({ type, dataset: key, ...files }, Object.values(files).map((bytes) => bytes.buffer));
  }

  /**
   * Hands the worker its copy of dataset `key`'s images (MNIST when absent), once per switch of
   * dataset; a failure lets the next call try again.
   */
  function loadData(key = loadedKey) {
    if (loaded && key === loadedKey) return loaded;
    loadedKey = key;
    let waiter = null; // { resolve, reject } while the worker reads this copy
    const attempt = (async () => {
      const target = worker;
      const [files] = await Promise.all([mnist(key), ready]);
      if (target !== worker || !alive) throw new Error('the training worker stopped while the images were loading');
      preparing(true);
      const done = new Promise((resolve, reject) => {
        waiter = { resolve, reject };
      });
      dataWaiter = waiter;
      postFiles('data', key, files);
      await done;
    })().catch((error) => {
      if (loaded === attempt) loaded = null;
      throw error;
    }).finally(() => {
      if (dataWaiter === waiter) dataWaiter = null;
      if (waiter) preparing(false);
    });
    loaded = attempt;
    return attempt;
  }

  /**
   * Hands the worker dataset `key`'s test files alone (MNIST when absent; it answers a `testSet`
   * message), once, unless it holds or is getting all of that dataset; a failure lets the next
   * call try again.
   */
  function loadTestData(key = undefined) {
    if (loaded && key === loadedKey) return loaded;
    if (testLoaded && key === testKey) return testLoaded;
    testKey = key;
    const attempt = (async () => {
      const target = worker;
      const [files] = await Promise.all([mnist.test(key), ready]);
      if (target !== worker || !alive) throw new Error('the training worker stopped while the test images were loading');
      postFiles('testData', key, files);
    })().catch((error) => {
      if (testLoaded === attempt) testLoaded = null;
      throw error;
    });
    testLoaded = attempt;
    return attempt;
  }

  /**
   * Sends `message` once the worker runs (a new worker if the last one crashed); resolves to
   * whether it was sent (a worker that never started is reported by onFailure and loadData).
   */
  async function post(message, transfer = []) {
    if (crashed) start();
    const target = worker;
    try {
      await ready;
    } catch {
      return false;
    }
    if (target !== worker || !alive) return false;
    worker.postMessage(message, transfer);
    return true;
  }

  /**
   * Sends `message` and resolves to the worker's answer of `type` for its run (the same answer
   * for a request repeated before it came, such as a double click on Save).
   */
  function ask(message, type, transfer) {
    const pending = asks.get(message.run);
    if (pending?.type === type) return pending.answer;
    const entry = { type };
    entry.answer = new Promise((resolve, reject) => {
      Object.assign(entry, { resolve, reject });
      post(message, transfer).then((sent) => {
        if (sent) return;
        asks.delete(message.run);
        reject(new Error('the training worker is not running'));
      });
    });
    asks.set(message.run, entry);
    return entry.answer;
  }

  start();
  // (Copied as descriptors, so `current` stays a getter.)
  return Object.defineProperties(trainer, Object.getOwnPropertyDescriptors({
    /** The run whose messages are passed on (0: none). */
    get current() {
      return current;
    },
    /**
     * Starts training `config` as a new run, replacing the current one: its initial weights come
     * at once, before any data. `frozen` ('detectors' or 'random') freezes its hidden layer. Returns { run, loaded, finished }: `loaded` settles once the
     * worker holds MNIST (rejecting with why it could not, a WorkerFailure when the worker never
     * started), `finished` once the run is done (rejecting on its error or a crash).
     */
    train(config, frozen) {
      if (crashed) start();
      const run = ++runs;
      current = run;
      finish?.reject(new Stopped());
      const finished = new Promise((resolve, reject) => {
        finish = { resolve, reject };
      });
      finished.catch(() => {}); // for those who do not wait on it
      post({ type: 'train', run, config, ...(frozen && { frozen }) });
      const loaded = shown(run).then(() => loadData(config.dataset));
      loaded.catch(() => {}); // for those who do not wait on it
      return { run, loaded, finished };
    },
    /** Pauses, resumes or forgets the current run. */
    pause: () => post({ type: 'pause', run: current }),
    resume: () => post({ type: 'resume', run: current }),
    reset() {
      if (current) post({ type: 'reset', run: current });
      current = 0;
      finish?.reject(new Stopped());
    },
    /**
     * Opens a model file's `bytes` as a new run; resolves to the worker's `opened` message (all
     * it takes to show it), rejects with why the file was refused, the current run then untouched.
     */
    async open(bytes) {
      const run = ++runs;
      const copy = bytes.slice();
      const opened = await ask({ type: 'open', run, bytes: copy }, 'opened', [copy.buffer]);
      // The worker has replaced its run with this one, unless a newer run was asked for since.
      if (run === runs) current = run;
      return opened;
    },
    /** The current run's network as a file (`format`: 'wscp' | 'json'): resolves to its bytes. */
    async save(format) {
      if (!current) throw new Error('the trainer stopped, and the network with it: train it again to save it');
      return (await ask({ type: 'save', run: current, format }, 'saved')).bytes;
    },
    /**
     * Gives the current run (an opened demo) the timeline in its demo's timeline file `bytes`:
     * resolves to the worker's `timeline` message, rejects with why the file was refused.
     */
    timeline(bytes) {
      if (!current) return Promise.reject(new Error('no network is open'));
      const copy = bytes.slice();
      return ask({ type: 'timeline', run: current, bytes: copy }, 'timeline', [copy.buffer]);
    },
    /** Asks for the current run's timeline snapshot after `batches` mini-batches. */
    snapshot: (batches) => post({ type: 'snapshot', run: current, batches }),
    /** Asks for the test images (a `testSet` message). */
    testSet: () => post({ type: 'testSet' }),
    /**
     * The current run's network evaluated on the test set of dataset `key` as it is now (an
     * `evaluation` message, after the `testSet` one), downloading that dataset's test files
     * alone when the worker has none of it yet. Resolves once asked; rejects with why the files could not be had.
     */
    async evaluate(key = undefined) {
      const run = current;
      if (!run) return;
      await loadTestData(key);
      if (run === current) await post({ type: 'evaluate', run });
    },
    /** A new worker after a crash, with MNIST handed to it again (from the browser's cache). */
    restart() {
      if (crashed) start();
      return loadData();
    },
    /** Ends the worker for good; what waits on it fails with Stopped. */
    terminate() {
      crashed = true;
      alive = false;
      worker.terminate();
      end(new Stopped());
    },
  }));
}

/**
 * A pool of up to `size` trainers for the experiments. `train(config, onMessage)` queues a run:
 * `onMessage` hears its messages (progress, weights, epoch) and the promise settles when it is
 * done. A crash restarts that run once on a new worker; the others go on. `stop()` ends all.
 */
export function createPool(mnist, size) {
  const queue = [];
  const active = new Set(); // the trainers training
  let slots = 0;
  let stopped = false;

  async function runOn(trainer, job) {
    for (let attempt = 0; ; attempt += 1) {
      let crash = null;
      trainer.onCrash = (why) => {
        crash = why;
      };
      trainer.onMessage = job.onMessage;
      const { loaded, finished } = trainer.train(job.config, job.frozen);
      try {
        await Promise.all([loaded, finished]);
        return;
      } catch (error) {
        if (!crash || stopped) throw error;
        if (attempt > 0) throw new Error(`the trainer stopped (${crash})`);
      }
    }
  }

  async function slot() {
    const trainer = createTrainer({ mnist });
    active.add(trainer);
    try {
      while (queue.length > 0 && !stopped) {
        const job = queue.shift();
        await runOn(trainer, job).then(job.resolve, job.reject);
      }
    } finally {
      slots -= 1;
      active.delete(trainer);
      trainer.terminate();
    }
  }

  return {
    /** Trains `config` (its hidden layer `frozen`, if given); resolves when done, rejects on an error or a stop. */
    train(config, onMessage, frozen) {
      return new Promise((resolve, reject) => {
        if (stopped) {
          reject(new Stopped());
          return;
        }
        queue.push({ config, onMessage, frozen, resolve, reject });
        while (slots < size && slots < queue.length) {
          slots += 1;
          slot();
        }
      });
    },
    /** Ends every run, queued or training, and the workers. */
    stop() {
      stopped = true;
      for (const trainer of active) trainer.terminate();
      while (queue.length > 0) queue.shift().reject(new Stopped());
    },
  };
}

/**
 * The runs of one experiment panel (the sweep, the side by side, the detectors, the matching),
 * with its Stop button: each start ends the runs before it. `start(size, jobs)` trains
 * `jobs(pool)` (the promises of `pool.train` calls) on a new pool of `size` workers and resolves
 * when they have all ended: to null when a newer start took over, or else to `{ failure, stopped }`
 * (the first error that is not a stop, if any; whether Stop ended some of them).
 */
export function createRuns(mnist, stopButton) {
  let pool = null;
  stopButton.addEventListener('click', () => pool?.stop());
  return {
    async start(size, jobs) {
      pool?.stop();
      const runPool = createPool(mnist, size);
      pool = runPool;
      stopButton.disabled = false;
      const outcomes = await Promise.allSettled(jobs(runPool));
      if (pool !== runPool) return null;
      stopButton.disabled = true;
      const rejected = outcomes.filter((o) => o.status === 'rejected').map((o) => o.reason);
      return { failure: rejected.find((reason) => !(reason instanceof Stopped)), stopped: rejected.length > 0 };
    },
  };
}

/**
 * The messages of one run, drawn into `views` (a createViews instance, as the main run's are):
 * weight snapshots, the cost as it goes, the accuracies after each epoch.
 */
export function drawInto(views) {
  return (m) => {
    if (m.type === 'weights') views.weights(m, { live: true });
    else if (m.type === 'progress') views.progress(m.epoch + m.samplesDone / m.samplesPerEpoch, m.cost);
    else if (m.type === 'epoch') views.epoch(m.epoch, m.testCorrect / m.testTotal, m.trainAccuracy);
  };
}
