import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { CACHE_PREFIX } from '../../src/providers/ringcentral/login-state.js';
import type { PhoneError } from '../../src/core/errors.js';
import { nextEvent, waitFor } from '../rig/phone-rig.js';
import {
  ALICE_OWNER_ID,
  CLIENT_ID,
  FIXTURES,
  mountRingCentral,
  unmountRingCentral,
  clearStorage,
  emulator,
  emulatorLog,
  obtainCode,
  tokenRequests,
  resetEmulator,
  restStatus,
  setFaults,
  storedTokens,
  mountWithCode,
  authOn,
  signedInAuth,
  disposeAuths,
} from './ringcentral-rig.js';

/**
 * Hostile pages and racing clocks around the RingCentral session (src/providers/ringcentral),
 * with the real SDK against the platform emulator. A `RingCentralAuth` in this page and the
 * app of test/e2e/ringcentral-fixtures/app.html in an iframe stand for two tabs of one
 * profile: they share localStorage, its `storage` events and Web Locks.
 */
const EXTENSION = '/restapi/v1.0/account/~/extension/~';
const TOKEN = '/restapi/oauth/token';
const PROVISION = '/restapi/v1.0/client-info/sip-provision';
const frames: HTMLIFrameElement[] = [];

/** The fixture app in a frame of this page, with `params` in its URL; `provider()` reads its provider. */
function frameApp(params: Record<string, string>): { frame: HTMLIFrameElement; provider: () => RcPhoneProvider | null | undefined } {
  const app = new URL(`${FIXTURES}/app.html`);
  for (const [name, value] of Object.entries(params)) app.searchParams.set(name, value);
  const frame = document.createElement('iframe');
  frame.src = app.href;
  frames.push(frame);
  document.body.append(frame);
  return { frame, provider: () => frame.contentDocument?.querySelector('rc-phone-provider') };
}

/** The app in another "tab", signed in from the shared storage. */
async function appTab(server: string): Promise<RcPhoneProvider> {
  const { provider } = frameApp({ server, 'client-id': CLIENT_ID, 'redirect-uri': `${FIXTURES}/capture.html`, 'tab-sharing': 'off' });
  // Registered: its sip-provision is done, so the only refresh in flight is the one a test starts.
  await waitFor(() => provider()?.snapshot.registration === 'registered', 'the other tab signs in', 20_000);
  return provider()!;
}

const refreshes = async (server: string): Promise<number[]> =>
  tokenRequests(await emulatorLog(server))
    .filter((e) => e.grant_type === 'refresh_token')
    .map((e) => e.status);

/**
 * Every string reachable from `value`: own properties (also non-enumerable ones, such as an
 * Error's `cause`), and the URL and headers of fetch Requests and Responses — what a page
 * script could read from an event's detail.
 */
function reachableText(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  if (value instanceof Headers) return [...value].flat();
  const found: string[] = value instanceof Request || value instanceof Response ? [value.url, ...reachableText(value.headers, seen)] : [];
  for (const key of Object.getOwnPropertyNames(value)) found.push(key, ...reachableText((value as Record<string, unknown>)[key], seen));
  return found;
}

/** Whether a refresh holds the cross-tab lock (it is in flight at the platform). */
const refreshHeld = async (): Promise<boolean> => ((await navigator.locks.query()).held ?? []).some((lock) => lock.name?.startsWith(`${CACHE_PREFIX}refresh:`));

