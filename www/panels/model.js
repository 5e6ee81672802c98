// Model files on the page: saves the network on screen as a WSCP file or as network2.py JSON, and
// opens either kind from the file picker, a file dropped on the page, a relative URL (`#model=…`),
// a model file on another site (`#model=https://…` with its `digest`: a blog's, lib/hosted.js
// fetches it) or the pretrained demo picker. The worker owns the network, reads and writes the
// files (trainer.js asks it); this module only moves bytes and says what happened. It never touches
// `location`: lib/link.js does.

import { checkHostedModel, isModelUrl, isSitePath } from '../pkg/weightscope.js';
import { download } from '../lib/dom.js';
import { fetchHosted } from '../lib/hosted.js';
import { schema } from '../lib/schema.js';
import { clause, thousands } from '../lib/format.js';

/** Whether `path` is a plain relative URL (no scheme, no host, no way up): the only kind `#model=` takes. */
const isRelativePath = (path) => typeof path === 'string' && isSitePath(path);
/** Largest file read into memory at all, in bytes and as "64 MB" (Rust's schema owns it). */
const maxBytes = () => schema().maxFileBytes;
const maxText = () => `${Math.round(maxBytes() / 2 ** 20)} MB`;

/** A file name for the network `{sizes, digest}`: "weightscope-<sizes joined by dashes>-<digest prefix>.<ext>". */
export function modelFileName(current, ext) {
  const digest = current.digest ? `-${current.digest.slice(0, 8)}` : '';
  return `weightscope-${current.sizes.join('-')}${digest}.${ext}`;
}

/**
 * Wires the model panel. `trainer` is the page's (trainer.js): it opens and saves files.
 * `onOpen(model, source)` shows an opened model (the
 * worker's `opened` message; `source`: {kind: 'file' | 'link' | 'default' | 'demo', name});
 * `onError(message)` reports a refused file. `base` resolves relative URLs.
 */
