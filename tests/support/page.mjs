// The end-to-end tests' page and locator API, one implementation over every engine's driver
// (tests/support/engines/): the verbs the tests use, named as Playwright names them (the suite
// was first written against it) and resolved inside the page by tests/support/harness/query.js.
// An engine adapter gives a page only: evaluate(expression, frame), goto, reload, url, mouse,
// key, screenshot, close. Waiting happens here, by polling (100 ms), with a 30 s default.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const INJECTED = [
  readFileSync(require.resolve('@testing-library/dom/dist/@testing-library/dom.umd.min.js'), 'utf8'),
  readFileSync(new URL('./harness/query.js', import.meta.url), 'utf8'),
].join(';\n');
export const TIMEOUT = 30_000;
const POLL = 100;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `read()` again every 100 ms until it returns `expected` (engines paint on their own schedule:
 * a figure drawn on the next animation frame is still drawn); returns the last value read.
 */
export async function eventually(read, expected, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (value === expected || Date.now() > deadline) return value;
    await sleep(POLL);
  }
}

/** A string or RegExp as the page's matcher wants it. */
function match(text, exact = false) {
  return text instanceof RegExp ? { source: text.source, flags: text.flags } : { string: String(text), exact };
}

/** The page, or one of its iframes (`frame`: its index among the page's iframes). */
class Scope {
  constructor(page, frame = null) {
    this.page = page;
    this.frame = frame;
  }

  /** Runs `op` on the elements `steps` resolve to; injects the query code on first use in a document. */
  async run(steps, op, arg) {
    const call = `globalThis.__query ? __query.run(${JSON.stringify(steps)}, ${JSON.stringify(op)}, ${JSON.stringify(arg ?? null)}) : { inject: true }`;
    // A frame or page still loading may swap its document between the injection and the call.
    for (let tries = 0; tries < 3; tries += 1) {
      const result = await this.page.engine.evaluate(call, this.frame);
      if (!result?.inject) return result;
      await this.page.engine.evaluate(`(() => { ${INJECTED}; return true; })()`, this.frame);
    }
    return { missing: true, loading: true };
  }

  /** run(), where a document still loading (or navigating away) counts as not ready yet. */
  async poll(steps, op, arg) {
    try {
      return await this.run(steps, op, arg);
    } catch (error) {
      return { missing: true, loading: true, error };
    }
  }

  /** Runs `fn(elements, arg)` in the page (after the query code is there). */
  async evaluateOn(steps, fn, arg, all) {
    await this.run([], 'count');
    const source = `(async () => { const elements = __query.resolve(${JSON.stringify(steps)}); `
      + `if (${!all} && elements.length !== 1) throw new Error('expected one element, found ' + elements.length); `
      + `return (${fn})(${all ? 'elements' : 'elements[0]'}, ${JSON.stringify(arg ?? null)}); })()`;
    return this.page.engine.evaluate(source, this.frame);
  }

  /** Where the frame's content starts on the page (0, 0 for the page itself). */
  async origin() {
    if (this.frame === null) return { x: 0, y: 0 };
    return this.page.engine.evaluate(`(() => { const f = document.querySelectorAll('iframe')[${this.frame}]; const r = f.getBoundingClientRect(); return { x: r.x + f.clientLeft, y: r.y + f.clientTop }; })()`, null);
  }

  getByRole(role, options) { return new Locator(this, []).getByRole(role, options); }
  getByLabel(text, options) { return new Locator(this, []).getByLabel(text, options); }
  getByText(text, options) { return new Locator(this, []).getByText(text, options); }
  locator(selector, options) { return new Locator(this, []).locator(selector, options); }
}

export class Locator {
  constructor(scope, steps) {
    this.scope = scope;
    this.steps = steps;
  }

  with(...steps) { return new Locator(this.scope, [...this.steps, ...steps]); }

  getByRole(role, { name, exact, pressed, level } = {}) {
    return this.with({ kind: 'role', role, name: name === undefined ? undefined : match(name, exact), pressed, level });
  }

  getByLabel(text, { exact } = {}) { return this.with({ kind: 'label', text: match(text, exact) }); }
  getByText(text, { exact } = {}) { return this.with({ kind: 'text', text: match(text, exact) }); }

