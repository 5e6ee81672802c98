// One owner for every fact (issue #12): the page's code writes no dataset figure (MNIST's 784
// inputs of 28×28 pixels, 60,000 / 50,000 training and 10,000 test images) and no published figure (the presets'
// and the article's accuracies) of its own: each is Rust's, read from the schema. Comments may
// cite them; code may not (the chapters' claims, which quote the article's figures, are Rust's too).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

import './wasm.mjs'; // the page's schema comes from its wasm
import { schema } from '../../www/lib/schema.js';

const root = new URL('../../', import.meta.url);

/** The page's own modules (not the generated www/pkg and www/charts-pkg), as [path, source]. */
const modules = ['www', 'www/lib', 'www/panels'].flatMap((dir) => readdirSync(new URL(dir, root))
  .filter((name) => name.endsWith('.js')).map((name) => [`${dir}/${name}`, readFileSync(new URL(`${dir}/${name}`, root), 'utf8')]));

/** `source` with its comments blanked (line by line, so line numbers stay). */
function code(source) {
  return source.replace(/\/\*[^]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .split('\n').map((line) => line.replace(/(^|[\s;,)])\/\/.*$/, '$1'));
}

/** Every line of page code matching `pattern` as "path:line: text", but for timers. */
function offending(pattern) {
  return modules.flatMap(([path, source]) => code(source).flatMap((line, i) => {
    const duration = /setTimeout\(|_MS\b/.test(line); // milliseconds, such as 60_000
    return pattern.test(line) && !duration ? [`${path}:${i + 1}: ${line.trim()}`] : [];
  }));
}

test('no page module writes MNIST\'s 784, 28 (its side), 60,000, 50,000 or 10,000 in its code', () => {
  assert.ok(modules.length > 30, `${modules.length} modules read`);
  assert.deepEqual(offending(/\b(784|28|60[,_]?000|50[,_]?000|10[,_]?000)\b/), []);
});

test('no page module writes a published figure of the schema (presets, the article\'s sweep)', () => {
  const { presets, sweep } = schema();
  const figures = new Set([
    ...presets.map((p) => p.published.percent).filter((x) => !Number.isInteger(x)), // "about 96%" is too common a number to look for
    ...sweep.article.flatMap(([, fraction]) => [fraction, Number((100 * fraction).toFixed(2))]),
    ...sweep.article.map(([, fraction]) => Math.round(fraction * schema().dataset.test)), // 9343 correct
  ]);
  assert.ok(figures.has(93.43) && figures.has(9343), [...figures].join(' '));
  const pattern = new RegExp(`(^|[^\\d.])(${[...figures].map((x) => String(x).replace('.', '\\.')).join('|')})(?![\\d])`);
  assert.deepEqual(offending(pattern), []);
});
