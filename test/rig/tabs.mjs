// More browser tabs for one test: pages opened in the test page's browser context, so they
// share its origin's localStorage, Web Locks and BroadcastChannels as real tabs of one
// browser profile do. Each loads test/e2e/fixtures/tab.html and is driven through its
// `window.rcTab` (rig actions 'tab-open', 'tab-call' → `{ value }`, 'tab-front', 'tab-close', 'tab-crash';
// see wtr-plugin.mjs).
import { firefoxContentPid } from './firefox.mjs';
import { grantMicrophone } from './permissions.mjs';

const FIXTURE = '/test/e2e/fixtures/tab.html';

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function tabRig() {
  /** id → { page, owner: the test session that opened it } */
  const tabs = new Map();
  let opened = 0;

  const close = async (id) => {
    const tab = tabs.get(id);
    if (!tab) return false;
    tabs.delete(id);
    // Closing without beforeunload handlers, like a user closing the tab: the page gets no
    // chance to hang up or un-REGISTER, and its Web Locks are released.
    // Nothing is brought in front after: in Firefox that can cut the closing page's last
    // messages (its un-REGISTER did not reach the registrar in 5 of 6 runs). Firefox selects
    // the tab that opened it, the test page, by itself.
    if (!tab.page.isClosed()) await tab.page.close();
    return true;
  };

  return {
    /**
     * Closes tabs left by test files that have finished (a failed test may not reach its
     * cleanup): a leftover tab would keep leading its device for the next file's providers.
     */
    async closeStale(sessionId) {
      for (const [id, tab] of [...tabs]) if (tab.owner !== sessionId) await close(id);
    },
    async closeAll() {
      await Promise.all([...tabs.keys()].map(close));
    },
    async command(action, payload, session) {
      switch (action) {
        case 'tab-open': {
          const testPage = session.browser.getPage(session.id);
          const browser = testPage.browser();
          // The same real permission grant as the test page (web-test-runner.config.mjs createPage).
          await grantMicrophone(browser, new URL(testPage.url()).origin);
          const page = await browser.defaultBrowserContext().newPage();
          const id = `tab-${++opened}`;
          tabs.set(id, { page, owner: session.id });
          await page.goto(new URL(FIXTURE, testPage.url()).href);
          await page.waitForFunction(() => window.rcTab !== undefined, { timeout: 15_000 });
          await testPage.bringToFront();
          return id;
        }
        case 'tab-call': {
          const tab = tabs.get(payload.tab);
          if (!tab) throw new Error(`No open tab ${payload.tab}`);
          // Wrapped: a bare undefined or null tells the test runner that no plugin handled the command.
          return { value: await tab.page.evaluate((method, args) => window.rcTab[method](...args), payload.method, payload.args ?? []) };
        }
        case 'tab-close':
          return close(payload.tab);
        case 'tab-front': {
          // The user switches to this tab: the test page is hidden until the tab closes.
          const tab = tabs.get(payload.tab);
          if (!tab) throw new Error(`No open tab ${payload.tab}`);
          await tab.page.bringToFront();
          return true;
        }
        case 'tab-crash': {
          // The renderer dies at once: no pagehide, no goodbye, like a tab killed by the
          // operating system.
          const tab = tabs.get(payload.tab);
          if (!tab) throw new Error(`No open tab ${payload.tab}`);
          if (tab.page.browser().protocol === 'webDriverBiDi') {
            // Firefox: SIGKILL to the tab's content process. Firefox gives a site several
            // processes, so this tab normally has its own; if it shares the test page's, the
            // test page would die too, so that is an error, not a silent pass.
            const pid = await firefoxContentPid(tab.page);
            const testPid = await firefoxContentPid(session.browser.getPage(session.id));
            if (!pid || pid === testPid) throw new Error(`tab-crash: the tab's content process (${pid}) is not its own (test page: ${testPid})`);
            process.kill(pid, 'SIGKILL');
            // kill(pid, 0) succeeds until Firefox, its parent, has reaped the process.
            while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
            return true;
          }
          // Chromium: CDP Page.crash.
          const cdp = await tab.page.createCDPSession();
          const crashed = new Promise((resolve) => tab.page.once('error', resolve));
          // Never answered: the renderer that would answer is gone. Puppeteer reports the crash.
          cdp.send('Page.crash').catch(() => undefined);
          await crashed;
          return true;
        }
        default:
          throw new Error(`Unknown rig action ${action}`);
      }
    },
  };
}
