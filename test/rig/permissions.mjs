// Microphone permission through the browser's real permission system, so a test can deny it.
//  - Chromium (CDP Browser domain): overrides last only while the DevTools session that set
//    them stays attached, so one session per browser is kept for the whole run.
//  - Firefox (per origin): its permission manager, written by privileged script over WebDriver
//    BiDi (test/rig/firefox.mjs); getUserMedia consults it before it would prompt.
import { setFirefoxPermission } from './firefox.mjs';

const sessions = new WeakMap();

function browserSession(browser) {
  let session = sessions.get(browser);
  if (!session) {
    session = browser.target().createCDPSession();
    sessions.set(browser, session);
  }
  return session;
}

const overBidi = (browser) => browser.protocol === 'webDriverBiDi';

/**
 * Grants the microphone; `origin` (the test server's) is needed over WebDriver BiDi, which has no
 * "every origin", and so is the browser `context` when it is not the default one.
 */
export async function grantMicrophone(browser, origin, context) {
  if (overBidi(browser)) return setFirefoxPermission(browser, origin, 'microphone', 'granted', context?.userContext.id);
  await (await browserSession(browser)).send('Browser.grantPermissions', { permissions: ['audioCapture'] });
}

/** `setting`: 'granted' | 'denied' | 'prompt', for one origin. */
export async function setMicrophone(browser, origin, setting) {
  if (overBidi(browser)) {
    await setFirefoxPermission(browser, origin, 'microphone', setting);
    return;
  }
  await (await browserSession(browser)).send('Browser.setPermission', { permission: { name: 'microphone' }, setting, origin });
}
