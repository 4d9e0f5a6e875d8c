import { expect } from '@open-wc/testing';
import { audioStats, expectAudioFlowing, mountProvider, nextEvent, unmountAll } from '../rig/phone-rig.js';

describe('alice calls bob through Kamailio', () => {
  afterEach(unmountAll);

  it('connects both ways with Opus audio and hangs up on both sides', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');

    const incoming = nextEvent(bob, 'rc-call-incoming');
    const callId = await alice.snapshot && (await alice.phone!.call('bob')).id;
    const ring = await incoming;
    expect(ring.detail.call.remote.user).to.equal('alice');
    expect(ring.detail.call.remote.displayName).to.equal('Alice');

    const aliceUp = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.state === 'established');
    await bob.phone!.getCall(ring.detail.callId)!.answer();
    await aliceUp;

    const aliceCall = alice.phone!.getCall(callId)!;
    const bobCall = bob.phone!.getCall(ring.detail.callId)!;
    await expectAudioFlowing(aliceCall.peerConnection, 'alice');
    await expectAudioFlowing(bobCall.peerConnection, 'bob');
    expect((await audioStats(aliceCall.peerConnection)).codec).to.equal('audio/opus');

    const bobEnded = nextEvent(bob, 'rc-call-ended');
    const aliceEnded = nextEvent(alice, 'rc-call-ended');
    await aliceCall.hangup();
    expect((await bobEnded).detail.reason).to.equal('remote-hangup');
    expect((await aliceEnded).detail.reason).to.equal('local-hangup');
  });
});
