// Runs every end-to-end test file in one process, so that they share one browser of the engine
// WEIGHTSCOPE_ENGINE names (tests/support/site.mjs): `node tests/e2e/run.mjs` (the Makefile's
// test-e2e adds the reporters). A single file runs alone too: `node tests/e2e/train.test.mjs`.

import { readdirSync } from 'node:fs';
import { test } from 'node:test';

const here = new URL('./', import.meta.url);
const only = process.env.E2E_FILES?.split(',');
for (const file of readdirSync(here).filter((name) => name.endsWith('.test.mjs')).sort()) {
  if (only && !only.some((name) => file.startsWith(name))) continue;
  try {
    await import(new URL(file, here));
  } catch (error) {
    // A file that cannot load fails as a test of its own, and the files after it still run
    // (a module error thrown here once ended the run quietly, its count short by the rest).
    test(`${file} loads`, () => { throw error; });
  }
}
