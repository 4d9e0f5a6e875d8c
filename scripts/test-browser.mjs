// `npm run test:browser [-- --browsers chromium,firefox] [web-test-runner options]`: the browser
// suites in each browser, inside the loopback-only network namespace. `--browsers` (or
// RC_BROWSERS) picks the browsers; web-test-runner's own `--browsers` option is for its
// Playwright launcher, so it is taken off here and handed to web-test-runner.config.mjs as
// RC_BROWSERS. The default is every browser, one after the other.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const env = { ...process.env };
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
// One web-test-runner run per browser, one after the other: each gets the files it runs
// (web-test-runner.config.mjs: FIREFOX_NOT_YET), and both would share one Kamailio anyway.
// Each run adds its counts to a file; the total is the closing line.
const summary = join(mkdtempSync(join(tmpdir(), 'rc-browser-')), 'summary.jsonl');
let status = 0;
for (const browser of browsers) {
  const result = spawnSync(process.execPath, ['scripts/in-loopback-namespace.mjs', 'node_modules/.bin/web-test-runner', ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, RC_BROWSERS: browser, RC_SUMMARY_FILE: summary },
  });
  if (result.status !== 0) status = result.status ?? 1;
}
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = existsSync(summary) ? readFileSync(summary, 'utf8').split('\n').filter(Boolean) : [];
for (const line of lines) for (const key of Object.keys(totals)) totals[key] += JSON.parse(line)[key];
// A browser whose run printed no counts (it did not start) failed.
if (lines.length < browsers.length) status ||= 1;
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
process.stdout.write(`\nbrowser: ${totals.passed} passed, ${totals.failed} failed${skipped}\n`);
process.exit(status);
