/**
 * When the media path breaks under an answered call (README, Reliability: ICE `failed`, or
 * `disconnected` for over 3 s), the kit restarts ICE (RFC 8445 §9: a re-INVITE whose offer
 * has a new ufrag/pwd), and ends the call with `ice-failed` after two restarts that do not
 * help. Alice's media goes through coturn (relay candidates only) which she reaches through
 * the rig's impairing UDP relay (test/rig/impair.mjs): dropping every datagram there breaks
 * her call's media while the SIP signalling (WebSocket) stays up. The far end is plain
 * sip.js, which never restarts ICE itself; every restart is read there, in the offers it
 * received.
 */
import { expect } from '@open-wc/testing';
import { SessionState } from 'sip.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import type { Call } from '../../src/core/call.js';
import { expectAudioFlowing, mountProvider, nextEvent, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';
import { iceUfrag } from './resilience-rig.js';
import { type FarEnd, sipjsFarEnd } from './sipjs-far-end.js';

const impair = (settings: { loss?: number }) => rigCommand('impair-set', settings);
const remoteUfrag = (pc: RTCPeerConnection | undefined): string | undefined => /a=ice-ufrag:(\S+)/.exec(pc?.remoteDescription?.sdp ?? '')?.[1];

/** Resolves with the time `pc`'s ICE connection state becomes one of `states`. */
const iceState = (pc: RTCPeerConnection, states: RTCIceConnectionState[], timeout = 15_000): Promise<number> =>
  waitFor(() => states.includes(pc.iceConnectionState), `ICE ${states.join(' or ')}`, timeout).then(() => performance.now());

/** Every ICE ufrag the far end was offered, in order (a new one is an ICE restart, RFC 8445 §9). */
function offeredUfrags(pc: RTCPeerConnection): string[] {
  const seen = [remoteUfrag(pc)!];
  pc.addEventListener('signalingstatechange', () => {
    const ufrag = remoteUfrag(pc);
    if (ufrag && ufrag !== seen.at(-1)) seen.push(ufrag);
  });
  return seen;
}

let far: FarEnd | undefined;

/** Alice (through the impairing relay and coturn) calls the sip.js far end, which answers; both hear each other. */
async function brokenLater(): Promise<{ alice: RcPhoneProvider; out: Call; farPc: RTCPeerConnection }> {
  const { iceServers } = await rigCommand<{ iceServers: Record<string, RTCIceServer> }>('turn-start', { users: ['alice'] });
  const turn = iceServers['alice']!;
  const targetPort = Number(/:(\d+)\?/.exec(String(turn.urls))![1]);
  const { port } = await rigCommand<{ port: number }>('impair-start', { targetPort });
  far = await sipjsFarEnd('carol');
  const alice = await mountProvider('alice', {
    iceServers: [{ ...turn, urls: `turn:127.0.0.1:${port}?transport=udp` }],
    phoneOptions: { iceTransportPolicy: 'relay', iceGatheringTimeout: 1_000 },
  });
  const up = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.state === 'established');
  const out = await alice.phone!.call('carol');
  await up;
  const handler = far.invites[0]!.invitation.sessionDescriptionHandler as unknown as {
    peerConnection: RTCPeerConnection;
    waitForIceGatheringComplete(restart?: boolean, timeout?: number): Promise<void>;
  };
  // sip.js answers at once when the gathering state still reads `complete` from the previous
  // generation, as Firefox's does right after an ICE restart's answer is set: the answer would
  // leave with no candidate, which a relay-only peer cannot reach (its TURN server admits only
  // the addresses it was given, RFC 8656 §9). Waiting as for a restart of its own sends them.
  const wait = handler.waitForIceGatheringComplete.bind(handler);
  handler.waitForIceGatheringComplete = (_restart, timeout) => wait(true, timeout);
  const farPc = handler.peerConnection;
  await expectAudioFlowing(out.peerConnection, 'alice');
  await expectAudioFlowing(farPc, 'the far end');
  return { alice, out, farPc };
}

describe('ICE restart when the media path breaks', function () {
  this.timeout(60_000);
  afterEach(async () => {
    await unmountAll();
    await far?.stop();
    far = undefined;
    await rigCommand('impair-stop');
    await rigCommand('turn-stop');
  });

  it('disconnected for over 3 s: one ICE restart, and the audio comes back both ways', async () => {
    const { alice, out, farPc } = await brokenLater();
    const pc = out.peerConnection!;
    const offered = offeredUfrags(farPc);
    const before = iceUfrag(pc);
    await impair({ loss: 1 });
    const disconnected = await iceState(pc, ['disconnected']);
    // The restart begins with a new local description (its new ufrag) after the 3 s grace.
    await waitFor(() => iceUfrag(pc) !== before, 'a new local ufrag (ICE restart)', 15_000);
    expect(performance.now() - disconnected, 'waited out the grace period').to.be.at.least(2_900);
    await impair({ loss: 0 });
    await waitFor(() => offered.length === 2, 'the far end was offered the new ufrag', 15_000);
    expect(offered[1]).to.equal(iceUfrag(pc));
    // Firefox reports `completed` once its checks are done; Chromium stays at `connected`.
    await iceState(pc, ['connected', 'completed']);
    await expectAudioFlowing(farPc, 'the far end, after the restart');
    await expectAudioFlowing(pc, 'alice, after the restart');
    expect(alice.snapshot.calls[0]?.state).to.equal('established');
    expect(offered, 'one restart was enough').to.have.length(2);
  });

  it('two restarts that do not help: the call ends with ice-failed and the far end gets the BYE', async () => {
    const { alice, farPc } = await brokenLater();
    const offered = offeredUfrags(farPc);
    const { invitation } = far!.invites[0]!;
    const ended = nextEvent(alice, 'rc-call-ended', undefined, 40_000);
    const error = nextEvent(alice, 'rc-error', undefined, 40_000);
    await impair({ loss: 1 });
    const { detail } = await ended;
    expect(detail.reason).to.equal('failed');
    expect(detail.error?.code).to.equal('ice-failed');
    expect((await error).detail.code).to.equal('ice-failed');
    // The far end's dialog ended by the kit's BYE (sip.js terminates a session on its BYE).
    await waitFor(() => invitation.state === SessionState.Terminated, 'the far end got the BYE');
    // The far end was offered the original ufrag and two restarts, no more.
    expect(offered).to.have.length(3);
  });
});
