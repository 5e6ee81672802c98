// The training timeline: the main run's weight snapshots at mini-batch 0, after 10, 100 and 1,000
// mini-batches and at the end of every epoch (the worker marks them `timeline`), with a scrubber
// and a play button that replay the grids and the charts. Memory is bounded: at most
// MAX_SNAPSHOTS snapshots and MAX_BYTES of weights; past that, every other epoch is dropped.

import { schema } from './schema.js';

const MAX_SNAPSHOTS = 64;
const MAX_BYTES = 64 * 2 ** 20;
const PLAY_MS = 700;
const count = new Intl.NumberFormat('en-US').format;
const megabytes = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** Bytes of one snapshot: every weight and bias, as f32. */
const bytesOf = (m) => [...m.layers, ...(m.biases ?? [])].reduce((sum, a) => sum + a.byteLength, 0);

/** "Before training", "After 100 mini-batches", "End of epoch 3". */
function momentName(m) {
  if (m.batches === 0) return 'Before training (mini-batch 0)';
  if (m.samplesDone === 0) return `End of epoch ${m.epoch}`;
  return `After ${count(m.batches)} mini-batches`;
}

/**
 * Wires the timeline panel `root` to `views` (the main run's createViews instance). The page
 * passes every weights message through `weights(m)`; while the reader scrubs back, live
 * snapshots are kept but not drawn.
 */
export function createTimeline(root, views) {
  const scrubber = root.querySelector('input[type="range"]');
  const play = root.querySelector('button');
  const moment = root.querySelector('output');
  const memory = root.querySelector('.timeline-memory');
  let snapshots = [];
  let samplesPerEpoch = schema().dataset.train;
  let live = true; // following the run as it trains
  let newest = null; // the newest snapshot of any kind, drawn when going back to live
  let timer = 0;

  const epochsAt = (m) => m.epoch + m.samplesDone / samplesPerEpoch;

  function keepWithinBounds() {
    const bytes = snapshots.length ? bytesOf(snapshots[0]) : 0;
    const limit = Math.max(2, Math.min(MAX_SNAPSHOTS, Math.floor(MAX_BYTES / Math.max(1, bytes))));
    while (snapshots.length > limit) {
      // Drop every other end of epoch (never the first moments, nor the newest).
      const ends = snapshots.map((m, i) => i).filter((i) => snapshots[i].samplesDone === 0 && snapshots[i].batches > 0 && i < snapshots.length - 1);
      const drop = new Set(ends.filter((_, k) => k % 2 === 1));
      if (drop.size === 0) snapshots.splice(1, 1);
      else snapshots = snapshots.filter((_, i) => !drop.has(i));
    }
    memory.textContent = snapshots.length === 0 ? ''
      : `${snapshots.length} snapshots kept, ${megabytes(bytes * snapshots.length)} (${megabytes(bytes)} each; at most ${limit}, so at most ${megabytes(bytes * limit)}).`;
  }

  function show(i) {
    const m = snapshots[i];
    if (!m) return;
    scrubber.value = String(i);
    moment.textContent = momentName(m);
    scrubber.setAttribute('aria-valuetext', momentName(m));
    live = i === snapshots.length - 1;
    views.weights(live && newest ? newest : m);
    views.until(live ? Infinity : epochsAt(m));
  }

  function stop() {
    clearInterval(timer);
    timer = 0;
    play.textContent = 'Play';
  }

  function refresh() {
    scrubber.max = String(Math.max(0, snapshots.length - 1));
    scrubber.disabled = snapshots.length < 2;
    play.disabled = snapshots.length < 2;
    if (live && snapshots.length === 0) scrubber.value = '0';
    if (live && snapshots.length) {
      scrubber.value = scrubber.max;
      moment.textContent = `${momentName(snapshots.at(-1))} · live`;
    }
  }

  scrubber.addEventListener('input', () => {
    stop();
    show(Number(scrubber.value));
  });
  play.addEventListener('click', () => {
    if (timer) {
      stop();
      return;
    }
    let i = Number(scrubber.value) >= snapshots.length - 1 ? 0 : Number(scrubber.value);
    show(i);
    play.textContent = 'Stop replay';
    timer = setInterval(() => {
      i += 1;
      if (i >= snapshots.length) stop();
      else show(i);
    }, PLAY_MS);
  });

  return {
    /** A new run (or none) of `perEpoch` training images (its subset): forget the snapshots. */
    reset(perEpoch = schema().dataset.train) {
      stop();
      samplesPerEpoch = perEpoch;
      snapshots = [];
      newest = null;
      live = true;
      moment.textContent = 'No snapshots yet: they are taken as the network trains';
      keepWithinBounds();
      refresh();
    },
    /** The snapshots kept, oldest first (a copy of the list): Save model writes them. */
    snapshots() {
      return [...snapshots];
    },
    /**
     * An opened model's timeline (readModel's `snapshots`), with `final` its network, drawn when
     * the scrubber is at the end. Call after reset(); draws nothing itself.
     */
    restore(list, final) {
      snapshots = list.filter((m) => m.timeline);
      newest = final;
      live = true;
      if (snapshots.length === 0) moment.textContent = 'This network came without its timeline: press Train to record one';
      keepWithinBounds();
      refresh();
    },
    /** A `weights` message of the main run: kept if it is a timeline moment; drawn when live. */
    weights(m) {
      newest = m;
      if (m.timeline) {
        snapshots.push(m);
        keepWithinBounds();
      }
      if (live) views.weights(m, { live: true });
      refresh();
    },
  };
}