export function createModels({ saveWscp, saveJson, picker, demoSelect, note, dropTarget }, { trainer, base, onOpen, onError }) {
  let current = null; // {config, sizes, digest} of the network on screen
  let demos = []; // [{file, label}] from www/demos/index.json
  let ticket = 0; // the newest open request; older ones are dropped when they finish

  function say(text) {
    note.textContent = text;
    note.hidden = !text;
  }

  function refresh() {
    saveJson.disabled = !current;
    saveWscp.disabled = !current?.config;
    saveWscp.title = current && !current.config ? 'This network came without its training configuration: save it as JSON.' : '';
  }

  /** Asks the worker for the network on screen as a `format` file and downloads it. */
  async function save(format) {
    const shown = current;
    if (!shown) return;
    try {
      const bytes = await trainer.save(format);
      const name = modelFileName(shown, format);
      download(bytes, name, format === 'json' ? 'application/json' : 'application/octet-stream');
      say(format === 'json' ? `Saved ${name}: network2.load() reads it in Python.`
        : `Saved ${name} (${thousands(bytes.length)} bytes).`);
    } catch (error) {
      onError(`The model could not be saved: ${error.message ?? error}`);
    }
  }
  saveWscp.addEventListener('click', () => current?.config && save('wscp'));
  saveJson.addEventListener('click', () => save('json'));

  /** Has the worker open `bytes` (from `source`) and hands the model to onOpen, unless a newer request came. */
  async function open(bytes, source, mine) {
    let model;
    try {
      model = await trainer.open(bytes);
    } catch (error) {
      if (mine === ticket) onError(`Could not open ${source.name}: ${error.message ?? error} The network on screen is unchanged.`);
      return false;
    }
    if (mine !== ticket) return false;
    onOpen(model, source);
    return true;
  }

  async function openFile(file) {
    const mine = ++ticket;
    let bytes;
    try {
      if (file.size > maxBytes()) throw new Error(`it is ${Math.round(file.size / 1e6)} MB; Weightscope reads model files up to ${maxText()}`);
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (error) {
      if (mine === ticket) onError(`Could not open ${file.name}: ${error.message ?? error}. The network on screen is unchanged.`);
      return;
    }
    open(bytes, { kind: 'file', name: file.name }, mine);
  }

  /**
   * Fetches the model file at `url` on another site and opens it if its weights digest is
   * `digest` (the link's); resolves to whether it is on screen, and says why not otherwise.
   */
  async function openHosted(url, digest, mine) {
    const refused = (why) => {
      if (mine === ticket) onError(`The model file ${url} was not opened: ${why}. The network on screen is unchanged.`);
      return false;
    };
    if (!digest) return refused('a model file from another site opens only with its weights digest in the link (digest=…)');
    let bytes;
    try {
      bytes = await fetchHosted(url);
      checkHostedModel(bytes, digest);
    } catch (error) {
      return refused(clause(error.message).replace(/^./, (c) => c.toLowerCase()));
    }
    return open(bytes, { kind: 'link', name: url }, mine);
  }

  /**
   * Fetches and opens the model at relative `path`, or at an https: URL on another site checked
   * against `digest`; resolves to whether it is on screen.
   */
  async function openUrl(path, kind = 'link', digest = undefined) {
    const mine = ++ticket;
    if (isModelUrl(path)) return openHosted(path, digest, mine);
    if (!isRelativePath(path)) {
      onError(`The link's model “${path}” is not a relative path on this site; it was not opened.`);
      return false;
    }
    let bytes;
    try {
      const response = await fetch(new URL(path, base()));
      if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      if (mine === ticket) onError(`Could not load the model ${path} (${error.message ?? 'network error'}). The network on screen is unchanged.`);
      return false;
    }
    return open(bytes, { kind, name: path }, mine);
  }

  picker.addEventListener('change', () => {
    const [file] = picker.files;
    if (file) openFile(file);
    picker.value = '';
  });

  // Drop a file anywhere on the page.
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  dropTarget.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    dropTarget.classList.add('dropping');
  });
  dropTarget.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) dropTarget.classList.remove('dropping');
  });
  dropTarget.addEventListener('drop', (event) => {
    dropTarget.classList.remove('dropping');
    if (!hasFiles(event)) return;
    event.preventDefault();
    const [file] = event.dataTransfer.files;
    if (file) openFile(file);
  });

  demoSelect.addEventListener('change', () => {
    const demo = demos.find((d) => d.file === demoSelect.value);
    if (demo) openUrl(`www/demos/${demo.file}`, 'demo');
  });

  refresh();
  return {
    openUrl,
    /** Opens model file `bytes` (an embed link's network) from `source`; resolves to whether it is on screen. */
    openBytes: (bytes, source) => open(bytes, source, ++ticket),
    /**
     * Loads the demo list (www/demos/index.json) into the picker; resolves to the list
     * ([] when the site has no demos).
     */
    async loadDemos() {
      try {
        const response = await fetch(new URL('www/demos/index.json', base()));
        if (!response.ok) return [];
        demos = (await response.json()).filter((d) => isRelativePath(d.file) && typeof d.label === 'string'
          && (d.timeline === undefined || isRelativePath(d.timeline)));
      } catch {
        return [];
      }
      demoSelect.replaceChildren(new Option('—', ''), ...demos.map((d) => new Option(d.label, d.file)));
      demoSelect.disabled = demos.length === 0;
      return demos;
    },
    /** The timeline file (`demos` writes one per demo) of the demo at `path`, or null. */
    timelineOf(path) {
      const demo = demos.find((d) => `www/demos/${d.file}` === path);
      return demo?.timeline ? `www/demos/${demo.timeline}` : null;
    },
    /** Marks `path` (a `#model=` value) as the demo shown, or none. */
    selectDemo(path) {
      const demo = demos.find((d) => `www/demos/${d.file}` === path);
      demoSelect.value = demo ? demo.file : '';
    },
    /** A new training run of `config`: any pending open is dropped; it can be saved at once. */
    start(config) {
      ticket += 1;
      current = { config, sizes: config.sizes, digest: null };
      demoSelect.value = '';
      say(''); // the note was about the network this run replaces
      refresh();
    },
    /** The run finished with weights digest `digest`. */
    done(digest) {
      if (current) current.digest = digest;
    },
    /** An opened model (the worker's `opened` message) is on screen now. */
    shown(model) {
      current = model;
      refresh();
    },
    /** Nothing on screen (Reset). */
    clear() {
      ticket += 1;
      current = null;
      refresh();
    },
    say,
  };
}
