/**
 * Interop with an independent SIP stack: JsSIP 3.13 (npm `jssip`) in a browser context of
 * its own, registered on the project's Kamailio (test/rig/peers.mjs,
 * fixtures/jssip-peer.ts). Every claim is read at JsSIP: its `hold`/`unhold` events, the
 * direction of the offers it received, the responses on its socket, and its own WebRTC
 * statistics (bytes, packets and energy of the audio it receives and sends).
 */
import { expect } from '@open-wc/testing';
import type { Call } from '../../src/core/call.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { SILENCE, audioStats, mountProvider, nextEvent, unmountAll, waitFor } from '../rig/phone-rig.js';
import { JssipClient } from './jssip-client.js';

let peer: JssipClient | undefined;

const offerFrom = (kind: 'remote' | 'local') => (event: { type: string; originator?: string; sdpType?: string }) =>
  event.type === 'sdp' && event.originator === kind && event.sdpType === 'offer';

/**
 * Audio flows both ways, as JsSIP measures it: it receives the kit's audio (bytes, packets
 * and sound, not silence) and sends its own, which the kit receives as sound too.
 */
async function expectAudioBothWays(call: Call, label: string): Promise<void> {
  const at = await peer!.stats();
  const kit = await audioStats(call.peerConnection);
  let now = at;
  await waitFor(async () => {
    now = await peer!.stats();
    return now.packetsReceived > at.packetsReceived && now.receivedEnergy - at.receivedEnergy > SILENCE && now.packetsSent > at.packetsSent;
  }, `${label}: JsSIP hears the kit and sends`).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify({ at, now })}`);
  });
  await waitFor(async () => (await audioStats(call.peerConnection)).receivedEnergy - kit.receivedEnergy > SILENCE, `${label}: the kit hears JsSIP`);
}

/**
 * The direction of the offer JsSIP sent after event `seen`, once answered. JsSIP reports its
 * offer twice: as made, then as sent (with its hold directions written in): the last counts.
 */
async function offerSentByJssip(seen: number): Promise<string | undefined> {
  await peer!.nextEvent((e) => e.type === 'sdp' && e.originator === 'remote' && e.sdpType === 'answer', 'the answer to its offer', seen);
  const events = (await peer!.events()).slice(seen);
  const answered = events.findIndex((e) => e.type === 'sdp' && e.originator === 'remote' && e.sdpType === 'answer');
  return events.slice(0, answered).filter(offerFrom('local')).pop()?.direction;
}

/** The kit calls JsSIP (which answers at once). */
async function kitCalls(kit: RcPhoneProvider): Promise<Call> {
  const call = await kit.phone!.call('heidi');
  await waitFor(() => call.state === 'established', 'the call is up for the kit');
  await waitFor(async () => (await peer!.state()).established, 'the call is up for JsSIP');
  return call;
}

/** JsSIP calls the kit, which answers. */
async function jssipCalls(kit: RcPhoneProvider, options: { sessionTimersExpires?: number } = {}): Promise<Call> {
  const ringing = nextEvent(kit, 'rc-call-incoming');
  await peer!.dial('sip:grace@' + new URL(kit.uri.replace(/^sip:/, 'sip://')).hostname, options);
  const call = kit.phone!.getCall((await ringing).detail.callId)!;
  await call.answer();
  await waitFor(async () => (await peer!.state()).established, 'the call is up for JsSIP');
  return call;
}

describe('interop: JsSIP 3.13 as the far end', () => {
  afterEach(async () => {
    await unmountAll();
    await peer?.call('stop').catch(() => undefined);
    await peer?.close();
    peer = undefined;
  });

  it('the kit holds: JsSIP is offered sendonly and fires hold, then sendrecv and unhold; audio both ways after', async () => {
    const grace = await mountProvider('grace');
    peer = await JssipClient.start('heidi');
    const call = await kitCalls(grace);
    await expectAudioBothWays(call, 'before hold');

    let seen = await peer.eventCount();
    await call.hold();
    expect((await peer.nextEvent(offerFrom('remote'), 'the hold offer', seen)).direction).to.equal('sendonly');
    await peer.nextEvent((e) => e.type === 'hold' && e.originator === 'remote', 'hold by the kit', seen);
    expect((await peer.state()).onHold).to.deep.equal({ local: false, remote: true });

    seen = await peer.eventCount();
    await call.unhold();
    expect((await peer.nextEvent(offerFrom('remote'), 'the resume offer', seen)).direction).to.equal('sendrecv');
    await peer.nextEvent((e) => e.type === 'unhold' && e.originator === 'remote', 'unhold by the kit', seen);
    await expectAudioBothWays(call, 'after resume');
  });

  it('JsSIP holds the kit: remoteHeld in the snapshot, answered recvonly; the kit holding too offers inactive', async () => {
    const grace = await mountProvider('grace');
    peer = await JssipClient.start('heidi');
    const call = await jssipCalls(grace);
    await expectAudioBothWays(call, 'before hold');

    let seen = await peer.eventCount();
    expect(await peer.call('hold')).to.equal(true);
    expect(
      (await peer.nextEvent((e) => e.type === 'sdp' && e.originator === 'remote' && e.sdpType === 'answer', 'the answer to its hold', seen)).direction,
    ).to.equal('recvonly');
    await waitFor(() => grace.snapshot.calls[0]?.remoteHeld === true, 'the snapshot shows the hold');
    expect(grace.snapshot.calls[0]!.held).to.equal(false);

    seen = await peer.eventCount();
    await call.hold();
    expect((await peer.nextEvent(offerFrom('remote'), 'the kit’s hold offer', seen)).direction).to.equal('inactive');

    // JsSIP resumes while the kit still holds: its offer is recvonly (it wants audio, the kit sends none).
    seen = await peer.eventCount();
    expect(await peer.call('unhold')).to.equal(true);
    expect(await offerSentByJssip(seen)).to.equal('recvonly');
    await waitFor(() => grace.snapshot.calls[0]?.remoteHeld === false, 'the snapshot shows the resume');
    expect(grace.snapshot.calls[0]!.held).to.equal(true);

    seen = await peer.eventCount();
    await call.unhold();
    expect((await peer.nextEvent(offerFrom('remote'), 'the kit’s resume offer', seen)).direction).to.equal('sendrecv');
    await peer.nextEvent((e) => e.type === 'unhold' && e.originator === 'remote', 'unhold by the kit', seen);
    await expectAudioBothWays(call, 'after both resumed');
  });

  it('UPDATE: JsSIP renegotiates by UPDATE (200 with an answer, audio goes on) and refreshes its session timer by UPDATE (200 with Session-Expires)', async () => {
    const grace = await mountProvider('grace');
    peer = await JssipClient.start('heidi');
    const call = await jssipCalls(grace, { sessionTimersExpires: 90 });

    expect(await peer.call('renegotiate', true), 'JsSIP applied the answer to its UPDATE').to.equal(true);
    await expectAudioBothWays(call, 'after the UPDATE');

    // JsSIP's refresh routine (RFC 4028 §7.4), run now: an UPDATE without SDP.
    expect(await peer.call('refreshSession')).to.equal(true);
    const updateAnswers = async () => (await peer!.wire()).filter((m) => !m.sent && / UPDATE$/.test(m.cseq));
    await waitFor(async () => (await updateAnswers()).length === 2, 'the refresh is answered');
    const answers = await updateAnswers();
    expect(answers.map((m) => m.firstLine)).to.deep.equal(['SIP/2.0 200 OK', 'SIP/2.0 200 OK']);
    // The kit, as UAS of JsSIP's INVITE, is the refresher (session-timer.ts): its 2xx says so again.
    expect(answers[1]!.sessionExpires).to.equal('90;refresher=uas');
    expect((await peer.state()).established).to.equal(true);
    expect(grace.snapshot.calls[0]?.state).to.equal('established');
  });
});
