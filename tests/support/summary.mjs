// The closing lines of `make test-e2e`: one line per engine run ("chromium: 40 passed, 0 failed,
// 1 skipped", from tests/support/count.mjs's files) with a line for each failure and the start of
// its error, then "N passed, N failed" over all of them. A test that failed and then passed when
// run again (tests/support/rerun.mjs) is counted as passed and listed as flaky, with its first
// error, so that CI's tail says what went wrong once; a test that failed twice has failed.
// Exits non-zero if a test failed or a run wrote no counts (it crashed before the end). The
// parts of one suite (`chromium.1`, `chromium.2`: tests/e2e/run.mjs's E2E_PART) add up to one line.
// Usage: node tests/support/summary.mjs <directory> <run>...

import { readFileSync } from 'node:fs';

const read = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

let passed = 0;
let failed = 0;
let flaky = 0;
const [directory, ...runs] = process.argv.slice(2);
const suites = new Map(); // chromium: [chromium.1, chromium.2]
for (const run of runs) {
  const suite = run.split('.')[0];
  suites.set(suite, [...(suites.get(suite) ?? []), run]);
}
for (const [suite, parts] of suites) {
  const total = { passed: 0, skipped: 0, still: [], once: [] };
  const unfinished = [];
  for (const run of parts) {
    const counts = read(`${directory}/${run}.count`);
    if (!counts) {
      unfinished.push(run);
      continue;
    }
    const again = counts.failed > 0 ? read(`${directory}/${run}-rerun.count`) : null;
    const passedAgain = new Set(again?.passes ?? []);
    const once = counts.failures.filter(({ name }) => passedAgain.has(name));
    total.still.push(...counts.failures.filter((failure) => !once.includes(failure)));
    total.once.push(...once);
    total.passed += counts.passed + once.length;
    total.skipped += counts.skipped;
  }
  const { still, once } = total;
  const finished = unfinished.length ? ` (${unfinished.join(', ')} did not finish: no counts)` : '';
  console.log(`${suite}: ${total.passed} passed${once.length ? ` (${once.length} flaky)` : ''}, ${still.length} failed, ${total.skipped} skipped${finished}`);
  for (const { name, error } of still) console.log(`  \u2716 ${name}: ${error}`);
  for (const { name, error } of once) console.log(`  flaky (failed, then passed when run again) ${name}: ${error}`);
  passed += total.passed;
  failed += still.length + unfinished.length;
  flaky += once.length;
}
console.log(`${passed} passed${flaky ? ` (${flaky} flaky)` : ''}, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
