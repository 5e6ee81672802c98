// The closing lines of `make test-e2e`: one line per engine run ("chromium: 40 passed, 0 failed,
// 1 skipped", from tests/support/count.mjs's files) with a line for each failure and the start of
// its error, then "N passed, N failed" over all of them.
// Exits non-zero if a test failed or a run wrote no counts (it crashed before the end).
// Usage: node tests/support/summary.mjs <directory> <run>...

import { readFileSync } from 'node:fs';

const [directory, ...runs] = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const run of runs) {
  let counts;
  try {
    counts = JSON.parse(readFileSync(`${directory}/${run}.count`, 'utf8'));
  } catch {
    console.log(`${run}: did not finish (no counts)`);
    failed += 1;
    continue;
  }
  console.log(`${run}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  for (const { name, error } of counts.failures ?? []) console.log(`  \u2716 ${name}: ${error}`);
  passed += counts.passed;
  failed += counts.failed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
