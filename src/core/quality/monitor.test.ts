import { expect } from '@open-wc/testing';
import { mos } from './mos.js';
import { QualityMonitor, type MonitorClock, type StatsSource } from './monitor.js';
import type { CallQuality, QualityWarning } from './quality.js';
import type { LevelMeter } from './track-level.js';

/** Timers that run only when the test advances time. */
class FakeClock implements MonitorClock {
  time = 0;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    this.timers.set(this.nextId, { at: this.time + ms, callback });
    return this.nextId++;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  now(): number {
    return this.time;
  }
  get pending(): number {
    return this.timers.size;
  }
  /** Runs the timers due within `seconds`, one second at a time, letting each measurement settle. */
  async advance(seconds: number, each: () => void = () => undefined): Promise<void> {
    for (let i = 0; i < seconds; i++) {
      each();
      this.time += 1_000;
      for (const [id, timer] of [...this.timers]) {
        if (timer.at > this.time) continue;
        this.timers.delete(id);
        timer.callback();
      }
      for (let j = 0; j < 5; j++) await Promise.resolve();
    }
  }
}

/** A peer connection's stats, as Chromium reports them, that the test moves on each second. */
class FakeStats implements StatsSource {
  iceConnectionState: RTCIceConnectionState = 'connected';
  calls = 0;
  received = 0;
  lost = 0;
  sent = 0;
  /** Per second. */
  packets = 50;
  loss = 0;
  rtt = 0.02;
  jitter = 0.002;
  micLevel = 0.2;
  /** Chromium reports the microphone's level (`media-source`); Firefox does not. */
  reportsMicLevel = true;
  /** The sender's track: none until the microphone opens, another one after a device switch. */
  track: MediaStreamTrack | null = { kind: 'audio' } as MediaStreamTrack;
  /** Holds getStats() until released (a measurement under way). */
  hold: Promise<void> | undefined;

  tick(): void {
    const lost = Math.round(this.packets * this.loss);
    this.received += this.packets - lost;
    this.lost += lost;
    this.sent += this.packets;
    // A live microphone's level moves.
    this.micLevel = this.micLevel === 0 ? 0 : 0.2 + (this.sent % 7) / 100;
  }

  getSenders(): { track: MediaStreamTrack | null }[] {
    return [{ track: this.track }];
  }

  async getStats(): Promise<RTCStatsReport> {
    this.calls++;
    await this.hold;
    const stats: Record<string, unknown>[] = [
      {
        id: 'in',
        type: 'inbound-rtp',
        kind: 'audio',
        packetsReceived: this.received,
        packetsLost: this.lost,
        jitter: this.jitter,
        bytesReceived: this.received * 80,
        audioLevel: 0.1,
        codecId: 'c',
      },
      { id: 'out', type: 'outbound-rtp', kind: 'audio', packetsSent: this.sent, bytesSent: this.sent * 80, mediaSourceId: 'src' },
      { id: 'rin', type: 'remote-inbound-rtp', kind: 'audio', packetsLost: 0, roundTripTime: this.rtt },
      this.reportsMicLevel ? { id: 'src', type: 'media-source', kind: 'audio', audioLevel: this.micLevel } : { id: 'src', type: 'media-source', kind: 'audio' },
      { id: 't', type: 'transport', selectedCandidatePairId: 'p' },
      { id: 'p', type: 'candidate-pair', localCandidateId: 'l', remoteCandidateId: 'r', currentRoundTripTime: this.rtt },
      { id: 'l', type: 'local-candidate', candidateType: 'relay', protocol: 'udp', relayProtocol: 'udp' },
      { id: 'r', type: 'remote-candidate', candidateType: 'host', protocol: 'udp' },
      { id: 'c', type: 'codec', mimeType: 'audio/opus' },
    ];
    return new Map(stats.map((stat) => [stat['id'], stat])) as unknown as RTCStatsReport;
  }
}

