// The closing list of issue #12 stays true: docs/coverage.md names, for every button of the page,
// every export, every key a link can carry and every figure an embed can show, the test that
// covers it. The items are read from where they are defined (index.html, the panels' buttons,
// the schema's URL table and presets), so a new button, key or figure without a row fails here,
// and so does a row naming a test file or a test that does not exist.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

import './wasm.mjs';
import { schema } from '../../www/lib/schema.js';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

/** docs/coverage.md's table rows by section (`## Buttons` …): [{item, file, name}]. */
function coverage() {
  const sections = {};
  let rows = null;
  for (const line of read('docs/coverage.md').split('\n')) {
    const heading = line.match(/^## (.+)$/);
    if (heading) sections[heading[1].trim()] = rows = [];
    const cells = line.match(/^\|(.*)\|$/)?.[1].split(' | ').map((cell) => cell.trim());
    if (!rows || !cells || cells.length < 4 || /^-+$/.test(cells[0]) || cells[0] === 'Item') continue;
    rows.push({ item: cells[0], file: cells.at(-2).replace(/`/g, ''), name: cells.at(-1) });
  }
  return sections;
}

/** The test names a test file declares: the first argument of each test call in JS, each `#[test]` fn in Rust. */
function testNames(file) {
  const source = read(file);
  if (file.endsWith('.rs')) return [...source.matchAll(/#\[test\]\s*(?:#\[[^\]]*\]\s*)*fn (\w+)/g)].map((m) => m[1]);
  return [...source.matchAll(/\btest\(\s*(['"`])((?:\\.|(?!\1)[^])*)\1/g)].map((m) => m[2].replace(/\\(['"`\\])/g, '$1'));
}

/** Every button label in the page's markup and in its modules (`el('button', {…}, 'label')`, `button('label', …)`, `{ label: 'Retry', run }`). */
function buttonLabels() {
  const html = read('index.html');
  const exported = [...html.matchAll(/<button\b[^>]*\bid="(?:save|copy)-[^"]*"[^>]*>([^<]*)</g)].map((m) => m[1].trim());
  const markup = [...html.matchAll(/<button\b[^>]*>([^<]*)</g)].map((m) => m[1].trim()).filter((label) => !exported.includes(label));
  const modules = ['www', 'www/lib', 'www/panels'].flatMap((dir) => readdirSync(new URL(dir, root))
    .filter((name) => name.endsWith('.js')).map((name) => read(`${dir}/${name}`)));
  const literal = modules.flatMap((source) => [
    ...source.matchAll(/\bel\('button', \{[^}]*\}, '([^']+)'\)/g),
    ...source.matchAll(/\bbutton\('([^']+)', /g),
    ...source.matchAll(/\{ label: '([^']+)', run\b/g),
    ...source.matchAll(/\bdownloadButton\('([^']+)'/g),
  ].map((m) => m[1]));
  const presets = schema().presets.map((preset) => preset.label);
  return { exported, buttons: [...new Set([...markup, ...literal, ...presets])] };
}

/** How an item is named in the doc: a label's trailing "(downloads MNIST, 11 MB, once)" may change. */
const stem = (label) => label.replace(/\s*\(.*\)$/, '');

test('docs/coverage.md has a row for every button, export, link key and embed figure', () => {
  const sections = coverage();
  const named = (section) => (sections[section] ?? []).map((row) => row.item);
  const has = (section, item, wrap = (x) => x) => assert.ok(named(section).some((cell) => cell.includes(wrap(item))), `${section}: ${item}`);
  const { exported, buttons } = buttonLabels();
  assert.ok(buttons.length >= 30, `${buttons.length} buttons found`);
  for (const label of buttons) has('Buttons', stem(label));
  assert.ok(exported.length >= 7, `${exported.length} exports found`);
  for (const label of exported) has('Exports', stem(label));
  const s = schema();
  const keys = ['v', ...[...s.params, ...s.pageKeys, ...s.instrumentKeys].map((k) => k.name)];
  assert.ok(keys.includes('knock') && keys.includes('net'), 'the URL table and the instruments\' keys');
  for (const key of keys) has('Link keys', key, (k) => `\`${k}\``);
  const figures = s.pageKeys.find((k) => k.name === 'embed').range;
  for (const figure of figures) has('Embed figures', figure, (f) => `\`embed=${f}\``);
});

test('every test docs/coverage.md names exists, in the file it names', () => {
  const rows = Object.values(coverage()).flat();
  assert.ok(rows.length >= 80, `${rows.length} rows`);
  const names = new Map();
  for (const { item, file, name } of rows) {
    assert.ok(/^(tests\/(e2e|unit)\/[\w-]+\.test\.mjs|crate\/[\w/-]+\.rs)$/.test(file) && existsSync(new URL(file, root)), `${item}: no test file ${file}`);
    if (!names.has(file)) names.set(file, testNames(file));
    assert.ok(names.get(file).includes(name), `${item}: ${file} has no test “${name}”`);
  }
});
