import { expect } from '@open-wc/testing';
import { tokenCredentials, type TokenResponse } from '../../src/providers/token.js';
import { expectAudioFlowing, mountProvider, nextEvent, rigCommand, rigConfig, unmountAll, waitFor } from '../rig/phone-rig.js';
import { bearer, collectErrors, login, mint, mountTokenProvider, tokenGate, tokenServer, tokenServerLog, unmountTokenProviders, until } from './token-rig.js';

describe('<rc-phone-provider provider="token"> against the example app server and Kamailio (auth_ephemeral)', () => {
  afterEach(async () => {
    await unmountTokenProviders();
    await unmountAll();
  });

  it('registers with a minted token and calls with audio; the registrar saw the short-lived token, not a password', async () => {
    const server = await tokenServer();
    expect(((await rigConfig()) as { tokenServer?: string }).tokenServer, 'the rig config names the token server').to.match(/^http:/);
    const session = await login(server, 'alice');
    const registrationsBefore = (await rigCommand<string[]>('registrations')).length;
    const mintsBefore = (await tokenServerLog()).filter((line) => /minted token for alice/.test(line)).length;
    const alice = await mountTokenProvider({ tokenUrl: `${server}/sip-token`, sessionToken: session });
    const mountedAt = Date.now() / 1000;
    expect(alice.snapshot.registration).to.equal('registered');
    expect(alice.snapshot.uri).to.equal('sip:alice@127.0.0.1');
    expect(await rigCommand<number>('contacts', { user: 'alice' })).to.equal(1);
    // At the registrar (kamailio.cfg REGISTRAR logs which credentials each REGISTER carried):
    // alice's binding was made with an ephemeral token of the token server's lifetime (600 s),
    // freshly minted for this page, and never with alice's long-lived SIP password.
    expect((await tokenServerLog()).filter((line) => /minted token for alice/.test(line)).length, 'a token minted for the page').to.be.greaterThan(mintsBefore);
    const seen = (await rigCommand<string[]>('registrations')).slice(registrationsBefore).filter((line) => line.startsWith('REGISTER sip:alice@'));
    expect(seen, 'REGISTERs of alice at the registrar').to.have.length.greaterThan(0);
    for (const line of seen) {
      const expiry = Number(/with a token expiring (\d+)$/.exec(line)?.[1]);
      expect(expiry, line).to.be.within(mountedAt + 600 - 60, mountedAt + 600 + 1);
    }

    const bob = await mountProvider('bob');
    const ringing = nextEvent(bob, 'rc-call-incoming');
    const out = await alice.phone!.call('bob');
    const inc = bob.phone!.getCall((await ringing).detail.callId)!;
    const up = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.state === 'established');
    await inc.answer();
    await up;
    await expectAudioFlowing(out.peerConnection, 'alice');
    await expectAudioFlowing(inc.peerConnection, 'bob');
    const ended = nextEvent(bob, 'rc-call-ended');
    await out.hangup();
    expect((await ended).detail.reason).to.equal('remote-hangup');
  }).timeout(40_000);

  it('reports a forged token and another user’s token as rejected sign-ins (403)', async () => {
    const server = await tokenServer();
    const token = await mint(server, await login(server, 'alice'));
    const [expiry] = token.username.split(':');

    const cases: [string, TokenResponse][] = [
      ['forged password', { ...token, password: btoa('not the HMAC of this user name') }],
      ['forged expiry', { ...token, username: `${Number(expiry) + 3600}:alice` }],
      ['another user’s token', { ...token, uri: 'sip:bob@127.0.0.1' }],
    ];
    for (const [label, forged] of cases) {
      const el = await mountTokenProvider({ fetchCredentials: () => Promise.resolve(forged), register: false });
      const error = await nextEvent(el, 'rc-error');
      expect(error.detail.code, label).to.equal('registration-rejected');
      expect(error.detail.error.statusCode, label).to.equal(403);
      expect(el.snapshot.registration, label).to.equal('failed');
    }
    expect(await rigCommand<number>('contacts', { user: 'alice' })).to.equal(0);
    expect(await rigCommand<number>('contacts', { user: 'bob' })).to.equal(0);
  }).timeout(40_000);

  it('reports an expired token as token-expired, fetches again with backoff, and stops once disposed', async () => {
    const server = await tokenServer(1);
    const expired = await mint(server, await login(server, 'alice'));
    // Kamailio compares whole seconds: be well past the expiry.
    await until(Number(expired.expiresAt) + 1500);

    let fetches = 0;
    const el = await mountTokenProvider({
      register: false,
      fetchCredentials: () => {
        fetches++;
        return Promise.resolve(expired);
      },
    });
    const errors = collectErrors(el);
    const first = await nextEvent(el, 'rc-error');
    expect(first.detail.code).to.equal('token-expired');
    expect(first.detail.error.message).to.match(/expired/i);
    expect(el.snapshot.registration).to.equal('failed');

    // A stale token is worth one more fetch, and then more with growing pauses.
    const started = performance.now();
    await waitFor(() => fetches >= 3, 'two more fetches after the rejection', 10_000);
    // Backoff: 0.5–1 s before the first retry, 1–2 s before the second.
    expect(performance.now() - started).to.be.greaterThan(1_000);
    expect(errors.every((e) => e.code === 'token-expired')).to.equal(true);
    expect(errors.at(-1)?.message).to.match(/Trying again in \d+ s/);

    el.remove();
    await el.phone?.dispose();
    const afterDispose = fetches;
    await until(Date.now() + 3_000);
    expect(fetches, 'no fetch after dispose').to.equal(afterDispose);
  }).timeout(40_000);

  it('reports token-fetch-failed without an app session and recovers when the host supplies one', async () => {
    const server = await tokenServer();
    const el = await mountTokenProvider({ tokenUrl: `${server}/sip-token`, register: false });
    const error = await nextEvent(el, 'rc-error');
    expect(error.detail.code).to.equal('token-fetch-failed');
    expect(error.detail.error.message).to.contain('HTTP 401');
    expect(el.snapshot.registration).to.equal('unregistered');

    const registered = nextEvent(el, 'rc-registration-change', (e) => e.detail.state === 'registered', 20_000);
    el.tokenHeaders = { Authorization: `Bearer ${await login(server, 'bob')}` };
    await registered;
    expect(el.snapshot.uri).to.equal('sip:bob@127.0.0.1');
  }).timeout(40_000);

  it('names what is missing from an unusable answer (never the values), and rejects an unknown provider', async () => {
    const partial = { server: 'ws://127.0.0.1:9', uri: 'sip:alice@127.0.0.1', username: 'secret-user-name', expiresAt: 'not a date' };
    const el = await mountTokenProvider({ fetchCredentials: () => Promise.resolve(partial as unknown as TokenResponse), register: false });
    const error = await nextEvent(el, 'rc-error');
    expect(error.detail.code).to.equal('token-fetch-failed');
    expect(error.detail.error.message).to.match(/lacks password \(or token\), expiresAt/);
    expect(error.detail.error.message).not.to.contain('secret-user-name');

    const bogus = document.createElement('rc-phone-provider');
    bogus.setAttribute('provider', 'bogus');
    bogus.setAttribute('token-url', '/sip-token');
    const rejected = nextEvent(bogus, 'rc-error');
    document.body.append(bogus);
    try {
      expect((await rejected).detail.code).to.equal('invalid-configuration');
      expect(bogus.phone).to.equal(undefined);
    } finally {
      bogus.remove();
    }
  });

  it('an HTML page answered 200 (not JSON) is token-fetch-failed, saying so', async () => {
    const el = await mountTokenProvider({ tokenUrl: '/__hostile/sip-token-html', register: false });
    const error = await nextEvent(el, 'rc-error');
    expect(error.detail.code).to.equal('token-fetch-failed');
    expect(error.detail.error.message).to.contain('did not answer JSON');
    expect(el.snapshot.registration).to.equal('unregistered');
  });

  it('refuses an answer over 64 KB (2 MB of well-formed credentials, streamed without Content-Length): token-fetch-failed, no phone', async () => {
    // Served by the rig (test/rig/wtr-plugin.mjs): a server that misbehaves, not the reference one.
    const el = await mountTokenProvider({ tokenUrl: '/__hostile/sip-token', register: false });
    const error = await nextEvent(el, 'rc-error');
    expect(error.detail.code).to.equal('token-fetch-failed');
    expect(error.detail.error.message).to.contain('more than 64 KB');
    expect(el.snapshot.registration).to.equal('unregistered');
  });

  it('an endpoint that accepts and never answers: token-fetch-failed after the timeout, each request given up, retried with backoff; then a 503; when it answers again the phone registers (at Kamailio), and a renewal that hangs keeps the registration', async () => {
    // Tokens live 8 s, renewed after 4 s (refreshDelay in src/core/refresh-timing.ts).
    const server = await tokenServer(8);
    const session = await login(server, 'alice');
    const { url, requests: earlier } = await tokenGate('hang');
    const requests = async (): Promise<Awaited<ReturnType<typeof tokenGate>>['requests']> => (await tokenGate()).requests.slice(earlier.length);
    const registrationsBefore = (await rigCommand<string[]>('registrations')).length;
    // The element has no attribute for the timeout: the source is made as an app would.
    const credentials = tokenCredentials({ url, timeout: 300, headers: () => bearer(session) });
    const el = await mountTokenProvider({ credentials, register: false });
    const errors = collectErrors(el);

    // At the endpoint: each request is given up 300 ms after it came (not left open, which
    // would use up the browser's six connections to the host), and the next one comes after
    // the backoff (0.5–1 s, then 1–2 s: retryDelay in src/core/refresh-timing.ts).
    await waitFor(async () => (await requests()).filter((r) => r.closedAt !== undefined).length >= 2, 'two requests given up', 5_000);
    const [first, second] = await requests();
    // The 300 ms run from before the CORS preflight, so the POST itself is held a little less.
    for (const request of [first!, second!]) expect(request.closedAt! - request.time, 'ms until the kit gave up').to.be.within(150, 1_000);
    expect(second!.time - first!.closedAt!, 'ms before the first retry').to.be.within(450, 1_400);
    expect(errors[0]?.code).to.equal('token-fetch-failed');
    expect(errors[0]?.message).to.match(/did not answer the token request in time\. Trying again in 1 s/);
    expect(el.snapshot.registration).to.equal('unregistered');
    expect(await rigCommand<number>('contacts', { user: 'alice' })).to.equal(0);

    // A load balancer's 503 while the app server is down.
    await tokenGate(503);
    await waitFor(() => errors.some((e) => /HTTP 503/.test(e.message)), 'the 503 reported', 5_000);
    expect(errors.every((e) => e.code === 'token-fetch-failed')).to.equal(true);

    // The endpoint answers again: the next retry registers, with the app session it had.
    await tokenGate('pass');
    await nextEvent(el, 'rc-registration-change', (e) => e.detail.state === 'registered', 10_000);
    expect(await rigCommand<number>('contacts', { user: 'alice' })).to.equal(1);
    const tokenExpiry = async (): Promise<number[]> =>
      (await rigCommand<string[]>('registrations'))
        .slice(registrationsBefore)
        .filter((line) => line.startsWith('REGISTER sip:alice@'))
        .map((line) => Number(/with a token expiring (\d+)$/.exec(line)?.[1]));
    const [firstToken] = await tokenExpiry();
    expect(firstToken, 'the REGISTER carried a token').to.be.greaterThan(Date.now() / 1000);

    // The renewal hangs: reported, and the registration (at Kamailio) is kept meanwhile.
    await tokenGate('hang');
    const failedRenewals = errors.length;
    const { expiresAt } = (await nextEvent(el, 'rc-credentials-expiring')).detail;
    await waitFor(() => errors.length > failedRenewals, 'the hung renewal reported', 8_000);
    expect(errors.at(-1)?.message).to.match(/did not answer the token request in time/);
    expect(el.snapshot.registration).to.equal('registered');
    expect(await rigCommand<number>('contacts', { user: 'alice' })).to.equal(1);
    // …and renewed once the endpoint answers: a REGISTER with a later token.
    await tokenGate('pass');
    await nextEvent(el, 'rc-credentials-expiring', (e) => e.detail.expiresAt > expiresAt, 8_000);
    await waitFor(async () => (await tokenExpiry()).some((expiry) => expiry > firstToken!), 'a REGISTER with the renewed token', 5_000);
    expect(await rigCommand<number>('contacts', { user: 'alice' })).to.equal(1);
  }).timeout(40_000);

  it('an answer over HTTP with neither expiresAt nor expiresIn is token-fetch-failed, naming them', async () => {
    const token = await mint(await tokenServer(), await login(await tokenServer(), 'alice'));
    const { url } = await tokenGate({ body: { server: token.server, uri: token.uri, username: token.username, password: token.password } });
    const el = await mountTokenProvider({ credentials: tokenCredentials({ url }), register: false });
    const error = await nextEvent(el, 'rc-error');
    expect(error.detail.code).to.equal('token-fetch-failed');
    expect(error.detail.error.message).to.match(/lacks expiresAt \(or expiresIn\)/);
    expect(el.snapshot.registration).to.equal('unregistered');
  });

  it('the app server mints only for a signed-in app session and never logs secrets', async () => {
    const server = await tokenServer();
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer forged-session' }];
    for (const headers of attempts) {
      const refused = await fetch(`${server}/sip-token`, { method: 'POST', headers });
      expect(refused.status).to.equal(401);
      expect(await refused.json()).to.deep.equal({ error: 'unauthorized' });
    }
    const session = await login(server, 'bob');
    const token = await mint(server, session);
    const el = await mountTokenProvider({ tokenUrl: `${server}/sip-token`, sessionToken: session });
    expect(el.snapshot.registration).to.equal('registered');

    const log = (await tokenServerLog()).join('\n');
    expect(log).to.match(/minted token for bob/);
    const secrets = [session, token.password, token.username, 'bob-password', 'rc-phone-kit-test-secret'];
    expect(secrets.every((secret) => typeof secret === 'string' && secret.length > 8)).to.equal(true);
    expect(
      secrets.filter((secret) => log.includes(secret!)),
      'secrets in the token server log',
    ).to.deep.equal([]);
  });
});
