import { expect } from '@open-wc/testing';
import type { Call } from '../../src/core/call.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import {
  SILENCE,
  audioStats,
  connect,
  expectAudioFlowing,
  mountProvider,
  nextEvent,
  receivedEnergyOver,
  rigCommand,
  unmountAll,
  waitFor,
} from '../rig/phone-rig.js';
import { audioOffer, header, RawSipPeer } from './raw-sip-peer.js';

// The fake microphone beeps about once a second: windows shorter than that can be silent.
const WINDOW = 1100;

/** The direction attribute of the audio section of `pc`'s remote description: what the far end was sent (RFC 3264 §6.1). */
function remoteAudioDirection(pc: RTCPeerConnection | undefined): string | undefined {
  const audio = pc?.remoteDescription?.sdp.split(/^m=/m).find((section) => section.startsWith('audio'));
  return /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m.exec(audio ?? '')?.[1] ?? (audio ? 'sendrecv' : undefined);
}

/** `sdp` with its telephone-event payload types removed (a far end without RFC 4733). */
function withoutTelephoneEvent(sdp: string): string {
  const types = [...sdp.matchAll(/^a=rtpmap:(\d+) telephone-event\/\d+\r?$/gm)].map((match) => match[1]!);
  return sdp
    .split('\r\n')
    .filter((line) => !types.some((type) => line.startsWith(`a=rtpmap:${type} `) || line.startsWith(`a=fmtp:${type} `)))
    .map((line) =>
      line.startsWith('m=audio ')
        ? line
            .split(' ')
            .filter((token, i) => i < 3 || !types.includes(token))
            .join(' ')
        : line,
    )
    .join('\r\n');
}

async function hangUpBoth(a: RcPhoneProvider, b: RcPhoneProvider, call: Call): Promise<void> {
  const ends = [nextEvent(a, 'rc-call-ended'), nextEvent(b, 'rc-call-ended')];
  await call.hangup();
  await Promise.all(ends);
}

