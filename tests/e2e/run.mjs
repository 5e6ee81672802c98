// Runs every end-to-end test file in one process, so that they share one browser of the engine
// WEIGHTSCOPE_ENGINE names (tests/support/site.mjs): `node tests/e2e/run.mjs` (the Makefile's
// test-e2e adds the reporters). A single file runs alone too: `node tests/e2e/train.test.mjs`.
// E2E_PART=k/n runs every n-th file from the k-th on, in name order (test-e2e runs each engine's
// suite in two such parts, so that two parts at a time keep both cores busy to the end);
// E2E_FILES=a,b only the files whose names start so.

import { readdirSync } from 'node:fs';
import { test } from 'node:test';

const here = new URL('./', import.meta.url);
const only = process.env.E2E_FILES?.split(',');
const [part, parts] = (process.env.E2E_PART ?? '1/1').split('/').map(Number);
if (!(part >= 1 && part <= parts)) throw new Error(`E2E_PART=${process.env.E2E_PART}: not k/n with 1 ≤ k ≤ n`);
const files = readdirSync(here).filter((name) => name.endsWith('.test.mjs')).sort()
  .filter((name, i) => i % parts === part - 1 && (!only || only.some((start) => name.startsWith(start))));
// Without a test node writes no counts, which the summary reads as a run that crashed.
if (files.length === 0) test(`part ${part} of ${parts} has none of the files E2E_FILES names`, { skip: 'nothing to run' });
for (const file of files) {
  try {
    await import(new URL(file, here));
  } catch (error) {
    // A file that cannot load fails as a test of its own, and the files after it still run
    // (a module error thrown here once ended the run quietly, its count short by the rest).
    test(`${file} loads`, () => { throw error; });
  }
}
