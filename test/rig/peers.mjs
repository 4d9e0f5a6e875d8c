// Independent far ends for the interop tests: each in a browser context of its own (its own
// storage, permissions and WebRTC stack instance, like another person's browser), loading a
// fixture page (test/e2e/fixtures/<kind>-peer.html) that is driven through its
// `window.rcPeer` (rig actions 'peer-open' → id, 'peer-call' → `{ value }`, 'peer-close').

import { grantMicrophone } from './permissions.mjs';

const FIXTURES = { jssip: '/test/e2e/fixtures/jssip-peer.html' };

export function peerRig() {
  /** id → { context, page, owner: the test session that opened it } */
  const peers = new Map();
  let opened = 0;

  const close = async (id) => {
    const peer = peers.get(id);
    if (!peer) return false;
    peers.delete(id);
    await peer.context.close().catch(() => undefined);
    return true;
  };

  return {
    /** Closes peers left by finished test files (a failed test may not reach its cleanup). */
    async closeStale(sessionId) {
      for (const [id, peer] of [...peers]) if (peer.owner !== sessionId) await close(id);
    },
    async closeAll() {
      await Promise.all([...peers.keys()].map(close));
    },
    async command(action, payload, session) {
      switch (action) {
        case 'peer-open': {
          const fixture = FIXTURES[payload.kind];
          if (!fixture) throw new Error(`No peer of kind ${payload.kind}`);
          const testPage = session.browser.getPage(session.id);
          const browser = testPage.browser();
          const context = await (browser.createBrowserContext?.() ?? browser.createIncognitoBrowserContext());
          const url = new URL(fixture, testPage.url());
          // Puppeteer's overridePermissions goes through BiDi `permissions.setPermission`, which
          // Firefox refuses for the microphone (Mozilla bug 1609427; test/rig/permissions.mjs).
          if (browser.protocol === 'webDriverBiDi') await grantMicrophone(browser, url.origin, context);
          else await context.overridePermissions(url.origin, ['microphone']);
          const page = await context.newPage();
          const id = `${payload.kind}-${++opened}`;
          peers.set(id, { context, page, owner: session.id });
          await page.goto(url.href);
          await page.waitForFunction(() => window.rcPeer !== undefined, { timeout: 15_000 });
          // The new tab took the front; the kit's page opens the microphone (Firefox lets only
          // the selected tab do that; the far end makes its audio with Web Audio).
          await testPage.bringToFront();
          return id;
        }
        case 'peer-call': {
          const peer = peers.get(payload.peer);
          if (!peer) throw new Error(`No open peer ${payload.peer}`);
          // Wrapped: a bare undefined tells the test runner that no plugin handled the command.
          return { value: await peer.page.evaluate((method, args) => window.rcPeer[method](...args), payload.method, payload.args ?? []) };
        }
        case 'peer-close':
          return close(payload.peer);
        default:
          throw new Error(`Unknown peer action ${action}`);
      }
    },
  };
}
