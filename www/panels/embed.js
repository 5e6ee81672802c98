// Embedding one figure in a blog post: `embed=<figure>` in the hash hides the page chrome and lays
// that figure out compactly for any frame width (320 to 760 px), in the link's `theme`, with a
// slim "Open in Weightscope" footer under it, and tells the post its exact height
// (`postMessage`). `net=` carries the network itself (Rust's embedLink, checked against the
// link's `digest`), so the reader needs no MNIST and no training. The Embed panel writes the
// snippet for the figure on screen, or one that reads a model file the blogger hosts beside the
// post (`model=` an https: URL, model.js fetches it). What retraining costs is said first, from
// the data manifest and Rust's measured training rate. The figures are views.js's and the other
// panels': this module only shows, hides and sizes them. It never touches `location`.

import { embedLink, embedModel, linkDefaults, trainingTime } from '../pkg/weightscope.js';
import { downloadBytes } from '../lib/data.js';
import { download } from '../lib/dom.js';
import { handover } from '../lib/hosted.js';
import { schema } from '../lib/schema.js';
import { a, classWord, dataset, datasetOf, downloadWords, imageWord } from '../lib/dataset.js';
import { about, capital, clause, megabytes, thousands } from '../lib/format.js';
import { modelFileName } from './model.js';

/**
 * The figures a page can embed, by their `embed=` name (the state table's range).
 * `ratio`: width/height of the frame at 640 px wide, the snippet's aspect ratio before the post
 * hears the exact height; `containers`: the parts of the page it shows; `find`: the figure whose
 * tiles fill the width (layers are rebuilt); `tile`: their largest size.
 */
export const FIGURES = {
  hidden: { label: 'Hidden layer weights', ratio: [640, 620], containers: ['#layers'], find: (root) => root.querySelector('#layers > .layer:first-child'), tile: 104 },
  output: { get label() { return `Output layer: what each ${classWord()} likes and dislikes`; }, ratio: [640, 440], containers: ['#layers'], find: (root) => root.querySelector('#layers > .layer:last-child'), tile: 120 },
  explorer: { get label() { return `${capital(classWord())} explorer`; }, ratio: [640, 900], containers: ['#explorer'] },
  pad: { get label() { return dataset().drawable ? 'Drawing pad' : `One test ${imageWord()}`; }, ratio: [640, 760], containers: ['#pad'] },
  curves: { label: 'Learning curves', ratio: [640, 310], containers: ['.charts'] },
  timeline: { label: 'Timeline: features emerge from noise', ratio: [640, 700], containers: ['#layers', '#timeline'], find: (root) => root.querySelector('#layers > .layer:first-child'), tile: 104, timeline: true },
  // The experiments start empty in a fresh iframe: `empty` says what to do there, and the panel
  // offers them (`experiment`) only once they are in use on the page.
  sweep: {
    label: 'Hidden-size sweep', ratio: [760, 720], containers: ['#sweep'], experiment: true,
    empty: (data) => `Press “Run sweep” to train these networks here, in your browser (it downloads ${data}).`,
  },
  compare: {
    label: 'Two networks side by side', ratio: [900, 760], containers: ['#compare'], experiment: true,
    empty: (data) => `Press “Run both” to train the two networks here, in your browser (it downloads ${data}).`,
  },  // The instruments (panels/ablation.js …): their buttons say what they download, and ask first.
  ablation: { label: 'Knock neurons out', ratio: [760, 980], containers: ['#ablation'] },
  compose: { get label() { return `Build ${a(imageWord())} from the blocks`; }, ratio: [760, 900], containers: ['#compose'] },
  matching: { label: 'Would it learn the same blocks again?', ratio: [900, 900], containers: ['#matching'], experiment: true },
  detectors: { label: 'The hoped-for detectors', ratio: [900, 820], containers: ['#detectors'], experiment: true },
};

/** Where the Embed panel's snippet for a model file the blogger hosts points until they edit it. */
export const PLACEHOLDER = 'https://your-blog.example/posts/';

/** The line speed a download's time is said at, in bits per second. */
const LINE = 10e6;

/**
 * What training on dataset `key` (MNIST when absent) downloads, from its data manifest:
 * `{data: "MNIST, 11.4 MB", detail: "MNIST (11.4 MB, about 9 s at 10 Mbit/s)"}`; the dataset's
 * name alone when the manifest cannot be read.
 */
