// The training timeline: a scrubber and a play button over the moments the worker keeps for the
// run on screen (mini-batch 0, after 1, 3, 10, 30, 100, 300 and 1,000 mini-batches, and every
// epoch's end; crate/src/schedule.rs decides and bounds them). The worker owns the snapshots:
// this lists their moments, asks for the one the reader picks, and replays grids and charts.

const PLAY_MS = 700;
const count = new Intl.NumberFormat('en-US').format;
const megabytes = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** "Before training", "After 100 mini-batches", "End of epoch 3". */
function momentName(m) {
  if (m.batches === 0) return 'Before training (mini-batch 0)';
  if (m.samplesDone === 0) return `End of epoch ${m.epoch}`;
  return `After ${count(m.batches)} ${m.batches === 1 ? 'mini-batch' : 'mini-batches'}`;
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
  const memory = root.querySelector('.timeline-memory');
  let moments = []; // {batches, epoch, samplesDone}, oldest first
  let samplesPerEpoch = 1;
  let live = true; // following the run as it trains
  let newest = null; // the newest live weights, drawn when going back to live
  let shown = null; // the moment the reader picked, while not live
  let timer = 0;

  const epochsAt = (m) => m.epoch + m.samplesDone / samplesPerEpoch;

  function show(i) {
    const m = moments[i];
    if (!m) return;
    scrubber.value = String(i);
    moment.textContent = momentName(m);
    scrubber.setAttribute('aria-valuetext', momentName(m));
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
    if (live && moments.length) {
      scrubber.value = scrubber.max;
      moment.textContent = `${momentName(moments.at(-1))} · live`;
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

  return {
    /** How many moments the run on screen has kept. */
    count: () => moments.length,
    /** A new run (or none) of `perEpoch` training images: no moments yet. */
    reset(perEpoch) {
      stop();
      samplesPerEpoch = perEpoch || 1;
      moments = [];
      newest = null;
      shown = null;
      live = true;
      moment.textContent = 'No snapshots yet: they are taken as the network trains';
      memory.textContent = '';
      refresh();
    },
    /** What the worker's timeline holds now ({moments, bytesEach, limit}). */
    moments(m) {
      moments = m.moments;
      if (moments.length === 0) moment.textContent = 'This network came without its timeline: press Train to record one';
      memory.textContent = moments.length === 0 ? ''
        : `${moments.length} snapshots kept, ${megabytes(m.bytesEach * moments.length)} (${megabytes(m.bytesEach)} each; at most ${m.limit}, so at most ${megabytes(m.bytesEach * m.limit)}).`;
      refresh();
    },
    /**
     * A `weights` message (or an `opened` one, drawn at once): drawn when live, or when it is
     * the moment the reader picked.
     */
    weights(m) {
      if (m.replay) {
        if (shown?.batches === m.batches) views.weights(m);
        return;
      }
      newest = m;
      if (live) views.weights(m, { live: m.type === 'weights' });
    },
  };
}
