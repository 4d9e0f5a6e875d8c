// The RingCentral side of the rig: emulator options for the project's Kamailio, and a
// "user" who signs in on the emulator's sign-in page (in a popup or an iframe).
import { DEFAULT_USERS } from '../emulators/ringcentral/config.mjs';
import { accounts } from './kamailio.mjs';

// The emulator's users get the SIP accounts of RingCentral-style test users (accounts.json):
// alice → 17203861294*115, bob → 17203861294*116.
const RC_ACCOUNTS = accounts.accounts.filter((account) => account.user.includes('*'));

const hostPort = (wsUrl) => new URL(wsUrl).host;

/** Emulator options: real SIP credentials, plain ws:// (loopback) proxies, plus `extra`. */
export function ringcentralOptions(primaryUrl, backupUrl, extra = {}) {
  const users = DEFAULT_USERS.map((user, index) => {
    const account = RC_ACCOUNTS[index];
    return account
      ? { ...user, sip: { username: account.user, password: account.password, authorizationId: account.authUser, domain: accounts.domain } }
      : user;
  });
  return {
    users,
    ...extra,
    sip: { transport: 'WS', outboundProxy: hostPort(primaryUrl), outboundProxyBackup: hostPort(backupUrl), ...extra.sip },
  };
}

const AUTHORIZE_PATH = '/restapi/oauth/authorize';

/** The emulator's sign-in page, in any tab or frame of the test's browser. */
async function findSignInFrame(page, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const pages = await page.browser().pages();
    const frame = pages.flatMap((p) => p.frames()).find((f) => f.url().includes(AUTHORIZE_PATH));
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error('No RingCentral sign-in page opened');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Picks `user` on the sign-in page and presses Sign in (or Cancel with `decision: 'deny'`). */
export async function signInAt(page, { user, password, decision = 'approve', timeout = 15_000 }) {
  const frame = await findSignInFrame(page, timeout);
  await frame.waitForSelector('#approve', { timeout });
  if (user) await frame.select('#login', user);
  if (password) await frame.type('#password', password);
  await frame.click(decision === 'deny' ? '#deny' : '#approve');
}
