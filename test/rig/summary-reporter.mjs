// Ends the browser run with one plain line, "browser: N passed, N failed", that CI and
// people can read without parsing the progress bar.
import { appendFileSync, writeFileSync } from 'node:fs';

function duration(suite) {
  let total = 0;
  for (const test of suite?.tests ?? []) total += test.duration ?? 0;
  for (const child of suite?.suites ?? []) total += duration(child);
  return total;
}

function count(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite?.suites ?? []) count(child, totals);
  return totals;
}

/**
 * @param {{ logDir?: string }} [options] where to write `timings-<browser>.txt`: each file's
 *   summed test time, slowest first, to keep `npm test` under its time budget.
 */
export function summaryReporter({ logDir } = {}) {
  return {
    stop({ sessions }) {
      if (logDir) {
        const rows = sessions.map((session) => [duration(session.testResults), session.testFile]).sort((a, b) => b[0] - a[0]);
        const lines = rows.map(([ms, file]) => `${(ms / 1000).toFixed(1).padStart(7)} s  ${file.replace(process.cwd() + '/', '')}`);
        writeFileSync(`${logDir}/timings-${process.env.RC_BROWSERS ?? 'browser'}.txt`, `${lines.join('\n')}\n`);
      }
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
