import { expect } from '@open-wc/testing';
import { CACHE_PREFIX } from '../../src/providers/ringcentral/login-state.js';
import { waitFor } from '../rig/phone-rig.js';
import {
  clearStorage,
  emulator,
  emulatorLog,
  resetEmulator,
  setFaults,
  startEmulator,
  tokenRequests,
  authOn,
  signedInAuth,
  disposeAuths,
} from './ringcentral-rig.js';

/**
 * How the RingCentral session is refreshed (src/providers/ringcentral/auth.ts), with the real
 * SDK against the platform emulator. Two `RingCentralAuth`s in this page stand for two tabs:
 * they share localStorage and Web Locks as tabs of one profile do.
 */
const EXTENSION = '/restapi/v1.0/account/~/extension/~';

const refreshes = async (server: string): Promise<number[]> =>
  tokenRequests(await emulatorLog(server))
    .filter((e) => e.grant_type === 'refresh_token')
    .map((e) => e.status);

const record = (): { access_token?: string; expire_time?: number } =>
  JSON.parse(localStorage.getItem(`${CACHE_PREFIX}platform`) ?? '{}') as { access_token?: string; expire_time?: number };

/** Makes the stored access token look expired to every tab, as after a night's sleep. */
const expireLocally = (): void => localStorage.setItem(`${CACHE_PREFIX}platform`, JSON.stringify({ ...record(), expire_time: Date.now() - 1000 }));

describe('RingCentral session refresh', () => {
  let server: string;
  beforeEach(async () => {
    clearStorage();
    server = await emulator();
    await resetEmulator(server);
  });
  afterEach(() => {
    disposeAuths();
    clearStorage();
  });

  it('the SDK’s own refreshes (before a REST call, after a 401) take the cross-tab lock: one request for two tabs', async () => {
    const one = await signedInAuth(server);
    const two = authOn(server);
    await two.start();
    expect(two.state).to.equal('signed-in');

    // ensureLoggedIn in both "tabs" at once, as when both provision after waking up.
    expireLocally();
    const answers = await Promise.all([one.platform.get(EXTENSION), two.platform.get(EXTENSION)]);
    expect(answers.map((r) => r.status)).to.deep.equal([200, 200]);
    expect(await refreshes(server)).to.deep.equal([200]);

    // The platform says the token expired (401): both retry after one refresh.
    await setFaults(server, { expireAccessTokens: true });
    const again = await Promise.all([one.platform.get(EXTENSION), two.platform.get(EXTENSION)]);
    expect(again.map((r) => r.status)).to.deep.equal([200, 200]);
    expect(await refreshes(server)).to.deep.equal([200, 200]);
  });

  it('catch-up triggers are merged: a burst of online/visibilitychange events queues one refresh', async () => {
    const one = await signedInAuth(server);
    expireLocally();
    for (let i = 0; i < 10; i += 1) {
      window.dispatchEvent(new Event('online'));
      document.dispatchEvent(new Event('visibilitychange'));
    }
    const { held = [], pending = [] } = await navigator.locks.query();
    const refreshLocks = [...held, ...pending].filter((lock) => lock.name?.startsWith(`${CACHE_PREFIX}refresh:`));
    expect(refreshLocks.length).to.equal(1);
    await waitFor(async () => (await refreshes(server)).length === 1, 'the catch-up refresh');
    expect((await one.platform.get(EXTENSION)).status).to.equal(200);
    expect(await refreshes(server)).to.deep.equal([200]);
  });

  it('without Web Locks each tab refreshes by itself, and both keep the session', async () => {
    // A window whose navigator has no `locks` (an insecure context, an old browser).
    const noLocks = new Proxy(window, {
      get(target, name) {
        if (name === 'navigator') return { userAgent: navigator.userAgent };
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const one = await signedInAuth(server, { window: noLocks });
    const two = authOn(server, { window: noLocks });
    await two.start();
    expireLocally();
    const answers = await Promise.all([one.platform.get(EXTENSION), two.platform.get(EXTENSION)]);
    expect(answers.map((r) => r.status)).to.deep.equal([200, 200]);
    // Two requests with one refresh token: the platform's rotation grace answers both with one new pair.
    expect(await refreshes(server)).to.deep.equal([200, 200]);
    expect(await one.platform.auth().data()).to.deep.equal(await two.platform.auth().data());
  });

  it('a hung token request times out and releases the lock', async function () {
    this.timeout(20_000);
    const one = await signedInAuth(server, { requestTimeoutMs: 1500 });
    const two = authOn(server, { requestTimeoutMs: 1500 });
    await two.start();
    await setFaults(server, { hang: { path: '/restapi/oauth/token', count: 1 } });
    expireLocally();
    const started = performance.now();
    const hung = await one.platform.get(EXTENSION).then(
      () => 'answered',
      () => 'failed',
    );
    expect(hung).to.equal('failed');
    expect(performance.now() - started).to.be.below(10_000);
    // The other tab gets the lock and refreshes.
    expect((await two.platform.get(EXTENSION)).status).to.equal(200);
    expect(await refreshes(server)).to.deep.equal([200]);
  });

  it('refresh-ahead as long as the token’s life: refreshes after a tenth of its life, not in a loop', async function () {
    this.timeout(20_000);
    const short = await startEmulator({ accessTokenTtl: 20 });
    await resetEmulator(short);
    const one = await signedInAuth(short, { refreshAheadMs: 3_600_000 });
    const signedInAt = performance.now();
    await waitFor(async () => (await refreshes(short)).length >= 1, 'a refresh', 8_000);
    // A tenth of the 20 s token, less what polling may miss.
    expect(performance.now() - signedInAt).to.be.above(1_000);
    // The refreshed token lives 600 s (the platform's minimum), due after a tenth of it: a REST
    // call is the fence, and no other refresh came before it.
    expect((await one.platform.get(EXTENSION)).status).to.equal(200);
    expect(await refreshes(short)).to.deep.equal([200]);
  });

  it('a token answer without expires_in gets a lifetime of its own: no refresh loop', async () => {
    await setFaults(server, { omitExpiresIn: true });
    const one = await signedInAuth(server);
    const expiry = Number(record().expire_time);
    expect(expiry - Date.now()).to.be.within(60_000, 5 * 60_000);
    // A REST call is the fence: any refresh the timer or the SDK made is logged before it.
    expect((await one.platform.get(EXTENSION)).status).to.equal(200);
    expect(await refreshes(server)).to.deep.equal([]);
  });
});