  locator(selector, { has } = {}) {
    const css = this.with({ kind: 'css', selector });
    return has ? css.with({ kind: 'has', steps: has.steps }) : css;
  }

  filter({ hasText }) { return this.with({ kind: 'hasText', text: match(hasText) }); }
  and(other) { return this.with({ kind: 'and', steps: other.steps }); }
  first() { return this.nth(0); }
  nth(index) { return this.with({ kind: 'nth', index }); }

  toString() { return JSON.stringify(this.steps); }

  /** Runs `op` on the one element once it exists (and `ready(value)` holds), polling until `timeout`. */
  async one(op, arg, { timeout = TIMEOUT, ready } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const result = await this.scope.poll(this.steps, op, arg);
      if (result.strict) throw new Error(`${this} matches ${result.strict} elements, not one: ${result.html.join(' | ')}`);
      if (!result.missing && (!ready || ready(result.value))) return result.value;
      if (Date.now() > deadline) throw result.error ?? new Error(`${op}: ${result.missing ? 'no element' : `not ready (${JSON.stringify(result.value)})`} for ${this} after ${timeout} ms`);
      await sleep(POLL);
    }
  }

  async waitFor({ state = 'visible', timeout = TIMEOUT } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const { value = { count: 0, visible: false }, error } = await this.scope.poll(this.steps, 'state');
      if (error && Date.now() > deadline) throw error;
      if (state === 'visible' ? value.visible : state === 'attached' ? value.count > 0 : state === 'hidden' ? !value.visible : value.count === 0) return;
      if (Date.now() > deadline) throw new Error(`waitFor ${state}: ${JSON.stringify(value)} for ${this} after ${timeout} ms`);
      await sleep(POLL);
    }
  }

  count() { return this.scope.run(this.steps, 'count').then((r) => r.value); }
  allTextContents() { return this.scope.run(this.steps, 'texts').then((r) => r.value); }
  isVisible() { return this.scope.run(this.steps, 'visible').then((r) => r.value); }
  async isHidden() { return !(await this.isVisible()); }
  isEnabled() { return this.one('enabled'); }
  async isDisabled() { return !(await this.isEnabled()); }
  textContent() { return this.one('text'); }
  getAttribute(name) { return this.one('attr', name); }
  inputValue() { return this.one('value'); }
  focus() { return this.one('focus'); }
  scrollIntoViewIfNeeded() { return this.one('scroll'); }
  evaluate(fn, arg) { return this.scope.evaluateOn(this.steps, fn, arg, false); }
  evaluateAll(fn, arg) { return this.scope.evaluateOn(this.steps, fn, arg, true); }
  selectOption(value) { return this.one('select', typeof value === 'object' ? value : { value }); }

  async boundingBox() {
    const box = await this.one('box');
    if (!box) return null;
    const origin = await this.scope.origin();
    return { ...box, x: box.x + origin.x, y: box.y + origin.y };
  }

  async fill(value) {
    await this.one('state', null, { ready: (s) => s.visible });
    await this.one('fill', String(value));
  }

  async press(key) {
    await this.focus();
    await this.scope.page.keyboard.press(key);
  }

  /**
   * A real click (the engine's mouse) at the element's centre, once it is visible, enabled, on
   * top and still (the same place twice in a row).
   */
  async click({ timeout = TIMEOUT } = {}) {
    if (this.scope.frame !== null) throw new Error('clicks inside frames are not supported');
    const { engine } = this.scope.page;
    const target = `__query.resolve(${JSON.stringify(this.steps)})[0]`;
    // A page still laying out on a busy machine can move the target between finding it and the
    // click: a mouse click lands where the element was, and WebKit's element click (WebDriver's:
    // it scrolls, hit-tests and clicks) reaches the page a moment after its hit test. So the
    // element hears whether the click reached it, and a missed click (it landed beside the
    // target, on what moved there) is made again.
    for (let attempt = 1; ; attempt += 1) {
      let last = null;
      const still = (p) => {
        const same = last && p.x === last.x && p.y === last.y;
        last = p;
        return same;
      };
      const point = await this.one('point', null, { timeout, ready: (p) => !p.wait && p.onTop && still(p) });
      const listening = await this.evaluate((element) => {
        if (element.disabled) return false; // a disabled control hears no click: nothing to check
        element.__clicked = false;
        element.addEventListener('click', () => { element.__clicked = true; }, { once: true, capture: true });
        return true;
      });
      if (engine.clickElement) await engine.clickElement(target);
      else await this.scope.page.mouse.click(point.x, point.y);
      if (!listening) return;
      const reached = () => this.evaluate((element) => element.__clicked !== false).catch(() => true); // gone: the click acted
      if (await eventually(reached, true, 1_000)) return;
      if (attempt === 3) throw new Error(`click: ${this} was clicked 3 times and never heard it`);
    }
  }

  /** Moves the engine's mouse to the element's centre, once it is visible and on top. */
  async hover({ timeout = TIMEOUT } = {}) {
    const point = await this.one('point', null, { timeout, ready: (p) => !p.wait && p.onTop });
    await this.scope.page.mouse.move(point.x, point.y);
  }

  /** Gives a file input these files ({name, mimeType, buffer}), as the file picker would. */
  setInputFiles(files) {
    const list = (Array.isArray(files) ? files : [files]).map(({ name, mimeType = 'application/octet-stream', buffer }) => ({ name, mimeType, base64: Buffer.from(buffer).toString('base64') }));
    return this.one('files', list);
  }

  async screenshot({ path }) {
    await this.scrollIntoViewIfNeeded();
    await this.scope.page.engine.screenshot(path);
  }
}

