import { expect } from '@open-wc/testing';
import { LOGIN_RESPONSE_KEY, PENDING_LOGIN_KEY, writePendingLogin } from '../../src/providers/ringcentral/login-state.js';
import { createPkce } from '../../src/providers/ringcentral/pkce.js';
import { nextEvent, waitFor } from '../rig/phone-rig.js';
import {
  CALLBACK,
  CLIENT_ID,
  FIXTURES,
  clearStorage,
  emulator,
  emulatorLog,
  mountRingCentral,
  obtainCode,
  resetEmulator,
  tokenRequests,
  unmountRingCentral,
} from './ringcentral-rig.js';

/** Loads a page in an iframe and waits for it (and whatever it navigates to) to finish loading. */
async function visit(url: string, prepare?: (frame: HTMLIFrameElement) => void): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = url;
  prepare?.(frame);
  document.body.append(frame);
  await loaded;
  return frame;
}

const noTokenRequest = async (): Promise<void> => {
  expect(tokenRequests(await emulatorLog(await emulator()))).to.deep.equal([]);
};

describe('RingCentral sign-in answers the kit refuses before any token request', () => {
  let frames: HTMLIFrameElement[] = [];
  beforeEach(async () => {
    clearStorage();
    await resetEmulator(await emulator());
  });
  afterEach(async () => {
    for (const frame of frames) frame.remove();
    frames = [];
    await unmountRingCentral();
    clearStorage();
  });

  it('refuses an answer whose state is not the pending sign-in’s, passed on by the real callback page', async () => {
    const server = await emulator();
    const pkce = await createPkce();
    writePendingLogin(sessionStorage, {
      state: 'the-state-this-tab-sent',
      verifier: pkce.verifier,
      challenge: pkce.challenge,
      redirectUri: `${FIXTURES}/capture.html`,
      returnTo: `${FIXTURES}/blank.html`,
      createdAt: Date.now(),
    });
    // A valid code, but for another sign-in (another state).
    const foreign = await obtainCode(server, { state: 'someone-elses-state', pkce });
    frames.push(await visit(`${CALLBACK}${foreign.answer}`));
    await waitFor(() => sessionStorage.getItem(LOGIN_RESPONSE_KEY) !== null, 'the callback page keeps the answer');

    const failed = nextEvent(document.body, 'rc-error');
    const { provider } = await mountRingCentral({ redirectUri: `${FIXTURES}/capture.html` });
    const { detail } = await failed;
    expect(detail.code).to.equal('login-failed');
    expect(detail.error.message).to.include('state mismatch');
    expect(provider.auth.status).to.equal('signed-out');
    expect(sessionStorage.getItem(LOGIN_RESPONSE_KEY)).to.equal(null);
    expect(sessionStorage.getItem(PENDING_LOGIN_KEY)).to.equal(null);
    await noTokenRequest();

    // The code itself was good: the platform still takes it (so the kit, not the server, refused it).
    const exchange = await fetch(`${server}/restapi/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: foreign.code,
        redirect_uri: foreign.redirectUri,
        code_verifier: pkce.verifier,
        client_id: CLIENT_ID,
      }),
    });
    expect(exchange.status).to.equal(200);
  });

  // A pending sign-in's returnTo is read back from sessionStorage, which any script of the
  // origin (or an older version of the page) may have written: the callback page must not
  // follow it off this origin, nor run it as a javascript: URL.
  for (const [label, returnTo] of [
    ['another origin', `http://${location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${location.port}/test/e2e/ringcentral-fixtures/blank.html`],
    ['a javascript: URL', 'javascript:parent.__returnToRan=true'],
  ] as const) {
    it(`the callback page goes back only to this origin: a stored returnTo of ${label} is not followed`, async () => {
      const pkce = await createPkce();
      const redirectUri = `${FIXTURES}/capture.html`;
      writePendingLogin(sessionStorage, {
        state: 'state-back',
        verifier: pkce.verifier,
        challenge: pkce.challenge,
        redirectUri,
        returnTo,
        createdAt: Date.now(),
      });
      const frame = await visit(`${CALLBACK}?code=a-code&state=state-back`);
      const landed = (): string => {
        try {
          return frame.contentWindow!.location.href;
        } catch {
          return 'another origin';
        }
      };
      frames.push(frame);
      await waitFor(() => landed() === `${location.origin}/`, 'the callback page to go back to this origin');
      expect((window as unknown as Record<string, unknown>)['__returnToRan']).to.equal(undefined);
      // The answer is kept for this tab's sign-in, as for any redirect.
      expect(sessionStorage.getItem(LOGIN_RESPONSE_KEY)).to.equal('?code=a-code&state=state-back');
    });
  }

  it('uses an answer once: a replayed code finds no pending sign-in', async () => {
    const server = await emulator();
    const pkce = await createPkce();
    const redirectUri = `${FIXTURES}/capture.html`;
    writePendingLogin(sessionStorage, {
      state: 'state-1',
      verifier: pkce.verifier,
      challenge: pkce.challenge,
      redirectUri,
      returnTo: location.href,
      createdAt: Date.now(),
    });
    const answer = (await obtainCode(server, { state: 'state-1', pkce })).answer;
    sessionStorage.setItem(LOGIN_RESPONSE_KEY, answer);
    const first = await mountRingCentral({ redirectUri });
    await nextEvent(first.provider, 'rc-registration-change', (e) => e.detail.state === 'registered', 30_000);
    expect(tokenRequests(await emulatorLog(server)).map((e) => e.status)).to.deep.equal([200]);
    await first.provider.logout();
    await unmountRingCentral();

    // The callback page visited again with the same answer: nothing is waiting, nothing is kept.
    frames.push(await visit(`${CALLBACK}${answer}`));
    expect(sessionStorage.getItem(LOGIN_RESPONSE_KEY)).to.equal(null);
    // Even an answer slipped into storage is refused: its pending sign-in is gone.
    sessionStorage.setItem(LOGIN_RESPONSE_KEY, answer);
    const failed = nextEvent(document.body, 'rc-error');
    const second = await mountRingCentral({ redirectUri });
    const { detail } = await failed;
    expect(detail.code).to.equal('login-failed');
    expect(detail.error.message).to.include('No sign-in was waiting');
    expect(second.provider.auth.status).to.equal('signed-out');
    expect(tokenRequests(await emulatorLog(server)).map((e) => e.status)).to.deep.equal([200]);
  });

  it('refuses a wrong code verifier: malformed from the host, or changed while away', async () => {
    const server = await emulator();
    const redirectUri = `${FIXTURES}/capture.html`;
    const { code } = await obtainCode(server);
    const malformed = nextEvent(document.body, 'rc-error');
    const host = await mountRingCentral({
      redirectUri,
      configure: (el) => {
        el.authorizationCode = code;
        el.codeVerifier = 'not-a-pkce-verifier';
      },
    });
    expect((await malformed).detail.error.message).to.include('code verifier');
    expect(host.provider.auth.status).to.equal('signed-out');
    await unmountRingCentral();

    // The pending sign-in's verifier no longer matches the challenge it sent.
    const pkce = await createPkce();
    const other = await createPkce();
    writePendingLogin(sessionStorage, {
      state: 'state-2',
      verifier: other.verifier,
      challenge: pkce.challenge,
      redirectUri,
      returnTo: location.href,
      createdAt: Date.now(),
    });
    sessionStorage.setItem(LOGIN_RESPONSE_KEY, (await obtainCode(server, { state: 'state-2', pkce })).answer);
    const changed = nextEvent(document.body, 'rc-error');
    const redirect = await mountRingCentral({ redirectUri });
    expect((await changed).detail.error.message).to.include('verifier does not match');
    expect(redirect.provider.auth.status).to.equal('signed-out');
    await noTokenRequest();
  });

  it('takes a posted authorization code only from an exact allowed origin; others (null too) are logged once, with no rc-error', async () => {
    const server = await emulator();
    const redirectUri = `${FIXTURES}/capture.html`;
    const { code, pkce } = await obtainCode(server);
    const other = `http://${location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${location.port}`;
    const logged: string[] = [];
    const errors: string[] = [];
    const onError = (event: HTMLElementEventMap['rc-error']): number => errors.push(event.detail.code);
    document.body.addEventListener('rc-error', onError);
    try {
      // allowedOrigins as a string (a script's property), naming the other origin only: not this page's.
      const { provider } = await mountRingCentral({
        redirectUri,
        options: { logger: (level, message) => logged.push(`${level} ${message}`) },
        configure: (el) => ((el as unknown as { allowedOrigins: string }).allowedOrigins = other),
      });
      await waitFor(() => provider.auth.ready, 'the provider is ready');
      const query = `?code=${encodeURIComponent(code)}&verifier=${pkce.verifier}`;
      // This page's own origin, then a sandboxed frame (origin "null"), then a burst from it.
      frames.push(await visit(`${FIXTURES}/post-code.html${query}`));
      const message = JSON.stringify({ type: 'rc-adapter-authorization-code', code, codeVerifier: pkce.verifier });
      frames.push(
        await visit('about:blank', (frame) => {
          frame.sandbox.add('allow-scripts');
          frame.srcdoc = `<script>for (let i = 0; i < 20; i++) parent.postMessage(${message}, '*');</script>`;
        }),
      );
      await waitFor(() => logged.some((line) => line.includes('Ignored')), 'the refusal is logged');
      expect(provider.auth.status).to.equal('signed-out');
      await noTokenRequest();

      // The allowed origin signs in.
      const registered = nextEvent(provider, 'rc-registration-change', (e) => e.detail.state === 'registered', 30_000);
      frames.push(await visit(`${other}/test/e2e/ringcentral-fixtures/post-code.html${query}`));
      await registered;
      expect(tokenRequests(await emulatorLog(server)).map((e) => [e.grant_type, e.status])).to.deep.equal([['authorization_code', 200]]);
      expect(logged.filter((line) => line.includes('Ignored'))).to.have.length(1);
      expect(errors).to.deep.equal([]);
    } finally {
      document.body.removeEventListener('rc-error', onError);
    }
  });
});
