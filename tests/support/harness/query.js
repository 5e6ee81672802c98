// The end-to-end tests' queries, resolved inside the page the same way in every engine: the
// driver injects @testing-library/dom's browser build (roles, accessible names, labels, via
// dom-accessibility-api) and this script, then asks `__query.run(steps, op, arg)`.
// A locator is a list of steps (see tests/support/page.mjs); matching follows Playwright's
// rules, which the tests were written against: a string matches a whitespace-normalised text
// case-insensitively as a substring, or whole and case-sensitively with `exact`; a RegExp is
// tested against the normalised text; getByText picks the innermost elements whose text matches.
(() => {
  const TL = globalThis.TestingLibraryDom;
  const normal = (text) => String(text ?? '').replace(/\s+/g, ' ').trim();

  function matcher(match) {
    if (match.source !== undefined) {
      const pattern = new RegExp(match.source, match.flags.replace('g', ''));
      return (text) => pattern.test(normal(text));
    }
    const wanted = normal(match.string);
    if (match.exact) return (text) => normal(text) === wanted;
    const needle = wanted.toLowerCase();
    return (text) => normal(text).toLowerCase().includes(needle);
  }

  const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'HEAD', 'NOSCRIPT']);
  function byText(root, match) {
    const test = matcher(match);
    const hits = new Set();
    const walk = (element) => {
      let inner = false;
      for (const child of element.children) if (!SKIP.has(child.tagName) && walk(child)) inner = true;
      if (inner) return true; // an inner element holds the text: it is the match
      if (element !== root && test(element.textContent)) {
        hits.add(element);
        return true;
      }
      return false;
    };
    walk(root.documentElement ?? root);
    return [...hits];
  }

  function step(roots, s) {
    const out = [];
    for (const root of roots) {
      if (s.kind === 'css') out.push(...root.querySelectorAll(s.selector));
      else if (s.kind === 'role') {
        const options = { hidden: false };
        if (s.name) {
          const test = matcher(s.name);
          options.name = (name) => test(name);
        }
        if (s.pressed !== undefined) options.pressed = s.pressed;
        if (s.level !== undefined) options.level = s.level;
        out.push(...TL.queryAllByRole(root, s.role, options));
      } else if (s.kind === 'label') {
        const test = matcher(s.text);
        out.push(...TL.queryAllByLabelText(root, (content) => test(content)));
      } else if (s.kind === 'text') out.push(...byText(root, s.text));
    }
    if (s.kind === 'nth') return roots.length > s.index ? [roots.at(s.index)] : [];
    if (s.kind === 'hasText') {
      const test = matcher(s.text);
      return roots.filter((element) => test(element.textContent));
    }
    if (s.kind === 'has') return roots.filter((element) => resolve(s.steps, [element]).length > 0);
    if (s.kind === 'and') {
      const others = new Set(resolve(s.steps));
      return roots.filter((element) => others.has(element));
    }
    return ordered(out);
  }

  function ordered(elements) {
    return [...new Set(elements)].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  }

  function resolve(steps, roots = [document]) {
    return steps.reduce(step, roots);
  }

  function visible(element) {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
  }

  const enabled = (element) => !element.matches(':disabled') && element.getAttribute('aria-disabled') !== 'true';

  const box = (element) => {
    const { x, y, width, height } = element.getBoundingClientRect();
    return { x, y, width, height };
  };

  function setValue(element, value) {
    const proto = element instanceof HTMLSelectElement ? HTMLSelectElement.prototype
      : element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(element, value);
  }

  const fire = (element, type) => element.dispatchEvent(new Event(type, { bubbles: true }));

  const OPS = {
    count: (elements) => elements.length,
    state: (elements) => ({ count: elements.length, visible: elements.some(visible) }),
    text: ([e]) => e.textContent,
    texts: (elements) => elements.map((e) => e.textContent),
    attr: ([e], name) => e.getAttribute(name),
    value: ([e]) => e.value,
    visible: ([e]) => (e ? visible(e) : false),
    enabled: ([e]) => enabled(e),
    box: ([e]) => (visible(e) ? box(e) : null),
    scroll: ([e]) => e.scrollIntoView({ block: 'center', inline: 'center' }),
    focus: ([e]) => e.focus(),
    /** Where a click lands: the centre of the element, scrolled into view, if it is ready and on top. */
    point: ([e]) => {
      if (!visible(e)) return { wait: 'visible' };
      if (!enabled(e)) return { wait: 'enabled' };
      const before = box(e);
      if (before.y < 0 || before.y + before.height > innerHeight || before.x < 0 || before.x + before.width > innerWidth) {
        e.scrollIntoView({ block: 'center', inline: 'center' });
      }
      const { x, y, width, height } = box(e);
      const cx = x + width / 2;
      const cy = y + height / 2;
      const top = document.elementFromPoint(cx, cy);
      return { x: cx, y: cy, onTop: top !== null && e.contains(top) };
    },
    fill: ([e], value) => {
      e.focus();
      setValue(e, value);
      e.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value }));
      if (e.type === 'range') fire(e, 'change');
    },
    select: ([e], { value, label }) => {
      const option = [...e.options].find((o) => (label !== undefined ? normal(o.label) === normal(label) : o.value === value || normal(o.label) === normal(value)));
      if (!option) throw new Error(`no option ${label ?? value} in ${[...e.options].map((o) => o.label)}`);
      setValue(e, option.value);
      fire(e, 'input');
      fire(e, 'change');
      return option.value;
    },
    files: ([e], files) => {
      const transfer = new DataTransfer();
      for (const { name, mimeType, base64 } of files) {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], name, { type: mimeType }));
      }
      e.files = transfer.files;
      fire(e, 'input');
      fire(e, 'change');
    },
  };

  Object.defineProperty(globalThis, '__query', {
    value: {
      resolve,
      run(steps, op, arg) {
        const elements = resolve(steps);
        const single = !['count', 'state', 'texts', 'visible'].includes(op);
        if (single && elements.length === 0) return { missing: true };
        if (single && elements.length > 1) return { strict: elements.length, html: elements.slice(0, 3).map((e) => e.outerHTML.slice(0, 120)) };
        return { value: OPS[op](elements, arg) };
      },
    },
  });
})();
