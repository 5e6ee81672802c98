// Sharing a trained network by link: the weights digest after a run (the worker's, from its `done`
// message), the Copy link button (with a visible fallback when the clipboard is refused), the
// sharer's note, starting chapter and challenge (link keys `note`, `view` and `goal`), and the
// banner at the top of a page opened from a shared link: what it shares, the sharer's words (always
// as text, never as markup), the verdict once the page has rebuilt it ("identical to the shared
// network" or plainly that it differs) and whether the run on screen meets the link's challenge
// (Rust's checkGoal). It never touches `location`: main.js hands it the link (lib/link.js).

import { chapters, checkGoal, goalWords, parseGoal, sameConfig } from '../pkg/weightscope.js';
import { el, say } from '../lib/dom.js';
import { schema } from '../lib/schema.js';

/**
 * Wires the share panel and the link banner. `link` is lib/link.js's; `outcome()` the latest test
 * result of the network on screen ({epoch, testCorrect, testTotal}, or null).
 */
export function createShare({ copyButton, linkBox, note, digestOut, verdict, noteBox, viewSelect, goalBox, goalError, banner }, { link, outcome }) {
  let expected = null; // {config, digest} from the link the page was opened with
  let running = null; // config of the current run
  const bannerText = banner.querySelector('#link-banner-text');
  const sharerNote = banner.querySelector('.sharer-note');
  const goalVerdict = banner.querySelector('#goal-verdict');

  copyButton.addEventListener('click', async () => {
    const url = link.href;
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

  // The sharer's note and challenge go into the link as they are typed.
  const { maxNote, maxGoal, goalExample } = schema();
  noteBox.maxLength = maxNote;
  goalBox.maxLength = maxGoal;
  noteBox.nextElementSibling.textContent = `Plain text, at most ${maxNote} characters: shown at the top of the page the link opens, as your words.`;
  goalBox.nextElementSibling.textContent = `Whoever opens the link is told whether their run meets it, e.g. ${goalExample} (the article's 10 neurons).`;
  // The starting view: a chapter on the page (the link's `view`; `digit` comes with the explorer).
  for (const chapter of chapters()) viewSelect.add(el('option', { value: chapter.id, 'data-chapter': chapter.id }, chapter.title)); // panels/chapters.js words it
  viewSelect.value = [...viewSelect.options].some((o) => o.value === link.state.view) ? link.state.view : '';
  viewSelect.addEventListener('change', () => link.update({ view: viewSelect.value || undefined }));
  noteBox.addEventListener('input', () => link.update({ note: noteBox.value.trim() || undefined }));
  goalBox.addEventListener('input', () => {
    const text = goalBox.value.trim();
    let goal;
    let problem = '';
    try {
      goal = text ? parseGoal(text) : undefined;
    } catch (error) {
      problem = `Not a goal yet: ${error.message ?? error}.`;
    }
    say(goalError, problem);
    if (problem) goalBox.setAttribute('aria-invalid', 'true');
    else goalBox.removeAttribute('aria-invalid');
    if (!problem) {
      link.update({ goal });
      judge();
    }
  });

  /** The challenge of the link, and whether the network on screen meets it. */
  function judge() {
    const { goal } = link.state;
    if (!goal) {
      say(goalVerdict, '');
      return;
    }
    const last = outcome();
    const config = running;
    if (!last || !config) {
      say(goalVerdict, `Challenge: reach ${goalWords(goal)}. Train a network to see whether it meets it.`);
      delete goalVerdict.dataset.met;
      return;
    }
    const result = checkGoal(goal, Uint32Array.from(config.sizes), last.epoch, last.testCorrect, last.testTotal);
    const checks = result.checks.map((c) => c.text).join(', ');
    const proven = expected && verdict.dataset.identical === 'true' ? 'Re-verified by its digest: the shared run' : 'This run';
    say(goalVerdict, `${proven} ${result.met ? 'meets' : 'does not meet'} the challenge (${goalWords(goal)}): ${checks}.`);
    goalVerdict.dataset.met = String(result.met);
  }

  function showBanner() {
    banner.hidden = !(bannerText.textContent || !sharerNote.hidden || !goalVerdict.hidden);
  }

  return {
    /**
     * The page was opened from a link describing `config`, with the sharer's `digest`, `note`
     * and `goal` if any: the banner says what the link shares. The page rebuilds a shared
     * network by itself (main.js).
     */
    expect(config, digest) {
      expected = digest ? { config, digest } : null;
      const { note: words, goal } = link.state;
      if (digest) say(bannerText, `This link shares a trained ${config.sizes.join('-')} network. Rebuilding it here from its recipe and seed…`);
      sharerNote.querySelector('blockquote').textContent = words ?? ''; // the sharer's words, never markup
      sharerNote.hidden = !words;
      if (words) noteBox.value = words;
      if (goal) goalBox.value = goal;
      judge();
      showBanner();
    },
    /** A new run of `config` starts (or none, with null). */
    start(config) {
      running = config;
      digestOut.textContent = '–';
      delete digestOut.dataset.digest;
      say(verdict, '');
      delete verdict.dataset.identical;
      judge();
    },
    /**
     * The network on screen has weights digest `digest` (a finished run's, or an opened file's):
     * shows it and, when the run retrains a shared link, whether it is the identical network, and
     * whether it meets the link's challenge.
     */
    done(digest) {
      digestOut.textContent = digest;
      digestOut.dataset.digest = digest;
      if (expected && running && sameConfig(running, expected.config)) {
        const identical = digest === expected.digest;
        const text = identical
          ? `Weights digest ${digest}: identical to the shared network.`
          : `This network differs from the shared one: its weights digest is ${digest}, the link's is ${expected.digest}.`;
        say(verdict, text);
        verdict.dataset.identical = String(identical);
        say(bannerText, identical
          ? `This link shares a trained ${running.sizes.join('-')} network. Rebuilt here from its recipe and seed: weights digest ${digest}, identical to the shared network.`
          : `This link shares a trained ${running.sizes.join('-')} network, rebuilt here from its recipe and seed. ${text}`);
        bannerText.dataset.identical = String(identical);
      }
      judge();
      showBanner();
    },
  };
}
