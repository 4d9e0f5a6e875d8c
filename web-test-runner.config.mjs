import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_PATH, chromiumFlags } from './test/rig/chromium-flags.mjs';
import { jssipPlugin } from './test/rig/jssip-plugin.mjs';
import { grantMicrophone } from './test/rig/permissions.mjs';
import { ringcentralSdkPlugin } from './test/rig/ringcentral-sdk-plugin.mjs';
import { rigPlugin } from './test/rig/wtr-plugin.mjs';
import { sipjsPlugin } from './test/rig/sipjs-plugin.mjs';
import { summaryReporter } from './test/rig/summary-reporter.mjs';

const logDir = fileURLToPath(new URL('./test-results', import.meta.url));
mkdirSync(logDir, { recursive: true });

export default {
  files: ['src/**/*.test.ts', 'test/e2e/**/*.test.ts'],
  nodeResolve: true,
  reporters: [defaultReporter(), summaryReporter()],
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
  browsers: [
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
  ],
  // Fails any test during which a promise rejection went unhandled (see test/rig/guard.js).
  testRunnerHtml: (testFramework) => `<!doctype html><html><body>
    <script src="/test/rig/guard.js"></script>
    <script type="module" src="${testFramework}"></script>
  </body></html>`,
};
