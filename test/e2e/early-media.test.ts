/**
 * Early media (RFC 3261 §13.2.1): a far end that answers the kit's INVITE with a 183 Session
 * Progress carrying SDP (as a PSTN gateway plays its ringback or an announcement) is heard
 * before the call is answered. The far end is plain sip.js with real media (Chromium's fake
 * microphone), sending its 183 with an answer and its 200 later.
 */
import { expect } from '@open-wc/testing';
import { Registerer, RegistererState, SessionState, UserAgent, type Invitation } from 'sip.js';
import { SILENCE, account, audioStats, mountProvider, rigConfig, unmountAll, waitFor } from '../rig/phone-rig.js';

let far: UserAgent | undefined;

describe('early media', () => {
  afterEach(async () => {
    await unmountAll();
    await far?.stop();
    far = undefined;
  });

  it('a 183 with SDP plays before the answer: ringing, earlyMedia, the far end’s audio heard; answered, it goes on', async () => {
    const { servers, domain } = await rigConfig();
    const acct = await account('dave');
    let invitation: Invitation | undefined;
    far = new UserAgent({
      uri: UserAgent.makeURI(`sip:dave@${domain}`),
      transportOptions: { server: servers['primary'] },
      authorizationUsername: 'dave',
      authorizationPassword: acct.password,
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 200 },
      logBuiltinEnabled: false,
      delegate: {
        onInvite: (incoming) => {
          invitation = incoming;
          // sip.js makes a 183 without a body into one with its answer (early media).
          void incoming.progress({ statusCode: 183 });
        },
      },
    });
    await far.start();
    const registerer = new Registerer(far);
    await registerer.register();
    await waitFor(() => registerer.state === RegistererState.Registered, 'dave registers');

    const kit = await mountProvider('erin');
    const call = await kit.phone!.call('dave');
    await waitFor(() => kit.snapshot.calls[0]?.earlyMedia === true, 'earlyMedia in the snapshot');
    expect(kit.snapshot.calls[0]!.state).to.equal('ringing');
    const before = await audioStats(call.peerConnection);
    await waitFor(async () => {
      const now = await audioStats(call.peerConnection);
      return now.bytesReceived > before.bytesReceived && now.receivedEnergy - before.receivedEnergy > SILENCE;
    }, 'the far end’s audio is heard before the answer');
    expect(call.state).to.equal('ringing');
    expect(call.audioElement?.paused, 'the early audio plays').to.equal(false);

    await invitation!.accept();
    await waitFor(() => call.state === 'established', 'answered');
    expect(invitation!.state).to.equal(SessionState.Established);
    expect(kit.snapshot.calls[0]!.earlyMedia).to.equal(false);
    const answered = await audioStats(call.peerConnection);
    await waitFor(async () => (await audioStats(call.peerConnection)).receivedEnergy - answered.receivedEnergy > SILENCE, 'audio goes on after the answer');
  });
});