async function trainingDownload(key) {
  const { name } = datasetOf(key);
  const bytes = await downloadBytes(key, false, { cached: false });
  const detail = bytes === null ? name : `${name} (${megabytes(bytes)} MB, ${about((bytes * 8) / LINE)} at ${LINE / 1e6} Mbit/s)`;
  return { data: downloadWords(name, bytes), detail };
}

/** How long training `config` (the form's, perhaps partial) takes in a browser: "about 1 s", and where the rate comes from. */
function trainingCost(config) {
  const { seconds, source } = trainingTime({ ...linkDefaults(), ...config });
  return { time: about(seconds), source };
}

/** The message an embed posts to its post with its exact height in CSS pixels. */
export const SIZE_MESSAGE = 'weightscope:size';

/** The figures the Embed panel offers: the page's own, and each experiment in `used` (a Set). */
export const offered = (used) => Object.keys(FIGURES).filter((name) => !FIGURES[name].experiment || used.has(name));

/** Escapes text for an HTML attribute value in the snippet (the snippet is text, never parsed here). */
const attribute = (text) => String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The <iframe> snippet that shows the figure at `src` (an absolute URL with `embed=`): as wide as
 * the post's column, as tall as the figure at 640 px until it says its exact height.
 */
export function snippet(src, figure) {
  const [width, height] = FIGURES[figure]?.ratio ?? [640, 480];
  const title = `Weightscope: ${FIGURES[figure]?.label ?? figure}`;
  return `<iframe src="${attribute(src)}" title="${attribute(title)}" style="border:0;width:100%;aspect-ratio:${width}/${height}" loading="lazy"></iframe>`;
}

/**
 * The optional lines that make every Weightscope frame of a post exactly as tall as its figure
 * (one copy per post is enough; more do no harm).
 */
export const RESIZER = `<script>addEventListener("message",function(e){var d=e.data;if(!d||d.type!=="${SIZE_MESSAGE}")return;`
  + 'document.querySelectorAll("iframe").forEach(function(f){if(f.contentWindow===e.source){f.style.aspectRatio="auto";f.style.height=d.height+"px"}})})</script>';

/**
 * Turns the page into the embed of `figure` in `theme` (auto, light or dark): no chrome, the
 * figure laid out for the frame's width, the page's alerts above it, and a footer with a link
 * `openHref` that opens the full app at the same state and, when given, `extra` (an element).
 * Posts the figure's height to the post whenever it changes.
 */
export function enterEmbed(figure, { openHref, theme = 'auto', extra = null, dataset = undefined }) {
  const spec = FIGURES[figure];
  const root = document.documentElement;
  root.classList.add('embed');
  root.dataset.embed = figure;
  root.dataset.theme = theme;
  const shown = spec.containers.map((selector) => document.querySelector(selector)).filter(Boolean);
  for (const container of shown) container.classList.add('embedded');
  if (spec.empty && shown[0]) {
    const hint = document.createElement('p');
    hint.className = 'hint embed-empty';
    hint.textContent = spec.empty(datasetOf(dataset).name);
    shown[0].querySelector('.experiment-form')?.before(hint);
    trainingDownload(dataset).then(({ data }) => { hint.textContent = spec.empty(data); });
  }
  // A retraining's progress (MNIST's download) and problems (a damaged link, a refused network)
  // stay visible: they move out of the status panel, which the embed hides.
  // So do the download's progress and the problems.
  for (const id of ['download', 'alerts']) {
    const part = document.getElementById(id);
    if (part) shown[0]?.before(part);
  }

  const footer = document.createElement('footer');
  footer.className = 'embed-footer';
  const link = document.createElement('a');
  link.href = openHref;
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = 'Open in Weightscope ↗';
  footer.append(...(extra ? [extra] : []), link);
  document.body.append(footer);

  // Tiles as wide as the frame allows (up to `spec.tile`), smaller only if the frame is too short
  // for them; the post is told the height the figure takes at full width.
  let posted = 0;
  function fit() {
    const section = spec.find?.(document);
    const grid = section?.querySelector('.grid');
    let shrunk = 0; // height the figure would gain with full-width tiles
    if (grid) {
      const tiles = grid.children.length;
      const cols = Number(grid.style.getPropertyValue('--cols')) || 1;
      const rows = Math.ceil(tiles / cols);
      const gap = 6;
      const wide = Math.floor(Math.min(spec.tile, (document.documentElement.clientWidth - 16) / cols - gap));
      const current = grid.firstElementChild?.querySelector('canvas')?.getBoundingClientRect().width ?? wide;
      const room = Math.floor(current + (window.innerHeight - contentHeight()) / rows);
      const tile = Math.max(16, Math.min(wide, room));
      grid.style.setProperty('--tile', `${tile}px`);
      shrunk = rows * (wide - tile);
    }
    const height = contentHeight() + shrunk;
    if (height !== posted && window.parent !== window) {
      posted = height;
      window.parent.postMessage({ type: SIZE_MESSAGE, figure, height }, '*');
    }
  }
  /** The bottom of the footer, in CSS pixels from the top of the document. */
  const contentHeight = () => Math.ceil(footer.getBoundingClientRect().bottom + window.scrollY);
  let queued = false;
  const later = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      fit();
    });
  };
  window.addEventListener('resize', later);
  // The figure and the footer too: a body as tall as the frame does not change when they do (the
  // retrain button's words arrive late, tiles shrink), and the frame must follow them.
  const observer = new ResizeObserver(later);
  for (const part of [document.body, footer, ...shown]) observer.observe(part);
  new MutationObserver(later).observe(document.getElementById('layers'), { childList: true });
  fit();
}