describe('calls between two providers in one page', () => {
  afterEach(unmountAll);

  it('alice calls bob: established both sides, Opus both ways, hangup ends both', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    const ringing = nextEvent(bob, 'rc-call-incoming');
    const ringingBack = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.state === 'ringing');
    const out = await alice.phone!.call('bob');
    const ring = await ringing;
    await ringingBack;
    expect(ring.detail.call.remote.user).to.equal('alice');
    expect(ring.detail.call.remote.displayName).to.equal('Alice');
    expect(ring.detail.call.direction).to.equal('inbound');
    expect(alice.snapshot.calls.map((c) => c.state)).to.deep.equal(['ringing']);

    const inc = bob.phone!.getCall(ring.detail.callId)!;
    const bobUp = nextEvent(bob, 'rc-call-state-change', (e) => e.detail.state === 'established');
    const aliceUp = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.state === 'established');
    await inc.answer();
    await Promise.all([aliceUp, bobUp]);
    expect(alice.snapshot.calls[0]!.startedAt).to.be.a('number');

    await expectAudioFlowing(out.peerConnection, 'alice');
    await expectAudioFlowing(inc.peerConnection, 'bob');
    expect((await audioStats(out.peerConnection)).codec).to.equal('audio/opus');
    expect((await audioStats(inc.peerConnection)).codec).to.equal('audio/opus');
    expect(out.audioElement?.srcObject).to.be.instanceOf(MediaStream);

    const bobEnded = nextEvent(bob, 'rc-call-ended');
    const aliceEnded = nextEvent(alice, 'rc-call-ended');
    await out.hangup();
    expect((await bobEnded).detail.reason).to.equal('remote-hangup');
    expect((await aliceEnded).detail.reason).to.equal('local-hangup');
    expect(alice.snapshot.calls).to.have.length(0);
    expect(bob.snapshot.calls).to.have.length(0);
    expect(out.peerConnection).to.equal(undefined);
  });

  it('hold: the far end is offered sendonly and hears silence, both ways; resume offers sendrecv and brings audio back', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    const { out, inc } = await connect(alice, bob, 'bob');
    await expectAudioFlowing(inc.peerConnection, 'bob');
    expect(await receivedEnergyOver(inc.peerConnection, WINDOW)).to.be.greaterThan(SILENCE);
    expect(remoteAudioDirection(inc.peerConnection)).to.equal('sendrecv');

    await out.hold();
    expect(alice.snapshot.calls[0]!.held).to.equal(true);
    // At bob: the hold re-INVITE's offer as it arrived (RFC 3264 §8.4).
    expect(remoteAudioDirection(inc.peerConnection), 'the offer bob received').to.be.oneOf(['sendonly', 'inactive']);
    // Let audio already in flight drain before measuring.
    await waitFor(async () => (await receivedEnergyOver(inc.peerConnection, WINDOW)) < SILENCE, 'bob hears silence while held');
    expect(await receivedEnergyOver(out.peerConnection, WINDOW)).to.be.lessThan(SILENCE);

    await out.unhold();
    expect(alice.snapshot.calls[0]!.held).to.equal(false);
    expect(remoteAudioDirection(inc.peerConnection), 'the offer bob received').to.equal('sendrecv');
    await waitFor(async () => (await receivedEnergyOver(inc.peerConnection, WINDOW)) > SILENCE, 'bob hears alice again after resume');
    await hangUpBoth(alice, bob, out);
  });

  it('resuming a held call during a live one holds the live one: its far end is offered sendonly and hears silence', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    const carol = await mountProvider('carol');
    const { out: withBob, inc: bobSide } = await connect(alice, bob, 'bob');
    await withBob.hold();
    const { out: withCarol, inc: carolSide } = await connect(alice, carol, 'carol');
    await expectAudioFlowing(carolSide.peerConnection, 'carol');
    expect(remoteAudioDirection(carolSide.peerConnection)).to.equal('sendrecv');

    await withBob.unhold();
    // Checked at carol, the far end of the call the kit put on hold by itself.
    expect(remoteAudioDirection(carolSide.peerConnection), 'the offer carol received').to.be.oneOf(['sendonly', 'inactive']);
    await waitFor(async () => (await receivedEnergyOver(carolSide.peerConnection, WINDOW)) < SILENCE, 'carol hears silence once held');
    expect(remoteAudioDirection(bobSide.peerConnection), 'the offer bob received').to.equal('sendrecv');
    await waitFor(async () => (await receivedEnergyOver(bobSide.peerConnection, WINDOW)) > SILENCE, 'bob hears alice again');
    expect(alice.snapshot.calls.map((c) => [c.id, c.held])).to.deep.equal([
      [withBob.id, false],
      [withCarol.id, true],
    ]);
    await hangUpBoth(alice, carol, withCarol);
    await hangUpBoth(alice, bob, withBob);
  });

  it('mute makes the outbound audio energy fall to zero; unmute restores it', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    const { out, inc } = await connect(alice, bob, 'bob');
    await expectAudioFlowing(inc.peerConnection, 'bob');
    out.mute();
    expect(alice.snapshot.calls[0]!.muted).to.equal(true);
    await waitFor(async () => (await receivedEnergyOver(inc.peerConnection, WINDOW)) < SILENCE, 'bob hears silence while alice is muted');
    // The RTP stream keeps flowing (silence), so the call stays healthy.
    await expectAudioFlowing(inc.peerConnection, 'bob while muted');
    out.unmute();
    expect(alice.snapshot.calls[0]!.muted).to.equal(false);
    await waitFor(async () => (await receivedEnergyOver(inc.peerConnection, WINDOW)) > SILENCE, 'bob hears alice after unmute');
    await hangUpBoth(alice, bob, out);
  });

  it('DTMF goes out as RFC 4733 telephone-events, negotiated in the offer and the answer as each end received them', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    const { out, inc } = await connect(alice, bob, 'bob');
    // The offer as bob received it and the answer as alice received it (RFC 4733 §7.1.1).
    expect(inc.peerConnection!.remoteDescription!.sdp, 'the offer at bob').to.match(/^a=rtpmap:\d+ telephone-event\/\d+/m);
    expect(out.peerConnection!.remoteDescription!.sdp, 'the answer at alice').to.match(/^a=rtpmap:\d+ telephone-event\/\d+/m);
    // RFC 4733 events need the media transport up; before that the kit falls back to INFO.
    await expectAudioFlowing(out.peerConnection, 'alice');
    // A browser cannot read telephone-events it receives: their arrival at an independent far
    // end is checked in interop-deskphone.test.ts (baresip reports each digit).
    const sender = out.peerConnection!.getSenders().find((s) => s.track?.kind === 'audio')!;
    const tones: string[] = [];
    sender.dtmf!.addEventListener('tonechange', (e) => tones.push((e as RTCDTMFToneChangeEvent).tone));
    await out.sendDtmf('12#');
    await waitFor(() => tones.includes(''), 'the DTMF sender to finish');
    expect(tones.filter(Boolean)).to.deep.equal(['1', '2', '#']);
    await hangUpBoth(alice, bob, out);
  });

  it('DTMF by SIP INFO reaches the other side as rc-dtmf-received', async () => {
    const alice = await mountProvider('alice', { phoneOptions: { dtmfTransport: 'info' } });
    const bob = await mountProvider('bob');
    const { out, inc } = await connect(alice, bob, 'bob');
    const received: string[] = [];
    bob.addEventListener('rc-dtmf-received', (e) => {
      expect(e.detail.callId).to.equal(inc.id);
      received.push(e.detail.tone);
    });
    await out.sendDtmf('5*9');
    await waitFor(() => received.length === 3, 'three INFO tones at bob');
    expect(received).to.deep.equal(['5', '*', '9']);
    await hangUpBoth(alice, bob, out);
  });

  it('DTMF falls back to SIP INFO by itself when the far end did not offer telephone-event', async () => {
    const alice = await mountProvider('alice');
    const peer = await RawSipPeer.open('dave');
    try {
      const offer = await audioOffer();
      const ringing = nextEvent(alice, 'rc-call-incoming');
      const answered = peer.invite('alice', withoutTelephoneEvent(offer.sdp));
      const call = alice.phone!.getCall((await ringing).detail.callId)!;
      await call.answer();
      const { dialog, response } = await answered;
      expect(dialog, 'the kit answered the raw peer').not.to.equal(undefined);
      expect(response.body).not.to.match(/telephone-event/);
      await offer.accept(response.body);
      // The media transport is up, so only the missing telephone-event can make the kit use INFO.
      await waitFor(() => call.peerConnection?.connectionState === 'connected', 'the kit’s media transport up');

      await call.sendDtmf('7');
      const info = await peer.waitForRequest((request) => request.method === 'INFO', 'an INFO from the kit');
      expect(header(info, 'content-type')).to.equal('application/dtmf-relay');
      expect(info.body).to.match(/^Signal=7\r\n/);
      await peer.inDialog(dialog!, 'BYE');
      offer.pc.close();
    } finally {
      peer.close();
    }
  });

  it('bob blind-transfers alice to carol', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    const carol = await mountProvider('carol');
    const { out, inc } = await connect(alice, bob, 'bob');

    const carolRings = nextEvent(carol, 'rc-call-incoming');
    const bobEnded = nextEvent(bob, 'rc-call-ended');
    const aliceOldEnded = nextEvent(alice, 'rc-call-ended', (e) => e.detail.callId === out.id);
    await inc.transfer('carol');
    expect((await bobEnded).detail.reason).to.equal('transferred');
    expect((await aliceOldEnded).detail.reason).to.equal('transferred');

    const ring = await carolRings;
    expect(ring.detail.call.remote.user).to.equal('alice');
    const carolCall = carol.phone!.getCall(ring.detail.callId)!;
    const aliceUp = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.state === 'established');
    await carolCall.answer();
    const newAliceCallId = (await aliceUp).detail.callId;
    const aliceCall = alice.phone!.getCall(newAliceCallId)!;
    expect(aliceCall.remote.user).to.equal('carol');
    await expectAudioFlowing(aliceCall.peerConnection, 'alice (to carol)');
    await expectAudioFlowing(carolCall.peerConnection, 'carol');
    await hangUpBoth(alice, carol, aliceCall);
  });

  it('call waiting: a second call rings during a call; answering it holds the first', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    const carol = await mountProvider('carol');
    const { out: bobToAlice, inc: aliceWithBob } = await connect(bob, alice, 'alice');

    const second = nextEvent(alice, 'rc-call-incoming');
    const carolToAlice = await carol.phone!.call('alice');
    const ring = await second;
    expect(alice.snapshot.calls.map((c) => c.state)).to.deep.equal(['established', 'ringing']);
    expect(alice.snapshot.currentCallId).to.equal(aliceWithBob.id);

    const carolUp = nextEvent(carol, 'rc-call-state-change', (e) => e.detail.state === 'established');
    await alice.phone!.getCall(ring.detail.callId)!.answer();
    await carolUp;
    const [first, current] = alice.snapshot.calls;
    expect(first!.held).to.equal(true);
    expect(current!.held).to.equal(false);
    expect(alice.snapshot.currentCallId).to.equal(ring.detail.callId);
    await expectAudioFlowing(alice.phone!.getCall(ring.detail.callId)!.peerConnection, 'alice (with carol)');

    await hangUpBoth(carol, alice, carolToAlice);
    await hangUpBoth(bob, alice, bobToAlice);
    expect(alice.snapshot.calls).to.have.length(0);
  });

  it('two providers on one page are independent; removing one unregisters only it', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    expect(alice.phone).not.to.equal(bob.phone);
    expect(await rigCommand<number>('contacts', { user: 'alice' })).to.equal(1);
    const bobChanges: string[] = [];
    bob.addEventListener('rc-registration-change', (e) => bobChanges.push(e.detail.state));
    alice.remove();
    expect(alice.phone).to.equal(undefined);
    await waitFor(async () => (await rigCommand<number>('contacts', { user: 'alice' })) === 0, 'alice un-REGISTERed on removal');
    expect(await rigCommand<number>('contacts', { user: 'bob' })).to.equal(1);
    expect(bob.snapshot.registration).to.equal('registered');
    expect(bobChanges).to.deep.equal([]);
  });
});
