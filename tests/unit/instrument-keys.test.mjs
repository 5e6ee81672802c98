// The instruments' link keys (Rust's schema().instrumentKeys, read by crate/src/hash.rs): each
// round-trips through a link in characters a link keeps as they are, and a value outside the
// schema's limits is refused with a notice, its key then absent.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { schema } from '../../www/lib/schema.js';
import { parseHash, serializeHash } from './wasm.mjs';

test('knock, silence, blocks, seeds, detectors and the experiments\' epochs round-trip through a link', () => {
  const state = { knock: [3, 17], silence: 'zero', blocks: [[0, 1], [5, -1.5], [29, 0.25]], seeds: [1, 2, 7], detectors: true, matchingEpochs: 3, detectorsEpochs: 12 };
  const text = serializeHash(state);
  assert.match(text, /&knock=3-17&silence=zero&blocks=0\*1_5\*-1\.5_29\*0\.25&seeds=1-2-7&detectors=1&matchingEpochs=3&detectorsEpochs=12$/);
  const { state: back, notices } = parseHash(`#${text}`);
  assert.deepEqual(notices, []);
  for (const [name, value] of Object.entries(state)) assert.deepEqual(back[name], value, name);
});

test("an instrument's key outside the schema's limits is refused with a notice", () => {
  const keys = Object.fromEntries(schema().instrumentKeys.map((k) => [k.name, k]));
  const tooMany = Array.from({ length: keys.seeds.count[1] + 1 }, (_, i) => i).join('-');
  for (const bad of ['knock=3-3', `knock=${keys.knock.max + 1}`, 'knock=x', 'silence=half', `blocks=0*${keys.blocks.max + 1}`,
    'blocks=0*1_0*2', 'blocks=0:1', 'seeds=1', `seeds=${tooMany}`, 'detectors=maybe',
    'matchingEpochs=0', `matchingEpochs=${keys.matchingEpochs.max + 1}`, 'detectorsEpochs=2.5', 'detectorsEpochs=x']) {
    const { state, notices } = parseHash(`#v=1&${bad}`);
    assert.equal(notices.length, 1, bad);
    assert.equal(state[bad.split('=')[0]], undefined, bad);
  }
});
