// The training timeline: a scrubber and a play button over the moments the worker keeps for the
// run on screen (mini-batch 0, after 1, 3, 10, 30, 100, 300 and 1,000 mini-batches, and every
// epoch's end; crate/src/schedule.rs decides and bounds them). The worker owns the snapshots:
// this lists their moments, asks for the one the reader picks, and replays grids and charts.
// A new run is watched from its start: its first epoch's moments, which the worker sends as it
// reaches them at full speed, are replayed one after another (lib/pacing.js holds each), labelled,
// before the grid follows the run live. It also says when a run rebuilt the network on screen.

import { createHold } from '../lib/pacing.js';
import { megabytes } from '../lib/format.js';

const PLAY_MS = 700;
const count = new Intl.NumberFormat('en-US').format;

/** Whether `m` (a moment, or a weights message) is an epoch's end. */
const isEpochEnd = (m) => m.batches > 0 && m.samplesDone === 0;

/**
 * "Before training (mini-batch 0)", "After 30 mini-batches, 300 images", "End of epoch 3";
 * `perEpoch` is the run's training images per epoch.
 */
function momentName(m, perEpoch) {
  if (m.batches === 0) return 'Before training (mini-batch 0)';
  if (isEpochEnd(m)) return `End of epoch ${m.epoch}`;
  const images = m.epoch * perEpoch + m.samplesDone;
  return `After ${count(m.batches)} ${m.batches === 1 ? 'mini-batch' : 'mini-batches'}, ${count(images)} ${images === 1 ? 'image' : 'images'}`;
}

/**
 * Wires the timeline panel `root` to `views` (the main run's createViews instance);
 * `snapshot(batches)` asks the worker for a moment's weights. The page passes every `weights`
 * message through `weights(m)` and every `timeline` message through `moments(m)`.
 */
export function createTimeline(root, views, snapshot) {
  const scrubber = root.querySelector('input[type="range"]');
  const play = root.querySelector('button');
  const moment = root.querySelector('output');
  const memory = document.getElementById('snapshots'); // in Details: what the snapshots take
  // What the run on screen is (e.g. "the same network, bit for bit"), with an action button.
  const note = document.createElement('p');
  note.className = 'note timeline-note';
  note.setAttribute('role', 'status');
  note.hidden = true;
  root.append(note);
  let moments = []; // {batches, epoch, samplesDone}, oldest first
  let samplesPerEpoch = 1;
  let live = true; // following the run as it trains
  let newest = null; // the newest live weights, drawn when going back to live
  let shown = null; // the moment the reader picked, while not live
  let timer = 0;
  let replaying = false; // a new run's first epoch is being replayed, moment by moment
  let pastFirstEpoch = false; // the run's newest weights are past its first epoch (or it is done)

  const epochsAt = (m) => m.epoch + m.samplesDone / samplesPerEpoch;
  const name = (m) => momentName(m, samplesPerEpoch);

  /** Labels moment `m` on the scrubber (at its place when the worker has listed it). */
  function label(m, text = name(m)) {
    const i = moments.findIndex((kept) => kept.batches === m.batches);
    if (i >= 0) scrubber.value = String(i);
    moment.textContent = text;
    scrubber.setAttribute('aria-valuetext', text);
  }

  // The replay: each of the first epoch's moments drawn and labelled, held, then the next.
  const hold = createHold((m) => {
    views.weights(m);
    label(m);
  }, () => {
    if (pastFirstEpoch) goLive();
  });

  /** Ends the replay and follows the run: its newest weights, every moment listed. */
  function goLive() {
    hold.stop();
    replaying = false;
    live = true;
    shown = null;
    if (newest) views.weights(newest);
    refresh();
  }

  function show(i) {
    const m = moments[i];
    if (!m) return;
    hold.stop();
    replaying = false;
    scrubber.value = String(i);
    label(m);
    live = i === moments.length - 1;
    shown = live ? null : m;
    if (live && newest) views.weights(newest);
    else snapshot(m.batches);
    views.until(live ? Infinity : epochsAt(m));
  }

  function stop() {
    clearInterval(timer);
    timer = 0;
    play.textContent = 'Play';
  }

  function refresh() {
    scrubber.max = String(Math.max(0, moments.length - 1));
    scrubber.disabled = moments.length < 2;
    play.disabled = moments.length < 2;
    if (live && moments.length === 0) scrubber.value = '0';
    if (live && !replaying && moments.length) {
      scrubber.value = scrubber.max;
      label(moments.at(-1), `${name(moments.at(-1))} · live`);
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
    let i = Number(scrubber.value) >= moments.length - 1 ? 0 : Number(scrubber.value);
    show(i);
    play.textContent = 'Stop replay';
    timer = setInterval(() => {
      i += 1;
      if (i >= moments.length) stop();
      else show(i);
    }, PLAY_MS);
  });

  /** Clears the note. */
  function quiet() {
    note.replaceChildren();
    note.hidden = true;
  }

  return {
    /** How many moments the run on screen has kept. */
    count: () => moments.length,
    /**
     * A new run (or none) of `perEpoch` training images: no moments yet. A `replay` run (a new
     * training run) is watched from its start: its first epoch's moments are replayed in order.
     */
    reset(perEpoch, { replay = false } = {}) {
      stop();
      hold.stop();
      quiet();
      samplesPerEpoch = perEpoch || 1;
      moments = [];
      newest = null;
      shown = null;
      live = true;
      replaying = replay;
      pastFirstEpoch = false;
      moment.textContent = 'No snapshots yet: they are taken as the network trains';
      scrubber.removeAttribute('aria-valuetext');
      memory.textContent = '–';
      refresh();
    },
    /** What the worker's timeline holds now ({moments, bytesEach, limit}). */
    moments(m) {
      moments = m.moments;
      if (moments.length === 0) moment.textContent = 'This network came without its timeline: press Train to record one';
      memory.textContent = moments.length === 0 ? '–'
        : `${moments.length} snapshots kept, ${megabytes(m.bytesEach * moments.length)} MB (${megabytes(m.bytesEach)} MB each; at most ${m.limit}, so at most ${megabytes(m.bytesEach * m.limit)} MB).`;
      refresh();
    },
    /**
     * A `weights` message (or an `opened` one, drawn at once): drawn when live, or when it is
     * the moment the reader picked; while a new run's first epoch is replayed, its moments are
     * queued to be drawn in turn and the rest kept for when the replay catches up.
     */
    weights(m) {
      if (m.replay) {
        if (shown?.batches === m.batches) views.weights(m);
        return;
      }
      newest = m;
      if (replaying) {
        if (m.timeline && m.epoch === 0) hold.push(m);
        else if (m.epoch > 0) pastFirstEpoch = true;
        if (pastFirstEpoch && !hold.busy) goLive();
        return;
      }
      if (live) views.weights(m, { live: m.type === 'weights' });
    },
    /** The timeline of the network on screen could not be had, because `why`. */
    missing(why) {
      moment.textContent = `This network's timeline could not be loaded (${why})`;
    },
    /** The run is over: a replay still under way finishes, then shows the end. */
    done() {
      pastFirstEpoch = true;
      if (replaying && !hold.busy) goLive();
    },
    /**
     * Says `text` about the run on screen, with a button `action` ({label, run}) if given;
     * the next run clears it.
     */
    say(text, action) {
      quiet();
      note.append(text);
      if (action) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = action.label;
        button.addEventListener('click', action.run);
        note.append(' ', button);
      }
      note.hidden = false;
    },
  };
}
