// Ends the browser run with one plain line, "browser: N passed, N failed", that CI and
// people can read without parsing the progress bar, after the name of each failed test
// (the progress output of a long run scrolls away; CI keeps only its end).
import { appendFileSync, writeFileSync } from 'node:fs';

function duration(suite) {
  let total = 0;
  for (const test of suite?.tests ?? []) total += test.duration ?? 0;
  for (const child of suite?.suites ?? []) total += duration(child);
  return total;
}

function count(suite, totals, failures, path) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else {
      totals.failed++;
      failures.push(`${[...path, test.name].join(' › ')}: ${test.error?.message ?? 'failed'}`);
    }
  }
  for (const child of suite?.suites ?? []) count(child, totals, failures, [...path, child.name]);
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
      const failures = [];
      for (const session of sessions) {
        const file = session.testFile.replace(process.cwd() + '/', '');
        count(session.testResults, totals, failures, [file]);
        // A file that failed to load or errored outside a test counts as a failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) {
          totals.failed++;
          failures.push(`${file}: ${session.errors.map((error) => error.message).join('; ')}`);
        }
      }
      const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
      // scripts/test-browser.mjs runs one browser at a time and prints the total of all.
      if (process.env.RC_SUMMARY_FILE)
        appendFileSync(process.env.RC_SUMMARY_FILE, `${JSON.stringify({ ...totals, failures, browser: process.env.RC_BROWSERS })}\n`);
      const label = process.env.RC_BROWSERS ?? 'browser';
      // The default reporter flushes its own summary after every reporter's stop(): print last.
      const failed = failures.map((line) => `  ✗ ${line.split('\n')[0]}\n`).join('');
      process.once('exit', () => process.stdout.write(`\n${failed}${label}: ${totals.passed} passed, ${totals.failed} failed${skipped}\n`));
    },
  };
}
