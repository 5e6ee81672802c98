// Runs again, once, in a fresh process and browser, the tests a run failed (its counts file from
// tests/support/count.mjs names them and their files); writes target/e2e/<run>-rerun.count.
// tests/support/summary.mjs counts a test that failed then passed as flaky (shown with its first
// error, not failed); one that fails twice fails. Nothing to do when the run failed nothing.
// Usage: node tests/support/rerun.mjs <directory> <run> <test script>
// (the engine and display come from the environment, as for the first run)

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const [directory, run, script] = process.argv.slice(2);
let failures;
try {
  ({ failures } = JSON.parse(readFileSync(`${directory}/${run}.count`, 'utf8')));
} catch {
  process.exit(0); // the run wrote no counts: the summary reports it as not finished
}
if (failures.length === 0) process.exit(0);

const escape = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const files = [...new Set(failures.map(({ file }) => file && basename(file)).filter(Boolean))];
console.log(`== ${run}: running the ${failures.length} failed test(s) again`);
const { status } = spawnSync(process.execPath, [
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=./tests/support/count.mjs', `--test-reporter-destination=${directory}/${run}-rerun.count`,
  ...failures.map(({ name }) => `--test-name-pattern=^${escape(name)}$`),
  script,
], { stdio: 'inherit', env: { ...process.env, ...(files.length && { E2E_FILES: files.join(',') }) } });
process.exitCode = status ?? 1;