/** A meter that hears what the test says, and remembers what it was asked. */
class FakeMeter implements LevelMeter {
  static made: FakeMeter[] = [];
  value: number | undefined = 0.2;
  readonly tracks: (MediaStreamTrack | undefined)[] = [];
  stopped = 0;
  constructor() {
    FakeMeter.made.push(this);
  }
  level(track: MediaStreamTrack | undefined): number | undefined {
    this.tracks.push(track);
    // A live microphone's level moves.
    if (this.value) this.value = 0.2 + (this.tracks.length % 7) / 100;
    return this.value;
  }
  stop(): void {
    this.stopped++;
  }
}

function monitor(stats: FakeStats, quiet = { microphone: false, both: false }) {
  const clock = new FakeClock();
  const events: string[] = [];
  const samples: CallQuality[] = [];
  const m = new QualityMonitor(
    {
      source: () => stats,
      quiet: () => quiet,
      sampled: (quality) => samples.push(quality),
      warning: (warning: QualityWarning, raised) => events.push(`${raised ? '+' : '-'}${warning}`),
    },
    { clock, meter: () => new FakeMeter() },
  );
  m.start();
  return { m, clock, events, samples, run: (seconds: number) => clock.advance(seconds, () => stats.tick()) };
}

describe('quality monitor (core, driven by a fake clock)', () => {
  beforeEach(() => (FakeMeter.made = []));

  it('MOS by the E-model: ≈ 4.4 on a clean path, lower with loss and delay', () => {
    expect(mos({ rtt: 1, jitter: 1, loss: 0 })).to.be.within(4.35, 4.42);
    expect(mos({ rtt: 1, jitter: 1, loss: 0.1 })).to.be.below(3.5);
    expect(mos({ rtt: 600, jitter: 1, loss: 0 })).to.be.below(mos({ rtt: 100, jitter: 1, loss: 0 }));
    expect(mos({ rtt: 5_000, jitter: 500, loss: 1 })).to.equal(1);
  });

  it('a clean call: measurements every second, a sampled event every 5 s, no warning', async () => {
    const stats = new FakeStats();
    const { events, samples, run, m } = monitor(stats);
    await run(10);
    expect(stats.calls).to.equal(10);
    expect(samples).to.have.length(2);
    const q = m.quality!;
    expect(q).to.include({ rtt: 20, jitter: 2, packetLoss: 0, codec: 'audio/opus' });
    expect(q.route).to.deep.equal({ local: 'relay', remote: 'host', protocol: 'udp', relayProtocol: 'udp' });
    expect(q.mos).to.be.above(4.3);
    expect(events).to.deep.equal([]);
    // The browser reports the microphone's level: no meter of its own (no Web Audio in Chromium).
    expect(FakeMeter.made, 'meters made').to.have.length(0);
    m.stop();
  });

  it('packet loss over the sliding window raises a warning within seconds and clears with hysteresis (no flapping)', async () => {
    const stats = new FakeStats();
    const { events, run, m } = monitor(stats);
    await run(3);
    stats.loss = 0.1;
    await run(3);
    expect(events).to.include('+high-packet-loss');
    // Loss that hovers around the threshold keeps the warning, not toggling it.
    stats.loss = 0.03;
    await run(6);
    expect(events.filter((e) => e.endsWith('high-packet-loss'))).to.deep.equal(['+high-packet-loss']);
    stats.loss = 0;
    await run(9);
    expect(events).to.include('-high-packet-loss');
    expect(m.warnings).to.deep.equal([]);
    m.stop();
  });

  it('high RTT, no audio received, a silent microphone and a lost ICE path raise their warnings', async () => {
    const stats = new FakeStats();
    const { events, run, m } = monitor(stats);
    stats.rtt = 0.4;
    await run(4);
    expect(m.warnings).to.include('high-rtt');
    stats.rtt = 0.02;
    stats.packets = 0;
    stats.micLevel = 0;
    await run(5);
    expect(m.warnings).to.include.members(['no-audio-received', 'microphone-silent']);
    expect(events).to.include('-high-rtt');
    stats.iceConnectionState = 'disconnected';
    await run(1);
    expect(m.warnings).to.include('ice-disconnected');
    m.stop();
  });

  it('a muted or held call expects silence: no microphone or no-audio warning', async () => {
    const stats = new FakeStats();
    stats.packets = 0;
    stats.micLevel = 0;
    const { events, run, m } = monitor(stats, { microphone: true, both: true });
    await run(8);
    expect(events).to.deep.equal([]);
    m.stop();
  });

  it('stops with the call: no timer and no getStats() after stop(), and a measurement under way is dropped', async () => {
    const stats = new FakeStats();
    const { clock, run, m, samples, events } = monitor(stats);
    await run(4);
    let release!: () => void;
    stats.hold = new Promise((resolve) => (release = resolve));
    stats.rtt = 1;
    await clock.advance(1);
    expect(stats.calls).to.equal(5);
    m.stop();
    release();
    await run(30);
    expect(stats.calls, 'getStats() calls').to.equal(5);
    expect(clock.pending, 'timers left').to.equal(0);
    expect(samples).to.have.length(0);
    expect(events).to.deep.equal([]);
    m.stop();
  });

  it('where the stats lack the microphone level (Firefox), the meter measures the sent track: silence raises "microphone silent", sound clears it', async () => {
    const stats = new FakeStats();
    stats.reportsMicLevel = false;
    const { events, run, m } = monitor(stats);
    await run(3);
    expect(FakeMeter.made, 'meters made').to.have.length(1);
    const meter = FakeMeter.made[0]!;
    expect(m.quality!.audioLevelOut).to.be.within(0.2, 0.3);
    meter.value = 0;
    await run(4);
    expect(m.quality!.audioLevelOut).to.equal(0);
    expect(events).to.deep.equal(['+microphone-silent']);
    meter.value = 0.2;
    await run(2);
    expect(events).to.deep.equal(['+microphone-silent', '-microphone-silent']);
    // A level that does not move is a stuck microphone, as with the browser's level.
    meter.level = () => 0.25;
    await run(10);
    expect(m.warnings).to.deep.equal(['microphone-stuck']);
    m.stop();
    m.stop();
    expect(meter.stopped, 'meter stopped with the monitor').to.equal(1);
  });

  it("the meter follows the sender's track (a device switch), and reads undefined, never silence, while it cannot measure", async () => {
    const stats = new FakeStats();
    stats.reportsMicLevel = false;
    const { events, run, m } = monitor(stats);
    await run(1);
    const meter = FakeMeter.made[0]!;
    const first = stats.track;
    const second = { kind: 'audio' } as MediaStreamTrack;
    stats.track = second;
    await run(1);
    expect(meter.tracks).to.deep.equal([first, second]);
    // A context the browser has not started (autoplay policy): no level, and no warning.
    meter.value = undefined;
    await run(8);
    expect(m.quality!.audioLevelOut).to.equal(undefined);
    expect(events).to.deep.equal([]);
    m.stop();
  });

  it('makes no meter when a report merely came before the microphone opened, nor once the browser reported a level', async () => {
    const stats = new FakeStats();
    stats.reportsMicLevel = false;
    stats.track = null;
    const { run, m } = monitor(stats);
    await run(3);
    expect(m.quality!.audioLevelOut).to.equal(undefined);
    stats.track = { kind: 'audio' } as MediaStreamTrack;
    stats.reportsMicLevel = true;
    await run(2);
    // Chromium leaves media-source out of a report while the sender has no track (replaceTrack(null)).
    stats.reportsMicLevel = false;
    await run(2);
    expect(m.quality!.audioLevelOut).to.equal(undefined);
    expect(FakeMeter.made, 'meters made').to.have.length(0);
    m.stop();
  });
});