/**
 * Opens the network an embed link carries (`net`, checked against `digest`) through `models`
 * (model.js); resolves to whether it is on screen. A refused link is said through `onError`.
 */
export async function openEmbedded(net, digest, { models, onError }) {
  let bytes;
  try {
    bytes = embedModel(net, digest ?? '');
  } catch (error) {
    onError(`This embed's network could not be read: ${clause(error.message)}. Open the post's author's link again, or retrain it here.`);
    return false;
  }
  return models.openBytes(bytes, { kind: 'file', name: 'the network in this link' });
}

/**
 * The button an embed of a carried network offers to retrain `config` in the reader's browser,
 * saying first what that costs: its dataset's download (from the data manifest) and its epochs
 * of training (at Rust's measured rate, whose source is the button's title). `run()` starts it.
 */
export function retrainButton(config, run) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'retrain';
  const { time, source } = trainingCost(config);
  const say = (data) => {
    button.textContent = `Retrain it here: downloads ${data}, then ${config.epochs} ${config.epochs === 1 ? 'epoch' : 'epochs'} of training (${time} on a desktop computer)`;
  };
  say(datasetOf(config.dataset).name);
  trainingDownload(config.dataset).then(({ detail }) => say(detail));
  button.title = `The training time is estimated ${source}.`;
  button.addEventListener('click', () => {
    button.disabled = true;
    run();
  });
  return button;
}

/** `bytes` as "130 KB". */
const kilobytes = (n) => `${thousands(Math.round(n / 1000))} KB`;

/**
 * Wires the Embed panel: `figureSelect` picks the figure, `weights` how the reader gets the
 * network (in the link, from the model file on this site, from one the blogger hosts, or
 * retrained), `theme` the embed's colours (Rust's schema's themes; the first, `auto`, is left out
 * of the link), `box` shows the snippet, `copy` copies it, `fileButton` downloads the model file
 * to host. `state()` is the link's state, `url(state)` an absolute URL of it; `save()` resolves to
 * the network on screen as WSCP bytes (the worker's), or rejects; `moments()` is how many
 * timeline moments it has; `config()` the recipe on screen (or null). It offers an experiment's
 * figure once the experiment has run here (`ran(name)`).
 */
