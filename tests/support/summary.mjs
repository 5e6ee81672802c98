// The closing lines of `make test-e2e`: one line per engine run ("chromium: 40 passed, 0 failed,
// 1 skipped", from tests/support/count.mjs's files) with a line for each failure and the start of
// its error, then "N passed, N failed" over all of them. A test that failed and then passed when
// run again (tests/support/rerun.mjs) is counted as passed and listed as flaky, with its first
// error, so that CI's tail says what went wrong once; a test that failed twice has failed.
// Exits non-zero if a test failed or a run wrote no counts (it crashed before the end).
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
for (const run of runs) {
  const counts = read(`${directory}/${run}.count`);
  if (!counts) {
    console.log(`${run}: did not finish (no counts)`);
    failed += 1;
    continue;
  }
  const again = counts.failed > 0 ? read(`${directory}/${run}-rerun.count`) : null;
  const passedAgain = new Set(again?.passes ?? []);
  const once = counts.failures.filter(({ name }) => passedAgain.has(name));
  const still = counts.failures.filter((failure) => !once.includes(failure));
  const runPassed = counts.passed + once.length;
  console.log(`${run}: ${runPassed} passed${once.length ? ` (${once.length} flaky)` : ''}, ${still.length} failed, ${counts.skipped} skipped`);
  for (const { name, error } of still) console.log(`  \u2716 ${name}: ${error}`);
  for (const { name, error } of once) console.log(`  flaky (failed, then passed when run again) ${name}: ${error}`);
  passed += runPassed;
  failed += still.length;
  flaky += once.length;
}
console.log(`${passed} passed${flaky ? ` (${flaky} flaky)` : ''}, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
