// Sharing a trained network by link: the weights digest after a run (the worker's, from its
// `done` message), the Copy link button (with a visible fallback when the clipboard is refused),
// and the verdict after retraining from a shared link ("identical to the shared network" or
// plainly that it differs).
// It never touches `location`: main.js hands it the link to copy.

import { sameConfig } from '../lib/state.js';

/** Wires the share panel. `link()` returns the URL that reproduces what is on screen. */
export function createShare({ copyButton, linkBox, note, digestOut, verdict }, { link }) {
  let expected = null; // {config, digest} from the link the page was opened with
  let running = null; // config of the current run

  function say(element, text) {
    element.textContent = text;
    element.hidden = !text;
  }

  copyButton.addEventListener('click', async () => {
    const url = link();
    linkBox.value = url;
    linkBox.hidden = false;
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      say(note, 'Link copied to the clipboard.');
    } catch {
      say(note, 'The browser did not allow copying: select the link below and copy it.');
      linkBox.focus();
      linkBox.select();
    }
  });

  return {
    /** The page was opened from a link describing `config`, with the sharer's `digest` if any. */
    expect(config, digest) {
      expected = digest ? { config, digest } : null;
    },
    /** A new run of `config` starts (or none, with null). */
    start(config) {
      running = config;
      digestOut.textContent = '–';
      delete digestOut.dataset.digest;
      say(verdict, '');
    },
    /**
     * The network on screen has weights digest `digest` (a finished run's, or an opened file's):
     * shows it and, when the run retrains a shared link, whether it is the identical network.
     */
    done(digest) {
      digestOut.textContent = digest;
      digestOut.dataset.digest = digest;
      if (expected && running && sameConfig(running, expected.config)) {
        say(verdict, digest === expected.digest
          ? `Weights digest ${digest}: identical to the shared network.`
          : `This network differs from the shared one: its weights digest is ${digest}, the link's is ${expected.digest}.`);
        verdict.dataset.identical = String(digest === expected.digest);
      }
    },
  };
}
