// Microphone permission through Chromium's real permission system (CDP Browser domain).
// Overrides last only while the DevTools session that set them stays attached, so one
// session per browser is kept for the whole run.
const sessions = new WeakMap();

function browserSession(browser) {
  let session = sessions.get(browser);
  if (!session) {
    session = browser.target().createCDPSession();
    sessions.set(browser, session);
  }
  return session;
}

export async function grantMicrophone(browser) {
  await (await browserSession(browser)).send('Browser.grantPermissions', { permissions: ['audioCapture'] });
}

/** `setting`: 'granted' | 'denied' | 'prompt', for one origin. */
export async function setMicrophone(browser, origin, setting) {
  await (await browserSession(browser)).send('Browser.setPermission', { permission: { name: 'microphone' }, setting, origin });
}
