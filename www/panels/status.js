// The training readout: the one-sentence headline in the grid's header ("This network reads
// 9,593 of 10,000 digits it has never seen"), run state, download progress, epoch progress,
// speed, accuracies, training time and the alert list. It formats numbers for people; it does
// not decide anything. It also measures how far the grid's sticky header tucks on a phone.

import { button, el } from '../lib/dom.js';
import { about, megabytes, percent, testImagesText, thousands } from '../lib/format.js';
import { schema } from '../lib/schema.js';
import { dataset, imageWord } from '../lib/dataset.js';


/** The readout inside `root` (the status panel of index.html). */
export function createStatus(root) {
  const find = (id) => root.querySelector(`#${id}`);
  tuckHead(root.querySelector('.hero-head'));
  const out = {
    state: find('state'),
    epoch: find('epoch'),
    epochProgress: find('epoch-progress'),
    samples: find('samples'),
    speed: find('speed'),
    running: find('running'),
    test: find('test'),
    took: find('took'),
  };
  const download = find('download');
  const downloadProgress = find('download-progress');
  const downloadText = find('download-text');
  const alerts = find('alerts');
  const headline = find('headline');
  let perEpoch = 0; // training examples per epoch
  let epochs = 0; // epochs the run plans
  let seconds = 0; // training time so far, all epochs
  let last = null; // the latest `tested` result, for the goal
  let phase = ''; // the run's state, as `state` was told

  /** The headline: where the network on screen stands, in one plain sentence. */
  function headlineText() {
    if (last) {
      const reads = `reads ${thousands(last.testCorrect)} of ${thousands(last.testTotal)} ${imageWord(true)} it has never seen`;
      if (phase === 'Training' || phase === 'Paused') return `After epoch ${last.epoch} of ${epochs}, this network ${reads}.`;
      return `This network ${reads}.`;
    }
    if (phase === 'Training' || phase === 'Starting…') return 'Training: the first test comes at the end of the first epoch.';
    return `Press Train to watch a network learn to read ${dataset().noun}.`;
  }
  const sayHeadline = () => { headline.textContent = headlineText(); };

  /** Where a run stands after epoch `m.epoch` (of a run, or of a model's history). */
  function tested(m) {
    last = m;
    sayHeadline();
    if (epochs) out.epoch.textContent = `${m.epoch} / ${epochs}`;
    out.epochProgress.value = 1;
    out.running.textContent = percent(m.trainAccuracy, 1);
    const subset = m.testTotal < schema().dataset.test ? `, ${testImagesText(m.testTotal)}` : ''; // a run on fewer says so
    out.test.textContent = `${thousands(m.testCorrect)} / ${thousands(m.testTotal)} (${percent(m.testCorrect / m.testTotal, 2)})${subset}`;
    out.test.dataset.correct = String(m.testCorrect);
    out.test.dataset.total = String(m.testTotal);
  }

  return {
    /** "Ready", "Training", "Paused", … */
    state(text) {
      out.state.textContent = text;
      phase = text;
      sayHeadline();
    },
    /** The latest test result ({epoch, testCorrect, testTotal}) of the network on screen, or null. */
    last: () => last,

    /** Clears the readout for a new run of `plan` ({epochs, trainSize}), or for none. */
    reset(plan) {
      epochs = plan?.epochs ?? 0;
      perEpoch = plan?.trainSize ?? 0;
      seconds = 0;
      last = null;
      sayHeadline();
      for (const key of ['epoch', 'samples', 'speed', 'running', 'test', 'took']) out[key].textContent = '–';
      delete out.test.dataset.correct;
      delete out.test.dataset.total;
      delete out.took.dataset.seconds;
      delete out.took.dataset.totalSeconds;
      delete out.took.dataset.samplesPerSecond;
      out.epochProgress.value = 0;
    },

    /**
     * Bytes downloaded so far ({loaded, total, secondsLeft, test, name}: total 0 when unknown,
     * secondsLeft null until estimated, test when only the test files come, name the dataset's),
     * or a step after it.
     */
    download({ loaded, total, secondsLeft = null, test = false, name = dataset().name }) {
      download.hidden = false;
      const what = test ? `Downloading the ${name} test images` : `Downloading ${name}`;
      if (total > 0) {
        downloadProgress.max = total;
        downloadProgress.value = Math.min(loaded, total);
        const left = secondsLeft == null ? '' : `, ${about(secondsLeft)} left`;
        downloadText.textContent = `${what}: ${megabytes(Math.min(loaded, total))} / ${megabytes(total)} MB${left}`;
      } else {
        downloadProgress.removeAttribute('value');
        downloadText.textContent = loaded > 0 ? `${what}: ${megabytes(loaded)} MB` : `${what}…`;
      }
    },
    downloadStep(text) {
      download.hidden = false;
      downloadProgress.removeAttribute('value');
      downloadText.textContent = text;
    },
    downloadDone() {
      download.hidden = true;
    },

    /** A worker `progress` message (epoch is the 0-based epoch being trained). */
    progress(m) {
      perEpoch = m.samplesPerEpoch;
      out.epoch.textContent = `${Math.min(m.epoch + 1, m.epochs)} / ${m.epochs}`;
      out.epochProgress.value = m.samplesDone / m.samplesPerEpoch;
      out.samples.textContent = `${thousands(m.samplesDone)} / ${thousands(m.samplesPerEpoch)}`;
      out.speed.textContent = `${thousands(Math.round(m.samplesPerSecond))} samples/s`;
      out.running.textContent = percent(m.runningAccuracy, 1);
    },

    /**
     * A worker `epoch` message: the test result of the epoch that just ended. It says all an
     * epoch's readouts itself: a fast epoch can end before its first progress message.
     */
    epoch(m) {
      tested(m);
      if (perEpoch) out.samples.textContent = `${thousands(perEpoch)} / ${thousands(perEpoch)}`;
      out.speed.textContent = `${thousands(Math.round(m.samplesPerSecond))} samples/s`;
      seconds += m.seconds;
      out.took.textContent = `${seconds.toFixed(1)} s in all (the last epoch ${m.seconds.toFixed(2)} s)`;
      out.took.dataset.seconds = String(m.seconds);
      out.took.dataset.totalSeconds = String(seconds);
      out.took.dataset.samplesPerSecond = String(m.samplesPerSecond);
    },

    tested,

    /** Shows `message` until dismissed; `action` ({label, run}) adds a button such as Retry. */
    alert(message, action) {
      const item = el('p', {}, el('span', {}, message));
      if (action) {
        item.append(button(action.label, () => {
          item.remove();
          action.run();
        }));
      }
      item.append(button('Dismiss', () => item.remove()));
      alerts.append(item);
    },
  };
}

/**
 * Keeps `--head-tuck` on the grid's sticky header: minus the height above its Train row, so that
 * where the CSS tucks it (a phone) only Train and the scrubber stay in sight over the grid.
 */
function tuckHead(head) {
  const actions = head.querySelector('.actions');
  const measure = () => head.style.setProperty('--head-tuck', `${Math.round(head.getBoundingClientRect().top - actions.getBoundingClientRect().top) + 4}px`);
  new ResizeObserver(measure).observe(head);
}

