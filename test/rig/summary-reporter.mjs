// Ends the browser run with one plain line, "browser: N passed, N failed", that CI and
// people can read without parsing the progress bar.
import { appendFileSync } from 'node:fs';
function count(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite?.suites ?? []) count(child, totals);
  return totals;
}

export function summaryReporter() {
  return {
    stop({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        count(session.testResults, totals);
        // A file that failed to load or errored outside a test counts as a failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) totals.failed++;
      }
      const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
      // scripts/test-browser.mjs runs one browser at a time and prints the total of all.
      if (process.env.RC_SUMMARY_FILE) appendFileSync(process.env.RC_SUMMARY_FILE, `${JSON.stringify(totals)}\n`);
      const label = process.env.RC_BROWSERS ?? 'browser';
      // The default reporter flushes its own summary after every reporter's stop(): print last.
      process.once('exit', () => process.stdout.write(`\n${label}: ${totals.passed} passed, ${totals.failed} failed${skipped}\n`));
    },
  };
}
