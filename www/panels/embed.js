// Embedding one figure in another page: `embed=<figure>` in the hash hides the page chrome and
// sizes that figure to its iframe, with a small "Open in Weightscope" link; the Embed panel
// writes the <iframe> snippet for the figure and state on screen. The figures themselves are
// views.js's: this module only shows, hides and sizes them. It never touches `location`.

/** The figures a page can embed, by their `embed=` name (the state table's range). */
/** `container`: the part of the page it lives in; `find`: the figure itself (layers are rebuilt). */
export const FIGURES = {
  hidden: { label: 'Hidden layer weights', size: [640, 560], container: '#layers', find: (root) => root.querySelector('.layers > .layer:first-child') },
  output: { label: 'Output layer: what each digit likes and dislikes', size: [640, 420], container: '#layers', find: (root) => root.querySelector('.layers > .layer:last-child') },
  explorer: { label: 'Digit explorer', size: [720, 560], container: '#explorer', find: (root) => root.querySelector('#explorer') },
  pad: { label: 'Drawing pad', size: [720, 520], container: '#pad', find: (root) => root.querySelector('#pad') },
  curves: { label: 'Learning curves', size: [720, 300], container: '.charts', find: (root) => root.querySelector('.charts') },
  // The experiments start empty in a fresh iframe: `empty` says what to do there, and the panel
  // offers them (`experiment`) only once they are in use on the page.
  sweep: {
    label: 'Hidden-size sweep', size: [760, 720], container: '#sweep', find: (root) => root.querySelector('#sweep'), experiment: true,
    empty: 'Press “Run sweep” to train these networks here, in your browser (it downloads MNIST, 11 MB).',
  },
  compare: {
    label: 'Two networks side by side', size: [900, 760], container: '#compare', find: (root) => root.querySelector('#compare'), experiment: true,
    empty: 'Press “Run both” to train the two networks here, in your browser (it downloads MNIST, 11 MB).',
  },  // The instruments (panels/ablation.js …): their buttons say what they download, and ask first.
  ablation: { label: 'Knock neurons out', size: [760, 980], container: '#ablation', find: (root) => root.querySelector('#ablation') },
  compose: { label: 'Build a digit from the blocks', size: [760, 900], container: '#compose', find: (root) => root.querySelector('#compose') },
  matching: { label: 'Would it learn the same blocks again?', size: [900, 900], container: '#matching', find: (root) => root.querySelector('#matching'), experiment: true },
  detectors: { label: 'The hoped-for detectors', size: [900, 820], container: '#detectors', find: (root) => root.querySelector('#detectors'), experiment: true },
};

/** The figures the Embed panel offers: the page's own, and each experiment in `used` (a Set). */
export const offered = (used) => Object.keys(FIGURES).filter((name) => !FIGURES[name].experiment || used.has(name));

/** Escapes text for an HTML attribute value in the snippet (the snippet is text, never parsed here). */
const attribute = (text) => String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The <iframe> snippet that shows the figure at `src` (an absolute URL with `embed=`). */
export function snippet(src, figure) {
  const [width, height] = FIGURES[figure]?.size ?? [640, 420];
  const title = `Weightscope: ${FIGURES[figure]?.label ?? figure}`;
  return `<iframe src="${attribute(src)}" width="${width}" height="${height}" title="${attribute(title)}" style="border:0;max-width:100%" loading="lazy"></iframe>`;
}

/**
 * Turns the page into the embed of `figure`: no chrome, the figure fills the window, and a link
 * `openHref` opens the full app at the same state.
 */
export function enterEmbed(figure, { openHref }) {
  const root = document.documentElement;
  root.classList.add('embed');
  root.dataset.embed = figure;
  const container = document.querySelector(FIGURES[figure]?.container);
  container?.classList.add('embedded');
  if (FIGURES[figure]?.empty && container) {
    const hint = document.createElement('p');
    hint.className = 'hint embed-empty';
    hint.textContent = FIGURES[figure].empty;
    container.querySelector('.experiment-form')?.before(hint);
  }
  const link = document.createElement('a');
  link.className = 'open-full';
  link.href = openHref;
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = 'Open in Weightscope ↗';
  document.body.append(link);

  // Tiles as large as the window allows: columns across, rows down, captions under each.
  function fit() {
    if (FIGURES[figure]?.experiment) return; // the experiments lay out their own grids
    const section = FIGURES[figure]?.find(document);
    const grid = section?.querySelector('.grid');
    if (!grid) return;
    const tiles = grid.children.length;
    const cols = Number(grid.style.getPropertyValue('--cols')) || 1;
    const rows = Math.ceil(tiles / cols);
    const caption = grid.querySelector('figcaption')?.offsetHeight ?? 16;
    const above = grid.getBoundingClientRect().top + window.scrollY;
    const legend = section.querySelector('.legend')?.offsetHeight ?? 0;
    const gap = 6;
    const width = (window.innerWidth - 16) / cols - gap;
    const height = (window.innerHeight - above - legend - link.offsetHeight - 16) / rows - caption - gap;
    grid.style.setProperty('--tile', `${Math.max(16, Math.floor(Math.min(width, height)))}px`);
  }
  window.addEventListener('resize', fit);
  const layers = document.getElementById('layers');
  new MutationObserver(fit).observe(layers, { childList: true });
  fit();
}

/**
 * Wires the Embed panel: `figureSelect` picks the figure, `box` shows the snippet, `copy` copies
 * it. `source(figure)` returns the absolute URL to embed; `note(text)` says what happened.
 */
export function createEmbedPanel({ button, panel, figureSelect, box, copy, hint }, { source, initial, used = new Set() }) {
  function options() {
    const chosen = figureSelect.value || initial;
    const names = offered(used);
    figureSelect.replaceChildren(...names.map((name) => new Option(FIGURES[name].label, name)));
    if (chosen && names.includes(chosen)) figureSelect.value = chosen;
  }
  options();

  function refresh() {
    options();
    const { url, live } = source(figureSelect.value);
    box.value = snippet(url, figureSelect.value);
    const experiment = FIGURES[figureSelect.value]?.experiment;
    if (experiment) hint.textContent = 'The embed starts empty and the reader presses its Run button to train in their browser (it downloads MNIST, 11 MB).';
    else hint.textContent = live
      ? 'This network is not a file on the site, so the embed retrains it in the reader\'s browser (it downloads MNIST, 11 MB).'
      : 'The embed draws this network at once, without downloading MNIST.';
  }

  button.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    button.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) refresh();
  });
  figureSelect.addEventListener('change', refresh);
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
    /** The figure chosen in the panel. */
    figure: () => figureSelect.value,
  };
}
