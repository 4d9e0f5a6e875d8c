import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import type { QualityOptions } from '../../src/core/quality/quality.js';
import { CallQualityHarness } from '../../src/elements/rc-call-quality/rc-call-quality.harness.js';
import '../../src/elements/rc-call-quality/rc-call-quality.js';
import { audioStats, connect, expectAudioFlowing, mountProvider, nextEvent, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';

// Call quality measured on real RTP: alice's media is relayed by the rig's coturn, and she
// reaches coturn through a UDP relay that adds delay, jitter and loss (test/rig/impair.mjs;
// this kernel has no netem). Bob is a second phone in the page on his host address.

interface Seen {
  readonly type: 'raised' | 'cleared';
  readonly warning: string;
  readonly at: number;
}

/** Every warning event of `provider`, as it comes. */
function recordWarnings(provider: RcPhoneProvider): Seen[] {
  const seen: Seen[] = [];
  provider.addEventListener('rc-call-warning', (e) => seen.push({ type: 'raised', warning: e.detail.warning, at: performance.now() }));
  provider.addEventListener('rc-call-warning-cleared', (e) => seen.push({ type: 'cleared', warning: e.detail.warning, at: performance.now() }));
  return seen;
}

const impair = (settings: { delay?: number; jitter?: number; loss?: number }) => rigCommand<{ forwarded: number; dropped: number }>('impair-set', settings);

/** A call from alice (through the impairing relay and coturn, relay candidates only) to bob. */
async function impairedCall(quality: QualityOptions = { eventInterval: 1_000 }, children = '') {
  const { iceServers } = await rigCommand<{ iceServers: Record<string, RTCIceServer> }>('turn-start', { users: ['alice'] });
  const turn = iceServers['alice']!;
  const targetPort = Number(/:(\d+)\?/.exec(String(turn.urls))![1]);
  const { port } = await rigCommand<{ port: number }>('impair-start', { targetPort });
  const alice = await mountProvider('alice', {
    iceServers: [{ ...turn, urls: `turn:127.0.0.1:${port}?transport=udp` }],
    phoneOptions: { iceTransportPolicy: 'relay', iceGatheringTimeout: 2_000, quality },
    children,
  });
  const bob = await mountProvider('bob');
  const seen = recordWarnings(alice);
  const { out, inc } = await connect(alice, bob, 'bob');
  await expectAudioFlowing(out.peerConnection, 'alice');
  return { alice, bob, out, inc, seen };
}

/** The AudioContexts the page listens to a stream through (createMediaStreamSource) until restore(). */
function recordListeningContexts() {
  const contexts = new Set<AudioContext>();
  const original = AudioContext.prototype.createMediaStreamSource;
  AudioContext.prototype.createMediaStreamSource = function (this: AudioContext, stream: MediaStream) {
    contexts.add(this);
    return original.call(this, stream);
  };
  return { contexts, restore: () => (AudioContext.prototype.createMediaStreamSource = original) };
}

/** Resolves with the time `warning` was raised (or cleared) by `provider`, failing after `ms`. */
const warned = (provider: RcPhoneProvider, warning: string, ms: number, cleared = false) =>
  nextEvent(provider, cleared ? 'rc-call-warning-cleared' : 'rc-call-warning', (e) => e.detail.warning === warning, ms).then(() => performance.now());

describe('call quality: measured on real RTP through an impairing UDP relay', function () {
  this.timeout(60_000);
  after(async () => {
    await rigCommand('impair-stop');
    await rigCommand('turn-stop');
  });
  afterEach(() => unmountAll());

  it('a clean call: MOS ≥ 4.0, the relayed route, and no warning', async () => {
    const { alice, out, seen } = await impairedCall(undefined, '<rc-call-quality></rc-call-quality>');
    // Six measurements' worth of a clean call (one event a second, as asked).
    let quality = (await nextEvent(alice, 'rc-call-quality', (e) => e.detail.callId === out.id, 5_000)).detail.quality;
    for (let i = 0; i < 5; i++) quality = (await nextEvent(alice, 'rc-call-quality', undefined, 5_000)).detail.quality;
    expect(quality.mos, 'MOS').to.be.at.least(4.0);
    expect(quality.packetLoss).to.be.below(0.01);
    expect(quality.route).to.include({ local: 'relay', protocol: 'udp' });
    expect(quality.codec).to.equal('audio/opus');
    expect(quality.bytesReceived).to.be.above(0);
    expect(seen, 'warnings').to.deep.equal([]);
    // The snapshot carries it too.
    expect(alice.phone!.snapshot().calls[0]!.quality?.mos).to.be.at.least(4.0);
    // And the indicator shows it: four bars, the figures in its details.
    const indicator = new CallQualityHarness(alice.querySelector('rc-call-quality')!);
    await indicator.element.updateComplete;
    expect(indicator.label).to.equal('Call quality: excellent (4 of 4 bars)');
    await indicator.openDetails();
    expect(indicator.figure('route')).to.equal('relay → host (udp)');
  });

  it('10 % loss: the loss warning within 5 s, cleared within 10 s after the loss stops', async () => {
    const { alice, seen } = await impairedCall();
    const start = performance.now();
    const raised = warned(alice, 'high-packet-loss', 5_000);
    await impair({ loss: 0.1 });
    expect((await raised) - start, 'raised after (ms)').to.be.below(5_000);
    const stop = performance.now();
    const cleared = warned(alice, 'high-packet-loss', 10_000, true);
    const { dropped } = await impair({ loss: 0 });
    expect(dropped, 'datagrams the relay dropped').to.be.above(10);
    expect((await cleared) - stop, 'cleared after (ms)').to.be.below(10_000);
    // Raised once, cleared once: no flapping.
    expect(seen.filter((s) => s.warning === 'high-packet-loss').map((s) => s.type)).to.deep.equal(['raised', 'cleared']);
  });

  it('300 ms more round trip: the RTT warning', async () => {
    const { alice } = await impairedCall();
    const raised = nextEvent(alice, 'rc-call-warning', (e) => e.detail.warning === 'high-rtt', 15_000);
    await impair({ delay: 150 });
    expect((await raised).detail.quality?.rtt, 'RTT (ms)').to.be.at.least(280);
  });

  it('a far end that sends no RTP: "no audio received"', async () => {
    const alice = await mountProvider('alice', { phoneOptions: { quality: { eventInterval: 1_000 } } });
    const bob = await mountProvider('bob');
    const { out, inc } = await connect(alice, bob, 'bob');
    await expectAudioFlowing(out.peerConnection, 'alice');
    const raised = warned(alice, 'no-audio-received', 10_000);
    // Bob's browser stops sending (no track: no RTP at all), not the kit's mute.
    await inc
      .peerConnection!.getSenders()
      .find((s) => s.track?.kind === 'audio')!
      .replaceTrack(null);
    await raised;
    // Alice's browser indeed receives nothing across a measurement.
    const before = (await audioStats(out.peerConnection)).packetsReceived;
    await nextEvent(alice, 'rc-call-quality');
    expect((await audioStats(out.peerConnection)).packetsReceived).to.equal(before);
  });

  it('the microphone track muted at the source, not by the kit: "microphone silent" shown, cleared once it sends again or after a switch to another microphone (Firefox: measured by the kit)', async () => {
    const listening = recordListeningContexts();
    try {
      const alice = await mountProvider('alice', { phoneOptions: { quality: { eventInterval: 1_000 } }, children: '<rc-call-quality></rc-call-quality>' });
      const bob = await mountProvider('bob');
      const { out } = await connect(alice, bob, 'bob');
      const indicator = new CallQualityHarness(alice.querySelector('rc-call-quality')!);
      await expectAudioFlowing(out.peerConnection, 'alice');
      const sender = out.peerConnection!.getSenders().find((s) => s.track?.kind === 'audio')!;
      const track = sender.track!;
      const sends = await nextEvent(alice, 'rc-call-quality', (e) => e.detail.quality.audioLevelOut !== undefined, 5_000);
      expect(sends.detail.quality.audioLevelOut, 'the microphone level').to.be.at.least(0.001);
      const raised = warned(alice, 'microphone-silent', 10_000);
      const updated = nextEvent(alice, 'rc-call-update', (e) => e.detail.call.warnings.includes('microphone-silent'), 10_000);
      track.enabled = false;
      await raised;
      // The warning is a change of the call: rc-call-update carries it, as it does hold or mute.
      expect((await updated).detail.callId).to.equal(out.id);
      expect(alice.phone!.snapshot().calls[0]).to.include({ muted: false });
      expect(alice.phone!.snapshot().calls[0]!.warnings).to.include('microphone-silent');
      await indicator.element.updateComplete;
      expect(indicator.hint).to.equal('We can’t hear you — check your microphone.');
      const cleared = warned(alice, 'microphone-silent', 10_000, true);
      const clearedUpdate = nextEvent(alice, 'rc-call-update', (e) => !e.detail.call.warnings.includes('microphone-silent'), 10_000);
      track.enabled = true;
      await cleared;
      await clearedUpdate;
      await indicator.element.updateComplete;
      expect(indicator.hint).to.equal('');

      // Silent again, then the user picks another microphone: the level is the new track's (the
      // old one is stopped and stays silent), so the warning clears.
      const silentAgain = warned(alice, 'microphone-silent', 10_000);
      track.enabled = false;
      await silentAgain;
      const other = (await navigator.mediaDevices.enumerateDevices()).find(
        (d) => d.kind === 'audioinput' && d.deviceId !== track.getSettings().deviceId && d.deviceId !== 'default',
      );
      expect(other, 'a second microphone to switch to').to.not.equal(undefined);
      const switched = warned(alice, 'microphone-silent', 10_000, true);
      await alice.phone!.setAudioInput(other!.deviceId);
      expect(sender.track, 'the call sends another track').to.not.equal(track);
      await switched;

      // Where the stats carry the microphone's level (Chromium) the kit listens to nothing; where
      // they do not (Firefox) each call listens through one AudioContext of its own (alice's,
      // kept across her switch, and bob's: both phones are in this page), closed with the call.
      const report = await out.peerConnection!.getStats();
      let reportsLevel = false;
      report.forEach((stat: Record<string, unknown>) => (reportsLevel ||= stat['type'] === 'media-source' && typeof stat['audioLevel'] === 'number'));
      expect(listening.contexts.size, 'AudioContexts listening to the microphone').to.equal(reportsLevel ? 0 : 2);
      await out.hangup();
      for (const context of listening.contexts) await waitFor(() => context.state === 'closed', "each meter's AudioContext closed after the hang-up");
    } finally {
      listening.restore();
    }
  });
});
