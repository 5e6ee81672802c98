// Parallel training for the experiments: a pool of the page's own training worker (worker.js),
// each worker with its own copy of MNIST, training one network at a time and reporting on it
// independently. The same protocol as the main run; no threads shared, no special headers.

import { startTrainer } from './wasm.js';

/** How many networks train at once: one per core but one (the page's), at least one. */
export const parallelism = () => Math.max(1, (navigator.hardwareConcurrency || 2) - 1);

/** A copy of the four IDX byte arrays, so one copy can be transferred and the originals kept. */
export function copyFiles(files) {
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, bytes.slice()]));
}

/** The buffers of `files`, to transfer them with postMessage rather than clone them. */
export const buffers = (files) => Object.values(files).map((bytes) => bytes.buffer);

/** Thrown into the runs a `stop()` cut short. */
export class Stopped extends Error {
  constructor() {
    super('stopped');
  }
}

/** Waits for the message of `type` from `worker`; an `error` message or a failed start rejects. */
function expect(worker, type) {
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data: m }) => {
      if (m.type === type) resolve(m);
      else if (m.type === 'error') reject(new Error(m.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(event.message || 'the training worker could not start'));
    };
  });
}

/**
 * A pool of up to `size` workers. `mnist()` resolves to the downloaded IDX files (each worker
 * gets a copy). `train(config, onMessage)` queues a run: `onMessage` hears its worker messages
 * (progress, weights, epoch) and the promise settles when it is done. `stop()` ends every run.
 */
export function createPool(mnist, size) {
  const queue = [];
  const active = new Set(); // { worker, job }
  let slots = 0;
  let runs = 0;
  let stopped = false;

  async function spawn() {
    const worker = startTrainer();
    try {
      await expect(worker, 'workerReady');
      const files = copyFiles(await mnist());
      const ready = expect(worker, 'dataReady');
      worker.postMessage({ type: 'data', ...files }, buffers(files));
      await ready;
      return worker;
    } catch (error) {
      worker.terminate();
      throw error;
    }
  }

  function runOn(worker, job) {
    const run = ++runs;
    const entry = { worker, job };
    active.add(entry);
    return new Promise((resolve) => {
      const settle = (outcome) => {
        active.delete(entry);
        outcome();
        resolve();
      };
      worker.onmessage = ({ data: m }) => {
        if (m.run !== run) return;
        if (m.type === 'error') settle(() => job.reject(new Error(m.message)));
        else job.onMessage(m);
        if (m.type === 'done') settle(job.resolve);
      };
      worker.postMessage({ type: 'train', run, config: job.config });
    });
  }

  async function slot() {
    let worker;
    try {
      worker = await spawn();
      while (queue.length > 0 && !stopped) await runOn(worker, queue.shift());
    } catch (error) {
      while (queue.length > 0) queue.shift().reject(error);
    } finally {
      slots -= 1;
      worker?.terminate();
    }
  }

  return {
    /** Trains `config`; resolves when done, rejects on an error or a stop. */
    train(config, onMessage) {
      return new Promise((resolve, reject) => {
        if (stopped) {
          reject(new Stopped());
          return;
        }
        queue.push({ config, onMessage, resolve, reject });
        while (slots < size && slots < queue.length) {
          slots += 1;
          slot();
        }
      });
    },
    /** Ends every run, queued or training, and the workers. */
    stop() {
      stopped = true;
      for (const { worker, job } of active) {
        worker.terminate();
        job.reject(new Stopped());
      }
      active.clear();
      while (queue.length > 0) queue.shift().reject(new Stopped());
    },
  };
}

/**
 * The worker messages of one run, drawn into `views` (a createViews instance, as the main run's
 * are): weight snapshots, the cost as it goes, the accuracies after each epoch.
 */
export function drawInto(views) {
  return (m) => {
    if (m.type === 'weights') views.weights(m, { live: true });
    else if (m.type === 'progress') views.progress(m.epoch + m.samplesDone / m.samplesPerEpoch, m.cost);
    else if (m.type === 'epoch') views.epoch(m.epoch, m.testCorrect / m.testTotal, m.trainAccuracy);
  };
}
