import { expect } from '@open-wc/testing';
import { mos } from './mos.js';
import { QualityMonitor, type MonitorClock, type StatsSource } from './monitor.js';
import type { CallQuality, QualityWarning } from './quality.js';

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
      { id: 'src', type: 'media-source', kind: 'audio', audioLevel: this.micLevel },
      { id: 't', type: 'transport', selectedCandidatePairId: 'p' },
      { id: 'p', type: 'candidate-pair', localCandidateId: 'l', remoteCandidateId: 'r', currentRoundTripTime: this.rtt },
      { id: 'l', type: 'local-candidate', candidateType: 'relay', protocol: 'udp', relayProtocol: 'udp' },
      { id: 'r', type: 'remote-candidate', candidateType: 'host', protocol: 'udp' },
      { id: 'c', type: 'codec', mimeType: 'audio/opus' },
    ];
    return new Map(stats.map((stat) => [stat['id'], stat])) as unknown as RTCStatsReport;
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
    { clock },
  );
  m.start();
  return { m, clock, events, samples, run: (seconds: number) => clock.advance(seconds, () => stats.tick()) };
}

describe('quality monitor (core, driven by a fake clock)', () => {
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
});
