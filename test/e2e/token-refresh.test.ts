import { expect } from '@open-wc/testing';
import type { Call } from '../../src/core/call.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { expectAudioFlowing, mountProvider, nextEvent, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';
import { bearer, collectErrors, login, logout, mountTokenProvider, tokenServer, tokenServerTimedLog, unmountTokenProviders, until } from './token-rig.js';

// Tokens live 8 s: the phone renews them after 4 s (half their life: short tokens are not
// renewed at 80 %, see refreshDelay in src/core/phone.ts), well inside one call.
const TTL_SECONDS = 8;

/** alice (a plain SIP account) calls `callee`'s user bob, who answers. */
async function callFromAlice(alice: RcPhoneProvider, callee: RcPhoneProvider): Promise<{ out: Call; inc: Call }> {
  const ringing = nextEvent(callee, 'rc-call-incoming');
  const out = await alice.phone!.call('bob');
  const inc = callee.phone!.getCall((await ringing).detail.callId)!;
  const up = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.state === 'established');
  await inc.answer();
  await up;
  return { out, inc };
}

describe('token renewal (provider="token")', () => {
  afterEach(async () => {
    await unmountTokenProviders();
    await unmountAll();
  });

  it('renews a token that expires mid-call and re-registers; the call keeps its audio', async () => {
    const server = await tokenServer(TTL_SECONDS);
    const bob = await mountTokenProvider({ tokenUrl: `${server}/sip-token`, sessionToken: await login(server, 'bob') });
    const errors = collectErrors(bob);
    const expiring = nextEvent(bob, 'rc-credentials-expiring');
    const alice = await mountProvider('alice');
    const { out, inc } = await callFromAlice(alice, bob);
    await expectAudioFlowing(inc.peerConnection, 'bob');

    const { expiresAt } = (await expiring).detail;
    expect(expiresAt).to.be.greaterThan(Date.now());
    // The next warning names the renewed token, which lives longer than the first.
    const renewed = await nextEvent(bob, 'rc-credentials-expiring', (e) => e.detail.expiresAt > expiresAt);
    expect(renewed.detail.expiresAt - expiresAt).to.be.greaterThan(1_000);

    // Past the first token's expiry (Kamailio compares whole seconds).
    await until(expiresAt + 1_500);
    expect(inc.state).to.equal('established');
    expect(out.state).to.equal('established');
    await expectAudioFlowing(inc.peerConnection, 'bob after the first token expired');
    await expectAudioFlowing(out.peerConnection, 'alice after bob’s first token expired');
    expect(bob.snapshot.registration).to.equal('registered');
    expect(await rigCommand<number>('contacts', { user: 'bob' }), 're-registering replaced the binding').to.equal(1);
    // With the first token this REGISTER would get 403 "credentials expired".
    await bob.phone!.register();
    // And a new call reaches bob through the renewed registration.
    const ended = nextEvent(alice, 'rc-call-ended');
    await inc.hangup();
    expect((await ended).detail.reason).to.equal('remote-hangup');
    const second = await callFromAlice(alice, bob);
    await expectAudioFlowing(second.inc.peerConnection, 'bob, second call');
    expect(errors).to.deep.equal([]);
  }).timeout(60_000);

  it('reports token-fetch-failed while the app server refuses, retries with backoff, and recovers', async () => {
    const server = await tokenServer(TTL_SECONDS);
    const session = await login(server, 'bob');
    const bob = await mountTokenProvider({ tokenUrl: `${server}/sip-token`, sessionToken: session });
    const alice = await mountProvider('alice');
    const { inc } = await callFromAlice(alice, bob);

    // The app session ends: the next renewal is refused.
    const logMark = (await tokenServerTimedLog()).length;
    await logout(server, session);
    const { expiresAt } = (await nextEvent(bob, 'rc-credentials-expiring')).detail;
    const failures = collectErrors(bob);
    const failure = await nextEvent(bob, 'rc-error');
    expect(failure.detail.code).to.equal('token-fetch-failed');
    expect(failure.detail.error.message).to.match(/HTTP 401.*Trying again in \d+ s/);
    expect(inc.state, 'a failed renewal does not touch the call').to.equal('established');

    // The backoff, by the app server's own log of the refused requests: 0.5–1 s before the
    // first retry, 1–2 s before the second (retryDelay in src/core/refresh-timing.ts).
    const refusals = async (): Promise<number[]> =>
      (await tokenServerTimedLog())
        .slice(logMark)
        .filter((entry) => entry.line.startsWith('refused token'))
        .map((entry) => entry.time);
    await waitFor(async () => (await refusals()).length >= 3, 'three refused renewals at the app server', 10_000);
    const [first, second, third] = await refusals();
    expect(second! - first!, 'ms before the first retry').to.be.within(500, 1400);
    expect(third! - second!, 'ms before the second retry').to.be.within(1000, 2400);

    // The user signs in again; the host hands the provider the new session.
    bob.tokenHeaders = bearer(await login(server, 'bob'));
    await nextEvent(bob, 'rc-credentials-expiring', (e) => e.detail.expiresAt > expiresAt);
    expect(failures.every((e) => e.code === 'token-fetch-failed' || e.code === 'token-expired')).to.equal(true);
    await until(expiresAt + 1_500);
    await bob.phone!.register();
    expect(inc.state).to.equal('established');
    await expectAudioFlowing(inc.peerConnection, 'bob after recovering');
  }).timeout(60_000);

  it('stops renewing once the provider is removed', async () => {
    const server = await tokenServer(TTL_SECONDS);
    const session = await login(server, 'bob');
    let fetches = 0;
    const bob = await mountTokenProvider({
      fetchCredentials: async (signal) => {
        fetches++;
        const response = await fetch(`${server}/sip-token`, { method: 'POST', headers: bearer(session), signal });
        return response.json();
      },
    });
    expect(fetches).to.equal(1);
    await nextEvent(bob, 'rc-credentials-expiring');
    await waitFor(() => fetches === 2, 'the renewal fetch');
    const renewedAt = fetches;
    bob.remove();
    // Longer than a whole token life: a live refresh timer would have fetched again.
    await until(Date.now() + TTL_SECONDS * 1000);
    expect(fetches).to.equal(renewedAt);
  }).timeout(60_000);
});
