// DOM building shared by the panels: elements from attributes and children without HTML strings,
// buttons, a line of text that hides when empty, and downloads. The one place that makes elements
// by name; knows nothing about runs.

/** A DOM element with attributes and children (strings become text nodes, never HTML). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value != null && value !== false) element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/** A plain button (`type="button"`, more `attributes` if given) saying `label` that calls `onClick`. */
export function button(label, onClick, attributes = {}) {
  const element = el('button', { type: 'button', ...attributes }, label);
  element.addEventListener('click', onClick);
  return element;
}

/** Shows `text` in `element` (a message line), hidden while there is none. */
export function say(element, text) {
  element.textContent = text ?? '';
  element.hidden = !text;
}

/** How long a download's object URL lives: long enough for the browser to have started saving it. */
const DOWNLOAD_URL_MS = 60 * 1000;

/** Saves `data` (bytes, text or a Blob) as a download named `name`. */
export function download(data, name, type) {
  const url = URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_MS);
}
