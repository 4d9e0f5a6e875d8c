/**
 * README claims about the microphone and offers, each read at a far end that is not the kit:
 * - `setAudioInput` swaps the microphone of a live call without renegotiating (the far end
 *   gets no new offer: its remote description keeps its o= session version, RFC 3264 §8);
 * - while the browser still has to ask for the microphone, the INVITE waits for the answer
 *   (Performance, "Microphone"): nothing reaches the far end before the user allows it;
 * - an INVITE offering no audio is answered 488 (RFC 3261 §21.4.26), as the raw caller sees.
 */
import { expect } from '@open-wc/testing';
import type { Call } from '../../src/core/call.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import {
  SILENCE,
  commandsOf,
  inFirefox,
  expectAudioFlowing,
  mountProvider,
  nextEvent,
  receivedEnergyOver,
  rigCommand,
  unmountAll,
  waitFor,
} from '../rig/phone-rig.js';
import { RawSipPeer } from './raw-sip-peer.js';
import { type FarEnd, playAtFarEnd, sdpSessionVersion, sipjsFarEnd } from './sipjs-far-end.js';

let far: FarEnd | undefined;
const peers: RawSipPeer[] = [];

const farConnection = (end: FarEnd): RTCPeerConnection =>
  (end.invites[0]!.invitation.sessionDescriptionHandler as unknown as { peerConnection: RTCPeerConnection }).peerConnection;

/** Alice calls the far end (carol), which answers; resolves once audio flows both ways. */
async function callFarEnd(alice: RcPhoneProvider): Promise<{ out: Call; farPc: RTCPeerConnection }> {
  const up = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.state === 'established');
  const out = await alice.phone!.call('carol');
  await up;
  const farPc = farConnection(far!);
  await expectAudioFlowing(farPc, 'the far end');
  await expectAudioFlowing(out.peerConnection, 'alice');
  return { out, farPc };
}

/**
 * Holds every getUserMedia of the page until `release()`, as a permission prompt does while
 * the user has not clicked Allow yet (headless Chromium's prompt answers at once).
 */
function gateMicrophone(): { entered: () => boolean; release: () => number; restore: () => void } {
  const devices = navigator.mediaDevices;
  const real = devices.getUserMedia.bind(devices);
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let calls = 0;
  devices.getUserMedia = async (constraints) => {
    calls++;
    await gate;
    return real(constraints);
  };
  return {
    entered: () => calls > 0,
    release: () => {
      open();
      return performance.now();
    },
    restore: () => {
      devices.getUserMedia = real;
    },
  };
}

/**
 * The page's Permissions API answers `state` for the microphone until the returned function
 * restores it. Only in Firefox: its permission manager, set to 'prompt' by the rig, still makes
 * `navigator.permissions.query` say 'granted' once the page has been granted the microphone in
 * this session, so the kit's prompt path is reached there only by the page being told 'prompt'.
 */
function permissionReads(state: PermissionState): () => void {
  const permissions = navigator.permissions;
  const real = permissions.query.bind(permissions);
  permissions.query = async (descriptor) => {
    const status = await real(descriptor);
    return descriptor.name === ('microphone' as PermissionName) ? Object.create(status, { state: { value: state } }) : status;
  };
  return () => {
    permissions.query = real;
  };
}

