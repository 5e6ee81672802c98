// The page uses exactly what Rust's schema() returns: the URL table's run parameters, defaults
// and ranges, the form's presets and published figures, and the dataset's sizes all come from it.
// And numbers stay as people wrote them (η 0.1, λ 0.3, 2.7) through the link, a model file, the
// form and the comparison's recipes.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { compareConfigs, configInWords, configOf, linkDefaults, parseHash, sameConfig, schema as rustSchema, serializeHash, sweepConfigs, validateConfig } from './wasm.mjs';
import { formQuery, presetOf, referenceText } from '../../www/panels/controls.js';
import { schema } from '../../www/lib/schema.js';

test('the page reads the schema once, and it is what Rust returns', () => {
  assert.deepEqual(schema(), rustSchema());
  assert.equal(schema(), schema());
});

test("a link's run parameters are the schema's, in its order, with its defaults (the table: crate/src/hash.rs)", () => {
  const s = schema();
  const given = s.params.filter((p) => p.name !== 'dataset'); // absent unless a link names it
  assert.deepEqual(configOf(linkDefaults()), Object.fromEntries(given.map((p) => [p.name, p.default])));
  assert.deepEqual(Object.keys(configOf(linkDefaults())), given.map((p) => p.name));
  assert.deepEqual(validateConfig(configOf(linkDefaults())), []);
});

test('a link names its dataset by the schema\'s keys, and only when it is not the default', () => {
  const { state, notices } = parseHash('#dataset=fashion-mnist&epochs=3');
  assert.deepEqual(notices, []);
  assert.equal(state.dataset, 'fashion-mnist');
  assert.equal(configOf(state).dataset, 'fashion-mnist');
  assert.match(serializeHash(state), /(^|&)dataset=fashion-mnist(&|$)/);
  assert.doesNotMatch(serializeHash({ ...state, dataset: 'mnist' }), /dataset/);
  assert.ok(sameConfig({ ...configOf(state), dataset: 'mnist' }, configOf({ ...state, dataset: undefined })), 'absent is MNIST');
  assert.ok(!sameConfig(configOf(state), { ...configOf(state), dataset: 'mnist' }));
  assert.match(parseHash('#dataset=cifar').notices[0], /dataset “cifar” is not one of mnist, fashion-mnist/);
  assert.deepEqual(validateConfig(configOf(state)), []);
});

test('a limit of the schema is where a link starts to be refused', () => {
  for (const p of schema().params.filter((q) => q.type === 'int' && q.name !== 'seed')) {
    assert.deepEqual(parseHash(`#${p.name}=${p.max}`).notices, [], p.name);
    assert.equal(parseHash(`#${p.name}=${p.max + 1}`).notices.length, 1, p.name);
  }
});

test("every preset is the schema's recipe and figure, and a form holding it is recognised", () => {
  for (const preset of schema().presets) {
    const found = presetOf({ ...preset.config, epochs: 3, seed: 9 });
    assert.equal(found?.id, preset.id);
    assert.deepEqual(found.reference, preset.published);
    assert.deepEqual(validateConfig(preset.config), []);
  }
  assert.equal(presetOf({ ...schema().presets[0].config, trainSize: 1000 }), undefined);
  // Published figures read as published: not 95.41999816894531.
  assert.deepEqual(schema().presets.map((p) => referenceText(p.published)), [
    '95.42% at best (Nielsen, chapter 1)', '96.49% at best (Nielsen, chapter 3)', '96.59% at best (Nielsen, chapter 1)',
    'about 96% (3Blue1Brown, chapter 2)', '93.43% (the article)',
  ]);
});

test("the sweep's runs are Rust's sweep_configs and its overlay the article's figures", () => {
  const base = configOf(linkDefaults());
  const runs = sweepConfigs(base, Uint32Array.from([2, 30]), 2);
  assert.deepEqual(runs.map((c) => [c.sizes[1], c.seed]), [[2, 1], [2, 2], [30, 1], [30, 2]]);
  assert.ok(runs.every((c) => c.sizes[0] === schema().dataset.side ** 2));
  assert.deepEqual(schema().sweep.article.at(-1), [10, 0.9343]);
});

test('η 0.1, λ 0.3 and 2.7 stay as written through the form, the link and the comparison', () => {
  // Through a saved and opened model file: run::tests::eta_and_lambda_come_back_from_a_saved_file_as_written.
  const config = { ...configOf(linkDefaults()), sizes: [784, 2, 10], eta: 0.1, lambda: 0.3 };
  for (const recipe of [config, { ...config, eta: 2.7 }]) {
    const form = Object.fromEntries(formQuery(recipe));
    assert.deepEqual([form.eta, form.lambda], [String(recipe.eta), String(recipe.lambda)]);
    const hash = serializeHash({ ...linkDefaults(), ...recipe });
    assert.match(hash, new RegExp(`&eta=${recipe.eta}&miniBatch=10&lambda=${recipe.lambda}&`));
    assert.deepEqual([parseHash(hash).state.eta, parseHash(hash).state.lambda], [recipe.eta, recipe.lambda]);
    for (const pair of compareConfigs(recipe, 'cost')) {
      assert.deepEqual([pair.eta, pair.lambda], [recipe.eta, recipe.lambda]);
      assert.match(configInWords(pair), new RegExp(`, λ ${recipe.lambda}, .*, η ${recipe.eta}, `)); // its title
    }
  }
});
