// `npm run test:browser [-- --browsers chromium,firefox] [web-test-runner options]`: the browser
// suites in each browser, inside the loopback-only network namespace. `--browsers` (or
// RC_BROWSERS) picks the browsers; web-test-runner's own `--browsers` option is for its
// Playwright launcher, so it is taken off here and handed to web-test-runner.config.mjs as
// RC_BROWSERS. The default is every browser, one after the other.
import { spawnSync } from 'node:child_process';
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
const result = spawnSync(process.execPath, ['scripts/in-loopback-namespace.mjs', 'node_modules/.bin/web-test-runner', ...args], {
  cwd: root,
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
