// A node:test reporter that counts the tests that passed, failed and were skipped, and writes
// them as one JSON line at the end, with the names of the tests that passed, and each failure's
// name, file and the start of its error
// (tests/support/summary.mjs adds the runs up and repeats the failures where CI's tail shows them;
// tests/support/rerun.mjs runs the failures again).

export default async function* count(source) {
  const totals = { passed: 0, failed: 0, skipped: 0, failures: [], passes: [] };
  for await (const { type, data } of source) {
    if ((type !== 'test:pass' && type !== 'test:fail') || data.details?.type === 'suite') continue;
    if (data.skip !== undefined || data.todo !== undefined) totals.skipped += 1;
    else if (type === 'test:pass') {
      totals.passed += 1;
      totals.passes.push(data.name);
    } else {
      totals.failed += 1;
      const error = data.details?.error;
      const message = String(error?.cause?.message ?? error?.cause ?? error?.message ?? error);
      // An assertion's diff says what was found only after its "+ actual - expected" header.
      const lines = message.split('\n').map((line) => line.trim()).filter((line) => line && !/^(\+ actual - expected|[[\]{}])$/.test(line));
      totals.failures.push({ name: data.name, file: data.file, error: lines.slice(0, 8).join(' / ').slice(0, 800) });
    }
  }
  yield `${JSON.stringify(totals)}\n`;
}