/** A page in some engine: locators, mouse, keyboard, waits, and what the harness recorded. */
export class Page extends Scope {
  constructor(engine, context) {
    super(null);
    this.page = this;
    this.engine = engine;
    this.contextHandle = context;
    this.mouse = {
      move: (x, y) => engine.mouse('move', x, y),
      down: () => engine.mouse('down'),
      up: () => engine.mouse('up'),
      click: async (x, y) => {
        await engine.mouse('move', x, y);
        await engine.mouse('down');
        await engine.mouse('up');
      },
    };
    this.keyboard = { press: (key) => engine.key(key) };
  }

  context() { return this.contextHandle; }
  frameLocator(selector) {
    const index = Number(selector.match(/>> nth=(\d+)$/)?.[1] ?? 0);
    return new Scope(this, index);
  }

  goto(url) { return this.engine.goto(url); }
  reload() { return this.engine.reload(); }
  url() { return this.engine.url(); }
  waitForTimeout(ms) { return sleep(ms); }
  async close() {
    await this.keepErrors();
    return this.engine.close();
  }

  /** `fn(arg)` in the page; its (JSON-able) result. */
  evaluate(fn, arg) {
    return this.engine.evaluate(typeof fn === 'string' ? fn : `(${fn})(${JSON.stringify(arg ?? null)})`, null);
  }

  /** Waits until `fn(arg)` is truthy in the page. */
  async waitForFunction(fn, arg, { timeout = TIMEOUT } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(fn, arg).catch(() => false); // navigating: try again
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`waitForFunction ${fn} after ${timeout} ms`);
      await sleep(POLL);
    }
  }

  /** Runs `action` and returns the file the page saved with it: {name, bytes}. */
  async download(action, { timeout = TIMEOUT } = {}) {
    const before = await this.evaluate(() => __harness.downloads.length);
    await action();
    const saved = await this.waitForFunction((n) => __harness.downloads[n] ?? null, before, { timeout });
    return { name: saved.name, bytes: Buffer.from(saved.base64, 'base64') };
  }

  /** Content-Security-Policy violations the page reported. */
  violations() { return this.evaluate(() => __harness.violations); }

  /**
   * The errors seen so far: console errors and uncaught exceptions of the page (and of its
   * workers, in the engines whose driver reports them), as text.
   */
  async errors() {
    if (this.kept) return this.kept;
    await sleep(50);
    return this.engine.errors();
  }

  /** Keeps the errors before the page closes (WebDriver reads them from the page itself). */
  async keepErrors() {
    this.kept ??= await this.errors().catch((error) => [`errors unreadable: ${error.message}`]);
  }
}
