import { expect } from '@open-wc/testing';
import type { Call } from '../../src/core/call.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { expectAudioFlowing, mountProvider, nextEvent, receivedEnergyOver, rigCommand, SILENCE, unmountAll, waitFor } from '../rig/phone-rig.js';
import { desk, DESK_HEARS, startDesk, type DeskMedia } from './deskphone-rig.js';

// A desk phone on plain RTP: baresip 1.0 (its own SIP stack; G.711 over RTP/AVP, no ICE,
// no SRTP) registered over UDP to a Kamailio that bridges the media through rtpengine
// (test/rig/deskphone.mjs). What the desk phone sees is read at the desk phone: its events
// (ctrl_tcp), the audio it decoded (recorded to WAV), and rtpengine's packet counters.

/** Every bridged call's legs carried RTP in both directions: from the kit (WebRTC profile) and from the desk phone (RTP/AVP). */
function expectBridged(media: DeskMedia): void {
  expect(media, 'one call through rtpengine').to.have.length(1);
  const protocols = Object.fromEntries(media[0]!.legs.map((leg) => [leg.protocol, leg.packets]));
  expect(protocols['UDP/TLS/RTP/SAVPF'], 'RTP packets from the kit (DTLS-SRTP)').to.be.above(0);
  expect(protocols['RTP/AVP'], 'RTP packets from the desk phone (plain RTP)').to.be.above(0);
}

/** Both ends hear each other: the kit (getStats) and the desk phone (the level of what it decoded). */
async function expectTwoWayAudio(call: Call): Promise<void> {
  expect((await expectAudioFlowing(call.peerConnection, 'the kit')).codec, 'the desk phone’s codec').to.equal('audio/PCMU');
  expect(await receivedEnergyOver(call.peerConnection, 500), 'the kit hears the desk phone’s tone').to.be.above(SILENCE);
  await waitFor(async () => (await desk.heard()).rms > DESK_HEARS, 'the desk phone hearing the kit');
  expectBridged(await desk.media());
}

describe('interop: a desk phone on plain RTP (baresip) through rtpengine', function () {
  this.timeout(60_000);
  let alice: RcPhoneProvider;

  before(async () => {
    await startDesk();
  });
  after(() => rigCommand('desk-stop'));

  beforeEach(async () => {
    alice = await mountProvider('alice', { server: await startDesk() });
  });
  afterEach(() => unmountAll());

  it('the kit calls the desk phone: G.711 both ways, DTMF reaches it, and the kit hangs up', async () => {
    const from = await desk.events();
    const out = await alice.phone!.call('desk');
    expect((await desk.waitFor('CALL_INCOMING', from)).peeruri).to.contain('sip:alice@');
    const up = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.callId === out.id && e.detail.state === 'established');
    await desk.command('accept');
    await up;
    await desk.waitFor('CALL_ESTABLISHED', from);
    await expectTwoWayAudio(out);

    // RFC 4733 telephone-events, passed through rtpengine to the desk phone's RTP.
    const digits = await desk.events();
    await out.sendDtmf('19#');
    const seen = [];
    for (let at = digits; seen.length < 3;) {
      const event = await desk.waitFor('CALL_DTMF_START', at);
      seen.push(event.param);
      at = event.index + 1;
    }
    expect(seen).to.deep.equal(['1', '9', '#']);

    const closing = await desk.events();
    await out.hangup();
    await desk.waitFor('CALL_CLOSED', closing);
    await waitFor(async () => (await desk.media()).length === 0, 'rtpengine releasing the call');
  });

  it('the desk phone calls the kit: G.711 both ways, and the desk phone hangs up', async () => {
    const from = await desk.events();
    const ringing = nextEvent(alice, 'rc-call-incoming');
    await desk.command('dial', 'sip:alice@127.0.0.1');
    const inc = alice.phone!.getCall((await ringing).detail.callId)!;
    expect(inc.remote.uri).to.contain('sip:desk@');
    await inc.answer();
    await desk.waitFor('CALL_ESTABLISHED', from);
    await expectTwoWayAudio(inc);

    const ended = nextEvent(alice, 'rc-call-ended', (e) => e.detail.callId === inc.id);
    await desk.command('hangup');
    expect((await ended).detail.reason).to.equal('remote-hangup');
    await waitFor(async () => (await desk.media()).length === 0, 'rtpengine releasing the call');
  });
});
