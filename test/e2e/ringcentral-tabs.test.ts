import { expect } from '@open-wc/testing';
import { commandsOf, expectAudioFlowing, mountProvider, nextEvent, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';
import {
  ALICE_NUMBER,
  ALICE_SIP,
  BOB_SIP,
  CALLBACK,
  CLIENT_ID,
  clearStorage,
  emulator,
  emulatorLog,
  mountRingCentral,
  obtainCode,
  resetEmulator,
  signInWithCode,
  unmountRingCentral,
} from './ringcentral-rig.js';
import { closeTabs, Tab, watchLeaderMicrophone } from './tab-client.js';

const KIT = `sip:${ALICE_SIP}@127.0.0.1`;
const PROVISION = '/restapi/v1.0/client-info/sip-provision';

/**
 * The RingCentral suites all register ALICE_SIP, and a binding another file left behind (a
 * crashed page never un-REGISTERs) stays until it expires: count from each test's start.
 */
const bindings = (): Promise<number> => rigCommand<number>('contacts', { user: ALICE_SIP });
let atStart = 0;
/** Successful sip-provision requests: one per phone that loaded credentials. */
const provisions = async (server: string): Promise<number> =>
  (await emulatorLog(server)).filter((e) => e.method === 'POST' && e.path === PROVISION && e.status === 200).length;

describe('RingCentral in several tabs: one registration per browser profile', () => {
  let tabs: Tab[] = [];
  beforeEach(async () => {
    clearStorage();
    await resetEmulator(await emulator());
    atStart = await bindings();
  });
  afterEach(async () => {
    await closeTabs(tabs);
    tabs = [];
    await unmountRingCentral();
    await unmountAll();
    clearStorage();
  });

  it('provisions and registers in the leader only; a call rings in both tabs, is answered in the follower, plays in the leader; closing the leader hands over', async function () {
    this.timeout(120_000);
    const server = await emulator();
    // The other tab signs in (with a code this page obtained) and leads.
    const tab = await Tab.open();
    tabs.push(tab);
    const { code, pkce, redirectUri } = await obtainCode(server);
    await tab.mountRingCentral({ server, clientId: CLIENT_ID, redirectUri, authorizationCode: code, codeVerifier: pkce.verifier });
    await waitFor(async () => (await tab.state()).registration === 'registered', 'the other tab registered', 30_000);
    expect((await tab.state()).role).to.equal('leader');

    // This tab takes the session from localStorage and mirrors the leader's phone.
    const { provider: here, login } = await mountRingCentral({ redirectUri });
    await waitFor(
      () => here.auth.status === 'signed-in' && here.tabRole === 'follower' && here.snapshot.registration === 'registered',
      'this tab follows the registered phone',
      30_000,
    );
    expect(here.phone === undefined, 'no phone of its own in a follower').to.equal(true);
    expect(here.snapshot.uri).to.equal(KIT);
    expect(await provisions(server), 'only the leader asked for SIP credentials').to.equal(1);
    expect(await bindings()).to.equal(atStart + 1);
    // Both tabs' <rc-login> show the session, including the numbers only the leader provisioned.
    await waitFor(() => login.shadowRoot!.textContent!.includes('Alice Example'), 'this tab’s <rc-login> shows the user');
    await waitFor(async () => (await tab.auth()).text.includes('Alice Example'), 'the leader’s <rc-login> shows the user');
    await waitFor(() => here.auth.callerIds.join() === ALICE_NUMBER, 'this tab knows the provisioned caller IDs');
    expect((await tab.auth()).callerIds).to.deep.equal([ALICE_NUMBER]);

    // A call rings in both tabs; answered here, the leader answers and holds the audio.
    const bob = await mountProvider(BOB_SIP);
    const ringsHere = nextEvent(here, 'rc-call-incoming');
    const out = await bob.phone!.call(ALICE_SIP);
    const callId = (await ringsHere).detail.callId;
    await waitFor(async () => (await tab.callState(callId)) === 'ringing', 'the call rings in the leader tab');
    const bobUp = nextEvent(bob, 'rc-call-state-change', (e) => e.detail.callId === out.id && e.detail.state === 'established');
    const leaderMicrophone = watchLeaderMicrophone(here);
    expect(await commandsOf(here).answer(callId)).to.equal(true);
    await bobUp;
    await waitFor(async () => (await tab.callState(callId)) === 'established', 'the leader tab holds the answered call');
    await waitFor(() => here.snapshot.calls.map((c) => c.state).join() === 'established', 'this tab shows it answered');
    const packets = await tab.call<number>('packetsReceived', callId);
    await waitFor(async () => (await tab.call<number>('packetsReceived', callId)) > packets, 'audio reaching the leader tab (getStats)');
    // The leader tab is in the background: Firefox holds its microphone until the user selects
    // it, which this tab tells the user; bob hears the leader once it is selected. Chromium opens it in any tab.
    await leaderMicrophone.expectHeard(tab, callId, out.peerConnection, 'bob');
    const bobEnded = nextEvent(bob, 'rc-call-ended', (e) => e.detail.callId === out.id);
    expect(await commandsOf(here).hangup(callId)).to.equal(true);
    expect((await bobEnded).detail.reason).to.equal('remote-hangup');

    // The leader tab closes: this one provisions, registers the same device, and takes calls.
    const registered = nextEvent(here, 'rc-registration-change', (e) => e.detail.state === 'registered', 30_000);
    expect(await tab.call<string[]>('failures')).to.deep.equal([]);
    tabs = [];
    await tab.close();
    await registered;
    expect(here.tabRole).to.equal('leader');
    expect(await provisions(server)).to.equal(2);
    // Same stored +sip.instance: the new REGISTER replaced the closed tab's binding.
    await waitFor(async () => (await bindings()) === atStart + 1, 'one binding after the takeover');

    const ringsAgain = nextEvent(here, 'rc-call-incoming');
    const next = await bob.phone!.call(ALICE_SIP);
    const nextId = (await ringsAgain).detail.callId;
    const nextUp = nextEvent(bob, 'rc-call-state-change', (e) => e.detail.callId === next.id && e.detail.state === 'established');
    expect(await commandsOf(here).answer(nextId)).to.equal(true);
    await nextUp;
    await expectAudioFlowing(here.phone!.getCall(nextId)!.peerConnection, 'alice, in the new leader');
    expect(await bindings()).to.equal(atStart + 1);
  });

  it('a follower tab dials with the caller ID chosen there, and signing out there ends the leader’s registration', async function () {
    this.timeout(90_000);
    const server = await emulator();
    const { provider: here, login } = await signInWithCode({ server });
    expect(here.tabRole).to.equal('leader');
    const tab = await Tab.open();
    tabs.push(tab);
    await tab.mountRingCentral({ server, clientId: CLIENT_ID, redirectUri: CALLBACK });
    await waitFor(
      async () => {
        const state = await tab.state();
        return state.role === 'follower' && state.registration === 'registered';
      },
      'the other tab follows the registered phone',
      30_000,
    );
    await waitFor(async () => (await tab.auth()).text.includes('Alice Example'), 'the follower’s <rc-login> shows the user');
    expect((await tab.auth()).callerIds).to.deep.equal([ALICE_NUMBER]);
    expect(await provisions(server)).to.equal(1);
    expect(await bindings()).to.equal(atStart + 1);

    // The caller ID chosen in the follower is the one the leader's call shows.
    expect(here.auth.callerId).to.equal(undefined);
    expect(await tab.call<boolean>('setCallerId', ALICE_NUMBER)).to.equal(true);
    await waitFor(() => here.auth.callerId === ALICE_NUMBER, 'the leader learns the chosen caller ID');
    const bob = await mountProvider(BOB_SIP);
    const rings = nextEvent(bob, 'rc-call-incoming');
    const dialled = await tab.call<string | undefined>('dial', BOB_SIP);
    expect(dialled).to.be.a('string');
    const incoming = bob.phone!.getCall((await rings).detail.callId)!;
    expect(incoming.header('P-Asserted-Identity')).to.equal(`sip:${ALICE_NUMBER}@127.0.0.1`);
    const declined = nextEvent(here, 'rc-call-ended', (e) => e.detail.callId === dialled);
    await incoming.decline();
    expect((await declined).detail.reason).to.equal('busy');

    // Signing out in the follower revokes the session; the leader signs out and un-REGISTERs.
    const signedOut = nextEvent(here, 'rc-auth-change', (e) => e.detail.status === 'signed-out', 30_000);
    const loggedOut = nextEvent(here, 'rc-logout', () => true, 30_000);
    expect(await tab.call<boolean>('logout')).to.equal(true);
    expect((await signedOut).detail.reason).to.equal('elsewhere');
    expect((await loggedOut).detail.uri).to.equal(KIT);
    await waitFor(async () => (await bindings()) === atStart, 'the leader’s registration is removed', 15_000);
    expect(here.phone === undefined, 'the phone is gone').to.equal(true);
    const revokes = (await emulatorLog(server)).filter((e) => e.method === 'POST' && e.path === '/restapi/oauth/revoke');
    expect(revokes.map((e) => e.status)).to.deep.equal([200]);

    const tabEvents = await tab.events();
    expect(tabEvents.filter((e) => e.type === 'rc-auth-change' && e.status === 'signed-out').map((e) => e.reason)).to.deep.equal(['user']);
    expect(tabEvents.filter((e) => e.type === 'rc-logout').map((e) => e.uri)).to.deep.equal([KIT]);
    expect(tabEvents.filter((e) => e.type === 'rc-error')).to.deep.equal([]);
    await login.updateComplete;
    expect(login.shadowRoot!.querySelector('[part~="login-button"]')?.textContent).to.include('Sign in');
    await waitFor(async () => (await tab.auth()).text.includes('Sign in with RingCentral'), 'the follower shows the sign-in button');
    expect((await tab.state()).registration).to.equal('unregistered');
  });
});
