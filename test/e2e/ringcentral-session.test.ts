import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { connect, expectAudioFlowing, mountProvider, nextEvent, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';
import { countingClock } from './resilience-rig.js';
import {
  ALICE_OWNER_ID,
  ALICE_SIP,
  CLIENT_ID,
  FIXTURES,
  clearStorage,
  emulator,
  emulatorLog,
  mountRingCentral,
  obtainCode,
  resetEmulator,
  restStatus,
  setFaults,
  signInWithCode,
  startEmulator,
  storedKeys,
  storedTokens,
  tokenRequests,
  unmountRingCentral,
  mountWithCode,
} from './ringcentral-rig.js';

const PROVISION = '/restapi/v1.0/client-info/sip-provision';

/** Access tokens that live 70 s: the kit refreshes 65 s before expiry, so about 5 s after signing in. */
let shortLived: string | undefined;
async function shortLivedEmulator(): Promise<string> {
  shortLived ??= await startEmulator({ accessTokenTtl: 70 });
  await resetEmulator(shortLived);
  return shortLived;
}

const refreshes = async (server: string): Promise<number[]> =>
  tokenRequests(await emulatorLog(server))
    .filter((e) => e.grant_type === 'refresh_token')
    .map((e) => e.status);

describe('RingCentral session lifecycle', () => {
  beforeEach(async () => {
    clearStorage();
    await resetEmulator(await emulator());
  });
  afterEach(async () => {
    await unmountRingCentral();
    clearStorage();
  });

  it('refreshes the access token before it expires, with no REST call to prompt it', async function () {
    this.timeout(60_000);
    const server = await shortLivedEmulator();
    const { provider } = await signInWithCode({ server });
    const signedIn = Date.now();
    const before = storedTokens().access_token;

    await waitFor(async () => (await refreshes(server)).length > 0, 'a refresh by the kit’s timer', 30_000);
    expect(await refreshes(server)).to.deep.equal([200]);
    // From the emulator's log (same machine, same clock): the refresh came before the first
    // token's 70 s were up, and no request (CORS preflights aside) came between the sign-in
    // and the refresh to prompt it.
    const log = await emulatorLog(server);
    const [issued, refresh] = tokenRequests(log);
    expect([issued?.grant_type, refresh?.grant_type]).to.deep.equal(['authorization_code', 'refresh_token']);
    expect(refresh!.time - issued!.time).to.be.below(70_000);
    expect(log.filter((e) => e.time > signedIn && e.time < refresh!.time && e.method !== 'OPTIONS').map((e) => `${e.method} ${e.path}`)).to.deep.equal([]);
    const after = storedTokens().access_token;
    expect(after).to.be.a('string').and.not.equal(before);
    expect(provider.auth.status).to.equal('signed-in');
    expect(provider.snapshot.registration).to.equal('registered');
    // Rotation: the new token works, the old one died with the refresh.
    expect(await restStatus(server, after)).to.equal(200);
    expect(await restStatus(server, before)).to.equal(401);
  });

  it('keeps two tabs signed in when both refresh at once: one request, shared tokens', async function () {
    this.timeout(60_000);
    const server = await shortLivedEmulator();
    const app = new URL(`${FIXTURES}/app.html`);
    for (const [name, value] of Object.entries({ server, 'client-id': CLIENT_ID, 'redirect-uri': `${FIXTURES}/capture.html` }))
      app.searchParams.set(name, value);
    const tabs = [document.createElement('iframe'), document.createElement('iframe')];
    const providerOf = (tab: HTMLIFrameElement): RcPhoneProvider | null | undefined => tab.contentDocument?.querySelector('rc-phone-provider');
    try {
      for (const tab of tabs) {
        tab.src = app.href;
        document.body.append(tab);
      }
      await waitFor(() => tabs.every((tab) => providerOf(tab)?.auth.ready === true), 'both tabs load');
      // One tab signs in; the other takes the session from localStorage.
      const { code, pkce } = await obtainCode(server);
      providerOf(tabs[0]!)!.codeVerifier = pkce.verifier;
      providerOf(tabs[0]!)!.authorizationCode = code;
      await waitFor(() => tabs.every((tab) => providerOf(tab)?.snapshot.registration === 'registered'), 'both tabs registered', 30_000);

      // Both tabs' timers fire together; the Web Lock lets one refresh and the other find the new token.
      await waitFor(async () => (await refreshes(server)).length > 0, 'a refresh', 30_000);
      await waitFor(() => tabs.every((tab) => (tab.contentWindow as Window & { rcEvents: unknown[] }).rcEvents !== undefined), 'events recorded');
      const token = storedTokens().access_token;
      await waitFor(async () => (await restStatus(server, token)) === 200, 'the refreshed token works');
      expect(await refreshes(server)).to.deep.equal([200]);
      for (const tab of tabs) {
        expect(providerOf(tab)!.auth.status).to.equal('signed-in');
        const events = (tab.contentWindow as Window & { rcEvents: { type: string; detail: { code?: string } }[] }).rcEvents;
        expect(events.filter((e) => e.type === 'rc-error' || e.type === 'rc-logout')).to.deep.equal([]);
      }
    } finally {
      for (const tab of tabs) tab.remove();
    }
  });

  it('signs out cleanly when the session is revoked: event, storage cleared, sign-in button back', async function () {
    this.timeout(60_000);
    const server = await shortLivedEmulator();
    const { provider, login } = await signInWithCode({ server });
    const ended = nextEvent(provider, 'rc-auth-change', (e) => e.detail.status === 'signed-out', 30_000);
    const error = nextEvent(provider, 'rc-error', () => true, 30_000);
    const loggedOut = nextEvent(provider, 'rc-logout', () => true, 30_000);
    await setFaults(server, { revokeAll: true });

    expect((await ended).detail.reason).to.equal('session-ended');
    expect((await error).detail.code).to.equal('session-ended');
    expect((await loggedOut).detail.uri).to.equal(`sip:${ALICE_SIP}@127.0.0.1`);
    expect(storedKeys()).to.deep.equal([]);
    expect(await refreshes(server)).to.deep.equal([400]);
    await login.updateComplete;
    expect(login.shadowRoot!.querySelector('[part~="login-button"]')?.textContent).to.include('Sign in');
    expect(login.shadowRoot!.querySelector('[part~="error"]')?.textContent).to.include('signed out');
    expect(provider.phone).to.equal(undefined);
    await waitFor(async () => (await rigCommand<number>('contacts', { user: ALICE_SIP })) === 0, 'the registration is removed');
  });

  it('ends a session left unused past the refresh token’s life (7 days on RingCentral)', async function () {
    this.timeout(60_000);
    // Refresh tokens that live 8 s stand in for RingCentral's 7 days.
    const server = await startEmulator({ refreshTokenTtl: 8 });
    await signInWithCode({ server });
    await unmountRingCentral();
    const stored = JSON.parse(localStorage.getItem('rc-phone-kit:ringcentral:platform')!) as { refresh_token_expire_time: number };
    await waitFor(() => Date.now() > stored.refresh_token_expire_time, 'the refresh token expires while the page is closed', 15_000);

    const ended = nextEvent(document.body, 'rc-auth-change', (e) => e.detail.status === 'signed-out');
    const error = nextEvent(document.body, 'rc-error');
    const { provider } = await mountRingCentral({ server });
    expect((await ended).detail.reason).to.equal('session-ended');
    expect((await error).detail.error.message).to.include('7 days');
    expect(provider.auth.status).to.equal('signed-out');
    expect(storedKeys()).to.deep.equal([]);
    expect(tokenRequests(await emulatorLog(server)).map((e) => e.grant_type)).to.deep.equal(['authorization_code']);
  });

  it('waits out 429 Retry-After and a 503 on sip-provision, then registers', async function () {
    this.timeout(45_000);
    const server = await emulator();
    await setFaults(server, { rateLimit: { path: PROVISION, count: 1, retryAfter: 1 }, unavailable: { path: PROVISION, count: 1 } });
    await signInWithCode({ server });
    const provisions = (await emulatorLog(server)).filter((e) => e.method === 'POST' && e.path === PROVISION);
    expect(provisions.map((e) => [e.status, e.errorCode])).to.deep.equal([
      [429, 'CMN-301'],
      [503, 'CMN-201'],
      [200, undefined],
    ]);
    // The waits, by the emulator's own clock: Retry-After's 1 s after the 429, then 2 s of
    // backoff after the 503 (RFC 6585 §4, RFC 9110 §10.2.3).
    const gaps = provisions.slice(1).map((e, i) => e.time - provisions[i]!.time);
    expect(gaps[0], 'ms from the 429 to the next request').to.be.within(1000, 1900);
    expect(gaps[1], 'ms from the 503 to the next request').to.be.within(2000, 3900);
  });

  it('renews an access token the platform says expired on the next REST call', async function () {
    this.timeout(45_000);
    const server = await emulator();
    const { provider } = await signInWithCode({ server });
    await setFaults(server, { expireAccessTokens: true });
    // A new phone provisions again with the expired token: the SDK refreshes and retries.
    const registered = nextEvent(provider, 'rc-registration-change', (e) => e.detail.state === 'registered', 30_000);
    provider.iceServers = [];
    await registered;
    const provisions = (await emulatorLog(server)).filter((e) => e.method === 'POST' && e.path === PROVISION);
    expect(provisions.map((e) => [e.status, e.errorCode])).to.deep.equal([
      [200, undefined],
      [401, 'OAU-128'],
      [200, undefined],
    ]);
    expect(await refreshes(server)).to.deep.equal([200]);
  });

  it('explains a missing VoIP permission (403 SPR-101) and does not register', async () => {
    const server = await emulator();
    await setFaults(server, { noVoip: ALICE_OWNER_ID });
    const failed = nextEvent(document.body, 'rc-error');
    const { provider } = await mountWithCode({ server });
    const { detail } = await failed;
    expect(detail.code).to.equal('voip-unavailable');
    expect(detail.error.message).to.include('SPR-101');
    expect(detail.error.solutions.join(' ')).to.include('digital line');
    expect(provider.snapshot.registration).not.to.equal('registered');
    expect(await rigCommand('contacts', { user: ALICE_SIP })).to.equal(0);
  });

  it('signs in with a JWT only when allowed, and warns that it exposes the client secret', async () => {
    const server = await emulator();
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const refused = nextEvent(document.body, 'rc-error');
      await mountRingCentral({
        configure: (el) => {
          el.clientId = 'rc-kit-jwt-client';
          el.clientSecret = 'rc-kit-jwt-secret';
          el.jwt = 'rc-kit-test-jwt-alice';
        },
      });
      expect((await refused).detail.code).to.equal('invalid-configuration');
      await unmountRingCentral();
      expect(tokenRequests(await emulatorLog(server))).to.deep.equal([]);

      const { provider } = await mountRingCentral({
        configure: (el) => {
          el.clientId = 'rc-kit-jwt-client';
          el.clientSecret = 'rc-kit-jwt-secret';
          el.jwt = 'rc-kit-test-jwt-alice';
          el.allowJwtLogin = true;
        },
      });
      await nextEvent(provider, 'rc-registration-change', (e) => e.detail.state === 'registered', 30_000);
    } finally {
      console.warn = warn;
    }
    expect(warnings.some((line) => line.includes('client secret'))).to.equal(true);
    const [grant] = tokenRequests(await emulatorLog(server));
    expect(grant?.grant_type).to.equal('urn:ietf:params:oauth:grant-type:jwt-bearer');
  });
});

