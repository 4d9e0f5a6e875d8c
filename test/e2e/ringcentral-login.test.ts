import { expect } from '@open-wc/testing';
import { PENDING_LOGIN_KEY, LOGIN_RESPONSE_KEY } from '../../src/providers/ringcentral/login-state.js';
import { audioStats, expectAudioFlowing, mountProvider, nextEvent, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';
import {
  ALICE_NUMBER,
  ALICE_SIP,
  BOB_SIP,
  FIXTURES,
  CALLBACK,
  clearStorage,
  click,
  emulator,
  emulatorLog,
  loginButton,
  mountRingCentral,
  obtainCode,
  resetEmulator,
  signInAs,
  signInByPopup,
  storedKeys,
  storedTokens,
  tokenRequests,
  unmountRingCentral,
} from './ringcentral-rig.js';

describe('RingCentral sign-in (real @ringcentral/sdk against the platform emulator)', () => {
  beforeEach(async () => {
    clearStorage();
    await resetEmulator(await emulator());
  });
  afterEach(async () => {
    await unmountRingCentral();
    await unmountAll();
    clearStorage();
  });

  it('signs in with PKCE in a popup, registers, and calls another account with audio both ways', async () => {
    const { provider, login } = await mountRingCentral({ callerId: ALICE_NUMBER });
    await signInByPopup(provider, login);

    // The code was exchanged with a verifier, and no verifier is kept afterwards.
    const exchange = tokenRequests(await emulatorLog(await emulator()));
    expect(exchange.map((e) => [e.grant_type, e.status])).to.deep.equal([['authorization_code', 200]]);
    expect(exchange[0]!.sent).to.include.members(['code', 'code_verifier']);
    expect(storedTokens().code_verifier ?? '').to.equal('');
    expect(sessionStorage.getItem(PENDING_LOGIN_KEY)).to.equal(null);
    expect(provider.snapshot.uri).to.equal(`sip:${ALICE_SIP}@127.0.0.1`);
    await waitFor(() => login.shadowRoot!.textContent!.includes('Alice Example'), '<rc-login> shows the user');
    expect(await rigCommand('contacts', { user: ALICE_SIP })).to.equal(1);

    const bob = await mountProvider(BOB_SIP);
    const ringing = nextEvent(bob, 'rc-call-incoming');
    const callId = (await provider.phone!.call(BOB_SIP)).id;
    const incoming = await ringing;
    const bobCall = bob.phone!.getCall(incoming.detail.callId)!;
    // The chosen caller ID (one of the user's numbers) and the platform's headers.
    expect(bobCall.header('P-Asserted-Identity')).to.equal(`sip:${ALICE_NUMBER}@127.0.0.1`);
    expect(bobCall.header('Client-id')).to.equal('rc-kit-test-client');
    expect(bobCall.header('P-rc-endpoint-id')).to.match(/^[0-9a-f-]{36}$/);

    const up = nextEvent(provider, 'rc-call-state-change', (e) => e.detail.state === 'established');
    await bobCall.answer();
    await up;
    const aliceCall = provider.phone!.getCall(callId)!;
    await expectAudioFlowing(aliceCall.peerConnection, 'alice (RingCentral)');
    await expectAudioFlowing(bobCall.peerConnection, 'bob');
    expect((await audioStats(aliceCall.peerConnection)).codec).to.equal('audio/opus');
    await aliceCall.hangup();
  });

  it('signs in by a full-page redirect through the callback page and registers', async function () {
    this.timeout(60_000);
    const server = await emulator();
    const frame = document.createElement('iframe');
    const app = new URL(`${FIXTURES}/app.html`);
    for (const [name, value] of Object.entries({ server, 'client-id': 'rc-kit-test-client', 'redirect-uri': CALLBACK, 'login-mode': 'redirect' }))
      app.searchParams.set(name, value);
    frame.src = app.href;
    frame.style.width = '600px';
    document.body.append(frame);
    try {
      type AppWindow = Window & { rcEvents?: { type: string; detail: Record<string, unknown> }[] };
      const appProvider = (): HTMLElementTagNameMap['rc-phone-provider'] | null | undefined => frame.contentDocument?.querySelector('rc-phone-provider');
      await waitFor(() => appProvider()?.auth.ready === true, 'the app page loads the RingCentral provider');
      // The page leaves for the sign-in page…
      void appProvider()!.login();
      await signInAs('alice');
      // …and comes back through the callback page, which hands over the answer.
      await waitFor(() => appProvider()?.snapshot.registration === 'registered', 'registered after the redirect', 30_000);
      const win = frame.contentWindow as AppWindow;
      expect(win.location.pathname).to.equal('/test/e2e/ringcentral-fixtures/app.html');
      expect(win.location.search).not.to.include('code=');
      expect(win.sessionStorage.getItem(PENDING_LOGIN_KEY)).to.equal(null);
      expect(win.sessionStorage.getItem(LOGIN_RESPONSE_KEY)).to.equal(null);
      expect(win.rcEvents?.filter((e) => e.type === 'rc-error')).to.deep.equal([]);
      expect(tokenRequests(await emulatorLog(server)).map((e) => [e.grant_type, e.status])).to.deep.equal([['authorization_code', 200]]);
      await appProvider()!.logout();
      await waitFor(() => appProvider()?.auth.status === 'signed-out', 'signed out');
    } finally {
      frame.remove();
    }
  });

  it('signs out: unregisters, revokes the session, clears storage, and shows the sign-in button', async () => {
    const server = await emulator();
    const { provider, login } = await mountRingCentral();
    await signInByPopup(provider, login);
    expect(storedKeys().length).to.be.greaterThan(0);
    const loggedOut = nextEvent(provider, 'rc-logout');
    const changed = nextEvent(provider, 'rc-auth-change', (e) => e.detail.status === 'signed-out');

    const logout = login.shadowRoot!.querySelector<HTMLButtonElement>('[part~="logout-button"]')!;
    await click(logout);

    expect((await changed).detail.reason).to.equal('user');
    expect((await loggedOut).detail.uri).to.equal(`sip:${ALICE_SIP}@127.0.0.1`);
    expect(storedKeys()).to.deep.equal([]);
    await waitFor(async () => (await rigCommand<number>('contacts', { user: ALICE_SIP })) === 0, 'the registration is removed');
    const revoked = (await emulatorLog(server)).filter((e) => e.method === 'POST' && e.path === '/restapi/oauth/revoke');
    expect(revoked.map((e) => e.status)).to.deep.equal([200]);
    await login.updateComplete;
    expect(login.shadowRoot!.querySelector('[part~="login-button"]')?.textContent).to.include('Sign in');
    expect(provider.phone).to.equal(undefined);
  });

  it('explains a blocked sign-in popup', async () => {
    const { provider, login } = await mountRingCentral();
    const button = await loginButton(login);
    // What the browser's popup blocker does: window.open answers null.
    const open = window.open;
    window.open = () => null;
    try {
      const failed = nextEvent(provider, 'rc-error');
      await click(button);
      const { detail } = await failed;
      expect(detail.code).to.equal('popup-blocked');
      expect(detail.error.solutions.join(' ')).to.include('login-mode="redirect"');
    } finally {
      window.open = open;
    }
    await login.updateComplete;
    expect(login.shadowRoot!.querySelector('[part~="error"]')?.textContent).to.include('Allow pop-ups');
    expect(provider.auth.status).to.equal('signed-out');
  });

  it('explains a redirect URI that does not match the one the code was issued for (OAU-109)', async () => {
    const server = await emulator();
    const { code, pkce } = await obtainCode(server);
    const failed = nextEvent(document.body, 'rc-error');
    // The code was issued for ringcentral-fixtures/capture.html; the provider says another page.
    const { provider } = await mountRingCentral({
      redirectUri: CALLBACK,
      configure: (el) => {
        el.authorizationCode = code;
        el.codeVerifier = pkce.verifier;
      },
    });
    const { detail } = await failed;
    expect(detail.code).to.equal('redirect-uri-mismatch');
    expect(detail.error.message).to.include('OAU-109');
    expect(provider.auth.status).to.equal('signed-out');
  });

  it('reports a denied sign-in and stays signed out', async () => {
    const { provider, login } = await mountRingCentral();
    const failed = nextEvent(provider, 'rc-error');
    await click(await loginButton(login));
    await signInAs('alice', 'deny');
    const { detail } = await failed;
    expect(detail.code).to.equal('login-cancelled');
    expect(provider.auth.status).to.equal('signed-out');
    await login.updateComplete;
    expect(login.shadowRoot!.querySelector('[part~="error"]')?.textContent).to.include('denied');
  });
});
