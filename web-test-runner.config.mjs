import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { CHROMIUM_PATH, chromiumFlags } from './test/rig/chromium-flags.mjs';
import { jssipPlugin } from './test/rig/jssip-plugin.mjs';
import { adaptFirefoxPage, firefoxLaunchOptions } from './test/rig/firefox.mjs';
import { grantMicrophone } from './test/rig/permissions.mjs';
import { ringcentralSdkPlugin } from './test/rig/ringcentral-sdk-plugin.mjs';
import { rigPlugin } from './test/rig/wtr-plugin.mjs';
import { sipjsPlugin } from './test/rig/sipjs-plugin.mjs';
import { summaryReporter } from './test/rig/summary-reporter.mjs';

// scripts/test-browser.mjs gives each browser's run its own folder (the runs go side by side).
const logDir = process.env.RC_LOG_DIR ?? fileURLToPath(new URL('./test-results', import.meta.url));
mkdirSync(logDir, { recursive: true });

// The suites run in every browser of RC_BROWSERS (default: all). Local runs pick with
// `npm run test:browser -- --browsers firefox` (scripts/test-browser.mjs sets RC_BROWSERS:
// web-test-runner's own --browsers option is for its Playwright launcher).
const BROWSERS = ['chromium', 'firefox'];
const chosen = process.env.RC_BROWSERS?.split(',').filter(Boolean) ?? BROWSERS;
const unknown = chosen.filter((name) => !BROWSERS.includes(name));
if (unknown.length > 0 || chosen.length === 0) throw new Error(`RC_BROWSERS takes a comma-separated list of ${BROWSERS.join(', ')}; got ${chosen.join(',')}`);

const launchers = {
  chromium: () =>
    chromeLauncher({
      // The microphone is granted through the real permission system (not the auto-accepting
      // fake prompt), so a test can revoke it: rig action 'microphone' (test/rig/wtr-plugin.mjs).
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: chromiumFlags.filter((flag) => !flag.startsWith('--use-fake-ui-for-media-stream')),
      },
      async createPage({ browser, context }) {
        await grantMicrophone(browser);
        return context.newPage();
      },
    }),
  // Firefox ESR over WebDriver BiDi through WTR's puppeteer launcher with puppeteer-core
  // (test/rig/firefox.mjs). The grant is per origin over BiDi: the test server's.
  firefox: () =>
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: firefoxLaunchOptions(),
      async createPage({ config, browser, context }) {
        await grantMicrophone(browser, `http://${config.hostname}:${config.port}`);
        return adaptFirefoxPage(await context.newPage());
      },
    }),
};

/**
 * The one file a Firefox run leaves out (README, "Firefox: open"): when a tab is closed in
 * Firefox, the un-REGISTER its page sends in pagehide does not reach the registrar (4 of 5
 * runs: Kamailio receives no REGISTER with Expires: 0), so the binding stays until it
 * expires. Named here, not skipped, so each Firefox run says so.
 */
const NOT_IN_FIREFOX = ['test/e2e/tabs-close.test.ts'];
const onlyFirefox = chosen.length === 1 && chosen[0] === 'firefox';
if (onlyFirefox) console.log(`Not run in Firefox (README, "Firefox: open"): ${NOT_IN_FIREFOX.join(', ')}`);

export default {
  files: ['src/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/screens/**/*.test.ts', ...(onlyFirefox ? NOT_IN_FIREFOX.map((file) => `!${file}`) : [])],
  nodeResolve: true,
  reporters: [defaultReporter(), summaryReporter({ logDir })],
  // One page at a time: call tests share one Kamailio and the 2-core machine.
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 30_000, slow: 5_000 } },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    rigPlugin({ logDir }),
    sipjsPlugin(),
    jssipPlugin(),
    ringcentralSdkPlugin(),
  ],
  browsers: chosen.map((name) => launchers[name]()),
  // Sequential browsers: both would share one Kamailio and the same test accounts.
  concurrentBrowsers: 1,
  // Fails any test during which a promise rejection went unhandled (see test/rig/guard.js).
  testRunnerHtml: (testFramework) => `<!doctype html><html><body>
    <script src="/test/rig/guard.js"></script>
    <script type="module" src="${testFramework}"></script>
  </body></html>`,
};
