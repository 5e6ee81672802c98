// The page's layout as issue #13 set it and the house style keeps it: www/main.js only wires the
// panels (under 150 lines), and every page module opens with a comment on what it is for.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

test('www/main.js only wires: it is under 150 lines', () => {
  const lines = read('www/main.js').trimEnd().split('\n').length;
  assert.ok(lines < 150, `www/main.js has ${lines} lines: move what is not wiring into a panel or lib module`);
});

test('every page module opens with a comment on what it is for', () => {
  const modules = ['www', 'www/lib', 'www/panels'].flatMap((dir) => readdirSync(new URL(dir, root))
    .filter((name) => name.endsWith('.js')).map((name) => `${dir}/${name}`));
  assert.ok(modules.length > 30, `${modules.length} modules read`);
  assert.deepEqual(modules.filter((path) => !/^\/\/ \S/.test(read(path))), []);
});
