// `npm run test:browser [-- --browsers chromium,firefox] [--sequential] [web-test-runner options]`:
// the browser suites in each browser, each inside its own loopback-only network namespace.
// `--browsers` (or RC_BROWSERS) picks the browsers; web-test-runner's own `--browsers` option is
// for its Playwright launcher, so it is taken off here and handed to web-test-runner.config.mjs
// as RC_BROWSERS.
//
// The browsers run at the same time: each run has its own namespace, so its own Kamailio, peers
// and ports, and its own log folder (test-results/<browser>/); most of a call test's time is
// waiting on the network and timers, so two runs share two cores well. Their output is kept in
// test-results/<browser>/output.txt and printed whole when the run ends, so the two do not
// interleave. `--sequential` runs them one after the other, printing as they go.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const env = { ...process.env };
const take = (flag) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args.splice(at, 1)[0] : undefined;
};
const sequential = take('--sequential') !== undefined;
const at = args.indexOf('--browsers');
if (at >= 0) {
  const [, list] = args.splice(at, 2);
  if (!list) {
    console.error('--browsers takes a comma-separated list: chromium,firefox');
    process.exit(2);
  }
  env.RC_BROWSERS = list;
}
const root = fileURLToPath(new URL('..', import.meta.url));
const browsers = (env.RC_BROWSERS ?? 'chromium,firefox').split(',').filter(Boolean);
// Each run adds its counts to a file; the total is the closing line.
const summary = join(mkdtempSync(join(tmpdir(), 'rc-browser-')), 'summary.jsonl');

/** One web-test-runner run; resolves with its exit status. */
function run(browser, { quiet }) {
  const logDir = join(root, 'test-results', browser);
  mkdirSync(logDir, { recursive: true });
  const started = Date.now();
  const child = spawn(process.execPath, ['scripts/in-loopback-namespace.mjs', 'node_modules/.bin/web-test-runner', ...args], {
    cwd: root,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: { ...env, RC_BROWSERS: browser, RC_SUMMARY_FILE: summary, RC_LOG_DIR: logDir },
  });
  const output = join(logDir, 'output.txt');
  if (quiet) {
    const file = createWriteStream(output);
    child.stdout.pipe(file);
    child.stderr.pipe(file);
  }
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const minutes = ((Date.now() - started) / 60_000).toFixed(1);
      if (quiet) process.stdout.write(`\n===== ${browser} (${minutes} min) =====\n${readFileSync(output, 'utf8')}`);
      else process.stdout.write(`\n${browser}: ${minutes} min\n`);
      resolve(code ?? 1);
    });
  });
}

const statuses = [];
if (sequential || browsers.length === 1) {
  for (const browser of browsers) statuses.push(await run(browser, { quiet: false }));
} else {
  statuses.push(...(await Promise.all(browsers.map((browser) => run(browser, { quiet: true })))));
}
let status = statuses.find((code) => code !== 0) ?? 0;
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = existsSync(summary) ? readFileSync(summary, 'utf8').split('\n').filter(Boolean) : [];
const failures = [];
for (const line of lines) {
  const run = JSON.parse(line);
  for (const key of Object.keys(totals)) totals[key] += run[key];
  failures.push(...run.failures.map((failure) => `  ✗ [${run.browser}] ${failure.split('\n')[0]}\n`));
}
// A browser whose run printed no counts (it did not start) failed.
if (lines.length < browsers.length) status ||= 1;
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
// Every failed test again, last, where a log cut to its end still shows it.
process.stdout.write(`\n${failures.join('')}browser: ${totals.passed} passed, ${totals.failed} failed${skipped}\n`);
process.exit(status);