describe('RingCentral session under attack and races', () => {
  let server: string;
  beforeEach(async () => {
    clearStorage();
    server = await emulator();
    await resetEmulator(server);
  });
  afterEach(async () => {
    await unmountRingCentral();
    disposeAuths();
    for (const frame of frames.splice(0)) frame.remove();
    clearStorage();
  });

  describe('sign-out racing a refresh (Medium 5)', () => {
    it('in the same tab: the refreshed tokens are revoked and cleared, not stored after the sign-out', async () => {
      const one = await signedInAuth(server);
      await setFaults(server, { expireAccessTokens: true, delay: { path: TOKEN, ms: 1500 } });
      // A REST call meets 401: the SDK refreshes; the platform has rotated the tokens, the answer is on its way.
      const call = one.platform.get(EXTENSION).catch(() => undefined);
      await waitFor(refreshHeld, 'the refresh in flight');
      await one.logout();
      await call;
      expect(one.state).to.equal('signed-out');
      expect(storedTokens()).to.deep.equal({});
      expect(Object.keys(localStorage).filter((key) => key.startsWith(CACHE_PREFIX))).to.deep.equal([]);
    });

    it('in another tab: the refresh lands first, its tokens are revoked, and neither tab is signed back in', async function () {
      this.timeout(30_000);
      const one = await signedInAuth(server);
      const other = await appTab(server);
      await setFaults(server, { expireAccessTokens: true, delay: { path: TOKEN, ms: 1500 } });
      let refreshed: string | undefined;
      // This tab's refresh is in flight while the other tab signs out.
      const call = one.platform.get(EXTENSION).then(
        async () => (refreshed = (await one.platform.auth().data()).access_token),
        () => undefined,
      );
      await waitFor(refreshHeld, 'the refresh in flight');
      const events = (frames[0]!.contentWindow as Window & { rcEvents: { type: string; detail: { status?: string } }[] }).rcEvents;
      const before = events.length;
      expect(await other.logout()).to.equal(true);
      await call;
      await waitFor(() => one.state === 'signed-out' && other.auth.status === 'signed-out', 'both tabs signed out');
      expect(storedTokens()).to.deep.equal({});
      // Whatever token the refresh brought, the platform no longer takes it.
      if (refreshed) expect(await restStatus(server, refreshed)).to.equal(401);
      // The other tab never took the refreshed tokens as a new sign-in, and nobody spent the refresh token again.
      expect(
        events
          .slice(before)
          .filter((e) => e.type !== 'rc-registration-change')
          .map((e) => `${e.type} ${e.detail.status ?? ''}`.trim()),
      ).to.deep.equal(['rc-auth-change signed-out', 'rc-logout']);
      expect(await refreshes(server)).to.deep.equal([200]);
    });
  });

  describe('what rc-error carries of a failed platform request (Low 7)', () => {
    it('a REST failure: status and error code, not the request with its bearer token', async () => {
      await setFaults(server, { noVoip: ALICE_OWNER_ID });
      const failed = nextEvent(document.body, 'rc-error');
      await mountWithCode({ server });
      const { detail } = await failed;
      expect(detail.code).to.equal('voip-unavailable');
      expect(detail.error.cause).to.deep.equal({ status: 403, errorCode: 'SPR-101' });
      const token = storedTokens().access_token!;
      expect(token).to.be.a('string').and.not.equal('');
      const text = [...reachableText(detail), JSON.stringify(detail)].join('\n');
      expect(text).to.not.include(token);
      expect(text.toLowerCase()).to.not.include('bearer');
    });

    it('a token request failure: not the request with Basic client credentials (the client secret)', async () => {
      await setFaults(server, { unavailable: { path: TOKEN } });
      const failed = nextEvent(document.body, 'rc-error');
      await mountRingCentral({
        server,
        configure: (el) => {
          el.clientId = 'rc-kit-jwt-client';
          el.clientSecret = 'rc-kit-jwt-secret';
          el.jwt = 'rc-kit-test-jwt-alice';
          el.allowJwtLogin = true;
        },
      });
      const { detail } = await failed;
      expect(detail.code).to.equal('unavailable');
      expect(detail.error.cause).to.deep.include({ status: 503 });
      const text = [...reachableText(detail), JSON.stringify(detail)].join('\n');
      for (const secret of ['rc-kit-jwt-secret', btoa('rc-kit-jwt-client:rc-kit-jwt-secret'), 'rc-kit-test-jwt-alice']) expect(text).to.not.include(secret);
    });
  });

  it('refuses an http:// RingCentral server on another computer (invalid-configuration) unless allow-insecure (Low 8)', async () => {
    const failed = nextEvent(document.body, 'rc-error');
    const { provider } = await mountRingCentral({ server: 'http://platform.example.test' });
    const { detail } = await failed;
    expect(detail.code).to.equal('invalid-configuration');
    expect(detail.error.message).to.include('https://');
    expect(provider.auth.ready).to.equal(false);
    provider.allowInsecure = true;
    await waitFor(() => provider.auth.ready, 'the session starts once allow-insecure is set');
    expect(provider.auth.status).to.equal('signed-out');
  });

  it('a 400 on sip-provision is reported, and the user stays signed in: only a session-ending answer signs out (Low 12)', async () => {
    await setFaults(server, { invalidBody: { path: PROVISION } });
    const failed = nextEvent(document.body, 'rc-error');
    const { provider } = await mountWithCode({ server });
    const { detail } = await failed;
    expect(detail.code).to.equal('credentials-failed');
    expect(detail.error.statusCode).to.equal(400);
    expect(provider.auth.status).to.equal('signed-in');
    expect(storedTokens().refresh_token).to.be.a('string').and.not.equal('');
  });

  describe('blocked or full localStorage (Low 15)', () => {
    /** This window, but with `localStorage` replaced as `storage()` says (a getter that may throw, as a blocked one does). */
    const windowWith = (storage: () => Storage): Window =>
      new Proxy(window, {
        get(target, name) {
          if (name === 'localStorage') return storage();
          const value = Reflect.get(target, name) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });

    it('blocked (site data blocked): storage-unavailable, which says what to do; no session', async () => {
      const blocked = windowWith(() => {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      });
      const failed = nextEvent(document.body, 'rc-error');
      const { provider } = await mountRingCentral({ server, options: { window: blocked } });
      const { detail } = await failed;
      expect(detail.code).to.equal('storage-unavailable');
      expect(detail.error.solutions.join(' ')).to.include('Allow cookies and site data');
      expect(provider.auth.ready).to.equal(false);
    });

    it('full when the tokens arrive: storage-unavailable, signed out, nothing of the sign-in left in storage', async () => {
      const full = new Proxy(localStorage, {
        get(target, name) {
          if (name === 'setItem')
            return (key: string, value: string) => {
              if (key === `${CACHE_PREFIX}platform`) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
              target.setItem(key, value);
            };
          const value = Reflect.get(target, name) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      const failed = nextEvent(document.body, 'rc-error');
      const { provider } = await mountWithCode({ server, options: { window: windowWith(() => full) } });
      const { detail } = await failed;
      expect(detail.code).to.equal('storage-unavailable');
      expect(detail.error.solutions.join(' ')).to.include('clear this site’s data');
      expect(provider.auth.status).to.equal('signed-out');
      expect(Object.keys(localStorage).filter((key) => key.startsWith(CACHE_PREFIX))).to.deep.equal([]);
      expect(tokenRequests(await emulatorLog(server)).map((e) => [e.grant_type, e.status])).to.deep.equal([['authorization_code', 200]]);
    });
  });

  it('popup sign-in: an answer forged by another window is ignored, and attempts leave no listener behind (Low 14)', async function () {
    this.timeout(20_000);
    // A popup the test controls: the kit opens it and sends it to the authorize page (nowhere here).
    const popup = { closed: false, close: () => (popup.closed = true), location: { replace: () => undefined } };
    const win = new Proxy(window, {
      get(target, name) {
        if (name === 'open') return () => popup;
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const one = authOn(server, { window: win, redirectUri: `${FIXTURES}/capture.html` });
    const { code } = await obtainCode(server);
    let abortListeners = 0;
    const { addEventListener: add, removeEventListener: remove } = AbortSignal.prototype;
    AbortSignal.prototype.addEventListener = function (this: AbortSignal, ...args: Parameters<AbortSignal['addEventListener']>) {
      if (args[0] === 'abort') abortListeners++;
      add.apply(this, args);
    };
    AbortSignal.prototype.removeEventListener = function (this: AbortSignal, ...args: Parameters<AbortSignal['removeEventListener']>) {
      if (args[0] === 'abort') abortListeners--;
      remove.apply(this, args);
    };
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        popup.closed = false;
        const outcome = one.loginWithPopup().then(
          () => 'signed in',
          (error: PhoneError) => error.code,
        );
        await waitFor(() => one.state === 'signing-in', 'the sign-in starts');
        // Another window (this page, a frame, an opener) posts an answer in the popup's shape.
        window.postMessage({ RCAuthorizationResponse: `?code=${encodeURIComponent(code)}&state=forged` }, location.origin);
        await new Promise((resolve) => window.addEventListener('message', resolve, { once: true }));
        expect(one.state).to.equal('signing-in');
        popup.closed = true;
        expect(await outcome).to.equal('login-cancelled');
      }
    } finally {
      AbortSignal.prototype.addEventListener = add;
      AbortSignal.prototype.removeEventListener = remove;
    }
    expect(abortListeners).to.equal(0);
    expect(tokenRequests(await emulatorLog(server))).to.deep.equal([]);
  });

  it('a page whose own URL has ?code= and ?error=, with no sign-in pending, is neither rewritten nor told of an error (Low 11)', async () => {
    const { frame, provider } = frameApp({ server, 'client-id': CLIENT_ID, 'redirect-uri': `${FIXTURES}/app.html`, code: 'the-page-own', error: 'none' });
    await waitFor(() => provider()?.auth.ready === true, 'the app starts');
    expect(frame.contentWindow!.location.search).to.include('code=the-page-own');
    const events = (frame.contentWindow as Window & { rcEvents: { type: string }[] }).rcEvents;
    expect(events.filter((e) => e.type === 'rc-error')).to.deep.equal([]);
    expect(provider()!.auth.status).to.equal('signed-out');
    expect(tokenRequests(await emulatorLog(server))).to.deep.equal([]);
  });

  it('a client secret warns once that it is in the page; a posted callbackUri without a PKCE verifier signs in with it, and warns (Low 9)', async function () {
    this.timeout(30_000);
    const { answer, redirectUri } = await obtainCode(server, { clientId: 'rc-kit-jwt-client', withoutPkce: true });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const { provider } = await mountRingCentral({
        server,
        redirectUri,
        configure: (el) => {
          el.clientId = 'rc-kit-jwt-client';
          el.clientSecret = 'rc-kit-jwt-secret';
        },
      });
      await waitFor(() => provider.auth.ready, 'the provider is ready');
      const registered = nextEvent(provider, 'rc-registration-change', (e) => e.detail.state === 'registered', 30_000);
      // Embeddable's callbackUri form: the whole redirect URL, from this page's own origin.
      window.postMessage({ type: 'rc-adapter-authorization-code', callbackUri: `${redirectUri}${answer}` }, location.origin);
      await registered;
    } finally {
      console.warn = warn;
    }
    const log = tokenRequests(await emulatorLog(server));
    expect(log.map((e) => [e.grant_type, e.status, e.sent])).to.deep.equal([['authorization_code', 200, ['code']]]);
    expect(warnings.filter((line) => line.includes('goes with every token request'))).to.have.length(1);
    expect(warnings.filter((line) => line.includes('without a PKCE verifier'))).to.have.length(1);
  });

  it('a corrupted stored token record is dropped: signed out without an error, and signing in works again', async function () {
    this.timeout(30_000);
    const { code, pkce, redirectUri } = await obtainCode(server);
    for (const corrupted of ['{"access_token":"abc","refresh_tok', '[1]']) {
      localStorage.setItem(`${CACHE_PREFIX}platform`, corrupted);
      const errors: string[] = [];
      const onError = (event: HTMLElementEventMap['rc-error']): number => errors.push(event.detail.code);
      document.body.addEventListener('rc-error', onError);
      try {
        const { provider } = await mountRingCentral({ server, redirectUri });
        await waitFor(() => provider.auth.ready, 'the provider starts');
        expect(provider.auth.status).to.equal('signed-out');
        expect(localStorage.getItem(`${CACHE_PREFIX}platform`)).to.equal(null);
        expect(errors).to.deep.equal([]);
      } finally {
        document.body.removeEventListener('rc-error', onError);
        await unmountRingCentral();
      }
    }
    localStorage.setItem(`${CACHE_PREFIX}platform`, '{"access_token":"abc","refresh_tok');
    const { provider } = await mountRingCentral({ server, redirectUri });
    const registered = nextEvent(provider, 'rc-registration-change', (e) => e.detail.state === 'registered', 20_000);
    const failed = nextEvent(provider, 'rc-error', () => true, 20_000).then((e) => {
      throw new Error(`sign-in failed: ${e.detail.code}`);
    });
    provider.codeVerifier = pkce.verifier;
    provider.authorizationCode = code;
    await Promise.race([registered, failed]);
    failed.catch(() => undefined);
  });
});