describe('media claims, read at the far end', () => {
  afterEach(async () => {
    await unmountAll();
    await far?.stop();
    far = undefined;
    for (const peer of peers.splice(0)) peer.close();
    await rigCommand('microphone', { setting: 'granted' });
  });

  it('setAudioInput on a live call: the new device sends, and the far end gets no new offer (same o= version)', async () => {
    far = await sipjsFarEnd('carol');
    const alice = await mountProvider('alice');
    const { out, farPc } = await callFarEnd(alice);
    const stopPlaying = await playAtFarEnd(far.invites[0]!.invitation);
    await waitFor(async () => (await receivedEnergyOver(farPc, 1_100)) > SILENCE, 'the far end hears the first microphone');
    const sender = out.peerConnection!.getSenders().find((s) => s.track?.kind === 'audio')!;
    const before = sender.track!.getSettings().deviceId;
    const other = (await navigator.mediaDevices.enumerateDevices()).find((d) => d.kind === 'audioinput' && d.deviceId !== before && d.deviceId !== 'default');
    expect(other, 'a second microphone to switch to').to.not.equal(undefined);
    const version = sdpSessionVersion(farPc.remoteDescription?.sdp);
    let renegotiations = 0;
    farPc.addEventListener('signalingstatechange', () => renegotiations++);

    await alice.phone!.setAudioInput(other!.deviceId);
    expect(sender.track!.getSettings().deviceId, 'the call sends from the new device').to.equal(other!.deviceId);
    // The far end keeps hearing alice, now from the new microphone.
    await waitFor(async () => (await receivedEnergyOver(farPc, 1_100)) > SILENCE, 'the far end hears the new microphone');
    expect(sdpSessionVersion(farPc.remoteDescription?.sdp), 'o= session version at the far end').to.equal(version);
    expect(renegotiations, 'offers or answers at the far end').to.equal(0);
    stopPlaying();
  });

  it('setAudioOutput on a live call moves its audio element to the chosen speaker', async () => {
    far = await sipjsFarEnd('carol');
    const alice = await mountProvider('alice');
    const { out } = await callFarEnd(alice);
    const speaker = (await navigator.mediaDevices.enumerateDevices()).find((d) => d.kind === 'audiooutput' && d.deviceId !== 'default' && d.deviceId !== '');
    expect(speaker, 'a speaker to choose').to.not.equal(undefined);
    const element = out.audioElement as (HTMLAudioElement & { sinkId: string }) | undefined;
    expect(element?.sinkId).to.equal('');
    await alice.phone!.setAudioOutput(speaker!.deviceId);
    expect(element?.sinkId).to.equal(speaker!.deviceId);
    expect(element?.paused, 'still playing').to.equal(false);
  });

  it('microphone permission still to be asked: the INVITE waits for the answer (and does not when granted)', async () => {
    const invites = (): number => far!.invites.length;
    far = await sipjsFarEnd('carol');
    const alice = await mountProvider('alice');

    // Granted: the INVITE leaves while the microphone is still opening (the control).
    let gate = gateMicrophone();
    try {
      const ended = nextEvent(alice, 'rc-call-ended');
      const call = await alice.phone!.call('carol');
      await waitFor(() => invites() === 1, 'the INVITE reaches the far end while the microphone opens', 5_000);
      expect(gate.entered()).to.equal(true);
      gate.release();
      await waitFor(() => call.state === 'established', 'answered');
      await call.hangup();
      await ended;
    } finally {
      gate.restore();
    }

    // To be asked: no INVITE as long as the user has not answered the prompt.
    await rigCommand('microphone', { setting: 'prompt' });
    gate = gateMicrophone();
    const askAgain = inFirefox ? permissionReads('prompt') : undefined;
    try {
      const calling = commandsOf(alice).call('carol');
      await waitFor(() => gate.entered(), 'the kit asks for the microphone');
      // The INVITE would be at the far end within ~100 ms, as above: give it ten times that.
      const early = await waitFor(() => invites() === 2, 'an INVITE before the grant', 1_000).then(
        () => true,
        () => false,
      );
      expect(early, 'an INVITE reached the far end before the user allowed the microphone').to.equal(false);
      // The user clicks Allow.
      await rigCommand('microphone', { setting: 'granted' });
      const granted = gate.release();
      await waitFor(() => invites() === 2, 'the INVITE after the grant', 5_000);
      expect(far.invites[1]!.at).to.be.greaterThan(granted);
      expect(await calling).to.be.a('string');
    } finally {
      gate.restore();
      askAgain?.();
    }
  });

  for (const [label, sdp] of [
    ['video only', 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:96 VP8/90000\r\n'],
    ['no media section', 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n'],
  ] as const) {
    it(`an offer with ${label}: answering it sends 488 Not Acceptable Here, as the raw caller receives`, async () => {
      const alice = await mountProvider('alice');
      const peer = await RawSipPeer.open('heidi');
      peers.push(peer);
      const ringing = nextEvent(alice, 'rc-call-incoming');
      const answered = peer.invite('alice', sdp);
      const { detail } = await ringing;
      const error = nextEvent(alice, 'rc-error');
      expect(await commandsOf(alice).answer(detail.callId)).to.equal(false);
      const { response } = await answered;
      expect(response.status).to.equal(488);
      expect(
        peer.responses.some((r) => r.status === 200),
        'no 200 OK',
      ).to.equal(false);
      expect((await error).detail.code).to.equal('call-failed');
    });
  }
});