export function createEmbedPanel({ button, panel, figureSelect, weights, theme, box, copy, hint, fileButton }, { state, url, save, moments, config, initial }) {
  const used = new Set(); // the experiments run here
  function options() {
    const chosen = figureSelect.value || initial;
    const names = offered(used);
    figureSelect.replaceChildren(...names.map((name) => new Option(FIGURES[name].label, name)));
    if (chosen && names.includes(chosen)) figureSelect.value = chosen;
  }
  options();
  const [themeByDefault] = schema().themes;
  theme.replaceChildren(...schema().themes.map((name) => new Option(name === themeByDefault ? `${name} (the reader's setting)` : name, name)));
  let ticket = 0;
  let hosted = null; // {bytes, name}: the model file the hosted snippet names

  async function refresh() {
    options();
    const mine = ++ticket;
    const figure = figureSelect.value;
    const spec = FIGURES[figure];
    const now = { ...state(), embed: figure, theme: theme.value === themeByDefault ? undefined : theme.value, net: undefined, autotrain: undefined };
    const file = weights.querySelector('option[value="file"]');
    file.disabled = !now.model;
    if (weights.value === 'file' && file.disabled) weights.value = 'link';
    const how = spec.experiment ? 'none' : weights.value;
    weights.disabled = Boolean(spec.experiment);
    fileButton.hidden = how !== 'hosted';
    hosted = null;
    const cost = trainingDownload(now.dataset);
    cost.then(({ data }) => { weights.querySelector('option[value="retrain"]').textContent = `by retraining it (${data})`; });
    let text;
    if (spec.timeline && moments() < 2) {
      box.value = '';
      hint.textContent = 'This network has no timeline to play: train it here to record one, then embed it.';
      return;
    }
    if (how === 'none') {
      const { data } = await cost;
      if (mine !== ticket) return;
      text = `The embed starts empty and the reader presses its Run button to train in their browser (it downloads ${data}).`;
    } else if (how === 'file') {
      text = `The embed loads ${now.model} from this site: the post must link to this site, which serves it.`;
    } else if (how === 'retrain') {
      now.model = undefined;
      now.autotrain = true;
      const { data } = await cost;
      if (mine !== ticket) return;
      const recipe = config();
      text = `The embed retrains this network in each reader's browser: it downloads ${data} and trains first${recipe ? ` (${trainingCost(recipe).time} on a desktop computer)` : ''}.`;
    } else if (how === 'hosted') {
      try {
        const bytes = await save();
        const { digest } = embedLink(bytes, false);
        if (mine !== ticket) return;
        hosted = { bytes, name: modelFileName({ sizes: now.sizes, digest }, 'wscp') };
        Object.assign(now, { model: `${PLACEHOLDER}${hosted.name}`, digest });
        const app = new URL(url(now)).origin;
        text = `Download the model file, upload it beside your post and put its https: address in the snippet in place of ${PLACEHOLDER}${hosted.name}. `
          + `The embed draws it only if its weights digest is ${digest}. Either keep the snippet's last line (the post fetches its own file and hands it to the frame), `
          + `or your blog's server sends it with the header “Access-Control-Allow-Origin: ${app}” and this Weightscope's Content-Security-Policy lists your blog in connect-src; `
          + `otherwise the reader sees why not (README: “A model file hosted beside the post”).`;
      } catch (error) {
        if (mine !== ticket) return;
        box.value = '';
        hint.textContent = `There is no network to embed yet (${clause(error.message)}).`;
        return;
      }
    } else {
      try {
        const carried = embedLink(await save(), Boolean(spec.timeline));
        if (mine !== ticket) return;
        Object.assign(now, { model: undefined, net: carried.net, digest: carried.digest });
        text = `The snippet carries this network's weights (${kilobytes(carried.net.length)} of link, checked against digest ${carried.digest}): the post shows it at once, with no MNIST and no training.`;
      } catch (error) {
        if (mine !== ticket) return;
        box.value = '';
        hint.textContent = `There is no network to embed yet (${clause(error.message)}).`;
        return;
      }
    }
    // The hosted file's URL as the blogger reads and edits it, not percent-encoded (a fragment may hold it so).
    const src = how === 'hosted' ? url(now).replace(encodeURIComponent(now.model), now.model) : url(now);
    box.value = [snippet(src, figure), RESIZER, ...(how === 'hosted' ? [handover(new URL(src).origin)] : [])].join('\n');
    hint.textContent = text;
  }

  button.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    button.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) refresh();
  });
  figureSelect.addEventListener('change', refresh);
  weights.addEventListener('change', refresh);
  theme.addEventListener('change', refresh);
  fileButton.addEventListener('click', () => {
    if (hosted) download(hosted.bytes, hosted.name, 'application/octet-stream');
  });
  copy.addEventListener('click', async () => {
    box.select();
    try {
      await navigator.clipboard.writeText(box.value);
      copy.textContent = 'Copied';
    } catch {
      copy.textContent = 'Select and copy the text';
    }
    setTimeout(() => { copy.textContent = 'Copy snippet'; }, 2000);
  });
  return {
    /** The state changed (a run or a model): rewrite an open snippet. */
    refresh() {
      if (!panel.hidden) refresh();
    },
    /** Experiment `name` (`sweep`, `compare`, …) has run here: its figure is offered too. */
    ran(name) {
      used.add(name);
      if (!panel.hidden) refresh();
    },
  };
}