describe('RingCentral proxy failover (outboundProxyBackup, sipErrorCodes, switchBackInterval)', () => {
  /** Starts (or finds running) a Kamailio instance of the rig; the URL is its ws:// address. */
  const kamailio = async (name: string, defines?: string[]): Promise<string> =>
    (await rigCommand<{ url: string }>('start', { name, ...(defines ? { defines } : {}) })).url;
  const contacts = (name: string): Promise<number> => rigCommand<number>('contacts', { name, user: ALICE_SIP });

  beforeEach(clearStorage);
  afterEach(async () => {
    await unmountRingCentral();
    await unmountAll();
    clearStorage();
    await rigCommand('kill', { name: 'refusing' });
    // Other suites expect both proxies up.
    await kamailio('primary');
    await kamailio('backup');
  });

  it('registers on the backup while the main proxy is down, and goes back after switchBackInterval once no call is live', async function () {
    this.timeout(90_000);
    const primary = await kamailio('primary');
    const backup = await kamailio('backup');
    // sip-provision says 1 s instead of 1800: the phone goes back after 1–1.5 s instead of 30–45 min.
    const server = await startEmulator({ sip: { switchBackInterval: 1 } });
    await rigCommand('kill', { name: 'primary' });
    // No jitter: every switch-back check is one wait of exactly switchBackInterval, counted.
    const checks = countingClock(1_000);
    const { provider } = await signInWithCode({
      server,
      configure: (el) => (el.phoneOptions = { ...el.phoneOptions, reconnect: { clock: checks.clock, random: () => 0 } }),
    });
    expect(provider.phone!.server).to.equal(backup);
    expect(await contacts('backup')).to.equal(1);

    // A live call through the backup, to a plain SIP phone there.
    const bob = await mountProvider('bob', { server: backup });
    const { out, inc } = await connect(provider, bob, 'bob');
    await kamailio('primary');
    // Three switch-back checks find the main proxy up, but a call is live.
    const before = checks.fired();
    await waitFor(() => checks.fired() >= before + 3, 'three switch-back checks', 10_000);
    expect(provider.phone!.server).to.equal(backup);
    expect(await contacts('primary')).to.equal(0);
    await expectAudioFlowing(inc.peerConnection, 'bob hears alice');
    await expectAudioFlowing(out.peerConnection, 'alice hears bob');

    const ended = nextEvent(bob, 'rc-call-ended');
    await out.hangup();
    await ended;
    await waitFor(async () => (await contacts('primary')) === 1, 'alice registered on the main proxy again', 20_000);
    expect(provider.phone!.server).to.equal(primary);
    await waitFor(() => provider.snapshot.registration === 'registered', 'registered in the snapshot');
    // The move un-REGISTERed from the backup, so it routes no call to a closed connection.
    expect(await contacts('backup')).to.equal(0);
  });

  it('moves to the backup when the main proxy answers REGISTER with one of sipErrorCodes (503)', async function () {
    this.timeout(45_000);
    const refusing = await kamailio('refusing', ['WITH_REGISTER_503']);
    const backup = await kamailio('backup');
    const server = await startEmulator({ sip: { outboundProxy: new URL(refusing).host } });
    const { provider } = await signInWithCode({ server });
    expect(provider.phone!.server).to.equal(backup);
    expect(await contacts('backup')).to.equal(1);
    expect(await contacts('refusing')).to.equal(0);
  });

  it('stays on the main proxy and reports the failure when the REGISTER answer is not in sipErrorCodes', async function () {
    this.timeout(45_000);
    const refusing = await kamailio('refusing', ['WITH_REGISTER_503']);
    const server = await startEmulator({ sip: { outboundProxy: new URL(refusing).host, sipErrorCodes: ['408', '502', '504'] } });
    const failed = nextEvent(document.body, 'rc-error', () => true, 30_000);
    const { provider } = await mountWithCode({ server });
    const { detail } = await failed;
    expect(detail.code).to.equal('registration-failed');
    expect(detail.error.statusCode).to.equal(503);
    expect(provider.phone!.server).to.equal(refusing);
    expect(await contacts('backup')).to.equal(0);
  });
});
