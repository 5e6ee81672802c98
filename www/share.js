// Sharing a trained network by link: the weights digest after a run, the Copy link button (with
// a visible fallback when the clipboard is refused), and the verdict after retraining from a
// shared link ("identical to the shared network" or plainly that it differs).
// It never touches `location`: app.js hands it the link to copy.

import { sameConfig } from './state.js';

/**
 * Wires the share panel. `weightsDigest(sizes, layers, biases)` is the wasm export;
 * `link()` returns the URL that reproduces what is on screen.
 */
export function createShare({ copyButton, linkBox, note, digestOut, verdict }, { weightsDigest, link }) {
  let latest = null; // the newest `weights` message of the current run
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
      latest = null;
      digestOut.textContent = '–';
      delete digestOut.dataset.digest;
      say(verdict, '');
    },
    /** A `weights` message of the current run. */
    weights(message) {
      latest = message;
    },
    /**
     * The run finished: shows its digest and, when it retrains a shared link, whether it is the
     * identical network. Returns the digest (null when it cannot be computed).
     */
    done() {
      if (!latest?.biases) return null;
      let digest;
      try {
        digest = weightsDigest(Uint32Array.from(latest.sizes), latest.layers, latest.biases);
      } catch (error) {
        say(verdict, `The weights digest could not be computed (${error.message ?? error}).`);
        return null;
      }
      digestOut.textContent = digest;
      digestOut.dataset.digest = digest;
      if (expected && running && sameConfig(running, expected.config)) {
        say(verdict, digest === expected.digest
          ? `Weights digest ${digest}: identical to the shared network.`
          : `This network differs from the shared one: its weights digest is ${digest}, the link's is ${expected.digest}.`);
        verdict.dataset.identical = String(digest === expected.digest);
      }
      return digest;
    },
  };
}
