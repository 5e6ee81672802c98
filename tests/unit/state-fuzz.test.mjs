// A few thousand seeded fuzz cases of the URL-hash parser (the long run is `make fuzz`), and
// the inputs that ever crashed it, kept as regular cases (a 5,000-digit seed once made a
// 5,000-character notice: values are now quoted to 40 characters; `autotrain=__proto__` read as
// an object, which started training).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { check, fuzzState } from '../fuzz/state-fuzz.mjs';

test('parseHash never throws and returns in-range values that round-trip (5,000 seeded cases)', () => {
  const { executions, crashes } = fuzzState({ seed: 7, cases: 5000 });
  assert.equal(executions, 5000);
  assert.deepEqual(crashes, []);
});

test('hostile hashes: prototype keys, lone surrogates, bad escapes, huge values', () => {
  for (const hash of ['#__proto__=1&constructor=x', '#sizes=%ud800', '#eta=%', `#seed=${'9'.repeat(5000)}`, '#v=2&v=1', '#sizes=784-30-10&sizes=784-1000000-10', '\ud800', '#&&&==&', '#digest=ABCDEF0123456789', '#autotrain=__proto__', '#autotrain=constructor&digit=toString', '#lambda=-0', `#v=${'x'.repeat(5000)}`]) {
    assert.doesNotThrow(() => check(hash), hash);
  }
});
