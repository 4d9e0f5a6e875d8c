// Firefox ESR for real WebRTC calls on loopback (see README, "How the tests run"): Debian's
// firefox-esr driven by puppeteer-core over WebDriver BiDi. Nothing downloads a browser.
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export const firefoxPrefs = {
  // Firefox's own mock sound devices (its test backend), like Chromium's fake devices: three
  // microphones that send a tone and two speakers. Without a sound backend (none here, nor in
  // CI) Firefox never starts an AudioContext (`resume()` stays pending). The microphone
  // permission goes through Firefox's permission manager (test/rig/permissions.mjs) so a test
  // can deny it; `media.navigator.permission.disabled` would allow every request, and
  // `media.navigator.streams.fake` would offer a single microphone.
  'media.cubeb.force_mock_context': true,
  // Like --allow-loopback-in-peer-connection: without it Firefox offers no 127.0.0.1 candidate.
  'media.peerconnection.ice.loopback': true,
  // Host candidates as addresses, not mDNS `.local` names that nothing resolves in the namespace.
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  // Ringtones and remote audio play without a user gesture (--autoplay-policy=no-user-gesture-required).
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  // Hygiene, as Chromium's --disable-background-networking: no update, telemetry, safe
  // browsing, captive-portal or connectivity checks (puppeteer's profile turns off most of
  // them already; these stay explicit).
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'app.update.auto': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
};

/** puppeteer-core launch options for Firefox ESR. */
export function firefoxLaunchOptions() {
  return {
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: firefoxPrefs,
    // Lets WebDriver BiDi run script in the browser's own (chrome) window: the rig needs it for
    // what Chromium does over CDP and BiDi cannot do yet — the microphone permission (BiDi
    // `permissions.setPermission` refuses "microphone", Mozilla bug 1609427) and killing one
    // tab's content process. Test profiles only; the BiDi socket listens on loopback.
    args: ['--remote-allow-system-access'],
  };
}

/** Runs `expression` (awaited) in Firefox's privileged browser window over BiDi; resolves with its JSON value. */
export async function inFirefoxChrome(browser, expression) {
  const connection = browser.connection;
  const { result: tree } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const window = tree.contexts[0]?.context;
  if (!window) throw new Error('Firefox has no browser window to run privileged script in');
  const { result } = await connection.send('script.evaluate', {
    expression: `(async () => JSON.stringify(await (${expression})))()`,
    target: { context: window },
    awaitPromise: true,
  });
  if (result.type !== 'success') throw new Error(`Firefox chrome script failed: ${result.exceptionDetails?.text ?? JSON.stringify(result)}`);
  return result.result.value === undefined ? undefined : JSON.parse(result.result.value);
}

/**
 * Sets an origin's permission in Firefox's permission manager, which getUserMedia consults before
 * prompting. Permissions are kept per user context (a BiDi browser context is one, like a
 * container): `userContext` is its BiDi id, default the default context's.
 */
export function setFirefoxPermission(browser, origin, type, setting, userContext = 'default') {
  const action = { granted: 'ALLOW_ACTION', denied: 'DENY_ACTION', prompt: 'PROMPT_ACTION' }[setting];
  if (!action) throw new Error(`Unknown permission setting ${setting}`);
  return inFirefoxChrome(
    browser,
    `(() => {
      const { UserContextManager } = ChromeUtils.importESModule('chrome://remote/content/shared/UserContextManager.sys.mjs');
      const userContextId = UserContextManager.getInternalIdById(${JSON.stringify(userContext)});
      const principal = Services.scriptSecurityManager.createContentPrincipal(Services.io.newURI(${JSON.stringify(origin)}), { userContextId });
      Services.perms.addFromPrincipal(principal, ${JSON.stringify(type)}, Services.perms.${action});
      return Services.perms.testPermissionFromPrincipal(principal, ${JSON.stringify(type)});
    })()`,
  );
}

/** The OS process id of the content process that renders `page` (puppeteer-core over BiDi). */
export function firefoxContentPid(page) {
  // The main frame's id is its WebDriver BiDi browsing context id (puppeteer keeps it as `_id`).
  const id = page.mainFrame()._id;
  return inFirefoxChrome(
    page.browser(),
    `(() => {
      const { NavigableManager } = ChromeUtils.importESModule('chrome://remote/content/shared/NavigableManager.sys.mjs');
      return NavigableManager.getBrowsingContextById(${JSON.stringify(id)})?.currentWindowGlobal?.osPid;
    })()`,
  );
}

/**
 * Fills in, on one puppeteer-core page of Firefox, what web-test-runner's commands call and
 * puppeteer does only over CDP, so the same tests run in both browsers:
 *  - `emulateMediaFeatures` (the `emulateMedia` command): Firefox's own per-tab override of
 *    `prefers-color-scheme`, the one devtools uses;
 *  - key names (the `sendKeys` command): puppeteer's BiDi keyboard knows the space bar only as ' '.
 */
export function adaptFirefoxPage(page) {
  const KEY_NAMES = { Space: ' ' };
  const keyboard = page.keyboard;
  for (const method of ['press', 'down', 'up']) {
    const original = keyboard[method].bind(keyboard);
    keyboard[method] = (key, ...rest) => original(KEY_NAMES[key] ?? key, ...rest);
  }
  page.emulateMediaFeatures = async (features = []) => {
    for (const { name, value } of features) {
      if (name !== 'prefers-color-scheme') throw new Error(`Firefox rig: emulating ${name} is not supported`);
      const override = value === 'light' || value === 'dark' ? value : 'none';
      await inFirefoxChrome(
        page.browser(),
        `(() => {
          const { NavigableManager } = ChromeUtils.importESModule('chrome://remote/content/shared/NavigableManager.sys.mjs');
          NavigableManager.getBrowsingContextById(${JSON.stringify(page.mainFrame()._id)}).top.prefersColorSchemeOverride = ${JSON.stringify(override)};
        })()`,
      );
    }
  };
  return page;
}
